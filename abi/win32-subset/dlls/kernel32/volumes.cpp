// Volumes and disk space for the one drive, C: (the guest's in-memory file system, whose free
// space is the guest's free memory), hard links on it, and the calls this sandbox refuses:
// setting the system clock, reading or changing another thread's registers.
#include <libos/libc.h>
#include <libos/memory.h>
#include <libos/vfs/vfs.h>

#include "dlls/kernel32/files.h"
#include "dlls/kernel32/kernel32.h"
#include "files/paths.h"
#include "process/thread.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::kernel32 {
namespace {

using namespace libos::vfs;
namespace err = libos::err;

constexpr DWORD kSerial = 0xce1da;   // the serial GetFileInformationByHandle reports
constexpr DWORD kErrorPrivilegeNotHeld = 1314;
constexpr const char* kFileSystemName = "NTFS";   // what programs test for case-preserving, Unicode names

BOOL fail(DWORD error) {
    last_error() = error;
    return kFalse;
}

// Only "C:\" (or "C:", "\", null: the current drive) names a volume.
bool is_c_root(const char* root) {
    if (!root || !*root) return true;
    if (root[0] == '\\' || root[0] == '/') return root[1] == 0;
    return (root[0] == 'c' || root[0] == 'C') && root[1] == ':' && (root[2] == 0 || ((root[2] == '\\' || root[2] == '/') && root[3] == 0));
}

uint64_t free_bytes() { return static_cast<uint64_t>(libos::page_allocator().free_page_count()) * 4096; }
uint64_t total_bytes() { return static_cast<uint64_t>(libos::page_allocator().total_pages()) * 4096; }

void copy_narrow(const char* text, char* out, DWORD size) {
    if (!out || !size) return;
    size_t n = ::strlen(text);
    if (n + 1 > size) n = size - 1;
    ::memcpy(out, text, n);
    out[n] = 0;
}
void copy_wide(const char* text, WCHAR* out, DWORD size) {
    if (!out || !size) return;
    size_t i = 0;
    for (; text[i] && i + 1 < size; ++i) out[i] = static_cast<WCHAR>(text[i]);
    out[i] = 0;
}

}  // namespace

WINAPI BOOL GetDiskFreeSpaceExA(const char* directory, uint64_t* available, uint64_t* total, uint64_t* total_free) {
    // Any directory on C: (the file system's space is the same everywhere).
    if (directory && directory[0] && directory[1] == ':' && (directory[0] | 0x20) != 'c') return fail(ERROR_PATH_NOT_FOUND);
    if (available) *available = free_bytes();
    if (total) *total = total_bytes();
    if (total_free) *total_free = free_bytes();
    return kTrue;
}
WINAPI BOOL GetDiskFreeSpaceExW(const WCHAR* directory, uint64_t* available, uint64_t* total, uint64_t* total_free) {
    char* d = directory ? to_utf8(directory) : nullptr;
    BOOL ok = GetDiskFreeSpaceExA(d, available, total, total_free);
    ::free(d);
    return ok;
}
WINAPI BOOL GetDiskFreeSpaceA(const char* root, DWORD* sectors_per_cluster, DWORD* bytes_per_sector, DWORD* free_clusters,
                              DWORD* total_clusters) {
    if (!is_c_root(root)) return fail(ERROR_PATH_NOT_FOUND);
    // 4 KiB clusters of 8 sectors; counts saturate at 2^32-1 as on Windows.
    if (sectors_per_cluster) *sectors_per_cluster = 8;
    if (bytes_per_sector) *bytes_per_sector = 512;
    uint64_t f = free_bytes() / 4096, t = total_bytes() / 4096;
    if (free_clusters) *free_clusters = f > 0xffffffff ? 0xffffffff : static_cast<DWORD>(f);
    if (total_clusters) *total_clusters = t > 0xffffffff ? 0xffffffff : static_cast<DWORD>(t);
    return kTrue;
}
WINAPI BOOL GetDiskFreeSpaceW(const WCHAR* root, DWORD* a, DWORD* b, DWORD* c, DWORD* d) {
    char* r = root ? to_utf8(root) : nullptr;
    BOOL ok = GetDiskFreeSpaceA(r, a, b, c, d);
    ::free(r);
    return ok;
}

// The label of C: (the guest's own volume, so the guest's to name): none until SetVolumeLabel.
namespace {
constinit char volume_label[33] = {};
}

// SetVolumeLabel: at most 32 characters (NTFS), none of the characters Windows refuses in a
// label; NULL or "" removes it.
WINAPI BOOL SetVolumeLabelA(const char* root, const char* label) {
    if (!is_c_root(root)) return fail(ERROR_PATH_NOT_FOUND);
    if (!label) label = "";
    size_t n = ::strlen(label);
    if (n > 32) return fail(ERROR_LABEL_TOO_LONG);
    for (const char* p = label; *p; ++p)
        for (const char* bad = "*?/\\|.,;:+=[]<>\""; *bad; ++bad)
            if (*p == *bad || static_cast<unsigned char>(*p) < 0x20) return fail(ERROR_INVALID_NAME);
    ::memcpy(volume_label, label, n + 1);
    return kTrue;
}
WINAPI BOOL SetVolumeLabelW(const WCHAR* root, const WCHAR* label) {
    char* r = root ? to_utf8(root) : nullptr;
    char* l = label ? to_utf8(label) : nullptr;
    BOOL ok = SetVolumeLabelA(r, l);
    ::free(r);
    ::free(l);
    return ok;
}

