// Companion DLLs: the DLLs a Windows program ships beside its .exe (mingw's libstdc++-6.dll,
// zlib1.dll, plugins). Every regular file named *.dll (any case) in the .exe's folder is handed
// to the guest with the program; the monitor parses none of them (no import-table walking on
// the host: less untrusted parsing here, and the guest's LoadLibrary of a plugin finds it too).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "celda/contract.h"
#include "error.h"
#include "image/file_bytes.h"
#include "image/symbols.h"

namespace celda {

inline constexpr std::size_t kMaxCompanions = CELDA_MAX_COMPANIONS;

struct Companion {
    std::string name;          // file name only, as stored on the host
    image::FileBytes bytes;    // mapped read-only; its fd lets the sandbox map it copy-on-write
    image::SymbolTable symbols{};  // its COFF symbols/exports, parsed only if a crash report asks
};

// The *.dll files beside `program_path`, sorted by name. Fails (one line saying what to do)
// when there are more than kMaxCompanions or one cannot be read.
Result<std::vector<Companion>> find_companions(const std::string& program_path);

// Bytes the companions take in the payload area (each page aligned).
std::uint64_t companion_span(const std::vector<Companion>& companions);

}  // namespace celda
