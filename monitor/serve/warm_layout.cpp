#include "serve/warm_layout.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace celda::serve {
namespace {

std::uint64_t page_up(std::uint64_t n) { return (n + CELDA_PAGE_SIZE - 1) & ~(CELDA_PAGE_SIZE - 1); }

}  // namespace

Result<guest::GuestLayout> warm_layout(std::uint64_t image_span) {
    auto layout = guest::plan_layout(kWarmMemory, image_span, kWarmBootArea, "the warm guest", kWarmPayloadWindow);
    if (!layout) return layout;
    layout->payload_size = 0;
    layout->companions_start = layout->payload_start;
    return layout;
}

bool fits_window(std::uint64_t program_size, const std::vector<guest::BootInputs::Companion>& companions) {
    if (program_size > kWarmPayloadWindow) return false;
    std::uint64_t total = page_up(program_size);
    for (const auto& companion : companions) {
        if (companion.size > kWarmPayloadWindow) return false;
        total += page_up(companion.size);
    }
    return total <= kWarmPayloadWindow;
}

bool place_in_window(guest::GuestLayout& layout, std::uint64_t program_size,
                     const std::vector<guest::BootInputs::Companion>& companions) {
    // warm_layout puts the window right below the image: [payload_start, image_start).
    if (!fits_window(program_size, companions) || layout.image_start - layout.payload_start < kWarmPayloadWindow)
        return false;
    layout.payload_size = program_size;
    layout.companions_start = layout.payload_start + page_up(program_size);
    return true;
}

Result<FileId> file_id(const std::string& path) {
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) return fail("cannot stat " + path + ": " + std::strerror(errno));
    return file_id(st);
}

FileId file_id(const struct stat& st) {
    return FileId{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                  static_cast<std::uint64_t>(st.st_size),
                  static_cast<std::uint64_t>(st.st_mtim.tv_sec) * 1'000'000'000ull + static_cast<std::uint64_t>(st.st_mtim.tv_nsec)};
}

}  // namespace celda::serve
