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
Result<void> protect_image(GuestMemory& memory, const GuestLayout& layout, const image::ElfImage& image);

// Instead of copy_image + protect_image: maps each segment straight from the image's file,
// private (copy-on-write), at its guest address with its final protection, and zeroes the
// .bss tail of its last file page. Nothing is copied and only pages the guest touches are
// faulted in. Returns false, having changed nothing, when the image cannot be loaded that way
// (no open file; a segment whose file offset and address disagree modulo the page size; two
// segments sharing a page; a .bss in a read-only segment): then copy and protect it instead.
Result<bool> map_image(GuestMemory& memory, const GuestLayout& layout, const image::ElfImage& image);

// One file of a stock image's payload: the user's program, or one of its companion DLLs.
struct PayloadFile {
    std::span<const std::byte> bytes;
    int fd = -1;    // its open file, or -1
};

// Puts the payload at the pages just below the image: files[0] (the program) at payload_start,
// the rest (companion DLLs) from companions_start on, each page aligned (next_payload_file).
// `map_files` (sandbox): a file with an fd is mapped private (copy-on-write) and read-write
// instead of copied, so only the pages the guest reads are faulted in; otherwise (kvm, whose
// host mapping must stay one anonymous region, or a file without fd) the bytes are copied.
// One path for both backends, so the guest sees the same bytes at the same addresses.
// Allocates nothing (it runs in the sandbox child after fork).
Result<void> place_payload(GuestMemory& memory, const GuestLayout& layout, std::span<const PayloadFile> files,
                           bool map_files);

}  // namespace celda::guest
