#include "loader/resource_tree.h"

#include <libos/libc.h>

#include "support/winabi.h"

namespace win32 {
namespace {

template <typename T>
bool load(const uint8_t* bytes, size_t size, uint64_t offset, T& out) {
    if (offset > size || sizeof(T) > size - offset) return false;
    memcpy(&out, bytes + offset, sizeof(T));
    return true;
}

char16_t upper(char16_t c) { return c >= u'a' && c <= u'z' ? static_cast<char16_t>(c - 32) : c; }

constexpr uint16_t kLangEnglishUs = 0x409;

}  // namespace

ResourceId resource_id(const char16_t* wide_or_int) {
    uintptr_t value = reinterpret_cast<uintptr_t>(wide_or_int);
    if (value < 0x10000) return {static_cast<uint32_t>(value), nullptr};
    if (wide_or_int[0] == u'#') {  // "#123": the integer id 123
        uint32_t id = 0;
        const char16_t* p = wide_or_int + 1;
        for (; *p >= u'0' && *p <= u'9' && id < 0x10000; ++p) id = id * 10 + (*p - u'0');
        if (*p == 0 && p != wide_or_int + 1 && id < 0x10000) return {id, nullptr};
    }
    return {0, wide_or_int};
}

const pe::ResourceDirectoryEntry* ResourceTree::entries(uint32_t directory_offset, uint32_t& count) const {
    count = 0;
    if (directory_offset >= size) return nullptr;
    const uint8_t* header = window.at(uint64_t{root_rva} + directory_offset, sizeof(pe::ResourceDirectory));
    if (!header) return nullptr;
    pe::ResourceDirectory directory;
    memcpy(&directory, header, sizeof directory);
    uint32_t n = uint32_t(directory.NumberOfNamedEntries) + directory.NumberOfIdEntries;
    uint64_t first = uint64_t{root_rva} + directory_offset + sizeof(pe::ResourceDirectory);
    const uint8_t* at = window.at(first, uint64_t{n} * sizeof(pe::ResourceDirectoryEntry));
    if (!at || reinterpret_cast<uintptr_t>(at) % alignof(pe::ResourceDirectoryEntry) != 0) return nullptr;
    count = n;
    return reinterpret_cast<const pe::ResourceDirectoryEntry*>(at);
}

const char16_t* ResourceTree::entry_name(const pe::ResourceDirectoryEntry& entry, uint32_t& length) const {
    if (!(entry.Name & 0x80000000)) return nullptr;
    uint64_t at = uint64_t{root_rva} + (entry.Name & 0x7fffffff);
    const uint8_t* header = window.at(at, 2);
    if (!header || reinterpret_cast<uintptr_t>(header) % 2 != 0) return nullptr;
    uint16_t units;
    memcpy(&units, header, 2);
    if (!window.at(at + 2, uint64_t{units} * 2)) return nullptr;
    length = units;
    return reinterpret_cast<const char16_t*>(header + 2);
}

const pe::ResourceDirectoryEntry* ResourceTree::find_entry(uint32_t directory_offset, ResourceId id) const {
    uint32_t count = 0;
    const pe::ResourceDirectoryEntry* e = entries(directory_offset, count);
    for (uint32_t i = 0; i < count; ++i) {
        if (!id.name) {
            if (!(e[i].Name & 0x80000000) && e[i].Name == id.id) return &e[i];
            continue;
        }
        uint32_t length = 0;
        const char16_t* name = entry_name(e[i], length);
        if (!name) continue;
        // Resource compilers store names upper-cased; Windows compares case-insensitively.
        uint32_t k = 0;
        while (k < length && id.name[k] && upper(id.name[k]) == upper(name[k])) ++k;
        if (k == length && id.name[k] == 0) return &e[i];
    }
    return nullptr;
}

const pe::ResourceDataEntry* ResourceTree::find(ResourceId type, ResourceId name, uint16_t language,
                                                uint32_t& error) const {
    if (empty()) return error = ERROR_RESOURCE_DATA_NOT_FOUND, nullptr;
    const pe::ResourceDirectoryEntry* t = find_entry(0, type);
    if (!t || !(t->OffsetToData & 0x80000000)) return error = ERROR_RESOURCE_TYPE_NOT_FOUND, nullptr;
    const pe::ResourceDirectoryEntry* n = find_entry(t->OffsetToData & 0x7fffffff, name);
    if (!n || !(n->OffsetToData & 0x80000000)) return error = ERROR_RESOURCE_NAME_NOT_FOUND, nullptr;
    uint32_t count = 0;
    const pe::ResourceDirectoryEntry* langs = entries(n->OffsetToData & 0x7fffffff, count);
    const pe::ResourceDirectoryEntry* chosen = nullptr;
    auto pick = [&](auto matches) {
        for (uint32_t i = 0; i < count && !chosen; ++i)
            if (!(langs[i].Name & 0x80000000) && !(langs[i].OffsetToData & 0x80000000) && matches(langs[i].Name))
                chosen = &langs[i];
    };
    if (language == 0) {
        // FindResource: the neutral resource, else the user's language (en-US here), else any.
        pick([](uint32_t l) { return l == 0; });
        pick([](uint32_t l) { return l == kLangEnglishUs; });
        pick([](uint32_t) { return true; });
    } else {
        pick([&](uint32_t l) { return l == language; });
        pick([&](uint32_t l) { return (l & 0x3ff) == (language & 0x3ffu); });  // same primary language
    }
    if (!chosen) return error = count ? ERROR_RESOURCE_LANG_NOT_FOUND : ERROR_RESOURCE_NAME_NOT_FOUND, nullptr;
    const uint8_t* at = window.at(uint64_t{root_rva} + chosen->OffsetToData, sizeof(pe::ResourceDataEntry));
    if (!at || chosen->OffsetToData >= size || reinterpret_cast<uintptr_t>(at) % 4 != 0)
        return error = ERROR_RESOURCE_DATA_NOT_FOUND, nullptr;
    const auto* data = reinterpret_cast<const pe::ResourceDataEntry*>(at);
    if (!window.at(data->OffsetToData, data->Size)) return error = ERROR_RESOURCE_DATA_NOT_FOUND, nullptr;
    return data;
}

ResourceTree resource_tree_of(const PeModule& module) {
    ResourceTree tree;
    if (module.resource_size == 0 || module.resource_rva >= module.size ||
        module.resource_size > module.size - module.resource_rva)
        return tree;
    tree.window = {module.base, 0, static_cast<uint32_t>(module.size)};
    tree.root_rva = module.resource_rva;
    tree.size = module.resource_size;
    return tree;
}

bool resource_tree_of_file(const uint8_t* file, size_t size, ResourceTree& tree, uint32_t& error) {
    tree = {};
    error = ERROR_BAD_EXE_FORMAT;
    pe::DosHeader dos;
    pe::NtHeaders64 nt;
    if (!load(file, size, 0, dos) || dos.e_magic != pe::kDosMagic) return false;
    if (!load(file, size, dos.e_lfanew, nt) || nt.Signature != pe::kNtSignature ||
        nt.OptionalHeader.Magic != pe::kOptionalMagicPe32Plus)
        return false;
    error = ERROR_RESOURCE_DATA_NOT_FOUND;
    if (nt.OptionalHeader.NumberOfRvaAndSizes <= pe::kDirResource) return false;
    const pe::DataDirectory resources = nt.OptionalHeader.DataDirectory[pe::kDirResource];
    if (resources.VirtualAddress == 0 || resources.Size == 0) return false;
    uint64_t sections = uint64_t{dos.e_lfanew} + 4 + sizeof(pe::FileHeader) + nt.FileHeader.SizeOfOptionalHeader;
    for (uint32_t i = 0; i < nt.FileHeader.NumberOfSections; ++i) {
        pe::SectionHeader s;
        if (!load(file, size, sections + uint64_t{i} * sizeof s, s)) return false;
        uint64_t extent = s.VirtualSize > s.SizeOfRawData ? s.VirtualSize : s.SizeOfRawData;
        if (resources.VirtualAddress < s.VirtualAddress || resources.VirtualAddress - s.VirtualAddress >= extent) continue;
        // The window is the section's bytes in the file: what lies past its raw data (zeros
        // in memory) is not needed by any well-formed resource.
        if (s.PointerToRawData >= size) return false;
        uint64_t raw = s.SizeOfRawData < size - s.PointerToRawData ? s.SizeOfRawData : size - s.PointerToRawData;
        tree.window = {file + s.PointerToRawData, s.VirtualAddress, static_cast<uint32_t>(raw)};
        tree.root_rva = resources.VirtualAddress;
        tree.size = resources.Size;
        return true;
    }
    return false;
}

}  // namespace win32
