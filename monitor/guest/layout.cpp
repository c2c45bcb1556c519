#include "guest/layout.h"

#include "celda/contract.h"
#include "cli/options.h"

namespace celda::guest {
namespace {

std::uint64_t align_up(std::uint64_t value, std::uint64_t alignment) {
    return (value + alignment - 1) & ~(alignment - 1);
}

}  // namespace

std::uint64_t boot_area_size(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                             const std::string& payload_path) {
    std::uint64_t bytes = align_up(sizeof(celda_boot_info), 16);
    bytes += (argv.size() + 1 + env.size() + 1) * sizeof(std::uint64_t);
    for (const auto& s : argv) bytes += s.size() + 1;
    for (const auto& s : env) bytes += s.size() + 1;
    return bytes + payload_path.size() + 1;
}

Result<GuestLayout> plan_layout(std::uint64_t mem_size, std::uint64_t image_span, std::uint64_t boot_area,
                                std::string_view name, std::uint64_t payload_size, std::uint64_t companion_span) {
    constexpr std::uint64_t kMiB = 1ull << 20;
    constexpr std::uint64_t kLimit = 1ull << 62;  // keeps the sums below from overflowing
    std::uint64_t span = align_up(std::min(image_span, kLimit), CELDA_PAGE_SIZE);
    std::uint64_t boot = align_up(std::min(boot_area, kLimit), CELDA_PAGE_SIZE);
    std::uint64_t program = align_up(std::min(payload_size, kLimit), CELDA_PAGE_SIZE);
    std::uint64_t payload = program + align_up(std::min(companion_span, kLimit), CELDA_PAGE_SIZE);
    std::uint64_t needed = span + boot + payload + kMinimumFreeMemory;
    if (needed > (mem_size & ~(CELDA_PAGE_SIZE - 1))) {
        std::uint64_t needed_mib = (needed + kMiB - 1) / kMiB;
        return fail("'" + std::string(name) + "' does not fit in " + cli::format_size(mem_size) +
                    " of guest memory (needs at least " + std::to_string(needed_mib) + " MiB); raise --memory");
    }
    GuestLayout layout{};
    // --memory need not be page aligned (5000000): the guest gets whole pages.
    layout.mem_size = mem_size & ~(CELDA_PAGE_SIZE - 1);
    layout.boot_area_end = CELDA_GUEST_BASE + boot;
    layout.image_end = CELDA_GUEST_BASE + layout.mem_size;
    layout.image_start = layout.image_end - span;
    layout.payload_start = layout.image_start - payload;
    layout.payload_size = std::min(payload_size, kLimit);
    layout.companions_start = layout.payload_start + program;
    return layout;
}

}  // namespace celda::guest
