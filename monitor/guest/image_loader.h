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

// Instead of copy_image + protect_image: maps each segment straight from the image's file,
// private (copy-on-write), at its guest address with its final protection, and zeroes the
// .bss tail of its last file page. Nothing is copied and only pages the guest touches are
// faulted in. Returns false, having changed nothing, when the image cannot be loaded that way
// (no open file; a segment whose file offset and address disagree modulo the page size; two
// segments sharing a page; a .bss in a read-only segment): then copy and protect it instead.
Result<bool> map_image(GuestMemory& memory, const GuestLayout& layout, const image::ElfImage& image);
// Instead of copy_payload: maps the payload file (`fd`, `size` bytes) at the layout's payload
// pages, private and read-write, as copy_payload would leave them. False if there is no file.
Result<bool> map_payload(GuestMemory& memory, const GuestLayout& layout, int fd, std::uint64_t size);

}  // namespace celda::guest
