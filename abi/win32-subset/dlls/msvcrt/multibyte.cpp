// Multibyte <-> wide conversions of the C library (mbstowcs, wcstombs, mbtowc, mbrtowc, ...).
// The multibyte encoding is UTF-8 (the locale's code page is 65001, see locale.cpp); wide
// strings are UTF-16, so a character beyond U+FFFF is a surrogate pair in the string forms and
// cannot be returned by the single-character forms (EILSEQ). Invalid input is EILSEQ (42).
#include <libos/libc.h>

#include "dlls/msvcrt/crt.h"
#include "registry/registry.h"

namespace win32::crt {
namespace {

constexpr int kEinval = 22, kErange = 34, kEilseq = 42;

// One UTF-8 character at s (at most n bytes): its code point and length, 0 length for
// an incomplete sequence, -1 for an invalid one.
int decode(const unsigned char* s, size_t n, uint32_t& code) {
    if (n == 0) return 0;
    unsigned char c = s[0];
    int length = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : -1;
    if (length < 0) return -1;
    code = length == 1 ? c : length == 2 ? c & 0x1f : length == 3 ? c & 0x0f : c & 0x07;
    for (int i = 1; i < length; ++i) {
        if (static_cast<size_t>(i) >= n) return 0;
        if ((s[i] & 0xc0) != 0x80) return -1;
        code = (code << 6) | (s[i] & 0x3f);
    }
    static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return -1;
    return length;
}
int encode(uint32_t code, char* out) {
    if (code < 0x80) return out[0] = static_cast<char>(code), 1;
    if (code < 0x800) {
        out[0] = static_cast<char>(0xc0 | (code >> 6));
        out[1] = static_cast<char>(0x80 | (code & 0x3f));
        return 2;
    }
    if (code < 0x10000) {
        if (code >= 0xd800 && code <= 0xdfff) return -1;
        out[0] = static_cast<char>(0xe0 | (code >> 12));
        out[1] = static_cast<char>(0x80 | ((code >> 6) & 0x3f));
        out[2] = static_cast<char>(0x80 | (code & 0x3f));
        return 3;
    }
    out[0] = static_cast<char>(0xf0 | (code >> 18));
    out[1] = static_cast<char>(0x80 | ((code >> 12) & 0x3f));
    out[2] = static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out[3] = static_cast<char>(0x80 | (code & 0x3f));
    return 4;
}

// UTF-8 -> UTF-16, at most `capacity` units stored (none when out is null); stops after the
// terminator. Returns units produced (without the terminator), or SIZE_MAX on bad input.
size_t to_wide(const char* in, WCHAR* out, size_t capacity, const char** stopped) {
    auto* p = reinterpret_cast<const unsigned char*>(in);
    size_t n = 0;
    while (*p) {
        uint32_t code;
        int length = decode(p, 4, code);
        if (length <= 0) {
            *errno_location() = kEilseq;
            if (stopped) *stopped = reinterpret_cast<const char*>(p);
            return SIZE_MAX;
        }
        size_t units = code >= 0x10000 ? 2 : 1;
        if (out && n + units > capacity) break;
        if (out) {
            if (units == 2) {
                out[n] = static_cast<WCHAR>(0xd800 + ((code - 0x10000) >> 10));
                out[n + 1] = static_cast<WCHAR>(0xdc00 + ((code - 0x10000) & 0x3ff));
            } else {
                out[n] = static_cast<WCHAR>(code);
            }
        }
        n += units;
        p += length;
    }
    if (stopped) *stopped = *p ? reinterpret_cast<const char*>(p) : nullptr;
    if (out && !*p && n < capacity) out[n] = 0;
    return n;
}
// UTF-16 -> UTF-8, at most `capacity` bytes (whole characters only).
size_t to_multibyte(const WCHAR* in, char* out, size_t capacity, const WCHAR** stopped) {
    size_t n = 0;
    const WCHAR* p = in;
    while (*p) {
        uint32_t code = *p;
        int units = 1;
        if (code >= 0xd800 && code <= 0xdbff && p[1] >= 0xdc00 && p[1] <= 0xdfff) {
            code = 0x10000 + ((code - 0xd800) << 10) + (p[1] - 0xdc00);
            units = 2;
        }
        char bytes[4];
        int length = encode(code, bytes);
        if (length < 0) {
            *errno_location() = kEilseq;
            if (stopped) *stopped = p;
            return SIZE_MAX;
        }
        if (out && n + static_cast<size_t>(length) > capacity) break;
        if (out) ::memcpy(out + n, bytes, static_cast<size_t>(length));
        n += static_cast<size_t>(length);
        p += units;
    }
    if (stopped) *stopped = *p ? p : nullptr;
    if (out && !*p && n < capacity) out[n] = 0;
    return n;
}

}  // namespace

WINAPI size_t mbstowcs(WCHAR* out, const char* in, size_t n) { return to_wide(in, out, n, nullptr); }
WINAPI size_t wcstombs(char* out, const WCHAR* in, size_t n) { return to_multibyte(in, out, n, nullptr); }
WINAPI size_t _mbstowcs_l(WCHAR* out, const char* in, size_t n, void*) { return mbstowcs(out, in, n); }
WINAPI size_t _wcstombs_l(char* out, const WCHAR* in, size_t n, void*) { return wcstombs(out, in, n); }

// The _s forms: *converted counts the terminator; _TRUNCATE (SIZE_MAX) stores what fits.
WINAPI int mbstowcs_s(size_t* converted, WCHAR* out, size_t size, const char* in, size_t count) {
    if (converted) *converted = 0;
    if (!in || (out && size == 0) || (!out && size)) return *errno_location() = kEinval;
    size_t limit = count == SIZE_MAX ? (out ? size - 1 : SIZE_MAX) : count;
    if (out && limit > size - 1 && count != SIZE_MAX) {
        size_t needed = to_wide(in, nullptr, 0, nullptr);
        if (needed != SIZE_MAX && (needed < limit ? needed : limit) > size - 1) {
            out[0] = 0;
            return *errno_location() = kErange;
        }
    }
    size_t n = to_wide(in, out, out ? (limit < size - 1 ? limit : size - 1) : SIZE_MAX, nullptr);
    if (n == SIZE_MAX) {
        if (out) out[0] = 0;
        return kEilseq;
    }
    if (out) out[n] = 0;
    if (converted) *converted = n + 1;
    return 0;
}
WINAPI int wcstombs_s(size_t* converted, char* out, size_t size, const WCHAR* in, size_t count) {
    if (converted) *converted = 0;
    if (!in || (out && size == 0) || (!out && size)) return *errno_location() = kEinval;
    size_t limit = count == SIZE_MAX ? (out ? size - 1 : SIZE_MAX) : count;
    size_t capacity = out ? (limit < size - 1 ? limit : size - 1) : SIZE_MAX;
    if (out && count != SIZE_MAX) {
        size_t needed = to_multibyte(in, nullptr, 0, nullptr);
        if (needed != SIZE_MAX && (needed < limit ? needed : limit) > size - 1) {
            out[0] = 0;
            return *errno_location() = kErange;
        }
    }
    size_t n = to_multibyte(in, out, capacity, nullptr);
    if (n == SIZE_MAX) {
        if (out) out[0] = 0;
        return kEilseq;
    }
    if (out) out[n] = 0;
    if (converted) *converted = n + 1;
    return 0;
}

WINAPI int mblen(const char* s, size_t n) {
    if (!s) return 0;   // UTF-8 has no shift state
    if (!*s) return 0;
    uint32_t code;
    int length = decode(reinterpret_cast<const unsigned char*>(s), n, code);
    return length > 0 ? length : -1;
}
WINAPI int mbtowc(WCHAR* out, const char* s, size_t n) {
    if (!s) return 0;
    uint32_t code;
    int length = decode(reinterpret_cast<const unsigned char*>(s), n, code);
    if (length <= 0 || code > 0xffff) {
        *errno_location() = kEilseq;
        return -1;
    }
    if (out) *out = static_cast<WCHAR>(code);
    return code ? length : 0;
}
WINAPI int _mbtowc_l(WCHAR* out, const char* s, size_t n, void*) { return mbtowc(out, s, n); }
WINAPI int wctomb(char* out, WCHAR c) {
    if (!out) return 0;
    int length = encode(c, out);
    if (length < 0) *errno_location() = kEilseq;
    return length;
}
WINAPI int wctomb_s(int* written, char* out, size_t size, WCHAR c) {
    char bytes[4];
    int length = encode(c, bytes);
    if (length < 0) {
        if (written) *written = -1;
        return *errno_location() = kEilseq;
    }
    if (!out) {
        if (written) *written = 0;
        return size ? *errno_location() = kEinval : 0;
    }
    if (static_cast<size_t>(length) > size) {
        if (written) *written = -1;
        return *errno_location() = kErange;
    }
    ::memcpy(out, bytes, static_cast<size_t>(length));
    if (written) *written = length;
    return 0;
}

// The restartable forms keep no state between calls here: a character split across two
// calls is reported as incomplete ((size_t)-2) and must be passed whole again.
WINAPI size_t mbrtowc(WCHAR* out, const char* s, size_t n, void*) {
    if (!s) return 0;
    uint32_t code;
    int length = decode(reinterpret_cast<const unsigned char*>(s), n, code);
    if (length == 0) return n == 0 ? static_cast<size_t>(-2) : static_cast<size_t>(-2);
    if (length < 0 || code > 0xffff) {
        *errno_location() = kEilseq;
        return static_cast<size_t>(-1);
    }
    if (out) *out = static_cast<WCHAR>(code);
    return code ? static_cast<size_t>(length) : 0;
}
WINAPI size_t mbrlen(const char* s, size_t n, void* state) { return mbrtowc(nullptr, s, n, state); }
WINAPI size_t wcrtomb(char* out, WCHAR c, void*) {
    char scratch[4];
    int length = encode(c, out ? out : scratch);
    if (length < 0) {
        *errno_location() = kEilseq;
        return static_cast<size_t>(-1);
    }
    return static_cast<size_t>(length);
}
WINAPI int wcrtomb_s(size_t* written, char* out, size_t size, WCHAR c, void*) {
    int n = 0;
    int rc = wctomb_s(&n, out, size, c);
    if (written) *written = n < 0 ? static_cast<size_t>(-1) : static_cast<size_t>(n);
    return rc;
}
WINAPI size_t mbsrtowcs(WCHAR* out, const char** in, size_t n, void*) {
    const char* stopped = nullptr;
    size_t count = to_wide(*in, out, out ? n : SIZE_MAX, &stopped);
    if (out && count != SIZE_MAX) *in = stopped;
    return count;
}
WINAPI size_t wcsrtombs(char* out, const WCHAR** in, size_t n, void*) {
    const WCHAR* stopped = nullptr;
    size_t count = to_multibyte(*in, out, out ? n : SIZE_MAX, &stopped);
    if (out && count != SIZE_MAX) *in = stopped;
    return count;
}
WINAPI int mbsinit(const void*) { return 1; }
WINAPI uint32_t btowc(int c) { return c >= 0 && c < 0x80 ? static_cast<uint32_t>(c) : 0xffff; }   // WEOF
WINAPI int wctob(uint32_t c) { return c < 0x80 ? static_cast<int>(c) : -1; }
// _mbstrlen: characters (not bytes) in a multibyte string, -1 on an invalid sequence.
WINAPI size_t _mbstrlen(const char* s) {
    size_t n = to_wide(s, nullptr, 0, nullptr);
    if (n == SIZE_MAX) return n;
    // Characters, not UTF-16 units: count lead bytes.
    size_t characters = 0;
    for (auto* p = reinterpret_cast<const unsigned char*>(s); *p; ++p) characters += (*p & 0xc0) != 0x80;
    return characters;
}
WINAPI size_t _mbstrnlen(const char* s, size_t limit) {
    size_t characters = 0;
    for (auto* p = reinterpret_cast<const unsigned char*>(s); *p && characters < limit; ++p) characters += (*p & 0xc0) != 0x80;
    return characters;
}

WIN32_EXPORT_TABLE(msvcrt_multibyte_exports,
    WIN32_EXPORT(mbstowcs), WIN32_EXPORT(wcstombs), WIN32_EXPORT(_mbstowcs_l), WIN32_EXPORT(_wcstombs_l),
    WIN32_EXPORT(mbstowcs_s), WIN32_EXPORT(wcstombs_s), WIN32_EXPORT(mblen), WIN32_EXPORT(mbtowc),
    WIN32_EXPORT(_mbtowc_l), WIN32_EXPORT(wctomb), WIN32_EXPORT(wctomb_s), WIN32_EXPORT(mbrtowc), WIN32_EXPORT(mbrlen),
    WIN32_EXPORT(wcrtomb), WIN32_EXPORT(wcrtomb_s), WIN32_EXPORT(mbsrtowcs), WIN32_EXPORT(wcsrtombs),
    WIN32_EXPORT(mbsinit), WIN32_EXPORT(btowc), WIN32_EXPORT(wctob), WIN32_EXPORT(_mbstrlen), WIN32_EXPORT(_mbstrnlen));

}  // namespace win32::crt
