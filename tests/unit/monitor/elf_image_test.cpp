#include <doctest/doctest.h>

#include <unistd.h>

#include <fstream>

#include "elf_builder.h"
#include "guest/layout.h"
#include "image/elf_image.h"

using celda::image::ElfImage;
using celda::image::parse_elf_image;

namespace {

std::string error_of(std::vector<std::byte> bytes) {
    auto image = parse_elf_image(std::move(bytes), "x.img");
    REQUIRE_FALSE(image.has_value());
    return image.error().message;
}

bool contains(const std::string& text, const std::string& part) {
    bool found = text.find(part) != std::string::npos;
    if (!found) MESSAGE("message was: " << text);
    return found;
}

}  // namespace

TEST_CASE("a minimal valid image parses") {
    test::ElfBuilder b;
    auto image = parse_elf_image(b.build(), "x.img");
    REQUIRE_MESSAGE(image.has_value(), (image ? "" : image.error().message));
    CHECK(image->contract_version == CELDA_CONTRACT_VERSION);
    CHECK(image->entry == b.code_offset());
    REQUIRE(image->segments.size() == 2);
    CHECK(image->span == 0x5000);
    REQUIRE(image->protections.size() == 2);
    CHECK(image->protections[0].execute);
    CHECK_FALSE(image->protections[0].write);
    CHECK(image->protections[1].write);
    CHECK_FALSE(image->protections[1].execute);
    CHECK(image->protections[1].start == 0x2000);
    CHECK(image->protections[1].end == 0x5000);
}

TEST_CASE("truncated at any point: a clear error, never a crash") {
    test::ElfBuilder b;
    std::vector<std::byte> full = b.build();
    for (std::size_t cut : {std::size_t{0}, std::size_t{3}, std::size_t{10}, std::size_t{40}, sizeof(Elf64_Ehdr) - 1,
                            sizeof(Elf64_Ehdr) + 10, std::size_t(b.note_offset() + 5), full.size() - 1}) {
        CAPTURE(cut);
        std::vector<std::byte> bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(cut));
        std::string message = error_of(bytes);
        CHECK(message.starts_with("'x.img' "));
        if (cut < 4) CHECK(contains(message, "not an executable (no ELF header)"));
        else CHECK(contains(message, "truncated or corrupt"));
    }
    // Every prefix: just must not crash or accept.
    for (std::size_t cut = 0; cut < full.size(); ++cut) {
        std::vector<std::byte> bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(cut));
        CHECK_FALSE(parse_elf_image(bytes, "x").has_value());
    }
}

TEST_CASE("not an ELF file") {
    std::string text = "#!/bin/sh\necho hi\n";
    std::vector<std::byte> bytes(text.size());
    std::memcpy(bytes.data(), text.data(), text.size());
    CHECK(error_of(bytes) == "'x.img' is not an executable (no ELF header)");
}

TEST_CASE("wrong machine, class or byte order names the architecture") {
    test::ElfBuilder arm;
    arm.ehdr.e_machine = EM_AARCH64;
    CHECK(error_of(arm.build()) == "'x.img' is built for AArch64; celda runs x86-64 programs");

    test::ElfBuilder i386;
    i386.ehdr.e_machine = EM_386;
    i386.ehdr.e_ident[EI_CLASS] = ELFCLASS32;
    CHECK(contains(error_of(i386.build()), "built for x86 (32-bit)"));

    test::ElfBuilder x32;
    x32.ehdr.e_ident[EI_CLASS] = ELFCLASS32;
    CHECK(contains(error_of(x32.build()), "32-bit (x32)"));

    test::ElfBuilder big;
    big.ehdr.e_ident[EI_DATA] = ELFDATA2MSB;
    big.ehdr.e_machine = static_cast<Elf64_Half>(EM_PPC64 << 8);  // as a big-endian file stores it
    CHECK(contains(error_of(big.build()), "built for PowerPC 64"));
}

TEST_CASE("a Linux executable without the Celda note") {
    test::ElfBuilder b;
    b.with_note = false;
    CHECK(error_of(b.build()) ==
          "'x.img' is a Linux executable, not a Celda guest image; running Linux programs directly is not supported yet");
    test::ElfBuilder other_name;
    other_name.note_name = "GNU";
    CHECK(contains(error_of(other_name.build()), "is a Linux executable"));
}

