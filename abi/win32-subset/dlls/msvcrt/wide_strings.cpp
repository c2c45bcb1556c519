// The <wchar.h>/<string.h> string functions beyond the basics in strings.cpp: wide searching,
// tokenising, case folding (ASCII: the "C" locale), collation (= code-unit order in "C"), and
// the _strlwr/_strrev/_strset family.
#include <libos/libc.h>

#include "dlls/msvcrt/crt.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::crt {
namespace {

template <typename Char>
Char fold(Char c) { return c >= 'A' && c <= 'Z' ? static_cast<Char>(c + 32) : c; }
template <typename Char>
Char raise_case(Char c) { return c >= 'a' && c <= 'z' ? static_cast<Char>(c - 32) : c; }

template <typename Char>
const Char* find(const Char* s, Char c) {
    for (;; ++s) {
        if (*s == c) return s;
        if (!*s) return nullptr;
    }
}
template <typename Char>
size_t span(const Char* s, const Char* set, bool in_set) {
    size_t i = 0;
    while (s[i] && (find(set, s[i]) != nullptr) == in_set) ++i;
    return i;
}
template <typename Char>
Char* tokenise(Char* s, const Char* delimiters, Char** context) {
    Char* next = s ? s : *context;
    if (!next) return nullptr;
    next += span(next, delimiters, true);
    if (!*next) {
        *context = next;
        return nullptr;
    }
    Char* token = next;
    next += span(next, delimiters, false);
    if (*next) *next++ = 0;
    *context = next;
    return token;
}
template <typename Char>
int compare_folded(const Char* a, const Char* b, size_t limit) {
    for (size_t i = 0; i < limit; ++i) {
        Char x = fold(a[i]), y = fold(b[i]);
        if (x != y) return x < y ? -1 : 1;
        if (!x) return 0;
    }
    return 0;
}
template <typename Char>
Char* map_string(Char* s, Char (*map)(Char)) {
    for (Char* p = s; p && *p; ++p) *p = map(*p);
    return s;
}
template <typename Char>
Char* reverse(Char* s) {
    size_t n = 0;
    while (s[n]) ++n;
    for (size_t i = 0; i < n / 2; ++i) {
        Char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
    return s;
}

}  // namespace

WINAPI size_t strnlen(const char* s, size_t n);   // strings.cpp

WINAPI WCHAR* wcsncpy(WCHAR* d, const WCHAR* s, size_t n) {
    size_t i = 0;
    for (; i < n && s[i]; ++i) d[i] = s[i];
    for (; i < n; ++i) d[i] = 0;
    return d;
}
WINAPI WCHAR* wcsncat(WCHAR* d, const WCHAR* s, size_t n) {
    WCHAR* end = d + wlen(d);
    size_t i = 0;
    for (; i < n && s[i]; ++i) end[i] = s[i];
    end[i] = 0;
    return d;
}
WINAPI const WCHAR* wcsrchr(const WCHAR* s, WCHAR c) {
    const WCHAR* found = nullptr;
    for (;; ++s) {
        if (*s == c) found = s;
        if (!*s) return found;
    }
}
WINAPI const WCHAR* wcsstr(const WCHAR* haystack, const WCHAR* needle) {
    size_t n = wlen(needle);
    for (; *haystack; ++haystack) {
        size_t i = 0;
        while (i < n && haystack[i] == needle[i]) ++i;
        if (i == n) return haystack;
    }
    return n == 0 ? haystack : nullptr;
}
WINAPI size_t wcsspn(const WCHAR* s, const WCHAR* set) { return span(s, set, true); }
WINAPI size_t wcscspn(const WCHAR* s, const WCHAR* set) { return span(s, set, false); }
WINAPI const WCHAR* wcspbrk(const WCHAR* s, const WCHAR* set) {
    s += span(s, set, false);
    return *s ? s : nullptr;
}
// msvcrt's two-argument wcstok keeps its position in a static (ucrt's takes a context:
// wcstok_s, bound as ucrtbase's "wcstok" in ucrt.cpp).
WINAPI WCHAR* wcstok(WCHAR* s, const WCHAR* delimiters) {
    static WCHAR* context = nullptr;
    return tokenise(s, delimiters, &context);
}
WINAPI WCHAR* wcstok_s(WCHAR* s, const WCHAR* delimiters, WCHAR** context) {
    if (!delimiters || !context || (!s && !*context)) {
        *errno_location() = 22;
        return nullptr;
    }
    return tokenise(s, delimiters, context);
}
WINAPI char* strtok_s(char* s, const char* delimiters, char** context) {
    if (!delimiters || !context || (!s && !*context)) {
        *errno_location() = 22;
        return nullptr;
    }
    return tokenise(s, delimiters, context);
}
WINAPI int _wcsicmp(const WCHAR* a, const WCHAR* b) { return compare_folded(a, b, SIZE_MAX); }
WINAPI int _wcsnicmp(const WCHAR* a, const WCHAR* b, size_t n) { return compare_folded(a, b, n); }
WINAPI int _wcsicmp_l(const WCHAR* a, const WCHAR* b, void*) { return compare_folded(a, b, SIZE_MAX); }
WINAPI int _wcsnicmp_l(const WCHAR* a, const WCHAR* b, size_t n, void*) { return compare_folded(a, b, n); }
WINAPI int wcscoll(const WCHAR* a, const WCHAR* b) {
    while (*a && *a == *b) ++a, ++b;
    return *a < *b ? -1 : *a > *b ? 1 : 0;
}
WINAPI int _wcscoll_l(const WCHAR* a, const WCHAR* b, void*) { return wcscoll(a, b); }
WINAPI int _wcsicoll(const WCHAR* a, const WCHAR* b) { return compare_folded(a, b, SIZE_MAX); }
WINAPI int _wcsncoll(const WCHAR* a, const WCHAR* b, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
        if (!a[i]) return 0;
    }
    return 0;
}
WINAPI int _wcsnicoll(const WCHAR* a, const WCHAR* b, size_t n) { return compare_folded(a, b, n); }
WINAPI size_t wcsxfrm(WCHAR* out, const WCHAR* in, size_t n) {
    size_t length = wlen(in);
    if (out && length < n) ::memcpy(out, in, (length + 1) * sizeof(WCHAR));
    return length;
}
WINAPI size_t _wcsxfrm_l(WCHAR* out, const WCHAR* in, size_t n, void*) { return wcsxfrm(out, in, n); }
WINAPI WCHAR* _wcslwr(WCHAR* s) { return map_string(s, fold<WCHAR>); }
WINAPI WCHAR* _wcsupr(WCHAR* s) { return map_string(s, raise_case<WCHAR>); }
WINAPI char* _strlwr(char* s) { return map_string(s, fold<char>); }
WINAPI char* _strupr(char* s) { return map_string(s, raise_case<char>); }
WINAPI int _strlwr_s(char* s, size_t n) {
    if (!s || strnlen(s, n) == n) return *errno_location() = 22;
    _strlwr(s);
    return 0;
}
WINAPI int _strupr_s(char* s, size_t n) {
    if (!s || strnlen(s, n) == n) return *errno_location() = 22;
    _strupr(s);
    return 0;
}
WINAPI int _wcslwr_s(WCHAR* s, size_t n) {
    if (!s) return *errno_location() = 22;
    size_t i = 0;
    while (i < n && s[i]) ++i;
    if (i == n) return *errno_location() = 22;
    _wcslwr(s);
    return 0;
}
WINAPI int _wcsupr_s(WCHAR* s, size_t n) {
    if (!s) return *errno_location() = 22;
    size_t i = 0;
    while (i < n && s[i]) ++i;
    if (i == n) return *errno_location() = 22;
    _wcsupr(s);
    return 0;
}
WINAPI char* _strrev(char* s) { return reverse(s); }
WINAPI WCHAR* _wcsrev(WCHAR* s) { return reverse(s); }
WINAPI char* _strset(char* s, int c) {
    for (char* p = s; *p; ++p) *p = static_cast<char>(c);
    return s;
}
WINAPI char* _strnset(char* s, int c, size_t n) {
    for (size_t i = 0; i < n && s[i]; ++i) s[i] = static_cast<char>(c);
    return s;
}
WINAPI WCHAR* _wcsset(WCHAR* s, WCHAR c) {
    for (WCHAR* p = s; *p; ++p) *p = c;
    return s;
}
WINAPI WCHAR* _wcsnset(WCHAR* s, WCHAR c, size_t n) {
    for (size_t i = 0; i < n && s[i]; ++i) s[i] = c;
    return s;
}
WINAPI int _memicmp(const void* a, const void* b, size_t n) {
    auto* x = static_cast<const unsigned char*>(a);
    auto* y = static_cast<const unsigned char*>(b);
    for (size_t i = 0; i < n; ++i) {
        int p = fold(x[i]), q = fold(y[i]);
        if (p != q) return p < q ? -1 : 1;
    }
    return 0;
}
WINAPI void* _memccpy(void* d, const void* s, int c, size_t n) {
    auto* out = static_cast<unsigned char*>(d);
    auto* in = static_cast<const unsigned char*>(s);
    for (size_t i = 0; i < n; ++i) {
        out[i] = in[i];
        if (in[i] == static_cast<unsigned char>(c)) return out + i + 1;
    }
    return nullptr;
}
WINAPI const WCHAR* wmemchr(const WCHAR* s, WCHAR c, size_t n) {
    for (size_t i = 0; i < n; ++i)
        if (s[i] == c) return s + i;
    return nullptr;
}
WINAPI int wmemcmp(const WCHAR* a, const WCHAR* b, size_t n) {
    for (size_t i = 0; i < n; ++i)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}
