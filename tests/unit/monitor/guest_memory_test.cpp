#include <doctest/doctest.h>

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>

#include "guest/guest_memory.h"

using celda::guest::GuestMemory;

TEST_CASE("guest ranges are checked at the edges and against overflow") {
    auto memory = GuestMemory::map_anywhere(1ull << 20);
    REQUIRE(memory.has_value());
    const std::uint64_t base = CELDA_GUEST_BASE, size = 1ull << 20, end = base + size;
    CHECK(memory->contains(base, size));
    CHECK(memory->contains(base, 0));
    CHECK(memory->contains(end, 0));
    CHECK(memory->contains(end - 1, 1));
    CHECK_FALSE(memory->contains(end - 1, 2));
    CHECK_FALSE(memory->contains(end, 1));
    CHECK_FALSE(memory->contains(base - 1, 1));
    CHECK_FALSE(memory->contains(base - 1, 0));
    CHECK_FALSE(memory->contains(0, 16));
    CHECK_FALSE(memory->contains(0x10, 16));
    CHECK_FALSE(memory->contains(base, size + 1));
    CHECK_FALSE(memory->contains(base + 8, ~0ull));           // length wraps the address space
    CHECK_FALSE(memory->contains(~0ull - 4, 8));              // address + length overflows
    CHECK_FALSE(memory->contains(~0ull, 0));
    CHECK(memory->host_pointer(0x10, 16) == nullptr);
    CHECK(memory->host_pointer(end, 1) == nullptr);
}

TEST_CASE("host pointers address the mapping") {
    auto memory = GuestMemory::map_anywhere(64 * 1024);
    REQUIRE(memory.has_value());
    auto* first = static_cast<char*>(memory->host_pointer(CELDA_GUEST_BASE, 1));
    auto* later = static_cast<char*>(memory->host_pointer(CELDA_GUEST_BASE + 100, 4));
    REQUIRE(first != nullptr);
    CHECK(later == first + 100);
    later[0] = 'x';  // writable
    CHECK(memory->host_object<std::uint64_t>(CELDA_GUEST_BASE + 8) != nullptr);
    CHECK(memory->host_object<std::uint64_t>(CELDA_GUEST_BASE + 4) == nullptr);  // misaligned
    CHECK(memory->host_object<std::uint64_t>(CELDA_GUEST_BASE + 64 * 1024 - 4) == nullptr);
}

TEST_CASE("moving transfers ownership") {
    auto memory = GuestMemory::map_anywhere(4096);
    REQUIRE(memory.has_value());
    GuestMemory moved = std::move(*memory);
    CHECK(moved.size() == 4096);
    CHECK(memory->size() == 0);
    CHECK_FALSE(memory->contains(CELDA_GUEST_BASE, 1));
}

TEST_CASE("map_at_guest_base maps exactly at CELDA_GUEST_BASE (in a child)") {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        auto memory = GuestMemory::map_at_guest_base(4ull << 20);
        if (!memory) _exit(1);
        if (memory->host_pointer(CELDA_GUEST_BASE, 1) != reinterpret_cast<void*>(CELDA_GUEST_BASE)) _exit(2);
        auto again = GuestMemory::map_at_guest_base(4096);  // already taken: an error, not a clobber
        if (again) _exit(3);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

// ---- loading an image by mapping its file copy-on-write (guest/image_loader: map_image)

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "elf_builder.h"
#include "guest/image_loader.h"
#include "guest/layout.h"
#include "image/elf_image.h"

TEST_CASE("map_image maps segments from the file, zeroes the .bss tail, and equals copy_image") {
    test::ElfBuilder b;
    // Data: 0x20 file bytes at file offset 0x10 -> address 0x2010 (same page offset), then .bss
    // up to 0x5000. The rest of its first page holds other file bytes, which must read as 0.
    b.phdrs[1].p_offset = 0x10;
    b.phdrs[1].p_vaddr = 0x2010;
    b.phdrs[1].p_filesz = 0x20;
    b.phdrs[1].p_memsz = 0x2ff0;
    std::vector<std::byte> bytes = b.build();
    char path[] = "/tmp/celda-map-image.XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    REQUIRE(write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
    close(fd);
    auto image = celda::image::load_elf_image(path);
    std::remove(path);
    REQUIRE(image.has_value());
    REQUIRE(image->file.fd() >= 0);
    auto layout = celda::guest::plan_layout(8ull << 20, image->span, 4096, "t.img");
    REQUIRE(layout.has_value());

    auto mapped = GuestMemory::map_anywhere(layout->mem_size);
    auto copied = GuestMemory::map_anywhere(layout->mem_size);
    REQUIRE((mapped.has_value() && copied.has_value()));
    auto done = celda::guest::map_image(*mapped, *layout, *image);
    REQUIRE(done.has_value());
    CHECK(*done);  // this image can be mapped
    REQUIRE(celda::guest::copy_image(*copied, *layout, *image).has_value());
    // Every byte of the image's span reads the same as a copied load: code, data, zero .bss.
    const auto* m = static_cast<const unsigned char*>(mapped->host_pointer(layout->image_start, image->span));
    const auto* c = static_cast<const unsigned char*>(copied->host_pointer(layout->image_start, image->span));
    REQUIRE((m && c));
    CHECK(std::memcmp(m, c, 0x1000) == 0);                    // text page (the whole file)
    CHECK(std::memcmp(m + 0x2010, c + 0x2010, 0x20) == 0);    // data
    bool bss_zero = true;
    for (std::uint64_t i = 0x2030; i < 0x5000; ++i) bss_zero = bss_zero && m[i] == 0;
    CHECK(bss_zero);
    // The data pages are writable (private: the file is untouched), the text is not.
    const_cast<unsigned char*>(m)[0x2010] = 0x5a;
    CHECK(m[0x2010] == 0x5a);
    CHECK(static_cast<unsigned char>(image->file.data()[0x10]) != 0x5a);

    // An image held in a buffer (no open file) is not mapped: the caller copies it instead.
    auto owned = celda::image::parse_elf_image(bytes, "t.img");
    REQUIRE(owned.has_value());
    auto again = celda::guest::map_image(*copied, *layout, *owned);
    REQUIRE(again.has_value());
    CHECK_FALSE(*again);
}
