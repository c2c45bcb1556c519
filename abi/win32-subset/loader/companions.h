// The program's companion DLLs as the monitor handed them over (boot_info.companions, contract
// v8): every *.dll beside the .exe on the host, read-only bytes in guest memory. The loader
// loads one when an import or LoadLibrary names it; the file system shows them in C:\app.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace win32 {

struct CompanionFile {
    const char* name;      // file name as stored on the host
    const uint8_t* data;
    size_t size;
    uint32_t index;        // in boot_info.companions
};

size_t companion_count();
CompanionFile companion_at(size_t index);
// The companion named `name` (a file name: case-insensitive, ".dll" optional), or false.
bool find_companion(const char* name, CompanionFile& out);

// The folder the program and its DLLs appear in (Windows form, with the trailing backslash),
// and the same as a VFS path.
inline constexpr const char* kAppFolder = "C:\\app\\";
inline constexpr const char* kAppVfsFolder = "/app";

}  // namespace win32
