// Delay-loaded imports resolved by the system (Windows 8+): ResolveDelayLoadedAPI and the
// default failure hook DelayLoadFailureHook. Wine's own programs (built with mingw and
// winecrt0's delay-load helper) and MSVC programs linked with /DELAYLOAD:x.dll and the
// "system" delay-load helper call ResolveDelayLoadedAPI on the first call through a
// delay-load thunk; it binds the DLL (storing its handle in the descriptor's module-handle
// slot), finds the function, writes it into the thunk's IAT entry and returns it.
//
// A built-in DLL that lacks the function binds to the unimplemented stub, as a normal import
// does (the program ends, naming it, when it calls). A DLL that cannot be loaded, or a
// function a program DLL does not export, goes to the hooks as on Windows: the program's
// FailureDllHook (reason 3 = dliFailLoadLib, 4 = dliFailGetProc) first, then
// FailureSystemHook; if neither supplies an address the program stops with the message a
// missing import gives at start-up (Windows raises STATUS_DLL_NOT_FOUND /
// STATUS_ENTRYPOINT_NOT_FOUND there).
#include <libos/console.h>
#include <libos/format.h>
#include <libos/libc.h>

#include "dlls/kernel32/kernel32.h"
#include "loader/pe_module.h"
#include "process/process.h"
#include "process/thread.h"
#include "registry/registry.h"
#include "registry/thunks.h"

namespace win32::kernel32 {

WINAPI void* LoadLibraryA(const char* name);                 // modules.cpp
WINAPI void* GetProcAddress(void* handle, const char* name);   // modules.cpp

namespace {

// IMAGE_DELAYLOAD_DESCRIPTOR (winnt.h): all RVAs when Attributes bit 0 (RvaBased) is set.
struct DelayloadDescriptor {
    DWORD attributes;
    DWORD dll_name_rva;
    DWORD module_handle_rva;
    DWORD import_address_table_rva;
    DWORD import_name_table_rva;
    DWORD bound_import_address_table_rva;
    DWORD unload_information_table_rva;
    DWORD time_date_stamp;
};

// DELAYLOAD_INFO (winnt.h), handed to the program's failure hook.
struct DelayloadInfo {
    ULONG size;
    const DelayloadDescriptor* descriptor;
    uint64_t* thunk_address;
    const char* target_dll_name;
    ULONG import_described_by_name;   // DELAYLOAD_PROC_DESCRIPTOR
    union {
        const char* name;
        ULONG ordinal;
    } description;
    void* target_module_base;
    void* unused;
    ULONG last_error;
};

using FailureDllHook = void*(WINAPI*)(ULONG reason, DelayloadInfo* info);
using FailureSystemHook = void*(WINAPI*)(const char* dll, const char* function);

constexpr ULONG kFailLoadLibrary = 3;   // dliFailLoadLib
constexpr ULONG kFailGetProc = 4;       // dliFailGetProc
constexpr uint64_t kOrdinalFlag = 1ull << 63;

}  // namespace

WINAPI void* DelayLoadFailureHook(const char* dll, const char* function) {
    // Windows' kernelbase supplies failure stubs for a fixed list of its own DLLs; celda has
    // none, so there is no callback to return.
    (void)dll;
    (void)function;
    last_error() = ERROR_PROC_NOT_FOUND;
    return nullptr;
}

WINAPI void* ResolveDelayLoadedAPI(void* parent, const DelayloadDescriptor* descriptor, FailureDllHook dll_hook,
                                   FailureSystemHook system_hook, uint64_t* thunk, ULONG flags) {
    (void)flags;
    auto* base = static_cast<uint8_t*>(parent);
    if (!base || !descriptor || !thunk || !(descriptor->attributes & 1)) {
        last_error() = ERROR_INVALID_PARAMETER;
        return nullptr;
    }
    const char* dll_name = reinterpret_cast<const char*>(base + descriptor->dll_name_rva);
    auto* module_slot = reinterpret_cast<void**>(base + descriptor->module_handle_rva);
    auto* iat = reinterpret_cast<uint64_t*>(base + descriptor->import_address_table_rva);
    auto* names = reinterpret_cast<const uint64_t*>(base + descriptor->import_name_table_rva);
    uint64_t entry = names[thunk - iat];
    const bool by_ordinal = (entry & kOrdinalFlag) != 0;
    // IMAGE_IMPORT_BY_NAME: a 2-byte hint, then the name.
    const char* function = by_ordinal ? reinterpret_cast<const char*>(entry & 0xffff)
                                      : reinterpret_cast<const char*>(base + (entry & 0x7fffffff) + 2);

    DelayloadInfo info{};
    info.size = sizeof info;
    info.descriptor = descriptor;
    info.thunk_address = thunk;
    info.target_dll_name = dll_name;
    info.import_described_by_name = by_ordinal ? 0 : 1;
    if (by_ordinal) info.description.ordinal = static_cast<ULONG>(entry & 0xffff);
    else info.description.name = function;

    void* module = *module_slot;
    if (!module) {
        module = LoadLibraryA(dll_name);
        if (module) *module_slot = module;
    }
    void* address = nullptr;
    ULONG reason = kFailLoadLibrary;
    if (module) {
        info.target_module_base = module;
        reason = kFailGetProc;
        if (const BuiltinDll* builtin = builtin_from_handle(module)) {
            // As a normal import: a function we lack binds to its unimplemented stub.
            if (!by_ordinal) address = bind_import(builtin->name, function, find_export(*builtin, function));
        } else {
            address = GetProcAddress(module, function);
        }
    }
    if (!address) {
        info.last_error = last_error();
        if (dll_hook) address = dll_hook(reason, &info);
        if (!address && system_hook) address = system_hook(dll_name, function);
    }
    if (!address) {
        char what[48];
        if (by_ordinal) libos::format(what, sizeof what, "#%u", static_cast<unsigned>(entry & 0xffff));
        const char* program = main_module() ? main_module()->name : "the program";
        const PeModule* importer = module_by_handle(parent);
        const char* by = importer ? importer->name : program;
        if (reason == kFailLoadLibrary)
            libos::eprint("celda: '%s' needs %s (delay-loaded by %s), which is neither beside the program nor built "
                          "into celda\n", program, dll_name, by);
        else
            libos::eprint("celda: '%s': %s has no export %s (delay-loaded by %s)\n", program, dll_name,
                          by_ordinal ? what : function, by);
        exit_process(125);
    }
    *thunk = reinterpret_cast<uint64_t>(address);
    return address;
}

WIN32_EXPORT_TABLE(kernel32_delay_load_exports,
    WIN32_EXPORT(ResolveDelayLoadedAPI),
    WIN32_EXPORT(DelayLoadFailureHook));

}  // namespace win32::kernel32
