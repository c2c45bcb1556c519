// A small synthetic PE32+ for the monitor's unit tests, built field by field from the PE/COFF
// specification: two sections (.text, .edata), an export directory and a COFF symbol table
// with its string table, each added on request.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace celda::test_pe {

// Offsets in the synthetic file.
inline constexpr std::uint32_t kLfanew = 0x40;
inline constexpr std::uint32_t kCoff = kLfanew + 4;
inline constexpr std::uint32_t kOptional = kCoff + 20;
inline constexpr std::uint32_t kOptionalSize = 240;
inline constexpr std::uint32_t kSections = kOptional + kOptionalSize;
inline constexpr std::uint32_t kText = 0x200, kEdata = 0x400, kSymbols = 0x500;
inline constexpr std::uint32_t kTextRva = 0x1000, kEdataRva = 0x2000;

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

}  // namespace celda::test_pe
