// The VS_VERSIONINFO block of a version resource, as GetFileVersionInfo copies it out and
// VerQueryValue reads it: a tree of blocks, each {wLength, wValueLength, wType, key (UTF-16,
// NUL-terminated), padding to 4 bytes, value, padding, children}. The root's value is the
// VS_FIXEDFILEINFO; its children are StringFileInfo (string tables per "<lang><codepage>")
// and VarFileInfo (Translation). The block comes from a file: every length is checked
// against its parent's extent.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace win32::version {

struct VersionValue {
    const uint8_t* data = nullptr;
    uint32_t length = 0;   // as VerQueryValue reports it: characters for text, else bytes
    bool text = false;     // wType 1: a UTF-16 string
};

// The value at `path` in the block of `size` bytes at `block`, or false. Paths as Windows
// takes them: "\\" (the VS_FIXEDFILEINFO), "\\VarFileInfo\\Translation",
// "\\StringFileInfo\\040904b0\\ProductName"; keys compared case-insensitively, empty
// components skipped.
bool query_version_value(const uint8_t* block, size_t size, const char16_t* path, VersionValue& out);

}  // namespace win32::version