// FILE_CASE_SENSITIVE_SEARCH is not set (names are looked up case-insensitively); case is
// preserved and names are Unicode.
WINAPI BOOL GetVolumeInformationA(const char* root, char* label, DWORD label_size, DWORD* serial, DWORD* max_component,
                                  DWORD* flags, char* fs_name, DWORD fs_name_size) {
    if (!is_c_root(root)) return fail(ERROR_PATH_NOT_FOUND);
    copy_narrow(volume_label, label, label_size);
    if (serial) *serial = kSerial;
    if (max_component) *max_component = 255;
    if (flags) *flags = 0x2 | 0x4;   // FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK
    copy_narrow(kFileSystemName, fs_name, fs_name_size);
    return kTrue;
}
WINAPI BOOL GetVolumeInformationW(const WCHAR* root, WCHAR* label, DWORD label_size, DWORD* serial, DWORD* max_component,
                                  DWORD* flags, WCHAR* fs_name, DWORD fs_name_size) {
    char* r = root ? to_utf8(root) : nullptr;
    BOOL ok = GetVolumeInformationA(r, nullptr, 0, serial, max_component, flags, nullptr, 0);
    ::free(r);
    if (!ok) return kFalse;
    copy_wide(volume_label, label, label_size);
    copy_wide(kFileSystemName, fs_name, fs_name_size);
    return kTrue;
}
// One volume, named as Windows names volumes.
namespace {
const char kVolumeName[] = "\\\\?\\Volume{00000000-0000-0000-0000-0000000ce1da}\\";
constinit int volume_enumerations = 0;
}
WINAPI HANDLE FindFirstVolumeW(WCHAR* name, DWORD size) {
    if (!name || size < sizeof kVolumeName) {
        last_error() = ERROR_FILENAME_EXCED_RANGE;
        return kInvalidHandle;
    }
    copy_wide(kVolumeName, name, size);
    ++volume_enumerations;
    return reinterpret_cast<HANDLE>(static_cast<uintptr_t>(0x7e000000 + volume_enumerations));
}
WINAPI BOOL FindNextVolumeW(HANDLE, WCHAR*, DWORD) { return fail(ERROR_NO_MORE_FILES); }
WINAPI BOOL FindVolumeClose(HANDLE) { return kTrue; }
WINAPI BOOL GetVolumePathNameW(const WCHAR*, WCHAR* out, DWORD size) {
    if (!out || size < 4) return fail(ERROR_FILENAME_EXCED_RANGE);
    copy_wide("C:\\", out, size);
    return kTrue;
}

WINAPI BOOL CreateHardLinkA(const char* name, const char* existing, void*) {
    char link_path[files::kPathMax], target_path[files::kPathMax];
    DWORD error = name && existing ? files::to_vfs_path(name, link_path) : DWORD{ERROR_INVALID_PARAMETER};
    if (!error) error = files::to_vfs_path(existing, target_path);
    if (error) return fail(error);
    Ref<Node> target, parent;
    char leaf[files::kPathMax];
    int rc = resolve(target_path, true, target);
    if (rc < 0) return fail(rc == -err::ENOENT ? files::not_found_error(target_path) : files::error_from_errno(rc));
    rc = resolve_parent(link_path, parent, leaf);
    if (rc == 0) rc = parent->link(leaf, *target);
    if (rc == -err::EEXIST) return fail(ERROR_ALREADY_EXISTS);
    return rc < 0 ? fail(files::error_from_errno(rc)) : kTrue;
}
WINAPI BOOL CreateHardLinkW(const WCHAR* name, const WCHAR* existing, void* security) {
    char* n = name ? to_utf8(name) : nullptr;
    char* e = existing ? to_utf8(existing) : nullptr;
    BOOL ok = CreateHardLinkA(n, e, security);
    ::free(n);
    ::free(e);
    return ok;
}

// The guest cannot set the host's clock, and threads are fibers whose registers are not
// inspectable from another thread.
WINAPI BOOL SetSystemTime(const void*) { return fail(kErrorPrivilegeNotHeld); }
WINAPI BOOL SetLocalTime(const void*) { return fail(kErrorPrivilegeNotHeld); }
WINAPI BOOL GetThreadContext(HANDLE, void*) { return fail(ERROR_NOT_SUPPORTED); }
WINAPI BOOL SetThreadContext(HANDLE, const void*) { return fail(ERROR_NOT_SUPPORTED); }

WIN32_EXPORT_TABLE(kernel32_volumes_exports,
    WIN32_EXPORT(GetDiskFreeSpaceExA), WIN32_EXPORT(GetDiskFreeSpaceExW), WIN32_EXPORT(GetDiskFreeSpaceA),
    WIN32_EXPORT(GetDiskFreeSpaceW), WIN32_EXPORT(GetVolumeInformationA), WIN32_EXPORT(GetVolumeInformationW),
    WIN32_EXPORT(FindFirstVolumeW), WIN32_EXPORT(FindNextVolumeW), WIN32_EXPORT(FindVolumeClose),
    WIN32_EXPORT(GetVolumePathNameW), WIN32_EXPORT(CreateHardLinkA), WIN32_EXPORT(CreateHardLinkW),
    WIN32_EXPORT(SetSystemTime), WIN32_EXPORT(SetLocalTime), WIN32_EXPORT(GetThreadContext),
    WIN32_EXPORT(SetThreadContext), WIN32_EXPORT(SetVolumeLabelA), WIN32_EXPORT(SetVolumeLabelW));

}  // namespace win32::kernel32
