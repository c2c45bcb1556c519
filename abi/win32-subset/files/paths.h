// Windows paths on the guest VFS. Drive C: is the guest root ("C:\tmp\x.txt" = /tmp/x.txt),
// `\` and `/` both separate, a rooted path without a drive ("\tmp") is on C:, names are
// looked up case-insensitively (the VFS itself is case-sensitive: an existing entry whose name
// differs only in case is found), "NUL" and "CON" name the devices. The process's current
// directory lives here too, as a VFS path.
#pragma once

#include <stddef.h>

#include <libos/vfs/vfs.h>

#include "support/winabi.h"

namespace win32::files {

using libos::vfs::kPathMax;

// Mounts the guest's file system: an in-memory root with \tmp and \dev, then the host
// shares `celda run -v` announced, and enters `-w`'s directory. 0, or a negative errno after
// printing one line saying what is wrong.
int setup_filesystem();

// Windows path (UTF-8) -> absolute, normalized VFS path in `out` (kPathMax bytes), with
// existing components in their stored case. 0 or a Win32 error (ERROR_PATH_NOT_FOUND for a
// drive other than C:, ERROR_FILENAME_EXCED_RANGE, ERROR_INVALID_NAME).
DWORD to_vfs_path(const char* windows_path, char* out);
// VFS path -> "C:\..." (truncated to `capacity`).
void to_windows_path(const char* vfs_path, char* out, size_t capacity);

// The current directory (a VFS path, no trailing slash except "/").
const char* current_directory();
// 0 or a Win32 error (the directory must exist).
DWORD set_current_directory(const char* vfs_path);

// A VFS error (negative errno) as the Win32 error code a file API reports. `path_part`:
// the path's directory part did not exist (ENOENT there is ERROR_PATH_NOT_FOUND).
DWORD error_from_errno(int negative_errno, bool path_part = false);
// For an ENOENT from opening/stat'ing `vfs_path`: FILE_NOT_FOUND when its directory exists,
// PATH_NOT_FOUND when it does not (Windows tells the two apart).
DWORD not_found_error(const char* vfs_path);

// Windows wildcard match (`*`, `?`), case-insensitive; "*.*" matches names without a dot too.
bool wildcard_match(const char* pattern, const char* name);

}  // namespace win32::files
