// msvcrt.dll: the C runtime's tables (startup, stdio, strings).
#include <libos/libc.h>
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
}  // namespace crt
namespace seh {
extern const ExportTable crt_exception_exports;   // __C_specific_handler (dlls/ntdll/exceptions.cpp)
}

namespace {
const ExportTable* const kTables[] = {&crt::msvcrt_startup_exports, &crt::msvcrt_stdio_exports,
                                      &crt::msvcrt_strings_exports, &crt::msvcrt_files_exports, &crt::msvcrt_math_exports, &crt::msvcrt_time_exports, &crt::msvcrt_scanf_exports, &crt::msvcrt_stat_exports, &crt::msvcrt_wide_stdio_exports, &seh::crt_exception_exports};
}  // namespace

extern const BuiltinDll kMsvcrt{"msvcrt.dll", kTables, sizeof kTables / sizeof kTables[0]};

}  // namespace win32
