// Binding an import to an address: the function itself, or a numbered thunk slot
// (registry/thunks.S) when the function is missing (calling it names it and ends the guest)
// or when --trace=win32 is on (relay tracing, like WINEDEBUG=+relay).
#pragma once

#include <stdint.h>

#include "registry/registry.h"

namespace win32 {

// `dll_name` as the program wrote it; `dll` may be nullptr only for GetProcAddress misses.
// `export_row` nullptr: unimplemented. Returns nullptr when the thunk slots ran out.
void* bind_import(const char* dll_name, const char* function, const Export* export_row);

// GetProcAddress: the same binding for a function found at run time.
inline void* bind_procedure(const char* dll_name, const Export* row) { return bind_import(dll_name, row->name, row); }

// CELDA_TRACE (set by `celda run --trace=win32`) includes "win32".
bool win32_tracing();
void init_tracing();

}  // namespace win32
