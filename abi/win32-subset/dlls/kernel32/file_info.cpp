// More of the file API programs reach for: GetFileInformationByHandleEx/SetFileInformationByHandle
// (basic, standard, name, attribute-tag and id information; times, attributes, delete
// disposition and end of file), GetFinalPathNameByHandle, CreateFile2, CopyFileEx,
// MoveFileWithProgress, ReplaceFile, CreateSymbolicLink (the in-memory file system stores
// symlinks; Windows' privilege check is not modelled), the Windows/system directory names
// (C:\Windows\System32, where GetModuleFileName places the built-in DLLs), and the ANSI/OEM
// file-API switches (both code pages are UTF-8 here).
#include <libos/libc.h>
#include <libos/vfs/vfs.h>

#include "dlls/kernel32/files.h"
#include "dlls/kernel32/kernel32.h"
#include "files/paths.h"
#include "process/thread.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::kernel32 {

WINAPI HANDLE CreateFileW(const WCHAR* name, DWORD access, DWORD share, void* security, DWORD disposition, DWORD flags,
                          HANDLE template_file);
WINAPI BOOL CopyFileW(const WCHAR* from, const WCHAR* to, BOOL fail_if_exists);
WINAPI BOOL MoveFileExW(const WCHAR* from, const WCHAR* to, DWORD flags);
WINAPI BOOL CopyFileA(const char* from, const char* to, BOOL fail_if_exists);

namespace {

using namespace libos::vfs;
namespace err = libos::err;

constexpr DWORD kErrorMoreData = 234, kErrorPrivilegeNotHeld = 1314;

BOOL fail(DWORD error) {
    last_error() = error;
    return kFalse;
}
uint64_t filetime_of(int64_t unix_ns) { return static_cast<uint64_t>(unix_ns / 100) + 116444736000000000ull; }
DWORD attributes_of(const Attr& attr) {
    if ((attr.mode & kTypeMask) == kDirectory) return 0x10;
    return 0x20 | (!(attr.mode & 0222) ? 0x1 : 0);
}

// Copies UTF-8 `text` out as Win32 string getters do (length without NUL, or the size needed).
template <typename Char>
DWORD copy_out(const char* text, Char* buffer, DWORD capacity) {
    size_t n = sizeof(Char) == 1 ? ::strlen(text) : utf8_to_utf16(text, ::strlen(text), nullptr, 0);
    if (!buffer || n + 1 > capacity) return static_cast<DWORD>(n + 1);
    if constexpr (sizeof(Char) == 1) ::memcpy(buffer, text, n + 1);
    else {
        utf8_to_utf16(text, ::strlen(text), buffer, n);
        buffer[n] = 0;
    }
    return static_cast<DWORD>(n);
}

}  // namespace

WINAPI BOOL AreFileApisANSI() { return kTrue; }
WINAPI void SetFileApisToANSI() {}
WINAPI void SetFileApisToOEM() {}

struct FileBasicInfo {
    int64_t creation, last_access, last_write, change;
    DWORD attributes;
};
struct FileStandardInfo {
    int64_t allocation_size, end_of_file;
    DWORD links;
    uint8_t delete_pending, directory;
};

