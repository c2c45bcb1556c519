#include "image/pe_symbols.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "image/byte_reader.h"
#include "image/pe_layout.h"

namespace celda::image {
namespace {

using namespace pe_layout;

// Offsets and values from the PE/COFF specification (the structures are read field by field:
// COFF symbols are 18 bytes, packed; the shared header offsets: image/pe_layout.h).
constexpr std::uint64_t kRvaCountOffset = 108;      // PE32+ optional header: NumberOfRvaAndSizes
constexpr std::uint64_t kDataDirectoryOffset = 112;
constexpr std::uint64_t kSectionHeaderSize = 40;
constexpr std::uint64_t kSymbolSize = 18;
constexpr std::uint64_t kExportDirectorySize = 40;
constexpr std::uint32_t kScnCntCode = 0x00000020;
constexpr std::uint32_t kScnMemExecute = 0x20000000;
constexpr std::uint8_t kClassExternal = 2;
constexpr std::uint8_t kClassStatic = 3;
constexpr std::uint16_t kDerivedFunction = 2;       // (Type >> 4) & 3: DTYPE_FUNCTION
constexpr std::uint16_t kMaxSections = 96;          // the Windows loader's limit; bounds lookups

struct Section {
    std::uint32_t rva, size;         // in memory: [rva, rva + size)
    std::uint32_t file_offset, file_size;
    bool code;
};

struct Headers {
    std::uint64_t coff = 0;          // the file header
    std::uint32_t symbol_table = 0, symbol_count = 0;
    std::optional<std::pair<std::uint32_t, std::uint32_t>> exports;  // RVA, size
    std::vector<Section> sections;
};

std::optional<Headers> read_headers(const ByteReader& reader) {
    auto lfanew = reader.read<std::uint32_t>(kLfanewOffset);
    if (!lfanew || reader.read<std::uint32_t>(*lfanew) != kPeSignature) return std::nullopt;
    Headers h;
    h.coff = std::uint64_t{*lfanew} + 4;
    auto section_count = reader.read<std::uint16_t>(h.coff + kCoffSectionCount);
    auto symbol_table = reader.read<std::uint32_t>(h.coff + kCoffSymbolTable);
    auto symbol_count = reader.read<std::uint32_t>(h.coff + kCoffSymbolCount);
    auto optional_size = reader.read<std::uint16_t>(h.coff + kCoffOptionalSize);
    if (!section_count || !symbol_table || !symbol_count || !optional_size) return std::nullopt;
    h.symbol_table = *symbol_table;
    h.symbol_count = *symbol_count;
    const std::uint64_t optional = h.coff + kFileHeaderSize;
    if (reader.read<std::uint16_t>(optional) == kMagicPe32Plus && *optional_size >= kDataDirectoryOffset + 8) {
        auto rva_count = reader.read<std::uint32_t>(optional + kRvaCountOffset);
        auto rva = reader.read<std::uint32_t>(optional + kDataDirectoryOffset);
        auto size = reader.read<std::uint32_t>(optional + kDataDirectoryOffset + 4);
        if (rva_count && *rva_count > 0 && rva && size && *rva != 0 && *size != 0) h.exports = {{*rva, *size}};
    }
    const std::uint64_t first = optional + *optional_size;
    for (std::uint64_t i = 0; i < std::min(*section_count, kMaxSections); ++i) {
        const std::uint64_t at = first + i * kSectionHeaderSize;
        auto virtual_size = reader.read<std::uint32_t>(at + 8);
        auto rva = reader.read<std::uint32_t>(at + 12);
        auto raw_size = reader.read<std::uint32_t>(at + 16);
        auto raw_offset = reader.read<std::uint32_t>(at + 20);
        auto characteristics = reader.read<std::uint32_t>(at + 36);
        if (!virtual_size || !rva || !raw_size || !raw_offset || !characteristics) return std::nullopt;
        h.sections.push_back({*rva, *virtual_size != 0 ? *virtual_size : *raw_size, *raw_offset, *raw_size,
                              (*characteristics & (kScnCntCode | kScnMemExecute)) != 0});
    }
    return h;
}

// The section holding `rva`, or nullptr.
const Section* section_of(const Headers& h, std::uint64_t rva) {
    for (const Section& s : h.sections)
        if (rva >= s.rva && rva - s.rva < s.size) return &s;
    return nullptr;
}

// Each symbol covers up to the next one at a higher address, or the end of its section: an
// address in padding or data after a program's last function is not blamed on it.
SymbolTable sized(const Headers& h, std::vector<Symbol> symbols) {
    std::ranges::sort(symbols, {}, &Symbol::address);
    std::uint64_t next = UINT64_MAX;  // the nearest address above symbols[i]
    for (std::size_t i = symbols.size(); i-- > 0;) {
        if (i + 1 < symbols.size() && symbols[i + 1].address > symbols[i].address) next = symbols[i + 1].address;
        const Section* section = section_of(h, symbols[i].address);
        std::uint64_t end = section ? std::uint64_t{section->rva} + section->size : symbols[i].address + 1;
        symbols[i].size = std::min(end, next) - symbols[i].address;
    }
    return SymbolTable(std::move(symbols));
}

std::vector<Symbol> coff_symbols(const ByteReader& reader, const Headers& h) {
    std::vector<Symbol> symbols;
    if (h.symbol_table == 0 || h.symbol_count == 0) return symbols;
    const std::uint64_t table_size = std::uint64_t{h.symbol_count} * kSymbolSize;
    if (!reader.contains(h.symbol_table, table_size)) return symbols;
    // The string table follows the symbols: a 4-byte size (counting itself), then the names.
    const std::uint64_t strings = h.symbol_table + table_size;
    std::uint64_t strings_size = reader.read<std::uint32_t>(strings).value_or(0);
    if (!reader.contains(strings, strings_size)) strings_size = 0;
    for (std::uint64_t i = 0; i < h.symbol_count; ++i) {
        const std::uint64_t at = h.symbol_table + i * kSymbolSize;
        auto value = reader.read<std::uint32_t>(at + 8);
        auto section = reader.read<std::int16_t>(at + 12);
        auto type = reader.read<std::uint16_t>(at + 14);
        auto storage = reader.read<std::uint8_t>(at + 16);
        auto aux = reader.read<std::uint8_t>(at + 17);
        if (!value || !section || !type || !storage || !aux) break;
        i += *aux;  // auxiliary records follow their symbol
        if (*section <= 0 || static_cast<std::size_t>(*section) > h.sections.size()) continue;
        if (*storage != kClassExternal && *storage != kClassStatic) continue;
        const Section& in = h.sections[*section - 1];
        const bool function = ((*type >> 4) & 3) == kDerivedFunction;
        // Assembly routines carry no type: an external name in a code section is one too.
        if (!function && !(*storage == kClassExternal && in.code)) continue;
        std::string name;
        if (reader.read<std::uint32_t>(at) == 0u) {  // long name: offset into the string table
            std::uint32_t offset = reader.read<std::uint32_t>(at + 4).value_or(0);
            if (offset < 4 || offset >= strings_size) continue;
            auto text = reader.c_string(strings + offset, strings_size - offset);
            if (!text) continue;
            name = *text;
        } else {  // short name: up to 8 bytes, NUL-padded
            auto text = reader.c_string(at, 8);
            if (text) name = *text;
            else if (auto raw = reader.slice(at, 8)) name.assign(reinterpret_cast<const char*>(raw->data()), 8);
        }
        if (name.empty() || name[0] == '.') continue;  // section names, .text$x labels
        symbols.push_back({std::uint64_t{in.rva} + *value, 0, std::move(name)});
    }
    return symbols;
}

// The file bytes of [rva, rva + length), through the section that holds them.
std::optional<std::uint64_t> file_offset(const Headers& h, std::uint64_t rva, std::uint64_t length) {
    const Section* s = section_of(h, rva);
    if (!s || rva - s->rva > s->file_size || length > s->file_size - (rva - s->rva)) return std::nullopt;
    return std::uint64_t{s->file_offset} + (rva - s->rva);
}

std::vector<Symbol> export_symbols(const ByteReader& reader, const Headers& h) {
    std::vector<Symbol> symbols;
    if (!h.exports) return symbols;
    auto [directory_rva, directory_size] = *h.exports;
    auto directory = file_offset(h, directory_rva, kExportDirectorySize);
    if (!directory) return symbols;
    std::uint32_t function_count = reader.read<std::uint32_t>(*directory + 20).value_or(0);
    std::uint32_t name_count = reader.read<std::uint32_t>(*directory + 24).value_or(0);
    auto functions = file_offset(h, reader.read<std::uint32_t>(*directory + 28).value_or(0), function_count * 4ull);
    auto names = file_offset(h, reader.read<std::uint32_t>(*directory + 32).value_or(0), name_count * 4ull);
    auto ordinals = file_offset(h, reader.read<std::uint32_t>(*directory + 36).value_or(0), name_count * 2ull);
    if (!functions || !names || !ordinals) return symbols;
    for (std::uint64_t i = 0; i < name_count; ++i) {
        std::uint16_t index = reader.read<std::uint16_t>(*ordinals + i * 2).value_or(0xffff);
        if (index >= function_count) continue;
        std::uint32_t rva = reader.read<std::uint32_t>(*functions + index * 4ull).value_or(0);
        // A forwarder's "RVA" points at a "DLL.name" string inside the export directory.
        if (rva == 0 || (rva >= directory_rva && rva - directory_rva < directory_size)) continue;
        std::uint32_t name_rva = reader.read<std::uint32_t>(*names + i * 4).value_or(0);
        auto name_at = file_offset(h, name_rva, 1);
        if (!name_at) continue;
        const Section* s = section_of(h, name_rva);  // found: file_offset needed it
        auto name = reader.c_string(*name_at, std::uint64_t{s->file_offset} + s->file_size - *name_at);
        if (!name || name->empty()) continue;
        symbols.push_back({rva, 0, std::string(*name)});
    }
    return symbols;
}

}  // namespace

SymbolTable symbols_from_pe(std::span<const std::byte> file) {
    ByteReader reader(file);
    auto headers = read_headers(reader);
    if (!headers) return {};
    std::vector<Symbol> symbols = coff_symbols(reader, *headers);
    if (symbols.empty()) symbols = export_symbols(reader, *headers);
    return sized(*headers, std::move(symbols));
}

}  // namespace celda::image
