// File handles (CreateFile's objects): what io.cpp's ReadFile/WriteFile and the CRT's lowio
// need to reach them.
#pragma once

#include <stdint.h>

#include <libos/vfs/node.h>

#include "support/winabi.h"

namespace win32::kernel32 {

struct OpenFile {
    libos::vfs::Ref<libos::vfs::File> file;
    uint64_t position = 0;      // the file pointer (SetFilePointer)
    bool readable = false;
    bool writable = false;
    bool append_only = false;   // FILE_APPEND_DATA without write access: every write at the end
    bool directory = false;
    bool delete_on_close = false;
    bool write_attributes = false;   // FILE_WRITE_ATTRIBUTES (in GENERIC_WRITE): SetFileTime allowed
    char* path = nullptr;       // VFS path (heap)
};

// The file behind `handle`, or nullptr (not a handle, or not a file).
OpenFile* open_file_of(HANDLE handle);
// Positioned I/O at the file pointer, advancing it. Bytes or a negative errno.
int64_t file_read(OpenFile& open, void* buffer, size_t length);
int64_t file_write(OpenFile& open, const void* buffer, size_t length);

WINAPI HANDLE CreateFileA(const char* name, DWORD access, DWORD share, void* security, DWORD disposition, DWORD flags,
                          HANDLE template_file);
WINAPI BOOL SetFilePointerEx(HANDLE handle, int64_t distance, int64_t* new_position, DWORD method);
WINAPI BOOL GetFileSizeEx(HANDLE handle, int64_t* size);
WINAPI BOOL SetEndOfFile(HANDLE handle);
WINAPI BOOL DeleteFileA(const char* name);
WINAPI BOOL MoveFileExA(const char* from, const char* to, DWORD flags);
WINAPI BOOL CreateDirectoryA(const char* name, void* security);
WINAPI BOOL RemoveDirectoryA(const char* name);
WINAPI DWORD GetFileAttributesA(const char* name);
WINAPI BOOL SetCurrentDirectoryA(const char* name);
WINAPI BOOL SetFileAttributesA(const char* name, DWORD attributes);
struct FileTime {
    DWORD low, high;
};
WINAPI BOOL SetFileTime(HANDLE handle, const FileTime* creation, const FileTime* access, const FileTime* write);
WINAPI DWORD GetCurrentDirectoryA(DWORD capacity, char* buffer);
WINAPI DWORD GetTempPathA(DWORD capacity, char* buffer);
WINAPI UINT GetTempFileNameA(const char* directory, const char* prefix, UINT unique, char* out);
WINAPI DWORD GetFullPathNameA(const char* name, DWORD capacity, char* buffer, char** file_part);

}  // namespace win32::kernel32
