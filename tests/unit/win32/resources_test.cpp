// The Win32 layer's resource parsers on the host: the resource tree of a PE file
// (loader/resource_tree.cpp) and the VS_VERSIONINFO walker (dlls/version/version_block.cpp),
// on a synthetic PE32+ built here from the PE/COFF specification and Microsoft's
// VS_VERSIONINFO documentation, then on every truncation and many corruptions of it. Built
// with AddressSanitizer and UBSan: a read outside the input fails the test.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "dlls/version/version_block.h"
#include "loader/resource_tree.h"
#include "support/winabi.h"

using namespace win32;

namespace {

using Bytes = std::vector<std::uint8_t>;

void put16(Bytes& b, std::size_t at, std::uint16_t v) {
    if (b.size() < at + 2) b.resize(at + 2);
    std::memcpy(&b[at], &v, 2);
}
void put32(Bytes& b, std::size_t at, std::uint32_t v) {
    if (b.size() < at + 4) b.resize(at + 4);
    std::memcpy(&b[at], &v, 4);
}
void pad4(Bytes& b) { b.resize((b.size() + 3) & ~std::size_t{3}); }
void append_utf16(Bytes& b, const std::u16string& s, bool nul) {
    for (char16_t c : s) b.push_back(c & 0xff), b.push_back(c >> 8);
    if (nul) b.push_back(0), b.push_back(0);
}

// One VS_VERSIONINFO-style block: {wLength, wValueLength, wType, key, pad, value, pad, children}.
Bytes version_block(const std::u16string& key, const Bytes& value, bool text, const std::vector<Bytes>& children) {
    Bytes b(6);
    append_utf16(b, key, true);
    pad4(b);
    b.insert(b.end(), value.begin(), value.end());
    for (const Bytes& child : children) {
        pad4(b);
        b.insert(b.end(), child.begin(), child.end());
    }
    put16(b, 0, static_cast<std::uint16_t>(b.size()));
    put16(b, 2, static_cast<std::uint16_t>(text ? value.size() / 2 : value.size()));
    put16(b, 4, text ? 1 : 0);
    return b;
}
Bytes text_value(const std::u16string& s) {
    Bytes b;
    append_utf16(b, s, true);
    return b;
}

// The VS_VERSIONINFO of a program at version 1.2.3.4 with one string table (0x409, 1200).
Bytes version_info() {
    Bytes fixed(52);
    put32(fixed, 0, 0xfeef04bd);
    put32(fixed, 4, 0x00010000);
    put32(fixed, 8, 0x00010002);
    put32(fixed, 12, 0x00030004);
    Bytes translation;
    put16(translation, 0, 0x409);
    put16(translation, 2, 1200);
    Bytes strings = version_block(u"040904b0", {}, true,
                                  {version_block(u"ProductName", text_value(u"Celda Resources"), true, {}),
                                   version_block(u"FileVersion", text_value(u"1.2.3.4"), true, {})});
    return version_block(u"VS_VERSION_INFO", fixed, false,
                         {version_block(u"StringFileInfo", {}, true, {strings}),
                          version_block(u"VarFileInfo", {}, true, {version_block(u"Translation", translation, false, {})})});
}

// A resource section at RVA 0x1000 laid out by hand:
//   types: "CELDACFG" (named) -> "SETTINGS" -> 0x409; RCDATA (10) -> "MYDATA" -> 0x407, 0x409;
//          VERSION (16) -> 1 -> 0x409
constexpr std::uint32_t kRsrcRva = 0x1000, kRsrcFile = 0x200;

Bytes resource_section(const Bytes& version) {
    Bytes r;
    auto directory = [&](std::size_t at, std::uint16_t named, std::uint16_t ids) {
        put32(r, at, 0), put32(r, at + 4, 0), put32(r, at + 8, 0);
        put16(r, at + 12, named), put16(r, at + 14, ids);
    };
    auto entry = [&](std::size_t at, std::uint32_t name, std::uint32_t offset) { put32(r, at, name), put32(r, at + 4, offset); };
    constexpr std::uint32_t kSub = 0x80000000, kNamed = 0x80000000;
    // Directories (16 bytes + 8 per entry) at fixed offsets.
    directory(0x00, 1, 2);  // root: 3 entries -> 0x28
    entry(0x10, kNamed | 0x200, kSub | 0x40);   // "CELDACFG"
    entry(0x18, 10, kSub | 0x58);               // RCDATA
    entry(0x20, 16, kSub | 0x70);               // VERSION
    directory(0x40, 1, 0), entry(0x50, kNamed | 0x220, kSub | 0x88);   // "SETTINGS"
    directory(0x58, 1, 0), entry(0x68, kNamed | 0x240, kSub | 0xa0);   // "MYDATA"
    directory(0x70, 0, 1), entry(0x80, 1, kSub | 0xc0);                // 1
    directory(0x88, 0, 1), entry(0x98, 0x409, 0x100);                  // languages
    directory(0xa0, 0, 2), entry(0xb0, 0x407, 0x110), entry(0xb8, 0x409, 0x120);
    directory(0xc0, 0, 1), entry(0xd0, 0x409, 0x130);
    // Data entries: RVA of the data, size, code page, reserved.
    auto data = [&](std::size_t at, std::uint32_t offset, std::uint32_t size) {
        put32(r, at, kRsrcRva + offset), put32(r, at + 4, size), put32(r, at + 8, 0), put32(r, at + 12, 0);
    };
    data(0x100, 0x300, 9), data(0x110, 0x310, 5), data(0x120, 0x320, 7);
    data(0x130, 0x400, static_cast<std::uint32_t>(version.size()));
    // Names: length-prefixed UTF-16, no NUL.
    auto name = [&](std::size_t at, const std::u16string& s) {
        put16(r, at, static_cast<std::uint16_t>(s.size()));
        Bytes text;
        append_utf16(text, s, false);
        for (std::size_t i = 0; i < text.size(); ++i) r.resize(std::max(r.size(), at + 2 + i + 1)), r[at + 2 + i] = text[i];
    };
    name(0x200, u"CELDACFG"), name(0x220, u"SETTINGS"), name(0x240, u"MYDATA");
    auto bytes = [&](std::size_t at, const std::string& s) {
        r.resize(std::max(r.size(), at + s.size()));
        std::memcpy(&r[at], s.data(), s.size());
    };
    bytes(0x300, "mode=fast"), bytes(0x310, "hallo"), bytes(0x320, "english");
    r.resize(0x400);
    r.insert(r.end(), version.begin(), version.end());
    pad4(r);
    return r;
}

Bytes pe_file() {
    Bytes f(kRsrcFile);
    f[0] = 'M', f[1] = 'Z';
    put32(f, 0x3c, 0x40);
    put32(f, 0x40, pe::kNtSignature);
    put16(f, 0x44, pe::kMachineAmd64), put16(f, 0x46, 1), put16(f, 0x54, sizeof(pe::OptionalHeader64));
    const std::size_t optional = 0x58;
    put16(f, optional, pe::kOptionalMagicPe32Plus);
    put32(f, optional + offsetof(pe::OptionalHeader64, NumberOfRvaAndSizes), 16);
    Bytes rsrc = resource_section(version_info());
    const std::size_t directory = optional + offsetof(pe::OptionalHeader64, DataDirectory) + 8 * pe::kDirResource;
    put32(f, directory, kRsrcRva), put32(f, directory + 4, static_cast<std::uint32_t>(rsrc.size()));
    const std::size_t section = optional + sizeof(pe::OptionalHeader64);
    std::memcpy(&f[section], ".rsrc", 5);
    put32(f, section + 8, static_cast<std::uint32_t>(rsrc.size())), put32(f, section + 12, kRsrcRva);
    put32(f, section + 16, static_cast<std::uint32_t>(rsrc.size())), put32(f, section + 20, kRsrcFile);
    f.resize(kRsrcFile);
    f.insert(f.end(), rsrc.begin(), rsrc.end());
    return f;
}

std::string data_of(const ResourceTree& tree, const pe::ResourceDataEntry* entry) {
    const std::uint8_t* data = entry ? tree.data(*entry) : nullptr;
    return data ? std::string(reinterpret_cast<const char*>(data), entry->Size) : "(none)";
}

std::u16string text_of(const version::VersionValue& v) {
    std::u16string s(v.length, 0);
    std::memcpy(s.data(), v.data, v.length * 2);
    while (!s.empty() && s.back() == 0) s.pop_back();
    return s;
}

// Everything the layer would do with a file: find resources, copy the version block out
// (exactly its wLength, as GetFileVersionInfo does) and query it. Must not read out of bounds.
void exercise(const Bytes& file) {
    ResourceTree tree;
    std::uint32_t error = 0;
    if (!resource_tree_of_file(file.data(), file.size(), tree, error)) return;
    (void)data_of(tree, tree.find({10}, {0, u"mydata"}, 0, error));
    (void)data_of(tree, tree.find({0, u"CELDACFG"}, {0, u"SETTINGS"}, 0x407, error));
    std::uint32_t count = 0;
    if (const pe::ResourceDirectoryEntry* types = tree.entries(0, count))
        for (std::uint32_t i = 0; i < count; ++i) {
            std::uint32_t length = 0;
            (void)tree.entry_name(types[i], length);
        }
    const pe::ResourceDataEntry* entry = tree.find({16}, {1}, 0, error);
    const std::uint8_t* data = entry ? tree.data(*entry) : nullptr;
    if (!data || entry->Size < 6) return;
    std::uint16_t length;
    std::memcpy(&length, data, 2);
    if (length < 6 || length > entry->Size) return;
    Bytes block(data, data + length);
    version::VersionValue value;
    for (const char16_t* path : {u"\\", u"\\VarFileInfo\\Translation", u"\\StringFileInfo\\040904b0\\ProductName",
                                 u"\\StringFileInfo\\040904b0\\FileVersion"})
        (void)version::query_version_value(block.data(), block.size(), path, value);
}

}  // namespace