WINAPI WCHAR* wmemcpy(WCHAR* d, const WCHAR* s, size_t n) {
    return static_cast<WCHAR*>(::memcpy(d, s, n * sizeof(WCHAR)));
}
WINAPI WCHAR* wmemmove(WCHAR* d, const WCHAR* s, size_t n) {
    return static_cast<WCHAR*>(::memmove(d, s, n * sizeof(WCHAR)));
}
WINAPI WCHAR* wmemset(WCHAR* d, WCHAR c, size_t n) {
    for (size_t i = 0; i < n; ++i) d[i] = c;
    return d;
}

WIN32_EXPORT_TABLE(msvcrt_wide_strings_exports,
    WIN32_EXPORT(wcsncpy), WIN32_EXPORT(wcsncat), WIN32_EXPORT(wcsrchr), WIN32_EXPORT(wcsstr), WIN32_EXPORT(wcsspn),
    WIN32_EXPORT(wcscspn), WIN32_EXPORT(wcspbrk), WIN32_EXPORT(wcstok), WIN32_EXPORT(wcstok_s), WIN32_EXPORT(strtok_s),
    WIN32_EXPORT(_wcsicmp), WIN32_EXPORT(_wcsnicmp), WIN32_EXPORT_AS("wcsicmp", _wcsicmp),
    WIN32_EXPORT_AS("wcsnicmp", _wcsnicmp), WIN32_EXPORT(_wcsicmp_l), WIN32_EXPORT(_wcsnicmp_l), WIN32_EXPORT(wcscoll),
    WIN32_EXPORT(_wcscoll_l), WIN32_EXPORT(_wcsicoll), WIN32_EXPORT(_wcsncoll), WIN32_EXPORT(_wcsnicoll),
    WIN32_EXPORT(wcsxfrm), WIN32_EXPORT(_wcsxfrm_l), WIN32_EXPORT(_wcslwr), WIN32_EXPORT(_wcsupr),
    WIN32_EXPORT(_strlwr), WIN32_EXPORT(_strupr), WIN32_EXPORT_AS("strlwr", _strlwr), WIN32_EXPORT_AS("strupr", _strupr),
    WIN32_EXPORT(_strlwr_s), WIN32_EXPORT(_strupr_s), WIN32_EXPORT(_wcslwr_s), WIN32_EXPORT(_wcsupr_s),
    WIN32_EXPORT(_strrev), WIN32_EXPORT(_wcsrev), WIN32_EXPORT(_strset), WIN32_EXPORT(_strnset), WIN32_EXPORT(_wcsset),
    WIN32_EXPORT(_wcsnset), WIN32_EXPORT(_memicmp), WIN32_EXPORT(_memccpy), WIN32_EXPORT(wmemchr),
    WIN32_EXPORT(wmemcmp), WIN32_EXPORT(wmemcpy), WIN32_EXPORT(wmemmove), WIN32_EXPORT(wmemset));

}  // namespace win32::crt
