#include <doctest/doctest.h>

#include <cstring>

#include "guest/boot_info.h"
#include "guest/layout.h"

using namespace celda::guest;

TEST_CASE("layout puts the image page-aligned at the top") {
    auto layout = plan_layout(64ull << 20, 0x5123, 4096, "x.img");
    REQUIRE(layout.has_value());
    CHECK(layout->image_end == CELDA_GUEST_BASE + (64ull << 20));
    CHECK(layout->image_start == layout->image_end - 0x6000);
    CHECK(layout->image_start % CELDA_PAGE_SIZE == 0);
    CHECK(layout->boot_area_end == CELDA_GUEST_BASE + 4096);

    auto odd = plan_layout((8ull << 20) + 100, 0x1000, 100, "x.img");
    REQUIRE(odd.has_value());
    CHECK(odd->mem_size == 8ull << 20);
    CHECK(odd->image_end % CELDA_PAGE_SIZE == 0);
}

TEST_CASE("layout refuses an image that leaves less than 1 MiB free") {
    CHECK(plan_layout(4ull << 20, (3ull << 20) - 4096, 4096, "x.img").has_value());
    auto tight = plan_layout(4ull << 20, 3ull << 20, 4096, "x.img");
    REQUIRE_FALSE(tight.has_value());
    CHECK(tight.error().message ==
          "'x.img' does not fit in 4 MiB of guest memory (needs at least 5 MiB); raise --memory");
    CHECK_FALSE(plan_layout(4ull << 20, ~0ull, 4096, "x.img").has_value());
    CHECK_FALSE(plan_layout(4ull << 20, 0x1000, ~0ull, "x.img").has_value());
}

TEST_CASE("boot info, argv and env are laid out at CELDA_GUEST_BASE") {
    std::vector<std::string> argv{"prog.img", "one", "two"};
    std::vector<std::string> env{"A=1", "HOME=/h"};
    auto layout = plan_layout(8ull << 20, 0x4000, boot_area_size(argv, env), "prog.img");
    REQUIRE(layout.has_value());
    auto memory = GuestMemory::map_anywhere(layout->mem_size);
    REQUIRE(memory.has_value());

    BootInputs inputs{argv, env, 0x1234, CELDA_BACKEND_SANDBOX, 111, 222};
    auto at = write_boot_info(*memory, *layout, inputs);
    REQUIRE(at.has_value());
    CHECK(*at == CELDA_GUEST_BASE);

    const auto* info = memory->host_object<celda_boot_info>(CELDA_GUEST_BASE);
    REQUIRE(info != nullptr);
    CHECK(info->magic == CELDA_BOOT_MAGIC);
    CHECK(info->version == CELDA_CONTRACT_VERSION);
    CHECK(info->backend == CELDA_BACKEND_SANDBOX);
    CHECK(info->mem_base == CELDA_GUEST_BASE);
    CHECK(info->mem_size == 8ull << 20);
    CHECK(info->free_start == layout->boot_area_end);
    CHECK(info->free_start % CELDA_PAGE_SIZE == 0);
    CHECK(info->free_end == layout->image_start);
    CHECK(info->image_start == layout->image_start);
    CHECK(info->image_end == CELDA_GUEST_BASE + (8ull << 20));
    CHECK(info->hypercall_entry == 0x1234);
    CHECK(info->wall_clock_at_boot_ns == 111);
    CHECK(info->monotonic_at_boot_ns == 222);
    CHECK(info->device_count == 1);
    CHECK(std::string(info->devices[0].name) == "console");
    CHECK(info->devices[0].kind == CELDA_DEVICE_CONSOLE);

    auto read_strings = [&](std::uint64_t array, std::uint64_t count) {
        std::vector<std::string> out;
        for (std::uint64_t i = 0; i <= count; ++i) {
            const auto* slot = memory->host_object<std::uint64_t>(array + i * 8);
            REQUIRE(slot != nullptr);
            if (i == count) { CHECK(*slot == 0); break; }
            REQUIRE(*slot >= CELDA_GUEST_BASE + sizeof(celda_boot_info));
            REQUIRE(*slot < info->free_start);
            out.emplace_back(static_cast<const char*>(memory->host_pointer(*slot, 1)));
        }
        return out;
    };
    CHECK(info->argc == 3);
    CHECK(read_strings(info->argv, info->argc) == argv);
    CHECK(info->envc == 2);
    CHECK(read_strings(info->envp, info->envc) == env);
}

TEST_CASE("an empty environment still gets a NULL-terminated envp") {
    std::vector<std::string> argv{"p"};
    auto layout = plan_layout(4ull << 20, 0x1000, boot_area_size(argv, {}), "p");
    REQUIRE(layout.has_value());
    auto memory = GuestMemory::map_anywhere(layout->mem_size);
    REQUIRE(memory.has_value());
    REQUIRE(write_boot_info(*memory, *layout, BootInputs{argv, {}, 0, 1, 0, 0}).has_value());
    const auto* info = memory->host_object<celda_boot_info>(CELDA_GUEST_BASE);
    CHECK(info->envc == 0);
    CHECK(*memory->host_object<std::uint64_t>(info->envp) == 0);
}
