#include "image/symbols.h"

#include <cxxabi.h>
#include <elf.h>

#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <memory>

#include "image/byte_reader.h"

namespace celda::image {

SymbolTable::SymbolTable(std::vector<Symbol> symbols) : symbols_(std::move(symbols)) {
    std::ranges::sort(symbols_, {}, &Symbol::address);
}

std::string demangle(const std::string& name) {
    if (!name.starts_with("_Z")) return name;
    int status = 0;
    std::unique_ptr<char, decltype(&std::free)> out(
        abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status), &std::free);
    return status == 0 && out ? std::string(out.get()) : name;
}

SymbolTable SymbolTable::from_elf(std::span<const std::byte> file) {
    ByteReader reader(file);
    auto ehdr = reader.read<Elf64_Ehdr>(0);
    if (!ehdr || ehdr->e_shentsize != sizeof(Elf64_Shdr)) return {};
    std::vector<Symbol> symbols;
    for (std::uint64_t i = 0; i < ehdr->e_shnum; ++i) {
        auto symtab = reader.read<Elf64_Shdr>(ehdr->e_shoff + i * sizeof(Elf64_Shdr));
        if (!symtab || symtab->sh_type != SHT_SYMTAB || symtab->sh_entsize != sizeof(Elf64_Sym)) continue;
        if (symtab->sh_link >= ehdr->e_shnum) continue;
        auto strtab = reader.read<Elf64_Shdr>(ehdr->e_shoff + symtab->sh_link * std::uint64_t{sizeof(Elf64_Shdr)});
        if (!strtab || !reader.contains(strtab->sh_offset, strtab->sh_size)) continue;
        std::uint64_t count = symtab->sh_size / sizeof(Elf64_Sym);
        for (std::uint64_t s = 0; s < count; ++s) {
            auto sym = reader.read<Elf64_Sym>(symtab->sh_offset + s * sizeof(Elf64_Sym));
            if (!sym) break;
            unsigned type = ELF64_ST_TYPE(sym->st_info);
            if ((type != STT_FUNC && type != STT_OBJECT) || sym->st_shndx == SHN_UNDEF) continue;
            if (sym->st_name >= strtab->sh_size) continue;
            auto name = reader.c_string(strtab->sh_offset + sym->st_name,
                                        strtab->sh_size - sym->st_name);
            if (!name || name->empty()) continue;
            symbols.push_back({sym->st_value, sym->st_size, std::string(*name)});
        }
    }
    return SymbolTable(std::move(symbols));
}

SymbolTable SymbolTable::lazy(std::span<const std::byte> file, Parser parser) {
    SymbolTable table;
    table.pending_ = file;
    table.parser_ = parser;
    return table;
}

const std::vector<Symbol>& SymbolTable::parsed() const {
    if (!pending_.empty()) {
        std::span<const std::byte> file = pending_;
        pending_ = {};
        symbols_ = parser_(file).symbols_;
    }
    return symbols_;
}

const Symbol* SymbolTable::find(std::uint64_t address) const {
    const std::vector<Symbol>& symbols = parsed();
    // The nearest symbol starting at or before `address` whose extent covers it; a symbol of
    // unknown size (0) covers up to the next symbol.
    auto after = std::ranges::upper_bound(symbols, address, {}, &Symbol::address);
    const Symbol* unsized = nullptr;
    for (auto it = after; it != symbols.begin();) {
        --it;
        if (it->size != 0 && address - it->address < it->size) return &*it;
        if (it->size == 0 && !unsized && after == std::next(it)) unsized = &*it;
        if (address - it->address > (1u << 20)) break;  // far away: stop looking
    }
    return unsized;
}

std::optional<std::string> SymbolTable::describe(std::uint64_t address, std::uint64_t lookup_address) const {
    const Symbol* symbol = find(lookup_address);
    if (!symbol || address < symbol->address) return std::nullopt;
    char offset[32];
    std::snprintf(offset, sizeof offset, "+0x%llx", static_cast<unsigned long long>(address - symbol->address));
    return demangle(symbol->name) + offset;  // demangled only when a report needs it
}

}  // namespace celda::image
