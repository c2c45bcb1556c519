// What `celda run PROGRAM` boots. A Celda guest image boots as it is. A Linux executable or a
// Windows .exe is handed, as the boot payload, to the stock image of the ABI layer that speaks
// its language (posix.img, win32.img), found beside the celda binary.
#pragma once

#include <optional>
#include <string>

#include "error.h"
#include "image/elf_image.h"
#include "image/file_bytes.h"

namespace celda {

enum class ProgramKind { CeldaImage, LinuxElf, WindowsPe };

struct Program {
    ProgramKind kind;
    image::ElfImage image;                    // what boots: PROGRAM itself or a stock image
    std::optional<image::FileBytes> payload;  // PROGRAM's bytes, when a stock image runs it
};

// Classifies and loads PROGRAM. `stock_dir` is where posix.img and win32.img live; empty means
// own_directory(), looked up only when PROGRAM needs a stock image.
Result<Program> load_program(const std::string& path, const std::string& stock_dir = {});

// The directory holding the running celda binary (so build/bin/ can be copied anywhere).
Result<std::string> own_directory();

}  // namespace celda
