// The bounds-checked "_s" functions of the Microsoft CRT (strcpy_s, memcpy_s, sprintf_s, ...)
// and the printf family's `_l` forms. On a bad argument Windows calls the invalid-parameter
// handler, which by default ends the process; here the handler is taken to return (as when a
// program installs one that does), so the functions store an empty string and return the
// errno value: EINVAL (22) for null/zero arguments, ERANGE (34) when the result does not fit.
#include <libos/libc.h>

#include "dlls/msvcrt/crt.h"
#include "process/process.h"
#include "registry/registry.h"
#include "support/printf.h"
#include "support/text.h"

namespace win32::crt {
namespace {

constexpr int kEinval = 22, kErange = 34;
constexpr size_t kTruncate = SIZE_MAX;   // _TRUNCATE

int fail(int error) { return *errno_location() = error; }

template <typename Char>
size_t length_of(const Char* s) {
    size_t n = 0;
    while (s[n]) ++n;
    return n;
}

// dest[0..size) receives at most `count` characters of src appended at `offset`.
template <typename Char>
int copy_bounded(Char* dest, size_t size, size_t offset, const Char* src, size_t count) {
    if (!dest || size == 0) return fail(kEinval);
    if (!src) {
        dest[0] = 0;
        return fail(kEinval);
    }
    if (offset >= size) {   // strcat_s: dest not terminated within size
        dest[0] = 0;
        return fail(kEinval);
    }
    size_t n = 0;
    while (n < count && src[n]) ++n;
    if (offset + n >= size) {
        if (count == kTruncate) {
            n = size - 1 - offset;
            for (size_t i = 0; i < n; ++i) dest[offset + i] = src[i];
            dest[size - 1] = 0;
            return 80;   // STRUNCATE
        }
        dest[0] = 0;
        return fail(kErange);
    }
    for (size_t i = 0; i < n; ++i) dest[offset + i] = src[i];
    dest[offset + n] = 0;
    return 0;
}
template <typename Char>
size_t bounded_length(const Char* s, size_t size) {
    size_t n = 0;
    while (n < size && s[n]) ++n;
    return n;
}

WinArgs args_of(__builtin_ms_va_list list) { return WinArgs{reinterpret_cast<const uint64_t*>(list)}; }
WinArgs args_at(const void* list) { return WinArgs{static_cast<const uint64_t*>(list)}; }

}  // namespace

WINAPI int strcpy_s(char* d, size_t size, const char* s) { return copy_bounded(d, size, 0, s, SIZE_MAX - 1); }
WINAPI int strncpy_s(char* d, size_t size, const char* s, size_t count) {
    if (count == 0 && d && size) return d[0] = 0, 0;
    return copy_bounded(d, size, 0, s, count);
}
WINAPI int strcat_s(char* d, size_t size, const char* s) {
    return copy_bounded(d, size, d ? bounded_length(d, size) : 0, s, SIZE_MAX - 1);
}
WINAPI int strncat_s(char* d, size_t size, const char* s, size_t count) {
    return copy_bounded(d, size, d ? bounded_length(d, size) : 0, s, count);
}
WINAPI int wcscpy_s(WCHAR* d, size_t size, const WCHAR* s) { return copy_bounded(d, size, 0, s, SIZE_MAX - 1); }
WINAPI int wcsncpy_s(WCHAR* d, size_t size, const WCHAR* s, size_t count) {
    if (count == 0 && d && size) return d[0] = 0, 0;
    return copy_bounded(d, size, 0, s, count);
}
WINAPI int wcscat_s(WCHAR* d, size_t size, const WCHAR* s) {
    return copy_bounded(d, size, d ? bounded_length(d, size) : 0, s, SIZE_MAX - 1);
}
WINAPI int wcsncat_s(WCHAR* d, size_t size, const WCHAR* s, size_t count) {
    return copy_bounded(d, size, d ? bounded_length(d, size) : 0, s, count);
}
WINAPI size_t strnlen_s(const char* s, size_t n) { return s ? bounded_length(s, n) : 0; }
WINAPI size_t wcsnlen_s(const WCHAR* s, size_t n) { return s ? bounded_length(s, n) : 0; }

WINAPI int memcpy_s(void* d, size_t size, const void* s, size_t n) {
    if (n == 0) return 0;
    if (!d) return fail(kEinval);
    if (!s || n > size) {
        ::memset(d, 0, size);
        return fail(!s ? kEinval : kErange);
    }
    ::memcpy(d, s, n);
    return 0;
}
WINAPI int memmove_s(void* d, size_t size, const void* s, size_t n) {
    if (n == 0) return 0;
    if (!d || !s) return fail(kEinval);
    if (n > size) return fail(kErange);
    ::memmove(d, s, n);
    return 0;
}
WINAPI int wmemcpy_s(WCHAR* d, size_t size, const WCHAR* s, size_t n) {
    return memcpy_s(d, size * sizeof(WCHAR), s, n * sizeof(WCHAR));
}
WINAPI int wmemmove_s(WCHAR* d, size_t size, const WCHAR* s, size_t n) {
    return memmove_s(d, size * sizeof(WCHAR), s, n * sizeof(WCHAR));
}

WINAPI int _get_errno(int* value) {
    if (!value) return kEinval;
    *value = *errno_location();
    return 0;
}
WINAPI int _set_errno(int value) {
    *errno_location() = value;
    return 0;
}
WINAPI char* strerror(int error);   // strings.cpp
WINAPI int strerror_s(char* out, size_t size, int error) {
    int rc = copy_bounded(out, size, 0, strerror(error), kTruncate);
    return rc == 80 ? 0 : rc;   // a message cut to fit is not an error
}
WINAPI WCHAR* _wcserror(int error) {
    static WCHAR text[64];
    const char* narrow = strerror(error);
    size_t i = 0;
    for (; narrow[i] && i + 1 < sizeof text / sizeof text[0]; ++i) text[i] = static_cast<unsigned char>(narrow[i]);
    text[i] = 0;
    return text;
}
WINAPI int _wcserror_s(WCHAR* out, size_t size, int error) {
    int rc = copy_bounded(out, size, 0, _wcserror(error), kTruncate);
    return rc == 80 ? 0 : rc;
}
// _strerror(prefix): "prefix: message\n" (the message for the current errno).
WINAPI char* _strerror(const char* prefix) {
    static char text[160];
    const char* message = strerror(*errno_location());
    size_t n = 0;
    auto add = [&](const char* s) {
        for (; *s && n + 1 < sizeof text; ++s) text[n++] = *s;
    };
    if (prefix && *prefix) add(prefix), add(": ");
    add(message);
    add("\n");
    text[n] = 0;
    return text;
}

WINAPI int getenv_s(size_t* needed, char* out, size_t size, const char* name) {
    if (!needed || !name || (!out && size)) return fail(kEinval);
    const char* value = get_environment(name);
    if (!value) {
        *needed = 0;
        if (out && size) out[0] = 0;
        return 0;
    }
    *needed = ::strlen(value) + 1;
    if (!out || size == 0) return 0;
    if (*needed > size) return fail(kErange);
    ::memcpy(out, value, *needed);
    return 0;
}
WINAPI int _dupenv_s(char** out, size_t* length, const char* name) {
    if (!out || !name) return fail(kEinval);
    const char* value = get_environment(name);
    *out = value ? dup(value) : nullptr;
    if (length) *length = value ? ::strlen(value) + 1 : 0;
    return 0;
}
WINAPI int _wdupenv_s(WCHAR** out, size_t* length, const WCHAR* name) {
    if (!out || !name) return fail(kEinval);
    char* narrow = to_utf8(name);
    const char* value = narrow ? get_environment(narrow) : nullptr;
    ::free(narrow);
    *out = value ? to_wide(value) : nullptr;
    if (length) *length = *out ? wlen(*out) + 1 : 0;
    return 0;
}

// printf into a bounded buffer: _s forms fail with ERANGE (empty string, -1) when the text
// does not fit; _snprintf_s with _TRUNCATE stores what fits and returns -1.
namespace {
int print_bounded(char* out, size_t size, size_t count, const char* format, WinArgs args) {
    if (!out || size == 0 || !format) {
        if (out && size) out[0] = 0;
        fail(kEinval);
        return -1;
    }
    size_t limit = count == kTruncate || count >= size ? size - 1 : count;
    size_t n = format_to_buffer(out, limit + 1, format, args);
    if (n <= limit) return static_cast<int>(n);
    if (count == kTruncate || count < size) return -1;   // truncated as asked (count fits the buffer)
    out[0] = 0;
    fail(kErange);
    return -1;
}
int wprint_bounded(WCHAR* out, size_t size, size_t count, const WCHAR* format, WinArgs args) {
    if (!out || size == 0 || !format) {
        if (out && size) out[0] = 0;
        fail(kEinval);
        return -1;
    }
    // The wide formatter works on UTF-8: convert the format, format, convert back.
    char* narrow_format = to_utf8(format);
    if (!narrow_format) return -1;
    size_t n = format_to_buffer(nullptr, 0, narrow_format, args, true);
    char* text = static_cast<char*>(::malloc(n + 1));
    if (!text) {
        ::free(narrow_format);
        return -1;
    }
    format_to_buffer(text, n + 1, narrow_format, args, true);
    ::free(narrow_format);
    WCHAR* wide = to_wide(text);
    ::free(text);
    if (!wide) return -1;
    size_t length = wlen(wide);
    size_t limit = count == kTruncate || count >= size ? size - 1 : count;
    int result;
    if (length <= limit) {
        ::memcpy(out, wide, (length + 1) * sizeof(WCHAR));
        result = static_cast<int>(length);
    } else if (count == kTruncate || count < size) {
        ::memcpy(out, wide, limit * sizeof(WCHAR));
        out[limit] = 0;
        result = -1;
    } else {
        out[0] = 0;
        fail(kErange);
        result = -1;
    }
    ::free(wide);
    return result;
}
}  // namespace

WINAPI int vsprintf_s(char* out, size_t size, const char* format, const void* list) {
    return print_bounded(out, size, SIZE_MAX - 1, format, args_at(list));
}
WINAPI int sprintf_s(char* out, size_t size, const char* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = print_bounded(out, size, SIZE_MAX - 1, format, args_of(list));
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int _vsnprintf_s(char* out, size_t size, size_t count, const char* format, const void* list) {
    return print_bounded(out, size, count, format, args_at(list));
}
WINAPI int _snprintf_s(char* out, size_t size, size_t count, const char* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = print_bounded(out, size, count, format, args_of(list));
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int vswprintf_s(WCHAR* out, size_t size, const WCHAR* format, const void* list) {
    return wprint_bounded(out, size, SIZE_MAX - 1, format, args_at(list));
}
WINAPI int swprintf_s(WCHAR* out, size_t size, const WCHAR* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = wprint_bounded(out, size, SIZE_MAX - 1, format, args_of(list));
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int _vsnwprintf_s(WCHAR* out, size_t size, size_t count, const WCHAR* format, const void* list) {
    return wprint_bounded(out, size, count, format, args_at(list));
}
WINAPI int _snwprintf_s(WCHAR* out, size_t size, size_t count, const WCHAR* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = wprint_bounded(out, size, count, format, args_of(list));
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int _scprintf(const char* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = static_cast<int>(format_to_buffer(nullptr, 0, format, args_of(list)));
    __builtin_ms_va_end(list);
    return n;
}

// `_l` forms of printf: the locale argument sits between the format and the values.
WINAPI int _vsprintf_l(char* out, const char* format, void*, const void* list) {
    return static_cast<int>(format_to_buffer(out, SIZE_MAX, format, args_at(list)));
}
WINAPI int _sprintf_l(char* out, const char* format, void* locale, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, locale);
    int n = static_cast<int>(format_to_buffer(out, SIZE_MAX, format, args_of(list)));
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int _vsnprintf(char* out, size_t size, const char* format, const void* list);   // stdio.cpp
WINAPI int _vsnprintf_l(char* out, size_t size, const char* format, void*, const void* list) {
    return _vsnprintf(out, size, format, list);
}
WINAPI int _snprintf_l(char* out, size_t size, const char* format, void* locale, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, locale);
    int n = _vsnprintf(out, size, format, list);
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int _vsprintf_s_l(char* out, size_t size, const char* format, void*, const void* list) {
    return print_bounded(out, size, SIZE_MAX - 1, format, args_at(list));
}
WINAPI int _sprintf_s_l(char* out, size_t size, const char* format, void* locale, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, locale);
    int n = print_bounded(out, size, SIZE_MAX - 1, format, args_of(list));
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int _vsnprintf_s_l(char* out, size_t size, size_t count, const char* format, void*, const void* list) {
    return print_bounded(out, size, count, format, args_at(list));
}
WINAPI int _vfprintf_l(File* file, const char* format, void*, const void* list) {
    return file_vprintf(file, format, args_at(list));
}
WINAPI int _fprintf_l(File* file, const char* format, void* locale, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, locale);
    int n = file_vprintf(file, format, args_of(list));
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int _vprintf_l(const char* format, void*, const void* list) { return file_vprintf(&iob()[1], format, args_at(list)); }
WINAPI int _printf_l(const char* format, void* locale, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, locale);
    int n = file_vprintf(&iob()[1], format, args_of(list));
    __builtin_ms_va_end(list);
    return n;
}

WIN32_EXPORT_TABLE(msvcrt_secure_exports,
    WIN32_EXPORT(strcpy_s), WIN32_EXPORT(strncpy_s), WIN32_EXPORT(strcat_s), WIN32_EXPORT(strncat_s),
    WIN32_EXPORT(wcscpy_s), WIN32_EXPORT(wcsncpy_s), WIN32_EXPORT(wcscat_s), WIN32_EXPORT(wcsncat_s),
    WIN32_EXPORT(strnlen_s), WIN32_EXPORT(wcsnlen_s), WIN32_EXPORT(memcpy_s), WIN32_EXPORT(memmove_s),
    WIN32_EXPORT(wmemcpy_s), WIN32_EXPORT(wmemmove_s), WIN32_EXPORT(_get_errno), WIN32_EXPORT(_set_errno),
    WIN32_EXPORT(strerror_s), WIN32_EXPORT(_wcserror), WIN32_EXPORT(_wcserror_s), WIN32_EXPORT(_strerror),
    WIN32_EXPORT(getenv_s), WIN32_EXPORT(_dupenv_s), WIN32_EXPORT(_wdupenv_s), WIN32_EXPORT(vsprintf_s),
    WIN32_EXPORT(sprintf_s), WIN32_EXPORT(_vsnprintf_s), WIN32_EXPORT(_snprintf_s), WIN32_EXPORT(vswprintf_s),
    WIN32_EXPORT(swprintf_s), WIN32_EXPORT(_vsnwprintf_s), WIN32_EXPORT(_snwprintf_s), WIN32_EXPORT(_scprintf),
    WIN32_EXPORT(_vsprintf_l), WIN32_EXPORT(_sprintf_l), WIN32_EXPORT(_vsnprintf_l), WIN32_EXPORT(_snprintf_l),
    WIN32_EXPORT(_vsprintf_s_l), WIN32_EXPORT(_sprintf_s_l), WIN32_EXPORT(_vsnprintf_s_l), WIN32_EXPORT(_vfprintf_l),
    WIN32_EXPORT(_fprintf_l), WIN32_EXPORT(_vprintf_l), WIN32_EXPORT(_printf_l));

}  // namespace win32::crt
