#include "registry/registry.h"

#include "support/text.h"

namespace win32 {
namespace {

const BuiltinDll* const kAllDlls[] = {&kKernel32, &kNtdll, &kMsvcrt, &kUcrtbase, &kAdvapi32, &kUser32, &kVersion, &kSecur32, &kShell32};

// Windows resolves these names to the DLL that really implements them.
struct Alias {
    const char* prefix;   // matched case-insensitively against the start of the name
    const char* target;
};
constexpr Alias kAliases[] = {
    {"api-ms-win-crt-", "ucrtbase.dll"},
    // Before the api-ms-win-core- catch-all: Windows maps this set to kernelbase's copy of
    // version.dll's functions; ours live in version.dll.
    {"api-ms-win-core-version-", "version.dll"},
    {"api-ms-win-core-", "kernel32.dll"},
    {"api-ms-win-security-", "advapi32.dll"},
    {"kernelbase.dll", "kernel32.dll"},
    // GetUserNameEx and the SSPI live in sspicli.dll since Windows 7; secur32 forwards there.
    {"sspicli.dll", "secur32.dll"},
    {"msvcrt20.dll", "msvcrt.dll"},
    {"msvcrt40.dll", "msvcrt.dll"},
    {"ucrtbased.dll", "ucrtbase.dll"},
};

}  // namespace

const BuiltinDll* find_dll(const char* name) {
    if (name == nullptr) return nullptr;
    for (const Alias& alias : kAliases)
        if (starts_with_nocase(name, alias.prefix)) { name = alias.target; break; }
    for (const BuiltinDll* dll : kAllDlls) {
        if (equal_nocase(dll->name, name)) return dll;
        // "KERNEL32" without ".dll" (LoadLibrary/GetModuleHandle accept it).
        size_t length = strlen(name);
        if (length + 4 == strlen(dll->name) && starts_with_nocase(dll->name, name) &&
            equal_nocase(dll->name + length, ".dll"))
            return dll;
    }
    return nullptr;
}

// A linear scan over a few thousand rows per import; comparing the first byte inline skips
// the call for almost every row (this was most of the loader's time for a small program).
const Export* find_export(const BuiltinDll& dll, const char* function) {
    const char first = function[0];
    for (size_t t = 0; t < dll.table_count; ++t) {
        const ExportTable& table = *dll.tables[t];
        for (size_t i = 0; i < table.count; ++i) {
            const char* name = table.rows[i].name;
            if (name[0] == first && strcmp(name, function) == 0) return &table.rows[i];
        }
    }
    return nullptr;
}

const BuiltinDll* builtin_from_handle(const void* handle) {
    for (const BuiltinDll* dll : kAllDlls)
        if (dll == handle) return dll;
    return nullptr;
}

const Export* find_export_anywhere(const char* function) {
    for (const BuiltinDll* dll : kAllDlls)
        if (const Export* e = find_export(*dll, function)) return e;
    return nullptr;
}

}  // namespace win32
