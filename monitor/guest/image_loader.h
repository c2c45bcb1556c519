// Copies a parsed image's segments into guest memory at the layout's load bias and gives each
// page its protection (R, RW or RX; never W+X).
#pragma once

#include <cstddef>
#include <span>

#include "error.h"
#include "guest/guest_memory.h"
#include "guest/layout.h"
#include "image/elf_image.h"

namespace celda::guest {

Result<void> copy_image(const GuestMemory& memory, const GuestLayout& layout, const image::ElfImage& image);
// Copies a stock image's payload (the user's program) to the pages just below the image.
Result<void> copy_payload(const GuestMemory& memory, const GuestLayout& layout, std::span<const std::byte> payload);
Result<void> protect_image(GuestMemory& memory, const GuestLayout& layout, const image::ElfImage& image);

}  // namespace celda::guest