TEST_CASE("a note for another contract version") {
    test::ElfBuilder b;
    b.note_version = CELDA_CONTRACT_VERSION + 1;
    CHECK(contains(error_of(b.build()),
                   "built for Celda contract version " + std::to_string(CELDA_CONTRACT_VERSION + 1)));
}

TEST_CASE("not ET_DYN") {
    test::ElfBuilder exec;
    exec.ehdr.e_type = ET_EXEC;
    CHECK(contains(error_of(exec.build()), "not position-independent"));
    test::ElfBuilder rel;
    rel.ehdr.e_type = ET_REL;
    CHECK(contains(error_of(rel.build()), "object file"));
    test::ElfBuilder core;
    core.ehdr.e_type = ET_CORE;
    CHECK(contains(error_of(core.build()), "core dump"));
}

TEST_CASE("program headers out of the file or malformed") {
    test::ElfBuilder far;
    far.ehdr.e_phoff = 1u << 30;
    CHECK(contains(error_of(far.build()), "program headers lie beyond the end of the file"));
    test::ElfBuilder overflow;
    overflow.ehdr.e_phoff = ~0ull - 8;
    CHECK(contains(error_of(overflow.build()), "program headers lie beyond the end of the file"));
    test::ElfBuilder many;
    many.ehdr.e_phnum = 0xffff;
    CHECK(contains(error_of(many.build()), "program headers lie beyond"));
    test::ElfBuilder entsize;
    entsize.ehdr.e_phentsize = 32;
    CHECK(contains(error_of(entsize.build()), "program header size is 32"));
}

TEST_CASE("segments: out of the file, filesz > memsz, overlap, W+X, entry") {
    test::ElfBuilder beyond;
    beyond.phdrs[1].p_offset = 0x100000;
    beyond.phdrs[1].p_filesz = 0x10;
    CHECK(contains(error_of(beyond.build()), "segment 1 lies beyond the end of the file"));

    test::ElfBuilder offset_overflow;
    offset_overflow.phdrs[1].p_offset = ~0ull;
    offset_overflow.phdrs[1].p_filesz = 2;
    CHECK(contains(error_of(offset_overflow.build()), "beyond the end of the file"));

    test::ElfBuilder bigger;
    bigger.phdrs[1].p_filesz = 0x10;
    bigger.phdrs[1].p_memsz = 0x8;
    CHECK(contains(error_of(bigger.build()), "more file bytes than memory bytes"));

    test::ElfBuilder overlap;
    overlap.phdrs[1].p_vaddr = 0x10;
    CHECK(contains(error_of(overlap.build()), "overlap"));

    test::ElfBuilder wx;
    wx.phdrs[1].p_flags = PF_R | PF_W | PF_X;
    CHECK(contains(error_of(wx.build()), "both writable and executable"));

    test::ElfBuilder shared_page;  // RW data starting in the code's last page
    shared_page.phdrs[1].p_vaddr = 0x800;
    CHECK(contains(error_of(shared_page.build()), "writable and executable"));

    test::ElfBuilder entry;
    entry.ehdr.e_entry = 0x2100;  // inside the RW segment
    CHECK(contains(error_of(entry.build()), "entry point"));

    test::ElfBuilder bad_note;
    bad_note.phdrs[2].p_offset = 0x10000;
    bad_note.phdrs[2].p_filesz = 24;
    CHECK(contains(error_of(bad_note.build()), "notes"));
}

TEST_CASE("a segment far outside guest memory does not fit") {
    test::ElfBuilder huge;
    huge.phdrs[1].p_vaddr = 0x7fff00000000;
    auto image = parse_elf_image(huge.build(), "x.img");
    REQUIRE(image.has_value());
    auto layout = celda::guest::plan_layout(4ull << 20, image->span, 4096, "x.img");
    REQUIRE_FALSE(layout.has_value());
    CHECK(contains(layout.error().message, "'x.img' does not fit in 4 MiB of guest memory (needs at least"));
    CHECK(contains(layout.error().message, "raise --memory"));

    test::ElfBuilder wrapping;
    wrapping.phdrs[1].p_vaddr = ~0ull - 0x1000;
    auto wrapped = parse_elf_image(wrapping.build(), "x.img");
    REQUIRE(wrapped.has_value());
    CHECK_FALSE(celda::guest::plan_layout(64ull << 30, wrapped->span, 4096, "x.img").has_value());
}

