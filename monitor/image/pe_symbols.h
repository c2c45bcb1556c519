// The function names of a Windows program, for crash reports ("tool.exe!crash_here+0x1c"):
// from the COFF symbol table mingw leaves in an unstripped .exe, else (stripped with -s, or an
// MSVC build whose symbols are in a .pdb) from its export directory. Addresses are RVAs. The
// .exe is untrusted input: every offset is bounds-checked, and anything malformed yields fewer
// (or no) symbols, never an error: symbols only make reports nicer.
#pragma once

#include <cstddef>
#include <span>

#include "image/symbols.h"

namespace celda::image {

// COFF function symbols (section number > 0; RVA = section VirtualAddress + Value), each
// covering up to the next one or the end of its section; the export directory if there are none.
SymbolTable symbols_from_pe(std::span<const std::byte> file);

// The same, parsed when a report first asks (cold start does not pay for it).
inline SymbolTable lazy_symbols_from_pe(std::span<const std::byte> file) {
    return SymbolTable::lazy(file, &symbols_from_pe);
}

}  // namespace celda::image
