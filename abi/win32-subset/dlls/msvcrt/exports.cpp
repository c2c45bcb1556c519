// msvcrt.dll: the C runtime's tables (startup, stdio, strings).
#include <libos/libc.h>
#include "dlls/msvcrt/crt_tables.h"
#include "registry/registry.h"

namespace win32 {

namespace {
const ExportTable* const kTables[] = {&crt::msvcrt_startup_exports, &crt::msvcrt_stdio_exports,
                                      &crt::msvcrt_strings_exports, &crt::msvcrt_files_exports, &crt::msvcrt_math_exports, &crt::msvcrt_time_exports, &crt::msvcrt_scanf_exports, &crt::msvcrt_stat_exports, &crt::msvcrt_wide_stdio_exports,
                                      &crt::msvcrt_convert_exports, &crt::msvcrt_threads_exports, &crt::msvcrt_locale_exports, &crt::msvcrt_wide_strings_exports, &crt::msvcrt_multibyte_exports, &crt::msvcrt_secure_exports, &crt::msvcrt_file_metadata_exports, &crt::msvcrt_process_support_exports, &crt::msvcrt_path_names_exports, &crt::msvcrt_wide_input_exports, &crt::msvcrt_runtime_support_exports, &crt::msvcrt_mbstring_exports, &crt::msvcrt_math_extra_exports, &crt::msvcrt_bessel_exports, &seh::crt_exception_exports};
}  // namespace

extern const BuiltinDll kMsvcrt{"msvcrt.dll", kTables, sizeof kTables / sizeof kTables[0]};

}  // namespace win32
