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
    std::uint64_t image_start;    // == free_end == load bias
    std::uint64_t image_end;      // == CELDA_GUEST_BASE + mem_size
};

// Bytes the boot area needs for this argv and environment: struct celda_boot_info, the
// argv/envp pointer arrays and the strings.
std::uint64_t boot_area_size(const std::vector<std::string>& argv, const std::vector<std::string>& env);

Result<GuestLayout> plan_layout(std::uint64_t mem_size, std::uint64_t image_span, std::uint64_t boot_area,
                                std::string_view image_name);

}  // namespace celda::guest
