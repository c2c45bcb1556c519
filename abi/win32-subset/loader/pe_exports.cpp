#include "loader/pe_exports.h"

#include <libos/format.h>
#include <libos/libc.h>

#include "loader/pe_loader.h"
#include "registry/registry.h"
#include "registry/thunks.h"
#include "support/text.h"

namespace win32 {
namespace {

// A chain of forwarders longer than this is a loop ("a.f" -> "b.f" -> "a.f").
constexpr int kMaxForwards = 16;
constinit int forward_depth = 0;

// The export directory, if the module has a sound one.
const pe::ExportDirectory* directory_of(const PeModule& module) {
    if (module.export_size < sizeof(pe::ExportDirectory)) return nullptr;
    uint64_t at = reinterpret_cast<uint64_t>(module.base) + module.export_rva;
    if (!module.contains(at, sizeof(pe::ExportDirectory))) return nullptr;
    const auto* dir = reinterpret_cast<const pe::ExportDirectory*>(at);
    uint64_t base = reinterpret_cast<uint64_t>(module.base);
    if (!module.contains(base + dir->AddressOfFunctions, uint64_t(dir->NumberOfFunctions) * 4) ||
        !module.contains(base + dir->AddressOfNames, uint64_t(dir->NumberOfNames) * 4) ||
        !module.contains(base + dir->AddressOfNameOrdinals, uint64_t(dir->NumberOfNames) * 2))
        return nullptr;
    return dir;
}

// NUL-terminated string at `rva` inside the module, or nullptr.
const char* string_at(const PeModule& module, uint32_t rva) {
    uint64_t at = reinterpret_cast<uint64_t>(module.base) + rva;
    if (!module.contains(at)) return nullptr;
    uint64_t end = reinterpret_cast<uint64_t>(module.base) + module.size;
    for (uint64_t p = at; p < end; ++p)
        if (*reinterpret_cast<const char*>(p) == 0) return reinterpret_cast<const char*>(at);
    return nullptr;
}

void* resolve(const PeModule& module, uint32_t index);

// "DLL.Function" or "DLL.#12": the DLL part names a built-in DLL or a program DLL (".dll"
// implied). Split at the last dot, as Windows' loader does.
void* follow_forwarder(const char* text) {
    const char* dot = nullptr;
    for (const char* p = text; *p; ++p)
        if (*p == '.') dot = p;
    if (!dot || dot == text || !dot[1]) return nullptr;
    char dll[128];
    size_t length = static_cast<size_t>(dot - text);
    if (length + 5 > sizeof dll) return nullptr;
    memcpy(dll, text, length);
    memcpy(dll + length, ".dll", 5);
    const char* function = dot + 1;
    bool by_ordinal = function[0] == '#';
    uint32_t ordinal = 0;
    if (by_ordinal)
        for (const char* p = function + 1; *p >= '0' && *p <= '9'; ++p) ordinal = ordinal * 10 + uint32_t(*p - '0');

    if (const BuiltinDll* builtin = find_dll(dll)) {
        // Our DLLs have no ordinal table: a forward by ordinal is an unimplemented import.
        const Export* row = by_ordinal ? nullptr : find_export(*builtin, function);
        return bind_import(builtin->name, function, row);
    }
    PeModule* target = load_dependency(dll);
    if (!target || forward_depth >= kMaxForwards) return nullptr;
    ++forward_depth;
    void* address = by_ordinal ? pe_export_by_ordinal(*target, ordinal) : pe_export_by_name(*target, function);
    --forward_depth;
    return address;
}

void* resolve(const PeModule& module, uint32_t index) {
    const pe::ExportDirectory* dir = directory_of(module);
    if (!dir || index >= dir->NumberOfFunctions) return nullptr;
    uint32_t rva = reinterpret_cast<const uint32_t*>(module.base + dir->AddressOfFunctions)[index];
    if (rva == 0 || !module.contains(reinterpret_cast<uint64_t>(module.base) + rva)) return nullptr;
    // An address inside the export directory is a forwarder string, not code.
    if (rva >= module.export_rva && rva - module.export_rva < module.export_size) {
        const char* text = string_at(module, rva);
        return text ? follow_forwarder(text) : nullptr;
    }
    return module.base + rva;
}

}  // namespace

void* pe_export_by_name(const PeModule& module, const char* name, uint32_t hint) {
    const pe::ExportDirectory* dir = directory_of(module);
    if (!dir || !name) return nullptr;
    const auto* names = reinterpret_cast<const uint32_t*>(module.base + dir->AddressOfNames);
    const auto* ordinals = reinterpret_cast<const uint16_t*>(module.base + dir->AddressOfNameOrdinals);
    auto name_at = [&](uint32_t i) { return string_at(module, names[i]); };
    if (hint < dir->NumberOfNames) {
        const char* candidate = name_at(hint);
        if (candidate && strcmp(candidate, name) == 0) return resolve(module, ordinals[hint]);
    }
    uint32_t low = 0, high = dir->NumberOfNames;
    while (low < high) {
        uint32_t middle = low + (high - low) / 2;
        const char* candidate = name_at(middle);
        if (!candidate) return nullptr;
        int order = strcmp(name, candidate);
        if (order == 0) return resolve(module, ordinals[middle]);
        if (order < 0) high = middle;
        else low = middle + 1;
    }
    return nullptr;
}

void* pe_export_by_ordinal(const PeModule& module, uint32_t ordinal) {
    const pe::ExportDirectory* dir = directory_of(module);
    if (!dir || ordinal < dir->Base) return nullptr;
    return resolve(module, ordinal - dir->Base);
}

}  // namespace win32
