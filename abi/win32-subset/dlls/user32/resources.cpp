// LoadString: string tables live in RT_STRING (6) resources, 16 strings per block, block id
// = string id / 16 + 1, each string a length-prefixed UTF-16 run. Every offset is checked
// against the image (the resource section is program data, untrusted).
#include <libos/libc.h>

#include "loader/pe_loader.h"
#include "process/thread.h"
#include "support/text.h"
#include "support/winabi.h"

namespace win32::user32 {
namespace {

const pe::ResourceDirectoryEntry* find_entry(const PeModule& m, uint32_t directory_offset, uint32_t id) {
    uint64_t base = reinterpret_cast<uint64_t>(m.base) + m.resource_rva;
    if (directory_offset >= m.resource_size || !m.contains(base + directory_offset, sizeof(pe::ResourceDirectory)))
        return nullptr;
    const auto* dir = reinterpret_cast<const pe::ResourceDirectory*>(base + directory_offset);
    uint32_t count = uint32_t(dir->NumberOfNamedEntries) + dir->NumberOfIdEntries;
    uint64_t entries = base + directory_offset + sizeof(pe::ResourceDirectory);
    if (!m.contains(entries, uint64_t(count) * sizeof(pe::ResourceDirectoryEntry))) return nullptr;
    const auto* e = reinterpret_cast<const pe::ResourceDirectoryEntry*>(entries);
    for (uint32_t i = 0; i < count; ++i)
        if (!(e[i].Name & 0x80000000) && (id == 0xffffffff || e[i].Name == id)) return &e[i];
    return nullptr;
}

// The UTF-16 text of string `id` (length in units), or nullptr.
const WCHAR* find_string(UINT id, uint32_t& length) {
    const PeModule* m = main_module();
    if (!m || m->resource_size == 0) return nullptr;
    const auto* type = find_entry(*m, 0, 6);
    if (!type || !(type->OffsetToData & 0x80000000)) return nullptr;
    const auto* name = find_entry(*m, type->OffsetToData & 0x7fffffff, id / 16 + 1);
    if (!name || !(name->OffsetToData & 0x80000000)) return nullptr;
    const auto* language = find_entry(*m, name->OffsetToData & 0x7fffffff, 0xffffffff);   // any language
    if (!language || (language->OffsetToData & 0x80000000)) return nullptr;
    uint64_t data_entry = reinterpret_cast<uint64_t>(m->base) + m->resource_rva + language->OffsetToData;
    if (!m->contains(data_entry, sizeof(pe::ResourceDataEntry))) return nullptr;
    const auto* data = reinterpret_cast<const pe::ResourceDataEntry*>(data_entry);
    uint64_t at = reinterpret_cast<uint64_t>(m->base) + data->OffsetToData;
    uint64_t end = at + data->Size;
    if (!m->contains(at, data->Size)) return nullptr;
    for (UINT i = 0; i <= id % 16; ++i) {
        if (at + 2 > end) return nullptr;
        length = *reinterpret_cast<const uint16_t*>(at);
        if (at + 2 + uint64_t(length) * 2 > end) return nullptr;
        if (i == id % 16) return reinterpret_cast<const WCHAR*>(at + 2);
        at += 2 + uint64_t(length) * 2;
    }
    return nullptr;
}

}  // namespace

WINAPI int LoadStringW(void*, UINT id, WCHAR* buffer, int size) {
    uint32_t length = 0;
    const WCHAR* text = find_string(id, length);
    if (!text || length == 0) {
        last_error() = ERROR_RESOURCE_NAME_NOT_FOUND;
        if (buffer && size > 0) buffer[0] = 0;
        return 0;
    }
    if (size == 0) {   // a read-only pointer to the resource itself
        *reinterpret_cast<const WCHAR**>(buffer) = text;
        return static_cast<int>(length);
    }
    uint32_t n = length < static_cast<uint32_t>(size - 1) ? length : static_cast<uint32_t>(size - 1);
    memcpy(buffer, text, n * sizeof(WCHAR));
    buffer[n] = 0;
    return static_cast<int>(n);
}

WINAPI int LoadStringA(void*, UINT id, char* buffer, int size) {
    uint32_t length = 0;
    const WCHAR* text = find_string(id, length);
    if (!buffer || size <= 0) return 0;
    if (!text || length == 0) {
        last_error() = ERROR_RESOURCE_NAME_NOT_FOUND;
        buffer[0] = 0;
        return 0;
    }
    size_t n = utf16_to_utf8(text, length, buffer, static_cast<size_t>(size - 1));
    if (n > static_cast<size_t>(size - 1)) n = static_cast<size_t>(size - 1);
    buffer[n] = 0;
    return static_cast<int>(n);
}

}  // namespace win32::user32
