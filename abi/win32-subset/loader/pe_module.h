// The PE modules of the process: the program and the DLLs it shipped (companion DLLs, loaded
// for its imports or by LoadLibrary). Built-in DLLs are not PE modules (registry/registry.h).
// A module's handle (HMODULE) is its base address, as on Windows.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "loader/pe_format.h"

namespace win32 {

struct PeModule {
    const char* name = nullptr;          // file name ("zlib1.dll", "tool.exe"), for messages and lookups
    const char* path = nullptr;          // Windows path (GetModuleFileName): C:\app\<name>, or where LoadLibrary read it
    uint8_t* base = nullptr;
    size_t size = 0;                     // bytes mapped: SizeOfImage without trailing debug sections
    uint64_t entry = 0;                  // absolute; 0 = none (a DLL without DllMain)
    uint64_t stack_reserve = 0;
    const pe::RuntimeFunction* functions = nullptr;   // the exception directory, sorted
    uint32_t function_count = 0;
    const pe::TlsDirectory64* tls = nullptr;
    uint32_t resource_rva = 0, resource_size = 0;
    uint32_t export_rva = 0, export_size = 0;
    bool is_dll = false;
    int32_t companion = -1;              // index in boot_info.companions (a program DLL), else -1
    int32_t tls_index = -1;              // slot in ThreadLocalStoragePointer, -1 = no TLS
    uint32_t references = 0;             // LoadLibrary calls not yet matched by FreeLibrary
    bool pinned = false;                 // loaded for an import: FreeLibrary never unloads it
    bool attached = false;               // DLL_PROCESS_ATTACH delivered
    bool thread_calls = true;            // DisableThreadLibraryCalls turns it off

    bool contains(uint64_t address, uint64_t length = 1) const {
        uint64_t start = reinterpret_cast<uint64_t>(base);
        return address >= start && length <= size && address - start <= size - length;
    }
};

inline constexpr size_t kMaxModules = 128;
inline constexpr size_t kMaxTlsModules = 64;

// A free module slot (nullptr when all are taken); it joins the list only by publish_module.
PeModule* new_module();
void publish_module(PeModule* module);
// Forgets an unloaded DLL (its pages stay mapped: stale pointers into it must not fault).
void forget_module(PeModule* module);

// The program (after load_pe succeeded), for messages and GetModuleHandle(NULL).
const PeModule* main_module();
// The module whose image holds `address`, or nullptr.
PeModule* module_containing(uint64_t address);
// The module whose handle is `handle` (its base), or nullptr.
PeModule* module_by_handle(const void* handle);
// A loaded module by file name, case-insensitive, ".dll" optional; any folder part ignored.
PeModule* module_by_name(const char* name);
// Modules in load order (index < module_count()), for walks.
size_t module_count();
PeModule* module_at(size_t index);

// Where `address` is, for humans: "zlib1.dll+0x1a2b" or a bare address.
void describe_address(uint64_t address, char* out, size_t capacity);

// The file name part of a path ("C:\app\x.dll" -> "x.dll").
const char* file_name_of(const char* path);

}  // namespace win32