TEST_CASE("symbols are read and demangled") {
    test::ElfBuilder b;
    b.with_symbols = true;
    auto image = parse_elf_image(b.build(), "x.img");
    REQUIRE(image.has_value());
    CHECK(image->symbols.size() == 2);
    CHECK(image->symbols.describe(b.code_offset() + 3) == "guest_entry+0x3");
    CHECK(image->symbols.describe(b.code_offset() + 8) == "demo::crash()+0x0");
    CHECK_FALSE(image->symbols.describe(b.code_offset() + 16).has_value());
    CHECK_FALSE(image->symbols.describe(0).has_value());
    // A return address just past the end of a function belongs to the call inside it.
    CHECK(image->symbols.describe(b.code_offset() + 8, b.code_offset() + 7) == "guest_entry+0x8");
}

TEST_CASE("section headers or sections past the end of the file mean a truncated file") {
    test::ElfBuilder b;
    b.with_symbols = true;
    std::vector<std::byte> full = b.build();
    std::vector<std::byte> cut(full.begin(), full.end() - 8);  // the section headers' tail
    CHECK(contains(error_of(cut), "section headers lie beyond the end of the file"));

    Elf64_Ehdr ehdr;
    std::memcpy(&ehdr, full.data(), sizeof ehdr);
    ehdr.e_shoff = ~0ull - 10;
    std::vector<std::byte> wrapped = full;
    std::memcpy(wrapped.data(), &ehdr, sizeof ehdr);
    CHECK(contains(error_of(wrapped), "section headers lie beyond"));

    std::vector<std::byte> far_section = full;
    Elf64_Shdr symtab;
    std::memcpy(&ehdr, full.data(), sizeof ehdr);
    std::memcpy(&symtab, full.data() + ehdr.e_shoff + sizeof(Elf64_Shdr), sizeof symtab);
    symtab.sh_offset = 1u << 30;
    std::memcpy(far_section.data() + ehdr.e_shoff + sizeof(Elf64_Shdr), &symtab, sizeof symtab);
    CHECK(contains(error_of(far_section), "section 1 lies beyond the end of the file"));
}

TEST_CASE("malformed symbol tables only lose the symbols") {
    test::ElfBuilder b;
    b.with_symbols = true;
    std::vector<std::byte> bytes = b.build();
    Elf64_Ehdr ehdr;
    std::memcpy(&ehdr, bytes.data(), sizeof ehdr);
    Elf64_Shdr symtab;
    std::memcpy(&symtab, bytes.data() + ehdr.e_shoff + sizeof(Elf64_Shdr), sizeof symtab);
    symtab.sh_link = 77;  // no such string table
    std::memcpy(bytes.data() + ehdr.e_shoff + sizeof(Elf64_Shdr), &symtab, sizeof symtab);
    auto image = parse_elf_image(bytes, "x.img");
    REQUIRE(image.has_value());
    CHECK(image->symbols.size() == 0);
}

TEST_CASE("loading from a path") {
    auto missing = celda::image::load_elf_image("/nonexistent/x.img");
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().message == "cannot open '/nonexistent/x.img': No such file or directory");
    auto directory = celda::image::load_elf_image("/");
    REQUIRE_FALSE(directory.has_value());
    CHECK(contains(directory.error().message, "is a directory"));

    char path[] = "/tmp/celda-elf-test-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    test::ElfBuilder b;
    auto bytes = b.build();
    REQUIRE(write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
    close(fd);
    auto image = celda::image::load_elf_image(path);
    unlink(path);
    REQUIRE(image.has_value());
    CHECK(image->name == path);
    CHECK(image->file.size() == bytes.size());
}
