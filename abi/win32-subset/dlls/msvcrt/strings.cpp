// Strings, memory, character classes, number conversions, sorting, heap: the C library
// functions every program imports. ASCII classification ("C" locale).
#include <libos/format.h>
#include <libos/heap.h>
#include <libos/libc.h>

#include "dlls/msvcrt/crt.h"
#include "process/process.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::crt {
namespace {

bool is_space(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool is_digit(int c) { return c >= '0' && c <= '9'; }
bool is_upper(int c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(int c) { return c >= 'a' && c <= 'z'; }
bool is_alpha(int c) { return is_upper(c) || is_lower(c); }

int digit_value(int c) {
    return is_digit(c) ? c - '0' : is_lower(c) ? c - 'a' + 10 : is_upper(c) ? c - 'A' + 10 : 99;
}

}  // namespace

WINAPI void* memcpy_(void* d, const void* s, size_t n) { return ::memcpy(d, s, n); }
WINAPI void* memmove_(void* d, const void* s, size_t n) { return ::memmove(d, s, n); }
WINAPI void* memset_(void* d, int c, size_t n) { return ::memset(d, c, n); }
WINAPI int memcmp_(const void* a, const void* b, size_t n) { return ::memcmp(a, b, n); }
WINAPI const void* memchr(const void* s, int c, size_t n) {
    auto* p = static_cast<const unsigned char*>(s);
    for (size_t i = 0; i < n; ++i)
        if (p[i] == static_cast<unsigned char>(c)) return p + i;
    return nullptr;
}
WINAPI size_t strlen_(const char* s) { return ::strlen(s); }
WINAPI size_t strnlen(const char* s, size_t n) {
    size_t i = 0;
    while (i < n && s[i]) ++i;
    return i;
}
WINAPI int strcmp_(const char* a, const char* b) { return ::strcmp(a, b); }
WINAPI int strncmp_(const char* a, const char* b, size_t n) { return ::strncmp(a, b, n); }
WINAPI int _stricmp(const char* a, const char* b) { return compare_nocase(a, b); }
WINAPI int _strnicmp(const char* a, const char* b, size_t n) { return compare_nocase(a, b, n); }
WINAPI char* strcpy(char* d, const char* s) { return static_cast<char*>(::memcpy(d, s, ::strlen(s) + 1)); }
WINAPI char* strncpy(char* d, const char* s, size_t n) {
    size_t i = 0;
    for (; i < n && s[i]; ++i) d[i] = s[i];
    for (; i < n; ++i) d[i] = 0;
    return d;
}
WINAPI char* strcat(char* d, const char* s) {
    strcpy(d + ::strlen(d), s);
    return d;
}
WINAPI char* strncat(char* d, const char* s, size_t n) {
    char* end = d + ::strlen(d);
    size_t i = 0;
    for (; i < n && s[i]; ++i) end[i] = s[i];
    end[i] = 0;
    return d;
}
WINAPI const char* strchr(const char* s, int c) {
    for (;; ++s) {
        if (*s == static_cast<char>(c)) return s;
        if (!*s) return nullptr;
    }
}
WINAPI const char* strrchr(const char* s, int c) {
    const char* found = nullptr;
    for (;; ++s) {
        if (*s == static_cast<char>(c)) found = s;
        if (!*s) return found;
    }
}
WINAPI const char* strstr(const char* haystack, const char* needle) {
    size_t n = ::strlen(needle);
    for (; *haystack; ++haystack)
        if (::strncmp(haystack, needle, n) == 0) return haystack;
    return n == 0 ? haystack : nullptr;
}
WINAPI size_t strspn(const char* s, const char* accept) {
    size_t i = 0;
    while (s[i] && strchr(accept, s[i])) ++i;
    return i;
}
WINAPI size_t strcspn(const char* s, const char* reject) {
    size_t i = 0;
    while (s[i] && !strchr(reject, s[i])) ++i;
    return i;
}
WINAPI const char* strpbrk(const char* s, const char* accept) {
    s += strcspn(s, accept);
    return *s ? s : nullptr;
}
WINAPI char* strtok(char* s, const char* delimiters) {
    static char* next = nullptr;
    if (s) next = s;
    if (!next) return nullptr;
    next += strspn(next, delimiters);
    if (!*next) return next = nullptr;
    char* token = next;
    next += strcspn(next, delimiters);
    if (*next) *next++ = 0;
    else next = nullptr;
    return token;
}
WINAPI char* _strdup(const char* s) { return dup(s); }
// The Microsoft CRT's messages, by errno value (_sys_errlist; _sys_nerr = 43, the last entry
// is what every other value gets).
const char* sys_errlist_table[] = {
    "No error", "Operation not permitted", "No such file or directory", "No such process",
    "Interrupted function call", "Input/output error", "No such device or address", "Arg list too long",
    "Exec format error", "Bad file descriptor", "No child processes", "Resource temporarily unavailable",
    "Not enough space", "Permission denied", "Bad address", "Unknown error", "Resource device", "File exists",
    "Improper link", "No such device", "Not a directory", "Is a directory", "Invalid argument",
    "Too many open files in system", "Too many open files", "Inappropriate I/O control operation",
    "Unknown error", "File too large", "No space left on device", "Invalid seek", "Read-only file system",
    "Too many links", "Broken pipe", "Domain error", "Result too large", "Unknown error",
    "Resource deadlock avoided", "Unknown error", "Filename too long", "No locks available",
    "Function not implemented", "Directory not empty", "Illegal byte sequence", "Unknown error"};
int sys_nerr_value = 43;
WINAPI char* strerror(int error) {
    return const_cast<char*>(sys_errlist_table[error >= 0 && error < sys_nerr_value ? error : sys_nerr_value]);
}
WINAPI const char** __sys_errlist() { return sys_errlist_table; }
WINAPI int* __sys_nerr() { return &sys_nerr_value; }

WINAPI size_t wcslen(const WCHAR* s) { return wlen(s); }
WINAPI size_t wcsnlen(const WCHAR* s, size_t n) {
    size_t i = 0;
    while (i < n && s[i]) ++i;
    return i;
}
WINAPI int wcscmp(const WCHAR* a, const WCHAR* b) {
    while (*a && *a == *b) ++a, ++b;
    return *a < *b ? -1 : *a > *b ? 1 : 0;
}
WINAPI int wcsncmp(const WCHAR* a, const WCHAR* b, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
        if (!a[i]) return 0;
    }
    return 0;
}
WINAPI WCHAR* wcscpy(WCHAR* d, const WCHAR* s) {
    return static_cast<WCHAR*>(::memcpy(d, s, (wlen(s) + 1) * sizeof(WCHAR)));
}
WINAPI WCHAR* wcscat(WCHAR* d, const WCHAR* s) {
    wcscpy(d + wlen(d), s);
    return d;
}
WINAPI const WCHAR* wcschr(const WCHAR* s, WCHAR c) {
    for (;; ++s) {
        if (*s == c) return s;
        if (!*s) return nullptr;
    }
}
WINAPI WCHAR* _wcsdup(const WCHAR* s) { return wdup(s); }

WINAPI int isspace(int c) { return is_space(c) ? 8 : 0; }
WINAPI int isdigit(int c) { return is_digit(c) ? 4 : 0; }
WINAPI int isalpha(int c) { return is_alpha(c) ? 0x103 : 0; }
WINAPI int isalnum(int c) { return is_alpha(c) || is_digit(c) ? 0x107 : 0; }
WINAPI int isupper(int c) { return is_upper(c) ? 1 : 0; }
WINAPI int islower(int c) { return is_lower(c) ? 2 : 0; }
WINAPI int isxdigit(int c) { return digit_value(c) < 16 ? 0x80 : 0; }
WINAPI int ispunct(int c) { return c > 32 && c < 127 && !is_alpha(c) && !is_digit(c) ? 0x10 : 0; }
WINAPI int isprint(int c) { return c >= 32 && c < 127 ? 0x157 : 0; }
WINAPI int isgraph(int c) { return c > 32 && c < 127 ? 0x117 : 0; }
WINAPI int iscntrl(int c) { return (c >= 0 && c < 32) || c == 127 ? 0x20 : 0; }
WINAPI int toupper(int c) { return is_lower(c) ? c - 32 : c; }
WINAPI int tolower(int c) { return is_upper(c) ? c + 32 : c; }
WINAPI int iswspace(int c) { return is_space(c) ? 8 : 0; }
WINAPI int iswdigit(int c) { return is_digit(c) ? 4 : 0; }
WINAPI int iswalpha(int c) { return is_alpha(c) ? 0x103 : 0; }
WINAPI int towupper(int c) { return is_lower(c) ? c - 32 : c; }
WINAPI int towlower(int c) { return is_upper(c) ? c + 32 : c; }

WINAPI int abs(int v) { return v < 0 ? -v : v; }
WINAPI int32_t labs(int32_t v) { return v < 0 ? -v : v; }
WINAPI int64_t llabs(int64_t v) { return v < 0 ? -v : v; }

namespace {
constinit uint32_t random_state = 1;
}
WINAPI void srand(unsigned seed) { random_state = seed; }
WINAPI int rand() {
    // The Microsoft runtime's LCG, so seeded sequences match Windows.
    random_state = random_state * 214013u + 2531011u;
    return static_cast<int>((random_state >> 16) & 0x7fff);
}

using Compare = int(WINAPI*)(const void*, const void*);
using CompareWithContext = int(WINAPI*)(void* context, const void*, const void*);

namespace {
// Insertion sort for small inputs, else heap sort: no recursion, no allocation.
template <typename Less>
void sort_bytes(void* base, size_t count, size_t size, Less compare) {
    auto* bytes = static_cast<unsigned char*>(base);
    auto swap = [size](unsigned char* a, unsigned char* b) {
        for (size_t i = 0; i < size; ++i) {
            unsigned char t = a[i];
            a[i] = b[i];
            b[i] = t;
        }
    };
    auto at = [&](size_t i) { return bytes + i * size; };
    auto sift = [&](size_t root, size_t end) {
        for (size_t child; (child = 2 * root + 1) < end; root = child) {
            if (child + 1 < end && compare(at(child), at(child + 1)) < 0) ++child;
            if (compare(at(root), at(child)) >= 0) return;
            swap(at(root), at(child));
        }
    };
    if (count < 16) {
        for (size_t i = 1; i < count; ++i)
            for (size_t j = i; j > 0 && compare(at(j - 1), at(j)) > 0; --j) swap(at(j - 1), at(j));
        return;
    }
    for (size_t i = count / 2; i-- > 0;) sift(i, count);
    for (size_t end = count; end-- > 1;) {
        swap(at(0), at(end));
        sift(0, end);
    }
}
template <typename Order>
void* search_bytes(const void* key, const void* base, size_t count, size_t size, Order compare) {
    auto* bytes = static_cast<const unsigned char*>(base);
    size_t low = 0, high = count;
    while (low < high) {
        size_t mid = (low + high) / 2;
        int c = compare(key, bytes + mid * size);
        if (c == 0) return const_cast<unsigned char*>(bytes + mid * size);
        if (c < 0) high = mid;
        else low = mid + 1;
    }
    return nullptr;
}
}  // namespace

WINAPI void qsort(void* base, size_t count, size_t size, Compare compare) {
    sort_bytes(base, count, size, [compare](const void* a, const void* b) { return compare(a, b); });
}
WINAPI void* bsearch(const void* key, const void* base, size_t count, size_t size, Compare compare) {
    return search_bytes(key, base, count, size, [compare](const void* a, const void* b) { return compare(a, b); });
}

// qsort, bsearch and their _s forms call the program back: exported through PROGRAM_ENTRY
// (ntdll/context.S), which records the caller's state so an exception thrown by the
// comparator can unwind past our frames into the program's.
extern "C" WINAPI void win32_crt_qsort(void* base, size_t count, size_t size, Compare compare) {
    qsort(base, count, size, compare);
}
extern "C" WINAPI void* win32_crt_bsearch(const void* key, const void* base, size_t count, size_t size,
                                          Compare compare) {
    return bsearch(key, base, count, size, compare);
}
extern "C" WINAPI void win32_crt_qsort_s(void* base, size_t count, size_t size, CompareWithContext compare,
                                         void* context) {
    if (count && (!base || !compare || !size)) {
        *errno_location() = 22;   // EINVAL (the invalid-parameter handler returns)
        return;
    }
    sort_bytes(base, count, size, [=](const void* a, const void* b) { return compare(context, a, b); });
}
extern "C" WINAPI void* win32_crt_bsearch_s(const void* key, const void* base, size_t count, size_t size,
                                            CompareWithContext compare, void* context) {
    if (count && (!key || !base || !compare || !size)) {
        *errno_location() = 22;
        return nullptr;
    }
    return search_bytes(key, base, count, size, [=](const void* a, const void* b) { return compare(context, a, b); });
}
extern "C" void win32_entry_qsort();
extern "C" void win32_entry_bsearch();
extern "C" void win32_entry_qsort_s();
extern "C" void win32_entry_bsearch_s();

WINAPI void* malloc_(size_t n) {
    void* p = ::malloc(n ? n : 1);
    if (!p) *errno_location() = 12;   // ENOMEM
    return p;
}
WINAPI void* calloc_(size_t n, size_t size) {
    void* p = ::calloc(n ? n : 1, size ? size : 1);
    if (!p) *errno_location() = 12;
    return p;
}
WINAPI void* realloc_(void* p, size_t n) {
    if (n == 0 && p) {
        ::free(p);
        return nullptr;
    }
    void* q = ::realloc(p, n);
    if (!q) *errno_location() = 12;
    return q;
}
WINAPI void free_(void* p) { ::free(p); }
WINAPI size_t _msize(void* p) { return libos::Heap::usable_size(p); }
WINAPI void* _aligned_malloc(size_t size, size_t alignment) {
    if (alignment < sizeof(void*)) alignment = sizeof(void*);
    // Over-allocate; the original pointer sits just below the aligned block.
    auto* raw = static_cast<unsigned char*>(::malloc(size + alignment + sizeof(void*)));
    if (!raw) return nullptr;
    uintptr_t aligned = (reinterpret_cast<uintptr_t>(raw) + sizeof(void*) + alignment - 1) & ~(alignment - 1);
    reinterpret_cast<void**>(aligned)[-1] = raw;
    return reinterpret_cast<void*>(aligned);
}
WINAPI void _aligned_free(void* p) {
    if (!p) return;
    // Every block from _aligned_malloc carries the original pointer just below it.
    ::free(reinterpret_cast<void**>(p)[-1]);
}

WINAPI char* getenv(const char* name) { return const_cast<char*>(get_environment(name)); }
WINAPI int _putenv(const char* assignment) {
    const char* eq = strchr(assignment, '=');
    if (!eq) return -1;
    char name[256];
    size_t n = static_cast<size_t>(eq - assignment);
    if (n >= sizeof name) return -1;
    ::memcpy(name, assignment, n);
    name[n] = 0;
    return set_environment(name, eq[1] ? eq + 1 : nullptr) ? 0 : -1;
}

WIN32_EXPORT_TABLE(msvcrt_strings_exports,
    WIN32_EXPORT_AS("memcpy", memcpy_), WIN32_EXPORT_AS("memmove", memmove_), WIN32_EXPORT_AS("memset", memset_),
    WIN32_EXPORT_AS("memcmp", memcmp_), WIN32_EXPORT(memchr), WIN32_EXPORT_AS("strlen", strlen_),
    WIN32_EXPORT(strnlen), WIN32_EXPORT_AS("strcmp", strcmp_), WIN32_EXPORT_AS("strncmp", strncmp_),
    WIN32_EXPORT(_stricmp), WIN32_EXPORT(_strnicmp), WIN32_EXPORT_AS("_strcmpi", _stricmp),
    WIN32_EXPORT_AS("stricmp", _stricmp), WIN32_EXPORT_AS("strnicmp", _strnicmp), WIN32_EXPORT(strcpy),
    WIN32_EXPORT(strncpy), WIN32_EXPORT(strcat), WIN32_EXPORT(strncat), WIN32_EXPORT(strchr),
    WIN32_EXPORT(strrchr), WIN32_EXPORT(strstr), WIN32_EXPORT(strspn), WIN32_EXPORT(strcspn),
    WIN32_EXPORT(strpbrk), WIN32_EXPORT(strtok), WIN32_EXPORT(_strdup), WIN32_EXPORT_AS("strdup", _strdup),
    WIN32_EXPORT(strerror), WIN32_EXPORT(__sys_errlist), WIN32_EXPORT(__sys_nerr),
    WIN32_EXPORT_DATA("_sys_errlist", sys_errlist_table), WIN32_EXPORT_DATA("_sys_nerr", sys_nerr_value), WIN32_EXPORT(wcslen), WIN32_EXPORT(wcsnlen), WIN32_EXPORT(wcscmp),
    WIN32_EXPORT(wcsncmp), WIN32_EXPORT(wcscpy), WIN32_EXPORT(wcscat), WIN32_EXPORT(wcschr),
    WIN32_EXPORT(_wcsdup), WIN32_EXPORT(isspace), WIN32_EXPORT(isdigit), WIN32_EXPORT(isalpha),
    WIN32_EXPORT(isalnum), WIN32_EXPORT(isupper), WIN32_EXPORT(islower), WIN32_EXPORT(isxdigit),
    WIN32_EXPORT(ispunct), WIN32_EXPORT(isprint), WIN32_EXPORT(isgraph), WIN32_EXPORT(iscntrl),
    WIN32_EXPORT(toupper), WIN32_EXPORT(tolower), WIN32_EXPORT(iswspace), WIN32_EXPORT(iswdigit),
    WIN32_EXPORT(iswalpha), WIN32_EXPORT(towupper), WIN32_EXPORT(towlower), WIN32_EXPORT(abs), WIN32_EXPORT(labs), WIN32_EXPORT(llabs),
    WIN32_EXPORT_AS("_abs64", llabs), WIN32_EXPORT(srand), WIN32_EXPORT(rand),
    ::win32::Export{"qsort", reinterpret_cast<void*>(&win32_entry_qsort), ::win32::kExportNoRelay},
    ::win32::Export{"bsearch", reinterpret_cast<void*>(&win32_entry_bsearch), ::win32::kExportNoRelay},
    ::win32::Export{"qsort_s", reinterpret_cast<void*>(&win32_entry_qsort_s), ::win32::kExportNoRelay},
    ::win32::Export{"bsearch_s", reinterpret_cast<void*>(&win32_entry_bsearch_s), ::win32::kExportNoRelay},
    WIN32_EXPORT_AS("malloc", malloc_), WIN32_EXPORT_AS("calloc", calloc_),
    WIN32_EXPORT_AS("realloc", realloc_), WIN32_EXPORT_AS("free", free_), WIN32_EXPORT(_msize),
    WIN32_EXPORT(_aligned_malloc), WIN32_EXPORT(_aligned_free), WIN32_EXPORT(getenv), WIN32_EXPORT(_putenv),
    WIN32_EXPORT_AS("putenv", _putenv));

}  // namespace win32::crt
