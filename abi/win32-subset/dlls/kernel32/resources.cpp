// Resources of the program's own module: FindResource(Ex), LoadResource, LockResource,
// SizeofResource, FreeResource, EnumResourceTypes/Names. As on Windows an HRSRC is the
// address of the IMAGE_RESOURCE_DATA_ENTRY and an HGLOBAL from LoadResource the address of
// the data inside the loaded image (read-only, valid for the process's life). Built-in DLLs
// carry no resources. The tree walk is loader/resource_tree.cpp (bounds-checked).
#include <libos/libc.h>

#include "loader/pe_loader.h"
#include "loader/resource_tree.h"
#include "process/process.h"
#include "process/thread.h"
#include "registry/registry.h"
#include "support/text.h"
#include "support/winabi.h"

namespace win32::kernel32 {
namespace {

// The resources behind a module handle: NULL is the program; a handle is the program's or a
// DLL's base (built-in DLLs have no resources).
ResourceTree tree_of(void* module) {
    const PeModule* owner = module ? module_by_handle(module) : main_module();
    if (!owner) return {};
    return resource_tree_of(*owner);
}

// An HRSRC we handed out: a data entry inside the program's resource directory.
const pe::ResourceDataEntry* data_entry(void* module, HANDLE resource) {
    ResourceTree tree = tree_of(module);
    uint64_t at = reinterpret_cast<uint64_t>(resource);
    uint64_t directory = reinterpret_cast<uint64_t>(tree.window.bytes) + tree.root_rva;
    if (tree.empty() || at < directory || at - directory > tree.size ||
        tree.size - (at - directory) < sizeof(pe::ResourceDataEntry) || at % 4 != 0)
        return nullptr;
    return reinterpret_cast<const pe::ResourceDataEntry*>(at);
}

// An A-function's type or name as UTF-16 (integers pass through); free with release().
const WCHAR* widen(const char* text) {
    if (reinterpret_cast<uintptr_t>(text) < 0x10000) return reinterpret_cast<const WCHAR*>(text);
    return to_wide(text);
}
void release(const WCHAR* text) {
    if (reinterpret_cast<uintptr_t>(text) >= 0x10000) free(const_cast<WCHAR*>(text));
}

HANDLE find(void* module, const WCHAR* type, const WCHAR* name, WORD language) {
    uint32_t error = 0;
    const pe::ResourceDataEntry* entry = tree_of(module).find(resource_id(type), resource_id(name), language, error);
    if (!entry) last_error() = error;
    return const_cast<pe::ResourceDataEntry*>(entry);
}

// An enumerated name for the callback: an integer id, or the name NUL-terminated (UTF-16 or,
// for the A functions, UTF-8) in `storage` (heap; the caller frees it).
const void* callback_name(const ResourceTree& tree, const pe::ResourceDirectoryEntry& entry, bool wide,
                          void*& storage) {
    storage = nullptr;
    if (!(entry.Name & 0x80000000)) return reinterpret_cast<const void*>(uintptr_t{entry.Name & 0xffff});
    uint32_t length = 0;
    const char16_t* name = tree.entry_name(entry, length);
    if (!name) return nullptr;
    if (wide) {
        auto* copy = static_cast<WCHAR*>(malloc((length + 1) * sizeof(WCHAR)));
        if (copy) memcpy(copy, name, length * sizeof(WCHAR)), copy[length] = 0;
        storage = copy;
    } else {
        size_t bytes = utf16_to_utf8(name, length, nullptr, 0);
        auto* copy = static_cast<char*>(malloc(bytes + 1));
        if (copy) utf16_to_utf8(name, length, copy, bytes), copy[bytes] = 0;
        storage = copy;
    }
    return storage;
}

using EnumTypesProc = BOOL(WINAPI*)(void* module, const void* type, intptr_t param);
using EnumNamesProc = BOOL(WINAPI*)(void* module, const void* type, const void* name, intptr_t param);

BOOL enum_types(void* module, EnumTypesProc proc, intptr_t param, bool wide) {
    ResourceTree tree = tree_of(module);
    uint32_t count = 0;
    const pe::ResourceDirectoryEntry* types = tree.empty() ? nullptr : tree.entries(0, count);
    if (!types || !proc) {
        last_error() = ERROR_RESOURCE_DATA_NOT_FOUND;
        return kFalse;
    }
    for (uint32_t i = 0; i < count; ++i) {
        void* storage = nullptr;
        const void* type = callback_name(tree, types[i], wide, storage);
        BOOL more = type ? proc(module, type, param) : kTrue;
        free(storage);
        if (!more) {
            last_error() = ERROR_RESOURCE_ENUM_USER_STOP;
            return kFalse;
        }
    }
    return kTrue;
}

BOOL enum_names(void* module, const void* type_as_given, const WCHAR* type, EnumNamesProc proc, intptr_t param,
                bool wide) {
    ResourceTree tree = tree_of(module);
    if (tree.empty() || !proc) {
        last_error() = ERROR_RESOURCE_DATA_NOT_FOUND;
        return kFalse;
    }
    const pe::ResourceDirectoryEntry* t = tree.find_entry(0, resource_id(type));
    uint32_t count = 0;
    const pe::ResourceDirectoryEntry* names =
        t && (t->OffsetToData & 0x80000000) ? tree.entries(t->OffsetToData & 0x7fffffff, count) : nullptr;
    if (!names) {
        last_error() = ERROR_RESOURCE_TYPE_NOT_FOUND;
        return kFalse;
    }
    for (uint32_t i = 0; i < count; ++i) {
        void* storage = nullptr;
        const void* name = callback_name(tree, names[i], wide, storage);
        BOOL more = name ? proc(module, type_as_given, name, param) : kTrue;
        free(storage);
        if (!more) {
            last_error() = ERROR_RESOURCE_ENUM_USER_STOP;
            return kFalse;
        }
    }
    return kTrue;
}

}  // namespace

// Note the argument order: FindResource takes the name first, FindResourceEx the type first.
WINAPI HANDLE FindResourceW(void* module, const WCHAR* name, const WCHAR* type) { return find(module, type, name, 0); }
WINAPI HANDLE FindResourceExW(void* module, const WCHAR* type, const WCHAR* name, WORD language) {
    return find(module, type, name, language);
}
WINAPI HANDLE FindResourceA(void* module, const char* name, const char* type) {
    const WCHAR *wide_name = widen(name), *wide_type = widen(type);
    HANDLE found = find(module, wide_type, wide_name, 0);
    release(wide_name), release(wide_type);
    return found;
}
WINAPI HANDLE FindResourceExA(void* module, const char* type, const char* name, WORD language) {
    const WCHAR *wide_name = widen(name), *wide_type = widen(type);
    HANDLE found = find(module, wide_type, wide_name, language);
    release(wide_name), release(wide_type);
    return found;
}

WINAPI HANDLE LoadResource(void* module, HANDLE resource) {
    const pe::ResourceDataEntry* entry = data_entry(module, resource);
    const uint8_t* data = entry ? tree_of(module).data(*entry) : nullptr;
    if (!data) last_error() = ERROR_INVALID_HANDLE;
    return const_cast<uint8_t*>(data);
}
WINAPI void* LockResource(HANDLE loaded) { return loaded; }
WINAPI DWORD SizeofResource(void* module, HANDLE resource) {
    const pe::ResourceDataEntry* entry = data_entry(module, resource);
    if (!entry) last_error() = ERROR_INVALID_HANDLE;
    return entry ? entry->Size : 0;
}
// Obsolete since Win32 (resources live as long as their module): zero means success.
WINAPI BOOL FreeResource(HANDLE) { return kFalse; }

// The enumerations call the program back: exported through PROGRAM_ENTRY (ntdll/context.S),
// which records the caller's state so a C++ exception thrown by the callback unwinds past our
// frames into the program's (as on Windows, where kernel32's frames have unwind data).
extern "C" WINAPI BOOL win32_k32_EnumResourceTypesW(void* module, EnumTypesProc proc, intptr_t param) {
    return enum_types(module, proc, param, true);
}
extern "C" WINAPI BOOL win32_k32_EnumResourceTypesA(void* module, EnumTypesProc proc, intptr_t param) {
    return enum_types(module, proc, param, false);
}
extern "C" WINAPI BOOL win32_k32_EnumResourceNamesW(void* module, const WCHAR* type, EnumNamesProc proc,
                                                    intptr_t param) {
    return enum_names(module, type, type, proc, param, true);
}
extern "C" WINAPI BOOL win32_k32_EnumResourceNamesA(void* module, const char* type, EnumNamesProc proc,
                                                    intptr_t param) {
    const WCHAR* wide_type = widen(type);
    BOOL result = enum_names(module, type, wide_type, proc, param, false);
    release(wide_type);
    return result;
}
extern "C" void win32_entry_EnumResourceTypesA();
extern "C" void win32_entry_EnumResourceTypesW();
extern "C" void win32_entry_EnumResourceNamesA();
extern "C" void win32_entry_EnumResourceNamesW();

WIN32_EXPORT_TABLE(kernel32_resources_exports,
    WIN32_EXPORT(FindResourceA),
    WIN32_EXPORT(FindResourceW),
    WIN32_EXPORT(FindResourceExA),
    WIN32_EXPORT(FindResourceExW),
    WIN32_EXPORT(LoadResource),
    WIN32_EXPORT(LockResource),
    WIN32_EXPORT(SizeofResource),
    WIN32_EXPORT(FreeResource),
    ::win32::Export{"EnumResourceTypesA", reinterpret_cast<void*>(&win32_entry_EnumResourceTypesA), kExportNoRelay},
    ::win32::Export{"EnumResourceTypesW", reinterpret_cast<void*>(&win32_entry_EnumResourceTypesW), kExportNoRelay},
    ::win32::Export{"EnumResourceNamesA", reinterpret_cast<void*>(&win32_entry_EnumResourceNamesA), kExportNoRelay},
    ::win32::Export{"EnumResourceNamesW", reinterpret_cast<void*>(&win32_entry_EnumResourceNamesW), kExportNoRelay});

}  // namespace win32::kernel32
