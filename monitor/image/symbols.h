// The guest image's symbol table, for turning crash addresses into `name+0xoff`. Built from
// .symtab in the parent (the child never symbolizes); addresses are image-relative (guest
// address minus the load bias). Names are demangled only when a report prints them: demangling
// every symbol up front cost more than the rest of `celda run hello` together. Likewise the
// table itself is parsed only when a report first asks for a symbol (lazy_from_elf): most runs
// end without one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace celda::image {

struct Symbol {
    std::uint64_t address;  // image-relative
    std::uint64_t size;     // 0 = unknown: covers up to the next symbol
    std::string name;       // as in the file (mangled); describe() demangles
};

class SymbolTable {
public:
    SymbolTable() = default;
    explicit SymbolTable(std::vector<Symbol> symbols);

    // Parses the ELF64 section headers and .symtab of `file`; anything malformed yields fewer
    // (or no) symbols rather than an error: symbols only make reports nicer.
    static SymbolTable from_elf(std::span<const std::byte> file);
    // The same, parsed on first use; `file` must outlive the table (the image's mapped file).
    // Parsing needs only memory (malloc), no file access: it works under the kvm main thread's
    // seccomp filter.
    static SymbolTable lazy_from_elf(std::span<const std::byte> file) { return lazy(file, &from_elf); }
    // Any parser, run on first use (image/pe_symbols.h parses a Windows program this way).
    using Parser = SymbolTable (*)(std::span<const std::byte> file);
    static SymbolTable lazy(std::span<const std::byte> file, Parser parser);

    // The symbol covering an image-relative address, or nullptr.
    const Symbol* find(std::uint64_t address) const;
    // "name+0x14" for an image-relative address, or nullopt if no symbol covers it. For a
    // return address pass lookup_address = address - 1: the call, not what follows it.
    std::optional<std::string> describe(std::uint64_t address) const { return describe(address, address); }
    std::optional<std::string> describe(std::uint64_t address, std::uint64_t lookup_address) const;
    std::size_t size() const { return parsed().size(); }

private:
    const std::vector<Symbol>& parsed() const;

    mutable std::vector<Symbol> symbols_;  // sorted by address
    mutable std::span<const std::byte> pending_;  // not parsed yet (lazy)
    Parser parser_ = nullptr;
};

// abi::__cxa_demangle, or the name unchanged if it is not a mangled C++ name.
std::string demangle(const std::string& name);

}  // namespace celda::image
