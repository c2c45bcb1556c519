// A warm guest's memory and window (where a served run's program and DLLs go), and how a
// celda build or stock image is told apart from another. (The run itself travels as a
// serve/run_request.h message; the answers are serve/warm_reply.h.)
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <string>
#include <vector>

#include "celda/contract.h"
#include "error.h"
#include "guest/boot_info.h"
#include "guest/layout.h"

namespace celda::serve {

// A warm guest's memory: what `celda run` gives a guest by default, plus room for the program
// and its DLLs (the window, mapped per run just below the image) and a fixed boot area. The
// guest's free memory is the same as a default run's. Runs that need more go without the server.
inline constexpr std::uint64_t kWarmBootArea = 256ull << 10;
inline constexpr std::uint64_t kWarmPayloadWindow = 64ull << 20;
inline constexpr std::uint64_t kWarmMemory = (64ull << 20) + kWarmPayloadWindow + kWarmBootArea;

// Where a warm guest of an image spanning `image_span` bytes puts things (payload_size and
// companions_start are filled in per run by place_in_window).
Result<guest::GuestLayout> warm_layout(std::uint64_t image_span);
// `layout` for one run: false if the program and its DLLs do not fit the window.
bool place_in_window(guest::GuestLayout& layout, std::uint64_t program_size,
                     const std::vector<guest::BootInputs::Companion>& companions);
// The same test from the sizes alone (the window's size does not depend on the image).
bool fits_window(std::uint64_t program_size, const std::vector<guest::BootInputs::Companion>& companions);

// Identifies a file's version cheaply: a rebuilt celda or stock image is a different one.
struct FileId {
    std::uint64_t dev = 0, ino = 0, size = 0, mtime_ns = 0;
    bool operator==(const FileId&) const = default;
};
Result<FileId> file_id(const std::string& path);
FileId file_id(const struct stat& st);

}  // namespace celda::serve
