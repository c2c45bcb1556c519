// First look at a Windows executable, before booting the Win32 image for it: is it a 64-bit
// (PE32+, x86-64) console program? Everything the monitor can refuse with one clear line it
// refuses here; the guest's PE loader validates the rest (sections, imports) itself.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "error.h"

namespace celda::image {

// True if `file` starts like a DOS/PE executable ("MZ").
bool looks_like_pe(std::span<const std::byte> file);

// Ok for a PE32+ x86-64 console (CUI) executable; otherwise the reason, naming the file.
Result<void> check_pe_header(std::span<const std::byte> file, std::string_view name);

}  // namespace celda::image
