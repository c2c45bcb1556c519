// DLLs that are files in the guest's VFS rather than companions the monitor handed over:
// LoadLibrary of a path (a plugin in a -v share, or in a folder the program wrote), and the
// folders searched for a DLL that is neither loaded, built in nor beside the program. Read
// through the VFS directly (as CreateFile/ReadFile do underneath), never through Win32 handles.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace win32 {

// Reads the regular file at VFS path `vfs_path` whole into heap memory (free() it). 0, or
// ERROR_MOD_NOT_FOUND when there is no such file (or it is a directory) — what LoadLibrary
// reports for a path that names no file — or another Win32 error for a read that failed.
uint32_t read_dll_file(const char* vfs_path, uint8_t*& data, size_t& size);

}  // namespace win32
