// A Celda guest image: a static-PIE ELF64 x86-64 executable, linked at 0, carrying the "Celda"
// contract note. Parsing validates everything the loader will later rely on (bounds, overlap,
// W^X, entry point) so that loading itself cannot fail on a bad file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "image/file_bytes.h"
#include "image/symbols.h"

namespace celda::image {

struct Segment {
    std::uint64_t vaddr;   // image-relative
    std::uint64_t memsz;
    std::uint64_t offset;  // in the file
    std::uint64_t filesz;
    std::uint32_t flags;   // PF_R | PF_W | PF_X
};

// A page-aligned, image-relative range and the protection its pages get once loaded.
struct PageProtection {
    std::uint64_t start;
    std::uint64_t end;
    bool read, write, execute;
};

struct ElfImage {
    std::string name;                 // as the user gave it, for messages
    FileBytes file;                   // the whole file: segments are copied from here
    std::vector<Segment> segments;    // PT_LOAD, sorted by vaddr
    std::uint64_t entry = 0;          // image-relative
    std::uint64_t span = 0;           // bytes from 0 to the page-aligned end of the last segment
    std::uint32_t contract_version = 0;
    std::vector<PageProtection> protections;  // never write+execute
    SymbolTable symbols;
};

// What an x86-64 ELF executable is: a Celda guest image (it carries the contract note), or a
// Linux program, statically linked or needing a dynamic loader (PT_INTERP).
enum class ElfKind { CeldaImage, LinuxStatic, LinuxDynamic };

// Checks the ELF header (architecture, class, type, program and section headers inside the
// file) and tells which kind it is. Errors are one user-facing line.
Result<ElfKind> classify_elf(std::span<const std::byte> file, std::string_view name);

// Validates `file` (any bytes at all) as a guest image. `name` is used in error messages.
Result<ElfImage> parse_elf_image(FileBytes file, std::string_view name);

// Reads and parses the file at `path`.
Result<ElfImage> load_elf_image(const std::string& path);

}  // namespace celda::image
