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
