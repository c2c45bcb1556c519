// ucrtbase.dll: the Universal CRT. Same C library as msvcrt (shared tables) plus ucrt's own
// start-up protocol (_configure_narrow_argv, onexit tables) and its stdio entry points
// (__stdio_common_v*printf, which take an options word and a locale before the format).
#include <libos/libc.h>

#include "dlls/msvcrt/crt.h"
#include "dlls/msvcrt/crt_tables.h"
#include "process/process.h"
#include "registry/registry.h"

namespace win32::crt {
// ucrt's wcstok is C11's, with a context argument: wcstok_s (dlls/msvcrt/wide_strings.cpp).
WINAPI WCHAR* wcstok_s(WCHAR* s, const WCHAR* delimiters, WCHAR** context);
}  // namespace win32::crt

namespace win32::ucrt {

using crt::File;
using VoidFunction = void(WINAPI*)();

struct OnexitTable {
    VoidFunction* first;
    VoidFunction* last;
    VoidFunction* end;
};

WINAPI int _configure_narrow_argv(int) { return 0; }
WINAPI int _configure_wide_argv(int) { return 0; }
WINAPI int _initialize_narrow_environment() { return 0; }
WINAPI int _initialize_wide_environment() { return 0; }
WINAPI char** _get_initial_narrow_environment() { return environment(); }
WINAPI void _set_app_type(int) {}
WINAPI int _set_fmode(int) { return 0; }
WINAPI int _set_new_mode(int) { return 0; }
WINAPI int _configthreadlocale(int) { return 0; }
WINAPI int _seh_filter_exe(unsigned long, void*) { return 0; }
WINAPI int _crt_atexit(VoidFunction f) {
    crt::register_atexit(reinterpret_cast<void (*)()>(f));
    return 0;
}
WINAPI int _initialize_onexit_table(OnexitTable* table) {
    *table = {};
    return 0;
}
WINAPI int _register_onexit_function(OnexitTable* table, VoidFunction f) {
    size_t used = static_cast<size_t>(table->last - table->first);
    size_t capacity = static_cast<size_t>(table->end - table->first);
    if (used == capacity) {
        size_t grown = capacity ? capacity * 2 : 32;
        auto* items = static_cast<VoidFunction*>(realloc(table->first, grown * sizeof(VoidFunction)));
        if (!items) return -1;
        table->first = items;
        table->last = items + used;
        table->end = items + grown;
    }
    *table->last++ = f;
    return 0;
}
WINAPI int _execute_onexit_table(OnexitTable* table) {
    VoidFunction* first = table->first;
    VoidFunction* last = table->last;
    *table = {};
    while (last > first) (*--last)();
    free(first);
    return 0;
}

// ucrt's printf core: options (legacy flags) and a locale precede the format.
WINAPI int __stdio_common_vfprintf(uint64_t options, File* file, const char* format, void*, const void* list) {
    return crt::file_vprintf(file, format, WinArgs{static_cast<const uint64_t*>(list)}, false, ucrt_flavor(options));
}
WINAPI int __stdio_common_vsprintf(uint64_t options, char* buffer, size_t size, const char* format, void*,
                                   const void* list) {
    size_t n = format_to_buffer(buffer, size, format, WinArgs{static_cast<const uint64_t*>(list)}, false,
                                ucrt_flavor(options));
    // _CRT_INTERNAL_PRINTF_LEGACY_VSPRINTF_NULL_TERMINATION (1, _snprintf): the buffer is
    // filled to the end without a terminator when the text does not fit.
    if (n >= size && (options & 1) && buffer && size) {
        char* scratch = static_cast<char*>(malloc(n + 1));
        if (scratch) {
            format_to_buffer(scratch, n + 1, format, WinArgs{static_cast<const uint64_t*>(list)}, false,
                             ucrt_flavor(options));
            memcpy(buffer, scratch, size);
            free(scratch);
        }
        return n == size ? static_cast<int>(n) : -1;
    }
    // _CRT_INTERNAL_PRINTF_STANDARD_SNPRINTF_BEHAVIOR (2): C99 result; otherwise -1 on overflow.
    if (n >= size && !(options & 2) && buffer) return -1;
    return static_cast<int>(n);
}
WINAPI int __stdio_common_vsnprintf_s(uint64_t options, char* buffer, size_t size, size_t, const char* format, void*,
                                      const void* list) {
    size_t n = format_to_buffer(buffer, size, format, WinArgs{static_cast<const uint64_t*>(list)}, false,
                                ucrt_flavor(options));
    return n >= size ? -1 : static_cast<int>(n);
}

// sprintf_s/vsprintf_s: on overflow the buffer is emptied and errno is ERANGE (-1 returned).
WINAPI int __stdio_common_vsprintf_s(uint64_t options, char* buffer, size_t size, const char* format, void*,
                                     const void* list) {
    if (!buffer || size == 0 || !format) {
        if (buffer && size) buffer[0] = 0;
        *crt::errno_location() = 22;
        return -1;
    }
    size_t n = format_to_buffer(buffer, size, format, WinArgs{static_cast<const uint64_t*>(list)}, false,
                                ucrt_flavor(options));
    if (n >= size) {
        buffer[0] = 0;
        *crt::errno_location() = 34;
        return -1;
    }
    return static_cast<int>(n);
}

WINAPI int _crt_at_quick_exit(VoidFunction) { return 0; }   // quick_exit runs no handlers here
WINAPI int* __p__commode_u() { static int commode = 0; return &commode; }

WIN32_EXPORT_TABLE(ucrt_exports,
    WIN32_EXPORT(_configure_narrow_argv), WIN32_EXPORT(_configure_wide_argv),
    WIN32_EXPORT(_initialize_narrow_environment), WIN32_EXPORT(_initialize_wide_environment),
    WIN32_EXPORT(_get_initial_narrow_environment), WIN32_EXPORT(_set_app_type), WIN32_EXPORT(_set_fmode),
    WIN32_EXPORT(_set_new_mode), WIN32_EXPORT(_configthreadlocale), WIN32_EXPORT(_seh_filter_exe),
    WIN32_EXPORT(_crt_atexit), WIN32_EXPORT(_initialize_onexit_table), WIN32_EXPORT(_register_onexit_function),
    WIN32_EXPORT(_execute_onexit_table), WIN32_EXPORT(_crt_at_quick_exit), WIN32_EXPORT(__stdio_common_vfprintf),
    WIN32_EXPORT(__stdio_common_vsprintf), WIN32_EXPORT(__stdio_common_vsnprintf_s),
    WIN32_EXPORT(__stdio_common_vsprintf_s),
    WIN32_EXPORT_AS("wcstok", crt::wcstok_s));

}  // namespace win32::ucrt