TEST_CASE("resource tree of a PE file: types, names, languages") {
    Bytes file = pe_file();
    ResourceTree tree;
    std::uint32_t error = 0;
    REQUIRE(resource_tree_of_file(file.data(), file.size(), tree, error));
    CHECK(data_of(tree, tree.find({10}, {0, u"MYDATA"}, 0, error)) == "english");  // neutral absent: en-US
    CHECK(data_of(tree, tree.find({10}, {0, u"mydata"}, 0x407, error)) == "hallo");
    CHECK(data_of(tree, tree.find({10}, {0, u"MyData"}, 0x409, error)) == "english");
    CHECK(data_of(tree, tree.find({10}, {0, u"MYDATA"}, 0x807, error)) == "hallo");  // same primary language
    CHECK(data_of(tree, tree.find({10}, {0, u"MYDATA"}, 0x40c, error)) == "(none)");
    CHECK(error == ERROR_RESOURCE_LANG_NOT_FOUND);
    CHECK(data_of(tree, tree.find({0, u"celdacfg"}, {0, u"settings"}, 0, error)) == "mode=fast");
    CHECK(data_of(tree, tree.find({10}, {0, u"MYDAT"}, 0, error)) == "(none)");  // a prefix is not the name
    CHECK(error == ERROR_RESOURCE_NAME_NOT_FOUND);
    CHECK(data_of(tree, tree.find({6}, {1}, 0, error)) == "(none)");
    CHECK(error == ERROR_RESOURCE_TYPE_NOT_FOUND);

    CHECK(resource_id(u"#42").id == 42);
    CHECK(resource_id(u"#42").name == nullptr);
    CHECK(resource_id(u"#").name != nullptr);       // not a number: a name
    CHECK(resource_id(u"#99999").name != nullptr);  // not a 16-bit id
    CHECK(resource_id(reinterpret_cast<const char16_t*>(std::uintptr_t{7})).id == 7);

    Bytes not_pe(64, 0);
    CHECK_FALSE(resource_tree_of_file(not_pe.data(), not_pe.size(), tree, error));
    CHECK(error == ERROR_BAD_EXE_FORMAT);
}

