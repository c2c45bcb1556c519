// The export directory of a loaded PE module (a DLL the program shipped, or the program):
// lookups by name (the hint first, then a binary search of the sorted name table) and by
// ordinal (OrdinalBase + index), with forwarded exports followed: "NTDLL.RtlAllocateHeap" and
// "api-ms-win-…​.Function" go to the built-in DLLs, "zlib1.inflate" / "zlib1.#12" to program
// DLLs, loaded on demand. Every read is checked against the module's image.
#pragma once

#include <stdint.h>

#include "loader/pe_module.h"

namespace win32 {

// The address of export `name` of `module`, or nullptr when it has none (or a forwarder leads
// nowhere). `hint`: the importer's guess at its index in the name table.
void* pe_export_by_name(const PeModule& module, const char* name, uint32_t hint = UINT32_MAX);
// The address of export `ordinal`, or nullptr.
void* pe_export_by_ordinal(const PeModule& module, uint32_t ordinal);

}  // namespace win32
