// Companion DLLs: which files beside a .exe are handed over, the cap, where their bytes go in
// the payload area and what the boot info tells the guest about them.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "companions.h"
#include "guest/boot_info.h"
#include "guest/image_loader.h"
#include "guest/layout.h"

using namespace celda;

namespace {

struct TempDir {
    std::string path;
    TempDir() {
        char name[] = "/tmp/celda-companions-XXXXXX";
        path = ::mkdtemp(name);
    }
    ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
    void write(const std::string& name, const std::string& bytes) const {
        std::ofstream(path + "/" + name, std::ios::binary) << bytes;
    }
};

}  // namespace

TEST_CASE("companions: every regular *.dll beside the program, any case, sorted") {
    TempDir dir;
    dir.write("tool.exe", "MZ");
    dir.write("b.dll", "bee");
    dir.write("A.DLL", "a");
    dir.write("notes.txt", "x");
    dir.write(".dll", "no name");
    ::mkdir((dir.path + "/folder.dll").c_str(), 0755);
    auto found = find_companions(dir.path + "/tool.exe");
    REQUIRE(found.has_value());
    REQUIRE(found->size() == 2);
    CHECK((*found)[0].name == "A.DLL");
    CHECK((*found)[1].name == "b.dll");
    CHECK((*found)[1].bytes.size() == 3);
    CHECK(companion_span(*found) == 2 * CELDA_PAGE_SIZE);
}

TEST_CASE("companions: more than the cap is one error saying what to do") {
    TempDir dir;
    for (std::size_t i = 0; i <= kMaxCompanions; ++i) dir.write("x" + std::to_string(i) + ".dll", "");
    auto found = find_companions(dir.path + "/tool.exe");
    REQUIRE_FALSE(found.has_value());
    CHECK(found.error().message.find("more than 64 .dll files") != std::string::npos);
}

TEST_CASE("companions: placed after the program, page aligned, and announced in the boot info") {
    std::vector<std::string> argv{"tool.exe"};
    std::vector<guest::BootInputs::Companion> companions{{"a.dll", 5000}, {"b.dll", 10}};
    auto layout = guest::plan_layout(8ull << 20, 0x4000,
                                     guest::boot_area_size(argv, {}, "tool.exe") + guest::boot_extra_size({}, "", companions),
                                     "tool.exe", 100, 3 * CELDA_PAGE_SIZE);
    REQUIRE(layout.has_value());
    CHECK(layout->companions_start == layout->payload_start + CELDA_PAGE_SIZE);
    CHECK(layout->companions_start + 3 * CELDA_PAGE_SIZE == layout->image_start);
    auto memory = guest::GuestMemory::map_anywhere(layout->mem_size);
    REQUIRE(memory.has_value());

    std::string program(100, 'p'), a(5000, 'a'), b(10, 'b');
    auto span = [](const std::string& s) { return std::span<const std::byte>(reinterpret_cast<const std::byte*>(s.data()), s.size()); };
    std::vector<guest::PayloadFile> files{{span(program)}, {span(a)}, {span(b)}};
    REQUIRE(guest::place_payload(*memory, *layout, files, false).has_value());

    guest::BootInputs inputs{argv, {}, 0, CELDA_BACKEND_SANDBOX, 0, 0};
    inputs.payload_kind = CELDA_PAYLOAD_WINDOWS_PE;
    inputs.payload_path = "tool.exe";
    inputs.companions = companions;
    REQUIRE(guest::write_boot_info(*memory, *layout, inputs).has_value());
    const auto* info = memory->host_object<celda_boot_info>(CELDA_GUEST_BASE);
    REQUIRE(info != nullptr);
    CHECK(info->payload_size == 100);
    REQUIRE(info->companion_count == 2);
    const auto* rows = memory->host_object<celda_companion>(info->companions);
    REQUIRE(rows != nullptr);
    CHECK(std::string(static_cast<const char*>(memory->host_pointer(rows[0].name, 1))) == "a.dll");
    CHECK(std::string(static_cast<const char*>(memory->host_pointer(rows[1].name, 1))) == "b.dll");
    CHECK(rows[0].data == layout->companions_start);
    CHECK(rows[1].data == layout->companions_start + 2 * CELDA_PAGE_SIZE);
    CHECK(rows[0].size == 5000);
    CHECK(std::memcmp(memory->host_pointer(rows[0].data, 5000), a.data(), 5000) == 0);
    CHECK(std::memcmp(memory->host_pointer(rows[1].data, 10), b.data(), 10) == 0);
    CHECK(std::memcmp(memory->host_pointer(info->payload, 100), program.data(), 100) == 0);
}

TEST_CASE("companions: the layout counts them against --memory") {
    CHECK(guest::plan_layout(8ull << 20, 0x4000, 4096, "tool.exe", 4096, 5ull << 20).has_value());
    CHECK_FALSE(guest::plan_layout(8ull << 20, 0x4000, 4096, "tool.exe", 4096, 7ull << 20).has_value());
}