WINAPI BOOL GetFileInformationByHandleEx(HANDLE handle, int info_class, void* out, DWORD size) {
    OpenFile* open = open_file_of(handle);
    if (!open) return fail(ERROR_INVALID_HANDLE);
    Attr attr;
    int rc = open->file->getattr(attr);
    if (rc < 0) return fail(files::error_from_errno(rc));
    switch (info_class) {
        case 0: {   // FileBasicInfo
            if (size < sizeof(FileBasicInfo)) return fail(ERROR_INSUFFICIENT_BUFFER);
            auto* info = static_cast<FileBasicInfo*>(out);
            info->creation = static_cast<int64_t>(filetime_of(attr.ctime_ns));
            info->last_access = static_cast<int64_t>(filetime_of(attr.atime_ns));
            info->last_write = static_cast<int64_t>(filetime_of(attr.mtime_ns));
            info->change = static_cast<int64_t>(filetime_of(attr.ctime_ns));
            info->attributes = attributes_of(attr);
            return kTrue;
        }
        case 1: {   // FileStandardInfo
            if (size < sizeof(FileStandardInfo)) return fail(ERROR_INSUFFICIENT_BUFFER);
            auto* info = static_cast<FileStandardInfo*>(out);
            info->end_of_file = attr.size;
            info->allocation_size = (attr.size + 4095) & ~int64_t{4095};
            info->links = static_cast<DWORD>(attr.nlink);
            info->delete_pending = open->delete_on_close;
            info->directory = (attr.mode & kTypeMask) == kDirectory;
            return kTrue;
        }
        case 2: {   // FileNameInfo: the path without the drive, in bytes
            if (size < 8) return fail(ERROR_INSUFFICIENT_BUFFER);
            char windows[files::kPathMax];
            files::to_windows_path(open->path ? open->path : "/", windows, sizeof windows);
            const char* no_drive = windows[1] == ':' ? windows + 2 : windows;
            size_t units = utf8_to_utf16(no_drive, ::strlen(no_drive), nullptr, 0);
            auto* length = static_cast<DWORD*>(out);
            *length = static_cast<DWORD>(units * 2);
            auto* name = reinterpret_cast<WCHAR*>(static_cast<char*>(out) + 4);
            size_t room = (size - 4) / 2;
            WCHAR* wide = to_wide(no_drive);
            if (!wide) return fail(ERROR_NOT_ENOUGH_MEMORY);
            for (size_t i = 0; i < units && i < room; ++i) name[i] = wide[i];
            ::free(wide);
            return units <= room ? kTrue : fail(kErrorMoreData);
        }
        case 9: {   // FileAttributeTagInfo
            if (size < 8) return fail(ERROR_INSUFFICIENT_BUFFER);
            static_cast<DWORD*>(out)[0] = attributes_of(attr);
            static_cast<DWORD*>(out)[1] = 0;
            return kTrue;
        }
        case 18: {   // FileIdInfo: volume serial and a 128-bit id (the inode)
            if (size < 24) return fail(ERROR_INSUFFICIENT_BUFFER);
            auto* words = static_cast<uint64_t*>(out);
            words[0] = 0xce1da;
            words[1] = attr.ino;
            words[2] = 0;
            return kTrue;
        }
        default: return fail(ERROR_INVALID_PARAMETER);
    }
}

WINAPI BOOL SetFileInformationByHandle(HANDLE handle, int info_class, const void* in, DWORD size) {
    OpenFile* open = open_file_of(handle);
    if (!open) return fail(ERROR_INVALID_HANDLE);
    switch (info_class) {
        case 0: {   // FileBasicInfo: 0 keeps a time, -1 too (it stops updates on Windows)
            if (size < sizeof(FileBasicInfo)) return fail(ERROR_INSUFFICIENT_BUFFER);
            auto* info = static_cast<const FileBasicInfo*>(in);
            auto as_filetime = [](int64_t t, FileTime& out) {
                out = {static_cast<DWORD>(t), static_cast<DWORD>(static_cast<uint64_t>(t) >> 32)};
                return t > 0;
            };
            FileTime c{}, a{}, w{};
            bool any = as_filetime(info->creation, c) | as_filetime(info->last_access, a) |
                       as_filetime(info->last_write, w);
            if (any && !SetFileTime(handle, info->creation > 0 ? &c : nullptr, info->last_access > 0 ? &a : nullptr,
                                    info->last_write > 0 ? &w : nullptr))
                return kFalse;
            if (info->attributes) {
                Attr attr;
                open->file->getattr(attr);
                if ((attr.mode & kTypeMask) != kDirectory) {
                    bool read_only = info->attributes & 0x1;
                    if (read_only != !(attr.mode & 0222)) {
                        int rc = open->file->set_mode((read_only ? attr.mode & ~0222u : attr.mode | 0200) & 07777);
                        if (rc < 0) return fail(rc == -err::EOPNOTSUPP ? ERROR_NOT_SUPPORTED : files::error_from_errno(rc));
                    }
                }
            }
            return kTrue;
        }
        case 4:   // FileDispositionInfo: delete when the last handle closes
            if (size < 1) return fail(ERROR_INSUFFICIENT_BUFFER);
            open->delete_on_close = *static_cast<const uint8_t*>(in) != 0;
            return kTrue;
        case 5:   // FileAllocationInfo: nothing to reserve in memory
            return kTrue;
        case 6: {   // FileEndOfFileInfo
            if (size < 8) return fail(ERROR_INSUFFICIENT_BUFFER);
            if (!open->writable) return fail(ERROR_ACCESS_DENIED);
            int rc = open->file->truncate(static_cast<uint64_t>(*static_cast<const int64_t*>(in)));
            return rc < 0 ? fail(files::error_from_errno(rc)) : kTrue;
        }
        default: return fail(ERROR_INVALID_PARAMETER);
    }
}