TEST_CASE("VS_VERSIONINFO queries") {
    Bytes block = version_info();
    version::VersionValue v;
    REQUIRE(version::query_version_value(block.data(), block.size(), u"\\", v));
    CHECK(v.length == 52);
    CHECK_FALSE(v.text);
    std::uint32_t signature, file_ms;
    std::memcpy(&signature, v.data, 4), std::memcpy(&file_ms, v.data + 8, 4);
    CHECK(signature == 0xfeef04bd);
    CHECK(file_ms == 0x00010002);
    REQUIRE(version::query_version_value(block.data(), block.size(), u"\\VarFileInfo\\Translation", v));
    CHECK(v.length == 4);
    REQUIRE(version::query_version_value(block.data(), block.size(), u"\\StringFileInfo\\040904b0\\ProductName", v));
    CHECK(v.text);
    CHECK(text_of(v) == u"Celda Resources");
    REQUIRE(version::query_version_value(block.data(), block.size(), u"\\stringfileinfo\\040904B0\\FILEVERSION", v));
    CHECK(text_of(v) == u"1.2.3.4");
    CHECK_FALSE(version::query_version_value(block.data(), block.size(), u"\\StringFileInfo\\040904b0\\Comments", v));
    CHECK_FALSE(version::query_version_value(block.data(), block.size(), u"\\StringFileInfo\\040904b", v));
    CHECK_FALSE(version::query_version_value(block.data(), 5, u"\\", v));
}

TEST_CASE("resource and version parsers on truncated and corrupt files") {
    const Bytes file = pe_file();
    exercise(file);
    for (std::size_t length = 0; length < file.size(); ++length) exercise(Bytes(file.begin(), file.begin() + length));
    for (std::uint8_t value : {std::uint8_t{0xff}, std::uint8_t{0x80}, std::uint8_t{0x01}})
        for (std::size_t at = 0; at < file.size(); ++at) {
            Bytes bad = file;
            bad[at] = value;
            exercise(bad);
        }
    // The version block alone, as a program's buffer holds it: wLength/wValueLength/keys lying.
    const Bytes block = version_info();
    version::VersionValue v;
    for (std::size_t at = 0; at < block.size(); ++at)
        for (std::uint8_t value : {std::uint8_t{0xff}, std::uint8_t{0x00}, std::uint8_t{0x07}}) {
            Bytes bad = block;
            bad[at] = value;
            for (const char16_t* path : {u"\\", u"\\VarFileInfo\\Translation", u"\\StringFileInfo\\040904b0\\ProductName"})
                if (version::query_version_value(bad.data(), bad.size(), path, v))
                    CHECK(v.data + (v.text ? 2 * std::size_t{v.length} : v.length) <= bad.data() + bad.size());
        }
    for (std::size_t length = 0; length < block.size(); ++length) {
        Bytes cut(block.begin(), block.begin() + length);
        (void)version::query_version_value(cut.data(), cut.size(), u"\\StringFileInfo\\040904b0\\FileVersion", v);
    }
}
