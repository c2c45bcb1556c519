// The wide printf family (wprintf, fwprintf, swprintf, _snwprintf, vswprintf…), fputwc and
// friends, _wgetenv/_wputenv, and ucrt's __stdio_common_vfwprintf/vswprintf. The format is
// converted to UTF-8 and run through the shared printf engine with %s meaning a wide string;
// text written to a FILE is in the ANSI code page (UTF-8 here, as a UTF-8-ACP Windows writes
// it), text into a buffer is converted back to UTF-16 and counted in UTF-16 units.
#include <libos/libc.h>

#include "dlls/msvcrt/crt.h"
#include "process/process.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::crt {
namespace {

constexpr int kWeof = 0xffff;

WinArgs args_of(__builtin_ms_va_list list) { return WinArgs{reinterpret_cast<const uint64_t*>(list)}; }
WinArgs args_of_pointer(const void* list) { return WinArgs{static_cast<const uint64_t*>(list)}; }

int wide_file_printf(File* file, const WCHAR* format, WinArgs args, PrintfFlavor flavor) {
    char* narrow = format ? to_utf8(format) : nullptr;
    if (!narrow) return -1;
    int n = file_vprintf(file, narrow, args, true, flavor);
    ::free(narrow);
    return n;   // bytes; equal to characters for ASCII output
}

// Formats into `out` (capacity in units). Returns the full length in UTF-16 units.
size_t wide_buffer_printf(WCHAR* out, size_t capacity, const WCHAR* format, WinArgs args, PrintfFlavor flavor) {
    char* narrow = format ? to_utf8(format) : nullptr;
    if (!narrow) return 0;
    WinArgs again = args;
    size_t bytes = format_to_buffer(nullptr, 0, narrow, args, true, flavor);
    char* text = static_cast<char*>(malloc(bytes + 1));
    size_t units = 0;
    if (text) {
        format_to_buffer(text, bytes + 1, narrow, again, true, flavor);
        units = utf8_to_utf16(text, bytes, nullptr, 0);
        if (out && capacity) {
            size_t n = utf8_to_utf16(text, bytes, out, capacity - 1);
            out[n] = 0;
        }
    }
    ::free(text);
    ::free(narrow);
    return units;
}

}  // namespace

