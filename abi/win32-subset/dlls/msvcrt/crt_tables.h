// The C runtime's export tables, one per file of dlls/msvcrt/. msvcrt.dll serves them as they
// are; ucrtbase.dll (and its api-ms-win-crt-* names) serves the same implementations.
#pragma once

#include "registry/registry.h"

namespace win32 {
namespace crt {
extern const ExportTable msvcrt_startup_exports;
extern const ExportTable msvcrt_stdio_exports;
extern const ExportTable msvcrt_strings_exports;
extern const ExportTable msvcrt_files_exports;
extern const ExportTable msvcrt_math_exports;
extern const ExportTable msvcrt_time_exports;
extern const ExportTable msvcrt_scanf_exports;
extern const ExportTable msvcrt_stat_exports;
extern const ExportTable msvcrt_wide_stdio_exports;
extern const ExportTable msvcrt_convert_exports;
extern const ExportTable msvcrt_threads_exports;
extern const ExportTable msvcrt_locale_exports;
extern const ExportTable msvcrt_wide_strings_exports;
extern const ExportTable msvcrt_multibyte_exports;
extern const ExportTable msvcrt_secure_exports;
extern const ExportTable msvcrt_file_metadata_exports;
extern const ExportTable msvcrt_process_support_exports;
extern const ExportTable msvcrt_path_names_exports;
extern const ExportTable msvcrt_wide_input_exports;
extern const ExportTable msvcrt_runtime_support_exports;
extern const ExportTable msvcrt_mbstring_exports;
extern const ExportTable msvcrt_math_extra_exports;
extern const ExportTable msvcrt_bessel_exports;
}  // namespace crt
namespace seh {
extern const ExportTable crt_exception_exports;   // __C_specific_handler (dlls/ntdll/exceptions.cpp)
}
}  // namespace win32
