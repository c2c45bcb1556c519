// Symbols of a Windows program for crash reports (image/pe_symbols.h), on a small synthetic
// PE32+ built here field by field from the PE/COFF specification, and on truncated and
// corrupted variants of it (the .exe is untrusted input: nothing may be read out of bounds).
#include <doctest/doctest.h>

#include <signal.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "image/pe_symbols.h"
#include "report/stop_report.h"

using celda::image::SymbolTable;
using celda::image::symbols_from_pe;

namespace {

// Offsets in the synthetic file.
constexpr std::uint32_t kLfanew = 0x40;
constexpr std::uint32_t kCoff = kLfanew + 4;
constexpr std::uint32_t kOptional = kCoff + 20;
constexpr std::uint32_t kOptionalSize = 240;
constexpr std::uint32_t kSections = kOptional + kOptionalSize;
constexpr std::uint32_t kText = 0x200, kEdata = 0x400, kSymbols = 0x500;
constexpr std::uint32_t kTextRva = 0x1000, kEdataRva = 0x2000;

struct PeBuilder {
    std::vector<std::byte> bytes = std::vector<std::byte>(kSymbols);

    void put8(std::size_t at, std::uint8_t v) {
        if (bytes.size() < at + 1) bytes.resize(at + 1);
        bytes[at] = std::byte{v};
    }
    void put16(std::size_t at, std::uint16_t v) { put8(at, v & 0xff), put8(at + 1, v >> 8); }
    void put32(std::size_t at, std::uint32_t v) { put16(at, v & 0xffff), put16(at + 2, v >> 16); }
    void put_text(std::size_t at, const std::string& s) {
        for (std::size_t i = 0; i < s.size(); ++i) put8(at + i, static_cast<std::uint8_t>(s[i]));
        put8(at + s.size(), 0);
    }
    void section(int index, const char* name, std::uint32_t rva, std::uint32_t size, std::uint32_t raw,
                 std::uint32_t characteristics) {
        std::size_t at = kSections + index * 40;
        put_text(at, name);
        put32(at + 8, size), put32(at + 12, rva), put32(at + 16, size), put32(at + 20, raw);
        put32(at + 36, characteristics);
    }

    PeBuilder() {
        put8(0, 'M'), put8(1, 'Z'), put32(0x3c, kLfanew);
        put32(kLfanew, 0x00004550);
        put16(kCoff, 0x8664), put16(kCoff + 2, 2), put16(kCoff + 16, kOptionalSize), put16(kCoff + 18, 0x22);
        put16(kOptional, 0x20b), put32(kOptional + 108, 16);
        section(0, ".text", kTextRva, 0x200, kText, 0x60000020);
        section(1, ".edata", kEdataRva, 0x100, kEdata, 0x40000040);
        bytes.resize(kSymbols);
    }

    // The export directory: names -> RVAs, plus one forwarder (which names no code here).
    void exports() {
        put32(kOptional + 112, kEdataRva), put32(kOptional + 116, 0x100);
        const std::uint32_t e = kEdata;
        put32(e + 20, 3), put32(e + 24, 3);                 // functions, names
        put32(e + 28, kEdataRva + 0x40), put32(e + 32, kEdataRva + 0x50), put32(e + 36, kEdataRva + 0x60);
        put32(e + 0x40, kTextRva + 0x40), put32(e + 0x44, kTextRva + 0x0), put32(e + 0x48, kEdataRva + 0xa0);
        put32(e + 0x50, kEdataRva + 0x70), put32(e + 0x54, kEdataRva + 0x80), put32(e + 0x58, kEdataRva + 0x90);
        put16(e + 0x60, 0), put16(e + 0x62, 1), put16(e + 0x64, 2);
        put_text(e + 0x70, "exported_b"), put_text(e + 0x80, "exported_a"), put_text(e + 0x90, "forwarded");
        put_text(e + 0xa0, "OTHER.dll.fn");
    }

