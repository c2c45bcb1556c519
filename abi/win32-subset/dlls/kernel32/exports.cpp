// kernel32.dll (also kernelbase.dll and api-ms-win-core-*): its files' export tables.
#include <libos/libc.h>
#include "registry/registry.h"

namespace win32 {
namespace kernel32 {
extern const ExportTable kernel32_codepages_exports;
extern const ExportTable kernel32_console_exports;
extern const ExportTable kernel32_files_exports;
extern const ExportTable kernel32_io_exports;
extern const ExportTable kernel32_memory_exports;
extern const ExportTable kernel32_modules_exports;
extern const ExportTable kernel32_process_exports;
extern const ExportTable kernel32_resources_exports;
extern const ExportTable kernel32_sync_exports;
extern const ExportTable kernel32_threads_exports;
extern const ExportTable kernel32_time_exports;
extern const ExportTable kernel32_process_info_exports;
extern const ExportTable kernel32_nls_exports;
extern const ExportTable kernel32_messages_exports;
extern const ExportTable kernel32_volumes_exports;
extern const ExportTable kernel32_file_locks_exports;
extern const ExportTable kernel32_file_info_exports;
extern const ExportTable kernel32_file_mapping_exports;
extern const ExportTable kernel32_system_extras_exports;
extern const ExportTable kernel32_delay_load_exports;
}  // namespace kernel32
namespace seh {
extern const ExportTable kernel32_exception_exports;   // dlls/ntdll/exceptions.cpp
extern const ExportTable kernel32_vectored_exports;    // dlls/ntdll/vectored.cpp
}

namespace {
const ExportTable* const kTables[] = {
    &kernel32::kernel32_codepages_exports,
    &kernel32::kernel32_console_exports,
    &kernel32::kernel32_files_exports,
    &kernel32::kernel32_io_exports,
    &kernel32::kernel32_memory_exports,
    &kernel32::kernel32_modules_exports,
    &kernel32::kernel32_process_exports,
    &kernel32::kernel32_resources_exports,
    &kernel32::kernel32_sync_exports,
    &kernel32::kernel32_threads_exports,
    &kernel32::kernel32_time_exports,
    &kernel32::kernel32_process_info_exports,
    &kernel32::kernel32_nls_exports,
    &kernel32::kernel32_messages_exports,
    &kernel32::kernel32_volumes_exports,
    &kernel32::kernel32_file_locks_exports,
    &kernel32::kernel32_file_info_exports,
    &kernel32::kernel32_file_mapping_exports,
    &kernel32::kernel32_system_extras_exports,
    &kernel32::kernel32_delay_load_exports,
    &seh::kernel32_exception_exports,
    &seh::kernel32_vectored_exports,
};
}  // namespace

extern const BuiltinDll kKernel32{"kernel32.dll", kTables, sizeof kTables / sizeof kTables[0]};

}  // namespace win32
