// What `celda run` does with a file before booting anything: PE header checks, and where a
// stock image's payload goes in guest memory.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "celda/contract.h"
#include "guest/layout.h"
#include "image/pe_header.h"

using namespace celda;

namespace {

// A minimal PE32+ header: DOS stub with e_lfanew, "PE\0\0", COFF header, optional header.
struct PeBuilder {
    std::uint16_t machine = 0x8664;
    std::uint16_t characteristics = 0x0022;  // executable, large-address aware
    std::uint16_t magic = 0x20b;
    std::uint16_t subsystem = 3;             // console
    std::uint16_t optional_size = 240;

    std::vector<std::byte> build() const {
        std::vector<std::byte> f(0x80 + 24 + optional_size);
        auto put16 = [&](std::size_t at, std::uint16_t v) { std::memcpy(&f[at], &v, 2); };
        auto put32 = [&](std::size_t at, std::uint32_t v) { std::memcpy(&f[at], &v, 4); };
        f[0] = std::byte{'M'};
        f[1] = std::byte{'Z'};
        put32(0x3c, 0x80);
        put32(0x80, 0x00004550);
        put16(0x84, machine);
        put16(0x84 + 16, optional_size);
        put16(0x84 + 18, characteristics);
        put16(0x98, magic);
        put16(0x98 + 68, subsystem);
        return f;
    }
};

std::string error_of(const std::vector<std::byte>& file) {
    auto r = image::check_pe_header(file, "t.exe");
    return r ? std::string("ok") : r.error().message;
}

}  // namespace

TEST_CASE("a PE32+ console program passes the monitor's PE checks") {
    auto f = PeBuilder{}.build();
    CHECK(image::looks_like_pe(f));
    CHECK(error_of(f) == "ok");
}

TEST_CASE("PE programs celda cannot run are refused, each with its reason") {
    PeBuilder pe32;
    pe32.magic = 0x10b;
    CHECK(error_of(pe32.build()).find("32-bit Windows program (PE32)") != std::string::npos);
    PeBuilder i386;
    i386.machine = 0x14c;
    CHECK(error_of(i386.build()).find("32-bit x86") != std::string::npos);
    PeBuilder arm;
    arm.machine = 0xaa64;
    CHECK(error_of(arm.build()).find("ARM64") != std::string::npos);
    PeBuilder dll;
    dll.characteristics |= 0x2000;
    CHECK(error_of(dll.build()).find("is a DLL") != std::string::npos);
    PeBuilder gui;
    gui.subsystem = 2;
    CHECK(error_of(gui.build()).find("GUI program") != std::string::npos);
}

TEST_CASE("truncated PE headers are refused, never read past the end") {
    auto full = PeBuilder{}.build();
    for (std::size_t cut : {std::size_t{2}, std::size_t{0x3c}, std::size_t{0x82}, std::size_t{0x90},
                            std::size_t{0x99}, full.size() - 1}) {
        std::vector<std::byte> f(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(cut));
        CAPTURE(cut);
        CHECK(error_of(f).find("truncated or corrupt") != std::string::npos);
    }
    auto far = full;
    std::uint32_t lfanew = 0x7fffffff;
    std::memcpy(&far[0x3c], &lfanew, 4);
    CHECK(error_of(far).find("truncated or corrupt") != std::string::npos);
}

TEST_CASE("an MZ file without a PE header is a DOS program") {
    auto f = PeBuilder{}.build();
    f[0x80] = std::byte{'X'};
    CHECK(error_of(f).find("DOS program") != std::string::npos);
}

TEST_CASE("the payload sits just below the image, leaving low memory free") {
    auto layout = guest::plan_layout(64ull << 20, 0x20000, 4096, "p", 0x12345);
    REQUIRE(layout.has_value());
    CHECK(layout->image_start == CELDA_GUEST_BASE + (64ull << 20) - 0x20000);
    CHECK(layout->payload_start == layout->image_start - 0x13000);
    CHECK(layout->payload_size == 0x12345);
    CHECK(layout->boot_area_end < 0x400000);  // where classic executables are linked
    auto none = guest::plan_layout(64ull << 20, 0x20000, 4096, "p");
    REQUIRE(none.has_value());
    CHECK(none->payload_start == none->image_start);
    CHECK(none->payload_size == 0);
    // The payload counts against --memory like everything else.
    auto big = guest::plan_layout(8ull << 20, 0x20000, 4096, "big.exe", 8ull << 20);
    REQUIRE_FALSE(big.has_value());
    CHECK(big.error().message.find("'big.exe' does not fit") != std::string::npos);
}
