// File metadata through the CRT: _utime/_futime (all time_t widths, narrow and wide), _chmod
// and _umask. Times and the read-only flag are stored by the in-memory file system; on a host
// share (-v) they cannot be (no HOSTFS operation for it) and the calls fail with EINVAL, the
// errno _dosmaperr gives ERROR_NOT_SUPPORTED.
#include <libos/libc.h>
#include <libos/time.h>

#include "dlls/kernel32/files.h"
#include "dlls/kernel32/kernel32.h"
#include "dlls/msvcrt/crt.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::crt {

WINAPI intptr_t _get_osfhandle(int fd);   // files.cpp

namespace {

constexpr int kEinval = 22;
constexpr DWORD kGenericWrite = 0x40000000, kShareAll = 7, kOpenExisting = 3;
constexpr DWORD kAttributeReadOnly = 1;
constexpr unsigned kWritePermission = 0x80;   // _S_IWRITE

kernel32::FileTime file_time_of(int64_t seconds) {
    uint64_t t = static_cast<uint64_t>(seconds * 10000000 + 116444736000000000ll);
    return {static_cast<DWORD>(t), static_cast<DWORD>(t >> 32)};
}

int64_t now_seconds() {
    return static_cast<int64_t>(libos::wall_ns() / libos::kNanosPerSecond);
}

// times == nullptr: both times are now (C: utime(path, NULL)).
int set_times(HANDLE handle, bool has_times, int64_t access, int64_t modify) {
    if (!has_times) access = modify = now_seconds();
    if (access < 0 || modify < 0) {
        *errno_location() = kEinval;
        return -1;
    }
    kernel32::FileTime a = file_time_of(access), m = file_time_of(modify);
    if (!kernel32::SetFileTime(handle, nullptr, &a, &m)) {
        set_errno_from_win32(kernel32::GetLastError());
        return -1;
    }
    return 0;
}

// _utime opens the file for writing, as the Microsoft CRT does: a read-only file or a
// directory gives EACCES.
int utime_path(const char* path, bool has_times, int64_t access, int64_t modify) {
    if (!path) {
        *errno_location() = kEinval;
        return -1;
    }
    HANDLE handle = kernel32::CreateFileA(path, kGenericWrite, kShareAll, nullptr, kOpenExisting, 0, nullptr);
    if (handle == kInvalidHandle) {
        set_errno_from_win32(kernel32::GetLastError());
        return -1;
    }
    int rc = set_times(handle, has_times, access, modify);
    kernel32::CloseHandle(handle);
    return rc;
}
int utime_wide(const WCHAR* path, bool has_times, int64_t access, int64_t modify) {
    char* narrow = path ? to_utf8(path) : nullptr;
    int rc = utime_path(narrow, has_times, access, modify);
    ::free(narrow);
    return rc;
}
int futime_fd(int fd, bool has_times, int64_t access, int64_t modify) {
    intptr_t handle = _get_osfhandle(fd);
    if (handle == -1) {
        *errno_location() = 9;   // EBADF
        return -1;
    }
    return set_times(reinterpret_cast<HANDLE>(handle), has_times, access, modify);
}

struct Utimbuf64 {
    int64_t actime, modtime;
};
struct Utimbuf32 {
    int32_t actime, modtime;
};

int chmod_path(const char* path, int mode) {
    if (!path) {
        *errno_location() = kEinval;
        return -1;
    }
    DWORD attributes = kernel32::GetFileAttributesA(path);
    if (attributes == 0xffffffff) {
        set_errno_from_win32(kernel32::GetLastError());
        return -1;
    }
    attributes = (mode & kWritePermission) ? attributes & ~kAttributeReadOnly : attributes | kAttributeReadOnly;
    if (!kernel32::SetFileAttributesA(path, attributes)) {
        set_errno_from_win32(kernel32::GetLastError());
        return -1;
    }
    return 0;
}

constinit int umask_value = 0;

}  // namespace

WINAPI int _utime64(const char* path, const Utimbuf64* t) {
    return utime_path(path, t != nullptr, t ? t->actime : 0, t ? t->modtime : 0);
}
WINAPI int _utime32(const char* path, const Utimbuf32* t) {
    return utime_path(path, t != nullptr, t ? t->actime : 0, t ? t->modtime : 0);
}
WINAPI int _wutime64(const WCHAR* path, const Utimbuf64* t) {
    return utime_wide(path, t != nullptr, t ? t->actime : 0, t ? t->modtime : 0);
}
WINAPI int _wutime32(const WCHAR* path, const Utimbuf32* t) {
    return utime_wide(path, t != nullptr, t ? t->actime : 0, t ? t->modtime : 0);
}
WINAPI int _futime64(int fd, const Utimbuf64* t) {
    return futime_fd(fd, t != nullptr, t ? t->actime : 0, t ? t->modtime : 0);
}
WINAPI int _futime32(int fd, const Utimbuf32* t) {
    return futime_fd(fd, t != nullptr, t ? t->actime : 0, t ? t->modtime : 0);
}
WINAPI int _chmod(const char* path, int mode) { return chmod_path(path, mode); }
WINAPI int _wchmod(const WCHAR* path, int mode) {
    char* narrow = path ? to_utf8(path) : nullptr;
    int rc = chmod_path(narrow, mode);
    ::free(narrow);
    return rc;
}
// The mask is recorded and returned (new files are not made read-only by it yet).
WINAPI int _umask(int mask) {
    int old = umask_value;
    umask_value = mask & 0x180;   // only _S_IREAD | _S_IWRITE mean anything
    return old;
}
WINAPI int _umask_s(int mask, int* old) {
    if (!old) return *errno_location() = kEinval;
    *old = _umask(mask);
    return 0;
}

// msvcrt.dll on x64: time_t is 64-bit, so the unsuffixed names are the 64-bit forms.
WIN32_EXPORT_TABLE(msvcrt_file_metadata_exports,
    WIN32_EXPORT(_utime64), WIN32_EXPORT(_utime32), WIN32_EXPORT(_wutime64), WIN32_EXPORT(_wutime32),
    WIN32_EXPORT(_futime64), WIN32_EXPORT(_futime32), WIN32_EXPORT_AS("_utime", _utime64),
    WIN32_EXPORT_AS("_wutime", _wutime64), WIN32_EXPORT_AS("_futime", _futime64), WIN32_EXPORT_AS("utime", _utime64),
    WIN32_EXPORT(_chmod), WIN32_EXPORT(_wchmod), WIN32_EXPORT_AS("chmod", _chmod), WIN32_EXPORT(_umask),
    WIN32_EXPORT(_umask_s), WIN32_EXPORT_AS("umask", _umask));

}  // namespace win32::crt
