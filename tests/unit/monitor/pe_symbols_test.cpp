// Symbols of a Windows program for crash reports (image/pe_symbols.h), on a small synthetic
// PE32+ (pe_builder.h) and on truncated and corrupted variants of it. The .exe is untrusted
// input: this file is built with AddressSanitizer and UBSan (unit.monitor_parsers), so a read
// out of bounds fails the test rather than going unnoticed.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "image/pe_symbols.h"
#include "pe_builder.h"

using namespace celda::test_pe;
using celda::image::SymbolTable;
using celda::image::symbols_from_pe;

namespace {

std::string name_at(const SymbolTable& table, std::uint64_t rva) { return table.describe(rva).value_or("(none)"); }

}  // namespace

TEST_CASE("PE symbols: COFF function symbols, RVA = section VirtualAddress + Value") {
    PeBuilder pe;
    pe.coff_symbols();
    pe.exports();  // present too, but the COFF table wins: it names static functions as well
    SymbolTable table = symbols_from_pe(pe.bytes);
    CHECK(table.size() == 4);
    CHECK(name_at(table, kTextRva + 0x10) == "main+0x0");
    CHECK(name_at(table, kTextRva + 0x1c) == "main+0xc");
    CHECK(name_at(table, kTextRva + 0x85) == "crash_here_with_a_long_name+0x5");
    CHECK(name_at(table, kTextRva + 0x94) == "crash_here()+0x4");
    CHECK(name_at(table, kTextRva + 0x1ff) == "asm_func+0xff");
    CHECK(name_at(table, kTextRva + 0x200) == "(none)");  // past the end of .text
    CHECK(name_at(table, kTextRva + 0x8) == "(none)");    // before the first function
    CHECK(name_at(table, kEdataRva + 0x10) == "(none)");  // data_thing is not a function
}

TEST_CASE("PE symbols: a stripped program is named by its export directory") {
    PeBuilder pe;
    pe.exports();
    SymbolTable table = symbols_from_pe(pe.bytes);
    CHECK(table.size() == 2);  // the forwarder names no code in this file
    CHECK(name_at(table, kTextRva + 0x4) == "exported_a+0x4");
    CHECK(name_at(table, kTextRva + 0x44) == "exported_b+0x4");
    CHECK(name_at(table, kTextRva + 0x200) == "(none)");

    PeBuilder bare;  // neither: no names, no error
    CHECK(symbols_from_pe(bare.bytes).size() == 0);
}

TEST_CASE("PE symbols: truncated and corrupt tables give fewer names, never a bad read") {
    PeBuilder pe;
    pe.coff_symbols();
    pe.exports();
    const std::vector<std::byte> whole = pe.bytes;

    SUBCASE("every truncation") {
        for (std::size_t length = 0; length < whole.size(); ++length) {
            std::vector<std::byte> cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(length));
            SymbolTable table = symbols_from_pe(cut);
            CHECK(table.size() <= 4);
        }
    }
    SUBCASE("every byte overwritten with 0xff and 0x80") {
        for (std::uint8_t value : {std::uint8_t{0xff}, std::uint8_t{0x80}})
            for (std::size_t at = 0; at < whole.size(); ++at) {
                std::vector<std::byte> bad = whole;
                bad[at] = std::byte{value};
                (void)symbols_from_pe(bad).describe(kTextRva + 0x20);
            }
    }
    SUBCASE("a symbol table past the end of the file: the exports are used") {
        pe.put32(kCoff + 8, 0xfffffff0);
        CHECK(name_at(symbols_from_pe(pe.bytes), kTextRva + 0x44) == "exported_b+0x4");
    }
    SUBCASE("a symbol count that overruns the file: the exports are used") {
        pe.put32(kCoff + 12, 0xffffffff);
        CHECK(name_at(symbols_from_pe(pe.bytes), kTextRva + 0x44) == "exported_b+0x4");
    }
    SUBCASE("a string table size past the end: long names are dropped, short ones kept") {
        pe.put32(kSymbols + pe.symbol_count * 18, 0x7fffffff);
        SymbolTable table = symbols_from_pe(pe.bytes);
        CHECK(name_at(table, kTextRva + 0x10) == "main+0x0");
        CHECK(name_at(table, kTextRva + 0x85) == "main+0x75");  // its long-named neighbour is gone
    }
    SUBCASE("a long name's offset outside the string table: that symbol is dropped") {
        pe.put32(kSymbols + 5 * 18 + 4, 0x10000);  // crash_here_with_a_long_name
        SymbolTable table = symbols_from_pe(pe.bytes);
        CHECK(table.size() == 3);
    }
    SUBCASE("a section number beyond the section table: dropped") {
        pe.put16(kSymbols + 4 * 18 + 12, 7);  // main
        CHECK(name_at(symbols_from_pe(pe.bytes), kTextRva + 0x10) == "(none)");
    }
    SUBCASE("an aux count running off the table ends the walk") {
        pe.put8(kSymbols + 4 * 18 + 17, 0xff);  // main claims 255 aux records
        SymbolTable table = symbols_from_pe(pe.bytes);
        CHECK(table.size() == 1);  // only main itself was read
    }
    SUBCASE("export tables out of bounds") {
        PeBuilder stripped;
        stripped.exports();
        stripped.put32(kEdata + 24, 0x40000000);  // names: far more than the section holds
        CHECK(symbols_from_pe(stripped.bytes).size() == 0);
        PeBuilder ordinal;
        ordinal.exports();
        ordinal.put16(kEdata + 0x60, 9);  // ordinal index beyond the function table
        CHECK(symbols_from_pe(ordinal.bytes).size() == 1);
        PeBuilder name;
        name.exports();
        name.put32(kEdata + 0x54, 0x900000);  // a name RVA in no section
        CHECK(symbols_from_pe(name.bytes).size() == 1);
    }
}

TEST_CASE("PE symbols are parsed lazily, on the first lookup") {
    static int parses = 0;
    SymbolTable::Parser counting = [](std::span<const std::byte> file) {
        ++parses;
        return symbols_from_pe(file);
    };
    PeBuilder pe;
    pe.coff_symbols();
    SymbolTable table = SymbolTable::lazy(pe.bytes, counting);
    CHECK(parses == 0);
    CHECK(name_at(table, kTextRva + 0x12) == "main+0x2");
    CHECK(name_at(table, kTextRva + 0x13) == "main+0x3");
    CHECK(parses == 1);
}
