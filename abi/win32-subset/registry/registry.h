// The built-in DLLs: which names celda provides, and "DLL!function" -> address.
//
// Each DLL lists its exports in its own file (dlls/<dll>/exports.cpp) as a table of
// Export rows; this registry only finds rows. API-set names (api-ms-win-crt-*, api-ms-win-core-*)
// are aliases resolved before the lookup, the way Windows' API-set schema redirects them.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace win32 {

// Export flags.
inline constexpr uint32_t kExportData = 1;      // a variable: the IAT gets its address, no thunk
inline constexpr uint32_t kExportNoRelay = 2;   // traced on entry only: it inspects or replaces
                                                // its own return address (unwinding, exit)

struct Export {
    const char* name;
    void* address;
    uint32_t flags = 0;
};

// One source file's rows; a DLL is the union of its files' tables.
struct ExportTable {
    const Export* rows;
    size_t count;
};

struct BuiltinDll {
    const char* name;          // lower case, with ".dll"
    const ExportTable* const* tables;
    size_t table_count;
};

// The DLL celda provides under `name` (case-insensitive, API sets resolved), or nullptr.
const BuiltinDll* find_dll(const char* name);
// The export `function` of `dll`, or nullptr.
const Export* find_export(const BuiltinDll& dll, const char* function);
// Builds a hash index of every DLL's exports, which find_export then uses instead of scanning
// the tables. A warm guest builds it before its program arrives; a direct run scans (binding a
// small program's imports costs less than building the index).
void build_export_index();
// The built-in DLL whose module handle is `handle` (handles of built-in DLLs are their rows),
// or nullptr.
const BuiltinDll* builtin_from_handle(const void* handle);
// Looks `function` up across all built-in DLLs (GetProcAddress on a module handle we made).
const Export* find_export_anywhere(const char* function);

// Every DLL's table (defined in the DLL folders).
extern const BuiltinDll kKernel32;
extern const BuiltinDll kNtdll;
extern const BuiltinDll kMsvcrt;
extern const BuiltinDll kUcrtbase;
extern const BuiltinDll kAdvapi32;
extern const BuiltinDll kUser32;
extern const BuiltinDll kVersion;
extern const BuiltinDll kSecur32;
extern const BuiltinDll kShell32;

#define WIN32_EXPORT_TABLE(table_name, ...)                                                    \
    static const ::win32::Export table_name##_rows[] = {__VA_ARGS__};                          \
    extern const ::win32::ExportTable table_name{table_name##_rows,                            \
                                                 sizeof table_name##_rows / sizeof table_name##_rows[0]}

#define WIN32_EXPORT(fn) ::win32::Export{#fn, reinterpret_cast<void*>(&fn), 0}
#define WIN32_EXPORT_AS(name, fn) ::win32::Export{name, reinterpret_cast<void*>(&fn), 0}
#define WIN32_EXPORT_DATA(name, var) ::win32::Export{name, reinterpret_cast<void*>(&var), ::win32::kExportData}
#define WIN32_EXPORT_NORELAY(fn) ::win32::Export{#fn, reinterpret_cast<void*>(&fn), ::win32::kExportNoRelay}

}  // namespace win32
