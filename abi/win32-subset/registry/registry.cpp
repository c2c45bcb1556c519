#include "registry/registry.h"

#include <libos/libc.h>

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

// Open addressing over `const Export*`, first row wins (as the scan finds it).
struct ExportIndex {
    const Export** slots = nullptr;
    size_t mask = 0;   // slot count - 1 (a power of two)
};
constexpr size_t kDllCount = sizeof kAllDlls / sizeof kAllDlls[0];
constinit ExportIndex g_index[kDllCount];

uint64_t hash_name(const char* name) {
    uint64_t hash = 0xcbf29ce484222325ull;   // FNV-1a
    for (; *name; ++name) hash = (hash ^ static_cast<unsigned char>(*name)) * 0x100000001b3ull;
    return hash;
}

const ExportIndex* index_of(const BuiltinDll& dll) {
    for (size_t i = 0; i < kDllCount; ++i)
        if (kAllDlls[i] == &dll) return g_index[i].slots ? &g_index[i] : nullptr;
    return nullptr;
}

// The slot holding `function`, or the empty slot where it would go.
const Export** probe(const ExportIndex& index, const char* function) {
    for (size_t slot = hash_name(function) & index.mask;; slot = (slot + 1) & index.mask) {
        const Export** entry = &index.slots[slot];
        if (*entry == nullptr || strcmp((*entry)->name, function) == 0) return entry;
    }
}

}  // namespace

void build_export_index() {
    for (size_t i = 0; i < kDllCount; ++i) {
        const BuiltinDll& dll = *kAllDlls[i];
        size_t rows = 0;
        for (size_t t = 0; t < dll.table_count; ++t) rows += dll.tables[t]->count;
        size_t slots = 16;
        while (slots < 2 * rows) slots *= 2;   // at most half full: short probes
        auto* memory = static_cast<const Export**>(calloc(slots, sizeof(const Export*)));
        if (memory == nullptr) continue;       // that DLL keeps the scan
        ExportIndex index{memory, slots - 1};
        for (size_t t = 0; t < dll.table_count; ++t)
            for (size_t r = 0; r < dll.tables[t]->count; ++r) {
                const Export** entry = probe(index, dll.tables[t]->rows[r].name);
                if (*entry == nullptr) *entry = &dll.tables[t]->rows[r];
            }
        g_index[i] = index;
    }
}

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

// Without the index: a linear scan over a few thousand rows per import; comparing the first
// byte inline skips the call for almost every row.
const Export* find_export(const BuiltinDll& dll, const char* function) {
    if (const ExportIndex* index = index_of(dll)) return *probe(*index, function);
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
