// Where things go in guest memory (see contract.h): boot info and argv/env at the bottom, the
// image page-aligned at the top, free memory in between. Decided in the parent, before any
// process is created, so that "does not fit" is an ordinary error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace celda::guest {

// Free memory the guest gets at least, beyond its image and boot area.
inline constexpr std::uint64_t kMinimumFreeMemory = 1ull << 20;

struct GuestLayout {
    std::uint64_t mem_size;
    std::uint64_t boot_area_end;  // == free_start (page aligned)
    std::uint64_t payload_start;  // == free_end; == image_start when there is no payload
    std::uint64_t payload_size;   // bytes of the program
    std::uint64_t companions_start;  // a Windows program's DLLs, each page aligned, up to image_start
    std::uint64_t image_start;    // == load bias
    std::uint64_t image_end;      // == CELDA_GUEST_BASE + mem_size
};

// Bytes the boot area needs for this argv and environment: struct celda_boot_info, the
// argv/envp pointer arrays and the strings (and the payload's path, if any).
std::uint64_t boot_area_size(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                             const std::string& payload_path = {});

// `payload_size`: bytes of the program handed to a stock ABI image (0 for none); it goes just
// below the image, so that low addresses (0x400000, where classic executables are linked)
// stay free, followed by `companion_span` bytes of its DLLs (companions.h). `name` is what the
// user ran, for the "does not fit" message.
Result<GuestLayout> plan_layout(std::uint64_t mem_size, std::uint64_t image_span, std::uint64_t boot_area,
                                std::string_view name, std::uint64_t payload_size = 0,
                                std::uint64_t companion_span = 0);

// Where the payload file after one at `at` of `size` bytes goes (files are page aligned).
constexpr std::uint64_t next_payload_file(std::uint64_t at, std::uint64_t size) {
    return at + ((size + 4095) & ~4095ull);
}

}  // namespace celda::guest