namespace win32 {
namespace {
// ucrt's own rows first: where both define a name, ucrt's meaning wins.
const ExportTable* const kTables[] = {&ucrt::ucrt_exports, &crt::msvcrt_startup_exports, &crt::msvcrt_stdio_exports,
                                      &crt::msvcrt_strings_exports, &crt::msvcrt_files_exports, &crt::msvcrt_math_exports, &crt::msvcrt_time_exports, &crt::msvcrt_scanf_exports, &crt::msvcrt_stat_exports, &crt::msvcrt_wide_stdio_exports,
                                      &crt::msvcrt_convert_exports, &crt::msvcrt_threads_exports, &crt::msvcrt_locale_exports, &crt::msvcrt_wide_strings_exports, &crt::msvcrt_multibyte_exports, &crt::msvcrt_secure_exports, &crt::msvcrt_file_metadata_exports, &crt::msvcrt_process_support_exports, &crt::msvcrt_path_names_exports, &crt::msvcrt_wide_input_exports, &crt::msvcrt_runtime_support_exports, &crt::msvcrt_mbstring_exports, &crt::msvcrt_math_extra_exports, &crt::msvcrt_bessel_exports, &seh::crt_exception_exports};
}  // namespace
extern const BuiltinDll kUcrtbase{"ucrtbase.dll", kTables, sizeof kTables / sizeof kTables[0]};
}  // namespace win32