// GetFinalPathNameByHandle: VOLUME_NAME_DOS (0) "\\?\C:\dir\file", VOLUME_NAME_GUID (1),
// VOLUME_NAME_NT (2) "\Device\HarddiskVolume1\dir\file", VOLUME_NAME_NONE (4) "\dir\file".
namespace {
bool final_path(HANDLE handle, DWORD flags, char* out, size_t size) {
    OpenFile* open = open_file_of(handle);
    if (!open) return fail(ERROR_INVALID_HANDLE), false;
    char windows[files::kPathMax];
    files::to_windows_path(open->path ? open->path : "/", windows, sizeof windows);
    const char* tail = windows[1] == ':' ? windows + 2 : windows;
    const char* prefix = (flags & 4) ? "" : (flags & 2) ? "\\Device\\HarddiskVolume1"
                       : (flags & 1) ? "\\\\?\\Volume{00000000-0000-0000-0000-0000000ce1da}" : "\\\\?\\C:";
    size_t a = ::strlen(prefix), b = ::strlen(tail);
    if (a + b + 1 > size) return fail(ERROR_FILENAME_EXCED_RANGE), false;
    ::memcpy(out, prefix, a);
    ::memcpy(out + a, tail, b + 1);
    return true;
}
}  // namespace
WINAPI DWORD GetFinalPathNameByHandleA(HANDLE handle, char* buffer, DWORD capacity, DWORD flags) {
    char path[files::kPathMax + 64];
    return final_path(handle, flags, path, sizeof path) ? copy_out(path, buffer, capacity) : 0;
}
WINAPI DWORD GetFinalPathNameByHandleW(HANDLE handle, WCHAR* buffer, DWORD capacity, DWORD flags) {
    char path[files::kPathMax + 64];
    return final_path(handle, flags, path, sizeof path) ? copy_out(path, buffer, capacity) : 0;
}

struct CreateFile2Parameters {
    DWORD size, attributes, flags, security_qos;
    void* security;
    HANDLE template_file;
};
WINAPI HANDLE CreateFile2(const WCHAR* name, DWORD access, DWORD share, DWORD disposition,
                          const CreateFile2Parameters* parameters) {
    DWORD flags = parameters ? parameters->attributes | parameters->flags : 0;
    return CreateFileW(name, access, share, parameters ? parameters->security : nullptr, disposition, flags,
                       parameters ? parameters->template_file : nullptr);
}
// The progress callbacks are not called (the copy/move is one step).
WINAPI BOOL CopyFileExW(const WCHAR* from, const WCHAR* to, void*, void*, BOOL* cancel, DWORD flags) {
    if (cancel && *cancel) return fail(1235);   // ERROR_REQUEST_ABORTED
    return CopyFileW(from, to, (flags & 1) ? kTrue : kFalse);
}
WINAPI BOOL CopyFileExA(const char* from, const char* to, void*, void*, BOOL* cancel, DWORD flags) {
    if (cancel && *cancel) return fail(1235);
    return CopyFileA(from, to, (flags & 1) ? kTrue : kFalse);
}
WINAPI BOOL MoveFileWithProgressW(const WCHAR* from, const WCHAR* to, void*, void*, DWORD flags) {
    return MoveFileExW(from, to, flags);
}
WINAPI BOOL MoveFileWithProgressA(const char* from, const char* to, void*, void*, DWORD flags) {
    return MoveFileExA(from, to, flags);
}
// ReplaceFile: `replaced` must exist; it is optionally copied to `backup`, then `replacement`
// takes its name.
WINAPI BOOL ReplaceFileW(const WCHAR* replaced, const WCHAR* replacement, const WCHAR* backup, DWORD, void*, void*) {
    char* r = replaced ? to_utf8(replaced) : nullptr;
    bool exists = r && GetFileAttributesA(r) != 0xffffffff;
    ::free(r);
    if (!exists) return fail(ERROR_FILE_NOT_FOUND);
    if (backup && !CopyFileW(replaced, backup, kFalse)) return fail(1175);   // ERROR_UNABLE_TO_REMOVE_REPLACED
    return MoveFileExW(replacement, replaced, 1) ? kTrue : fail(1176);       // ERROR_UNABLE_TO_MOVE_REPLACEMENT
}