    // The COFF symbol table (18-byte records) and its string table.
    std::uint32_t symbol_count = 0;
    std::string strings;
    void symbol(const std::string& name, std::uint32_t value, std::int16_t section, std::uint16_t type,
                std::uint8_t storage, std::uint8_t aux = 0) {
        std::size_t at = kSymbols + symbol_count * 18;
        if (name.size() <= 8) {
            for (std::size_t i = 0; i < 8; ++i) put8(at + i, i < name.size() ? name[i] : 0);
        } else {
            put32(at, 0), put32(at + 4, static_cast<std::uint32_t>(4 + strings.size()));
            strings += name + '\0';
        }
        put32(at + 8, value), put16(at + 12, static_cast<std::uint16_t>(section)), put16(at + 14, type);
        put8(at + 16, storage), put8(at + 17, aux);
        ++symbol_count;
        for (int i = 0; i < aux; ++i, ++symbol_count)
            for (int b = 0; b < 18; ++b) put8(kSymbols + symbol_count * 18 + b, 0xee);
    }
    void coff_symbols() {
        symbol(".file", 0, -2, 0, 103, 1);
        symbol(".text", 0, 1, 0, 3, 1);
        symbol("main", 0x10, 1, 0x20, 2);
        symbol("crash_here_with_a_long_name", 0x80, 1, 0x20, 3);  // static: still named
        symbol("_Z10crash_herev", 0x90, 1, 0x20, 2);             // C++: demangled in reports
        symbol("asm_func", 0x100, 1, 0, 2);       // no type, but external in a code section
        symbol("data_thing", 0x10, 2, 0, 2);      // data: not a function
        symbol("undefined", 0, 0, 0x20, 2);       // section 0: an import, not ours
        symbol("label", 0x20, 1, 0, 6);           // C_LABEL
        put32(kCoff + 8, kSymbols), put32(kCoff + 12, symbol_count);
        std::size_t at = kSymbols + symbol_count * 18;
        put32(at, static_cast<std::uint32_t>(4 + strings.size()));
        put_text(at + 4, strings);
        bytes.resize(at + 4 + strings.size());
    }
};

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

TEST_CASE("crash reports name the program's own functions") {
    using namespace celda::report;
    PeBuilder pe;
    pe.coff_symbols();
    SymbolTable program = symbols_from_pe(pe.bytes);
    SymbolTable image({{0x1000, 0x40, "libos_function"}});
    StopRecord r{};
    r.magic = kStopRecordMagic;
    r.kind = StopKind::Crash;
    r.signal = SIGSEGV;
    r.fault_address = 0x10;
    r.program_base = 0x409f000;
    r.program_size = 0x3000;
    r.rip = r.program_base + kTextRva + 0x8c;  // crash_here_with_a_long_name+0xc
    r.frames[0] = r.program_base + kTextRva + 0x90;  // returns to _Z10crash_herev: the call was in the one before
    r.frame_count = 1;
    ReportContext context{"dir/tool.exe", "", 0x4000000, 0x10000, &image};
    context.program_symbols = &program;
    celda::sandbox::SandboxOutcome outcome;
    outcome.record = r;
    StopReport report = describe_stop(outcome, context);
    REQUIRE(report.lines.size() == 2);
    CHECK(report.lines[0] == "celda: guest crashed: page fault at address 0x10 (rip 0x40a008c in "
                             "tool.exe!crash_here_with_a_long_name+0xc (tool.exe+0x108c))");
    CHECK(report.lines[1] == "celda:   #1 0x40a0090 in tool.exe!crash_here_with_a_long_name+0x10 (tool.exe+0x1090)");

    SUBCASE("no symbol covers the address: file and offset only") {
        outcome.record->rip = r.program_base + kTextRva + 0x4;
        CHECK(describe_stop(outcome, context).lines[0].find("(rip 0x40a0004 in tool.exe+0x1004)") != std::string::npos);
    }
    SUBCASE("a fixed-address ELF is looked up by guest address, without being announced") {
        SymbolTable elf({{0x401000, 0x20, "main"}});
        ReportContext linux_run{"/bin/prog", "", 0x4000000, 0x10000, &image};
        linux_run.program_symbols = &elf;
        linux_run.program_at_link_address = true;
        CHECK(describe_address(0x401008, linux_run) == "0x401008 in prog!main+0x8");
        CHECK(describe_address(0x4001010, linux_run) == "0x4001010 in libos_function+0x10");  // the stock image
        linux_run.program_at_link_address = false;  // a static-PIE before it was placed: raw
        CHECK(describe_address(0x401008, linux_run) == "0x401008");
    }
}