WINAPI int vfwprintf(File* file, const WCHAR* format, const void* list) {
    return wide_file_printf(file, format, args_of_pointer(list), kMsvcrtFlavor);
}
WINAPI int fwprintf(File* file, const WCHAR* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = wide_file_printf(file, format, args_of(list), kMsvcrtFlavor);
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int vwprintf(const WCHAR* format, const void* list) { return vfwprintf(&iob()[1], format, list); }
WINAPI int wprintf(const WCHAR* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = wide_file_printf(&iob()[1], format, args_of(list), kMsvcrtFlavor);
    __builtin_ms_va_end(list);
    return n;
}
// _snwprintf/_vsnwprintf: -1 when the text does not fit (no terminator then).
WINAPI int _vsnwprintf(WCHAR* out, size_t capacity, const WCHAR* format, const void* list) {
    size_t units = wide_buffer_printf(nullptr, 0, format, args_of_pointer(list), kMsvcrtFlavor);
    if (units > capacity || (units == capacity && false)) {
        WCHAR* scratch = static_cast<WCHAR*>(malloc((units + 1) * sizeof(WCHAR)));
        if (scratch) {
            wide_buffer_printf(scratch, units + 1, format, args_of_pointer(list), kMsvcrtFlavor);
            memcpy(out, scratch, capacity * sizeof(WCHAR));
            ::free(scratch);
        }
        return -1;
    }
    if (units == capacity) {
        WCHAR* scratch = static_cast<WCHAR*>(malloc((units + 1) * sizeof(WCHAR)));
        if (scratch) {
            wide_buffer_printf(scratch, units + 1, format, args_of_pointer(list), kMsvcrtFlavor);
            memcpy(out, scratch, units * sizeof(WCHAR));   // fits exactly: no terminator
            ::free(scratch);
        }
        return static_cast<int>(units);
    }
    wide_buffer_printf(out, capacity, format, args_of_pointer(list), kMsvcrtFlavor);
    return static_cast<int>(units);
}
WINAPI int _snwprintf(WCHAR* out, size_t capacity, const WCHAR* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = _vsnwprintf(out, capacity, format, list);
    __builtin_ms_va_end(list);
    return n;
}
// msvcrt's swprintf/vswprintf have no count (the pre-C99 signature); _swprintf is the same.
WINAPI int _vswprintf(WCHAR* out, const WCHAR* format, const void* list) {
    return static_cast<int>(wide_buffer_printf(out, SIZE_MAX / 4, format, args_of_pointer(list), kMsvcrtFlavor));
}
WINAPI int _swprintf(WCHAR* out, const WCHAR* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = _vswprintf(out, format, list);
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int _vscwprintf(const WCHAR* format, const void* list) {
    return static_cast<int>(wide_buffer_printf(nullptr, 0, format, args_of_pointer(list), kMsvcrtFlavor));
}
// C99 vswprintf with a count (msvcrt exports it as vswprintf_s-like "_vswprintf_c"): -1 on overflow.
WINAPI int _vswprintf_c(WCHAR* out, size_t capacity, const WCHAR* format, const void* list) {
    size_t units = wide_buffer_printf(out, capacity, format, args_of_pointer(list), kMsvcrtFlavor);
    return units >= capacity ? -1 : static_cast<int>(units);
}

WINAPI int fputwc(int c, File* file) {
    WCHAR unit = static_cast<WCHAR>(c);
    char text[4];
    size_t n = utf16_to_utf8(&unit, 1, text, sizeof text);
    return file_write(file, text, n) == n ? (c & 0xffff) : kWeof;
}
WINAPI int putwc(int c, File* file) { return fputwc(c, file); }
WINAPI int putwchar(int c) { return fputwc(c, &iob()[1]); }
WINAPI int _putwch(int c) { return fputwc(c, &iob()[1]); }
WINAPI int fputws(const WCHAR* text, File* file) {
    char* narrow = to_utf8(text);
    if (!narrow) return -1;
    size_t n = strlen(narrow);
    int result = file_write(file, narrow, n) == n ? 0 : -1;
    ::free(narrow);
    return result;
}
WINAPI int _putws(const WCHAR* text) {
    if (fputws(text, &iob()[1]) != 0) return -1;
    return file_write(&iob()[1], "\n", 1) == 1 ? 0 : -1;
}

WINAPI WCHAR* _wgetenv(const WCHAR* name) {
    // The CRT keeps a wide copy of the environment; one string per name, replaced when the
    // value changes, so pointers stay valid until the next _wputenv of that name.
    struct Cached {
        char* name;
        WCHAR* value;
    };
    static Cached cache[64];
    char* narrow = name ? to_utf8(name) : nullptr;
    if (!narrow) return nullptr;
    const char* value = get_environment(narrow);
    if (!value) {
        ::free(narrow);
        return nullptr;
    }
    WCHAR* wide = to_wide(value);
    for (Cached& slot : cache) {
        if (slot.name && equal_nocase(slot.name, narrow)) {
            if (wide && slot.value && wlen(slot.value) == wlen(wide) &&
                memcmp(slot.value, wide, wlen(wide) * sizeof(WCHAR)) == 0) {
                ::free(wide);
            } else {
                ::free(slot.value);
                slot.value = wide;
            }
            ::free(narrow);
            return slot.value;
        }
    }
    for (Cached& slot : cache) {
        if (!slot.name) {
            slot.name = narrow;
            slot.value = wide;
            return wide;
        }
    }
    ::free(narrow);
    return wide;   // cache full: leaks one string per call, still correct
}
WINAPI int _wputenv(const WCHAR* assignment) {
    char* narrow = assignment ? to_utf8(assignment) : nullptr;
    if (!narrow) return -1;
    char* eq = const_cast<char*>(strchr_ascii(narrow, '='));
    int result = -1;
    if (eq && eq != narrow) {
        *eq = 0;
        result = set_environment(narrow, eq[1] ? eq + 1 : nullptr) ? 0 : -1;
    }
    ::free(narrow);
    return result;
}

// ucrt's wide printf core: (options, FILE or buffer, …, format, locale, va_list).
WINAPI int __stdio_common_vfwprintf(uint64_t options, File* file, const WCHAR* format, void*, const void* list) {
    return wide_file_printf(file, format, args_of_pointer(list), ucrt_flavor(options));
}
WINAPI int __stdio_common_vswprintf(uint64_t options, WCHAR* out, size_t capacity, const WCHAR* format, void*,
                                    const void* list) {
    size_t units = wide_buffer_printf(out, capacity, format, args_of_pointer(list), ucrt_flavor(options));
    // _CRT_INTERNAL_PRINTF_STANDARD_SNPRINTF_BEHAVIOR (2): the C99 result; otherwise -1 on overflow.
    if (out && units >= capacity && !(options & 2)) return -1;
    return static_cast<int>(units);
}
WINAPI int __stdio_common_vsnwprintf_s(uint64_t options, WCHAR* out, size_t capacity, size_t, const WCHAR* format,
                                       void*, const void* list) {
    size_t units = wide_buffer_printf(out, capacity, format, args_of_pointer(list), ucrt_flavor(options));
    return units >= capacity ? -1 : static_cast<int>(units);
}
WINAPI int __stdio_common_vswprintf_s(uint64_t options, WCHAR* out, size_t capacity, const WCHAR* format, void*,
                                      const void* list) {
    size_t units = wide_buffer_printf(out, capacity, format, args_of_pointer(list), ucrt_flavor(options));
    return units >= capacity ? -1 : static_cast<int>(units);
}

WIN32_EXPORT_TABLE(msvcrt_wide_stdio_exports,
    WIN32_EXPORT(vfwprintf), WIN32_EXPORT(fwprintf), WIN32_EXPORT(vwprintf), WIN32_EXPORT(wprintf),
    WIN32_EXPORT(_vsnwprintf), WIN32_EXPORT(_snwprintf), WIN32_EXPORT(_vswprintf), WIN32_EXPORT(_swprintf),
    WIN32_EXPORT_AS("swprintf", _swprintf), WIN32_EXPORT_AS("vswprintf", _vswprintf), WIN32_EXPORT(_vscwprintf),
    WIN32_EXPORT(_vswprintf_c), WIN32_EXPORT(fputwc), WIN32_EXPORT(putwc), WIN32_EXPORT(putwchar),
    WIN32_EXPORT(_putwch), WIN32_EXPORT(fputws), WIN32_EXPORT(_putws), WIN32_EXPORT(_wgetenv),
    WIN32_EXPORT(_wputenv), WIN32_EXPORT(__stdio_common_vfwprintf), WIN32_EXPORT(__stdio_common_vswprintf),
    WIN32_EXPORT(__stdio_common_vsnwprintf_s), WIN32_EXPORT(__stdio_common_vswprintf_s));

}  // namespace win32::crt
