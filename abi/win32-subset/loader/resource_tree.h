// A PE resource tree (type -> name -> language -> data), read through a bounds-checked window
// of RVAs: the loaded program (FindResource, LoadString) or the bytes of a .exe file that is
// not loaded (version.dll's GetFileVersionInfo on a file). Resource data is program data,
// untrusted: every offset is checked, a bad entry is "not found", never a read out of range.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "loader/pe_format.h"
#include "loader/pe_loader.h"

namespace win32 {

// RVAs [first_rva, first_rva + size) at `bytes`.
struct RvaWindow {
    const uint8_t* bytes = nullptr;
    uint32_t first_rva = 0;
    uint32_t size = 0;

    // The bytes at [rva, rva + length), or nullptr when they are not all inside the window.
    const uint8_t* at(uint64_t rva, uint64_t length) const {
        if (rva < first_rva || rva - first_rva > size || length > size - (rva - first_rva)) return nullptr;
        return bytes + (rva - first_rva);
    }
};

// A resource identifier as Windows passes it: an integer (MAKEINTRESOURCE, < 0x10000) or a
// name (UTF-16, matched case-insensitively; "#123" means the integer 123).
struct ResourceId {
    uint32_t id = 0;                   // when name == nullptr
    const char16_t* name = nullptr;
};
ResourceId resource_id(const char16_t* wide_or_int);

struct ResourceTree {
    RvaWindow window;
    uint32_t root_rva = 0;             // the resource directory (names' offsets count from here)
    uint32_t size = 0;

    bool empty() const { return size == 0; }

    // The entry for `id` in the directory at `directory_offset` (from the root), or nullptr.
    const pe::ResourceDirectoryEntry* find_entry(uint32_t directory_offset, ResourceId id) const;
    // The data entry for type/name in `language` (0: neutral first, then en-US, then any; else
    // that language, then the same primary language). `error` gets the Windows reason on a miss.
    const pe::ResourceDataEntry* find(ResourceId type, ResourceId name, uint16_t language, uint32_t& error) const;
    // The bytes a data entry describes, or nullptr.
    const uint8_t* data(const pe::ResourceDataEntry& entry) const { return window.at(entry.OffsetToData, entry.Size); }

    // The entries of the directory at `directory_offset` (0 = the types) and their `count`,
    // for enumeration; nullptr (count 0) when the directory is out of range or misaligned.
    const pe::ResourceDirectoryEntry* entries(uint32_t directory_offset, uint32_t& count) const;
    // The UTF-16 name of an entry whose Name has the high bit (length in units), or nullptr.
    const char16_t* entry_name(const pe::ResourceDirectoryEntry& entry, uint32_t& length) const;
};

// The loaded program's resources (an empty tree when it has none).
ResourceTree resource_tree_of(const PeModule& module);
// The resources of a PE file's bytes, without loading it; false if it is not a PE32+ file
// (`error`: ERROR_BAD_EXE_FORMAT) or has no resources (ERROR_RESOURCE_DATA_NOT_FOUND).
bool resource_tree_of_file(const uint8_t* file, size_t size, ResourceTree& tree, uint32_t& error);

}  // namespace win32
