// What `celda run PROGRAM` boots. A Celda guest image boots as it is. A Linux executable or a
// Windows .exe is handed, as the boot payload, to the stock image of the ABI layer that speaks
// its language (posix.img, win32.img), found beside the celda binary.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "companions.h"
#include "error.h"
#include "image/elf_image.h"
#include "image/file_bytes.h"

namespace celda {

enum class ProgramKind { CeldaImage, LinuxElf, WindowsPe };

// Whether load_program parses a stock image at once or only finds it. A run that a warm guest
// may take needs no more (the server has validated and booted that very file); it parses the
// image only if the server declines or a report names an address in it.
enum class StockImageLoad { Now, Deferred };

struct Program {
    ProgramKind kind;
    image::ElfImage image;                    // what boots: PROGRAM itself or a stock image
    bool image_deferred = false;              // image is empty yet (load_deferred_image)
    std::optional<image::FileBytes> payload;  // PROGRAM's bytes, when a stock image runs it
    // The payload's own symbols (COFF/exports of a .exe, .symtab of an ELF), parsed only if a
    // crash report asks. Addresses are relative to where the ABI layer placed the program
    // (boot_info.program_base: PE RVAs, static-PIE link addresses)...
    image::SymbolTable payload_symbols;
    // ...except for a fixed-address ELF (ET_EXEC), which runs at its link addresses and is not
    // announced: its symbols are looked up by guest address.
    bool payload_at_link_address = false;
    std::vector<Companion> companions;        // a Windows program's DLLs (the *.dll beside it)
    std::string stock_path;                   // the stock image's file, when one runs PROGRAM
    std::string path;                         // PROGRAM as the user gave it
};

// Classifies and loads PROGRAM. `stock_dir` is where posix.img and win32.img live; empty means
// own_directory(), looked up only when PROGRAM needs a stock image.
Result<Program> load_program(const std::string& path, const std::string& stock_dir = {},
                             StockImageLoad stock_load = StockImageLoad::Now);

// Parses a stock image load_program deferred; does nothing otherwise.
Result<void> load_deferred_image(Program& program);

// The directory holding the running celda binary (so build/bin/ can be copied anywhere).
Result<std::string> own_directory();

}  // namespace celda
