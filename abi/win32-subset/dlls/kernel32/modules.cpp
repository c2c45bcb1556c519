// Modules at run time: LoadLibrary, GetModuleHandle, GetProcAddress (by name and by ordinal),
// FreeLibrary, GetModuleFileName, DisableThreadLibraryCalls.
//
// Handles: a PE module's handle is its base address (the program, a DLL it shipped, loaded
// from C:\app, or a DLL LoadLibrary read from a path in the VFS); a built-in DLL's handle is its registry row (registry/registry.h), so no
// program can mistake it for a mapped image it could parse.
#include <libos/console.h>
#include <libos/format.h>
#include <libos/libc.h>

#include "dlls/kernel32/kernel32.h"
#include "loader/dll_init.h"
#include "loader/pe_exports.h"
#include "loader/pe_loader.h"
#include "process/thread.h"
#include "registry/registry.h"
#include "registry/thunks.h"
#include "support/text.h"

namespace win32::kernel32 {
namespace {

constexpr DWORD kFromAddress = 4, kUnchangedRefcount = 2, kPin = 1;

// The built-in DLL `name` names ("KERNEL32", "C:\Windows\System32\msvcrt.dll", an API set).
const BuiltinDll* builtin_named(const char* name) { return find_dll(file_name_of(name)); }

// A DLL whose DllMain can now run (LoadLibrary, or a forwarder GetProcAddress followed).
// False when a DllMain returned FALSE (it was detached and forgotten).
bool run_pending_attaches() {
    if (PeModule* failed = attach_queued_dlls(false)) {
        if (win32_tracing()) libos::eprint("celda[win32]: %s: DllMain returned FALSE\n", failed->name);
        return false;
    }
    return true;
}

// GetModuleFileName's copy: truncated to `size` units including the NUL, returning `size`
// with ERROR_INSUFFICIENT_BUFFER when it did not fit (Windows Vista and later).
DWORD copy_path(const char* path, char* buffer, DWORD size) {
    DWORD length = static_cast<DWORD>(strlen(path));
    if (!buffer || size == 0) {
        last_error() = ERROR_INSUFFICIENT_BUFFER;
        return 0;
    }
    if (length < size) {
        memcpy(buffer, path, length + 1);
        return length;
    }
    memcpy(buffer, path, size - 1);
    buffer[size - 1] = 0;
    last_error() = ERROR_INSUFFICIENT_BUFFER;
    return size;
}

// The path GetModuleFileName reports for `module`, or nullptr for an unknown handle.
const char* module_path(void* module, char* scratch, size_t capacity) {
    if (!module) return main_module() ? main_module()->path : nullptr;
    if (const PeModule* pe = module_by_handle(module)) return pe->path;
    if (const BuiltinDll* dll = builtin_from_handle(module)) {
        // Built-in DLLs live where Windows would keep them.
        libos::format(scratch, capacity, "C:\\Windows\\System32\\%s", dll->name);
        return scratch;
    }
    return nullptr;
}

}  // namespace

WINAPI void* GetModuleHandleA(const char* name) {
    if (!name) return main_module() ? main_module()->base : nullptr;
    if (const BuiltinDll* dll = builtin_named(name)) return const_cast<BuiltinDll*>(dll);
    if (PeModule* module = module_by_name(name)) return module->base;
    last_error() = ERROR_MOD_NOT_FOUND;
    return nullptr;
}

WINAPI void* GetModuleHandleW(const WCHAR* name) {
    if (!name) return GetModuleHandleA(nullptr);
    char* narrow = to_utf8(name);
    void* handle = GetModuleHandleA(narrow);
    free(narrow);
    return handle;
}

WINAPI BOOL GetModuleHandleExA(DWORD flags, const char* name, void** result) {
    if (!result) {
        last_error() = ERROR_INVALID_PARAMETER;
        return kFalse;
    }
    void* handle;
    if (flags & kFromAddress) {
        // An address in our own code belongs to no PE module: kernel32's, as good as any.
        PeModule* module = module_containing(reinterpret_cast<uint64_t>(name));
        handle = module ? static_cast<void*>(module->base) : const_cast<BuiltinDll*>(&kKernel32);
    } else {
        handle = GetModuleHandleA(name);
    }
    *result = handle;
    if (!handle) return kFalse;
    if (PeModule* module = module_by_handle(handle)) {
        if (flags & kPin) module->pinned = true;
        else if (!(flags & kUnchangedRefcount)) ++module->references;
    }
    return kTrue;
}

WINAPI BOOL GetModuleHandleExW(DWORD flags, const WCHAR* name, void** result) {
    if (flags & kFromAddress) return GetModuleHandleExA(flags, reinterpret_cast<const char*>(name), result);
    char* narrow = name ? to_utf8(name) : nullptr;
    BOOL ok = GetModuleHandleExA(flags, narrow, result);
    free(narrow);
    return ok;
}

WINAPI void* LoadLibraryExA(const char* name, HANDLE, DWORD) {
    if (!name || !*name) {
        last_error() = ERROR_INVALID_PARAMETER;
        return nullptr;
    }
    if (const BuiltinDll* dll = builtin_named(name)) return const_cast<BuiltinDll*>(dll);
    uint32_t error = 0;
    char message[300];
    PeModule* module = load_library(name, error, message, sizeof message);
    if (!module) {
        // Programs probe for optional DLLs: a miss is an answer, said only when tracing.
        if (win32_tracing()) libos::eprint("celda[win32]: LoadLibrary: %s\n", message);
        last_error() = error;
        return nullptr;
    }
    if (!run_pending_attaches()) {
        last_error() = ERROR_DLL_INIT_FAILED;
        return nullptr;
    }
    ++module->references;
    return module->base;
}

WINAPI void* LoadLibraryExW(const WCHAR* name, HANDLE file, DWORD flags) {
    if (!name) {
        last_error() = ERROR_INVALID_PARAMETER;
        return nullptr;
    }
    char* narrow = to_utf8(name);
    void* handle = LoadLibraryExA(narrow, file, flags);
    free(narrow);
    return handle;
}

WINAPI void* LoadLibraryA(const char* name) { return LoadLibraryExA(name, nullptr, 0); }
WINAPI void* LoadLibraryW(const WCHAR* name) { return LoadLibraryExW(name, nullptr, 0); }

WINAPI BOOL FreeLibrary(void* handle) {
    if (builtin_from_handle(handle)) return kTrue;
    PeModule* module = module_by_handle(handle);
    if (!module) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    if (!module->is_dll || module->pinned) return kTrue;
    if (module->references > 0 && --module->references == 0) unload_dll(module);
    return kTrue;
}

// `name` below 0x10000 is an ordinal (MAKEINTRESOURCE).
WINAPI void* GetProcAddress(void* handle, const char* name) {
    const bool by_ordinal = reinterpret_cast<uintptr_t>(name) < 0x10000;
    PeModule* module = handle ? module_by_handle(handle) : const_cast<PeModule*>(main_module());
    if (module) {
        void* address = by_ordinal ? pe_export_by_ordinal(*module, static_cast<uint32_t>(reinterpret_cast<uintptr_t>(name)))
                                   : pe_export_by_name(*module, name);
        // A forwarder may have loaded a DLL.
        if (address && !run_pending_attaches()) address = nullptr;
        if (!address) last_error() = ERROR_PROC_NOT_FOUND;
        return address;
    }
    const BuiltinDll* dll = builtin_from_handle(handle);
    if (!dll) {
        last_error() = ERROR_MOD_NOT_FOUND;
        return nullptr;
    }
    // Our DLLs have no ordinal table (no documented stable ordinals to honour): not found.
    const Export* row = by_ordinal ? nullptr : find_export(*dll, name);
    if (!row) {
        // Programs probe for optional functions: a miss is an answer, not an error to report.
        last_error() = ERROR_PROC_NOT_FOUND;
        return nullptr;
    }
    return bind_procedure(dll->name, row);
}

WINAPI DWORD GetModuleFileNameA(void* module, char* buffer, DWORD size) {
    char scratch[300];
    const char* path = module_path(module, scratch, sizeof scratch);
    if (!path) {
        last_error() = ERROR_MOD_NOT_FOUND;
        return 0;
    }
    return copy_path(path, buffer, size);
}

WINAPI DWORD GetModuleFileNameW(void* module, WCHAR* buffer, DWORD size) {
    char scratch[300];
    const char* path = module_path(module, scratch, sizeof scratch);
    if (!path) {
        last_error() = ERROR_MOD_NOT_FOUND;
        return 0;
    }
    size_t units = utf8_to_utf16(path, strlen(path), nullptr, 0);
    if (!buffer || size == 0) {
        last_error() = ERROR_INSUFFICIENT_BUFFER;
        return 0;
    }
    if (units < size) {
        utf8_to_utf16(path, strlen(path), buffer, units);
        buffer[units] = 0;
        return static_cast<DWORD>(units);
    }
    auto* whole = static_cast<WCHAR*>(malloc((units + 1) * sizeof(WCHAR)));
    if (whole) {
        utf8_to_utf16(path, strlen(path), whole, units);
        memcpy(buffer, whole, (size - 1) * sizeof(WCHAR));
        free(whole);
    }
    buffer[size - 1] = 0;
    last_error() = ERROR_INSUFFICIENT_BUFFER;
    return size;
}

WINAPI BOOL DisableThreadLibraryCalls(void* handle) {
    PeModule* module = module_by_handle(handle);
    if (!module || !module->is_dll) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    module->thread_calls = false;
    return kTrue;
}

// The export table of this file (registry/registry.h).
WIN32_EXPORT_TABLE(kernel32_modules_exports,
    WIN32_EXPORT(GetModuleHandleA),
    WIN32_EXPORT(GetModuleHandleW),
    WIN32_EXPORT(GetModuleHandleExA),
    WIN32_EXPORT(GetModuleHandleExW),
    WIN32_EXPORT(LoadLibraryA),
    WIN32_EXPORT(LoadLibraryW),
    WIN32_EXPORT(LoadLibraryExA),
    WIN32_EXPORT(LoadLibraryExW),
    WIN32_EXPORT(FreeLibrary),
    WIN32_EXPORT(GetProcAddress),
    WIN32_EXPORT(GetModuleFileNameA),
    WIN32_EXPORT(GetModuleFileNameW),
    WIN32_EXPORT(DisableThreadLibraryCalls));

}  // namespace win32::kernel32
