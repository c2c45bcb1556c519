// Loads PE32+ images from untrusted bytes into guest memory: the program, and the DLLs it
// shipped (companion DLLs, loader/companions.h) for its imports and for LoadLibrary. Headers
// checked, sections copied (debug sections never) and protected, base relocations applied
// (a DLL is never at its preferred base), imports bound — built-in DLLs first for system
// names and API sets, then program DLLs, loaded recursively (cycles find the module already
// mapped) — and TLS and the exception table recorded. Every read of a file or of a mapped
// image is bounds-checked; a bad file gives one line naming what is wrong. DllMain and TLS
// callbacks run later, in loader/dll_init.h.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "loader/pe_format.h"
#include "loader/pe_module.h"

namespace win32 {

// Loads the program and the DLLs its imports need; on failure returns nullptr with a message
// in `error` (no "celda:" prefix), e.g. "'tool.exe': needs foo.dll (imported by bar.dll,
// imported by tool.exe), which is neither beside the program nor built into celda".
PeModule* load_pe(const uint8_t* file, size_t file_size, const char* path, char* error, size_t error_capacity);

// LoadLibrary. A plain name: the loaded module of that file name, else the companion DLL of
// that name, else a file of that name in the current directory. A name with a folder part
// (absolute or relative): exactly that file in the VFS (C:\app's files are the companions),
// its own imports searched as above and then in its folder. Loaded now with its dependencies
// (DllMain not yet run: dll_init.h). nullptr with a Win32 error (ERROR_MOD_NOT_FOUND for a
// missing file or dependency, ERROR_PROC_NOT_FOUND for a missing import, ERROR_BAD_EXE_FORMAT)
// and the loader's message; whatever the failed call had loaded is forgotten.
PeModule* load_library(const char* name, uint32_t& win32_error, char* message, size_t message_capacity);

// For an import or a forwarder during a load: the module named `name`, loading it if needed.
PeModule* load_dependency(const char* name);

// The Windows PAGE_* protection the loader gave the image page holding `address`
// (0 when it is not in an image).
uint32_t image_page_protection(uint64_t address);

}  // namespace win32