// CreateSymbolicLink: the target is stored as a VFS path (absolute C:\ paths become /...,
// relative ones keep their form with '/' separators). Returns BOOLEAN.
WINAPI uint8_t CreateSymbolicLinkA(const char* link, const char* target, DWORD) {
    if (!link || !target) return fail(ERROR_INVALID_PARAMETER), 0;
    char link_path[files::kPathMax], target_path[files::kPathMax];
    DWORD error = files::to_vfs_path(link, link_path);
    if (error) return fail(error), 0;
    bool absolute = target[0] == '\\' || target[0] == '/' || (target[0] && target[1] == ':');
    if (absolute) {
        if ((error = files::to_vfs_path(target, target_path))) return fail(error), 0;
    } else {
        size_t n = ::strlen(target);
        if (n + 1 > sizeof target_path) return fail(ERROR_FILENAME_EXCED_RANGE), 0;
        for (size_t i = 0; i <= n; ++i) target_path[i] = target[i] == '\\' ? '/' : target[i];
    }
    Ref<Node> parent;
    char leaf[files::kPathMax];
    int rc = resolve_parent(link_path, parent, leaf);
    if (rc == 0) rc = parent->symlink(leaf, target_path);
    if (rc == -err::EEXIST) return fail(ERROR_ALREADY_EXISTS), 0;
    return rc < 0 ? (fail(files::error_from_errno(rc)), 0) : 1;
}
WINAPI uint8_t CreateSymbolicLinkW(const WCHAR* link, const WCHAR* target, DWORD flags) {
    char* l = link ? to_utf8(link) : nullptr;
    char* t = target ? to_utf8(target) : nullptr;
    uint8_t ok = CreateSymbolicLinkA(l, t, flags);
    ::free(l);
    ::free(t);
    return ok;
}
WINAPI BOOL SetFileValidData(HANDLE, int64_t) { return fail(kErrorPrivilegeNotHeld); }

WINAPI UINT GetWindowsDirectoryA(char* buffer, UINT size) { return copy_out("C:\\Windows", buffer, size); }
WINAPI UINT GetWindowsDirectoryW(WCHAR* buffer, UINT size) { return copy_out("C:\\Windows", buffer, size); }
WINAPI UINT GetSystemDirectoryA(char* buffer, UINT size) { return copy_out("C:\\Windows\\System32", buffer, size); }
WINAPI UINT GetSystemDirectoryW(WCHAR* buffer, UINT size) { return copy_out("C:\\Windows\\System32", buffer, size); }

WIN32_EXPORT_TABLE(kernel32_file_info_exports,
    WIN32_EXPORT(AreFileApisANSI), WIN32_EXPORT(SetFileApisToANSI), WIN32_EXPORT(SetFileApisToOEM),
    WIN32_EXPORT(GetFileInformationByHandleEx), WIN32_EXPORT(SetFileInformationByHandle),
    WIN32_EXPORT(GetFinalPathNameByHandleA), WIN32_EXPORT(GetFinalPathNameByHandleW), WIN32_EXPORT(CreateFile2),
    WIN32_EXPORT(CopyFileExW), WIN32_EXPORT(CopyFileExA), WIN32_EXPORT(MoveFileWithProgressW),
    WIN32_EXPORT(MoveFileWithProgressA), WIN32_EXPORT(ReplaceFileW), WIN32_EXPORT(CreateSymbolicLinkA),
    WIN32_EXPORT(CreateSymbolicLinkW), WIN32_EXPORT(SetFileValidData), WIN32_EXPORT(GetWindowsDirectoryA),
    WIN32_EXPORT(GetWindowsDirectoryW), WIN32_EXPORT(GetSystemDirectoryA), WIN32_EXPORT(GetSystemDirectoryW),
    WIN32_EXPORT_AS("GetSystemWindowsDirectoryA", GetWindowsDirectoryA),
    WIN32_EXPORT_AS("GetSystemWindowsDirectoryW", GetWindowsDirectoryW));

}  // namespace win32::kernel32
