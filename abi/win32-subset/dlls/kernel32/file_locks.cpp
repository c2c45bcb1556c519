// Byte-range locks (LockFile/LockFileEx/UnlockFile/UnlockFileEx) between the handles of the
// one process celda runs, which is where they can conflict: databases open a file several
// times and lock ranges per handle. Windows' rules: an exclusive lock conflicts with any other
// lock on an overlapping range by another handle, a shared lock with another handle's
// exclusive one; LOCKFILE_FAIL_IMMEDIATELY gives ERROR_LOCK_VIOLATION, else the caller waits;
// unlocking needs the exact range (ERROR_NOT_LOCKED). Locks of a closed handle are dropped
// when the table is next consulted. The file is identified by its node (dev, inode).
#include <libos/libc.h>

#include "dlls/kernel32/files.h"
#include "dlls/kernel32/kernel32.h"
#include "process/thread.h"
#include "registry/registry.h"

namespace win32::kernel32 {
namespace {

constexpr DWORD kFailImmediately = 1, kExclusive = 2;
constexpr DWORD kErrorLockViolation = 33, kErrorNotLocked = 158;

struct Lock {
    uint64_t dev, ino;
    HANDLE handle;
    uint64_t offset, length;
    bool exclusive;
    Lock* next;
};
constinit Lock* locks = nullptr;

BOOL fail(DWORD error) {
    last_error() = error;
    return kFalse;
}

bool identify(HANDLE handle, uint64_t& dev, uint64_t& ino) {
    OpenFile* open = open_file_of(handle);
    if (!open) return false;
    libos::vfs::Attr attr;
    if (open->file->getattr(attr) < 0) return false;
    dev = attr.dev;
    ino = attr.ino;
    return true;
}

void drop_closed_handles() {
    for (Lock** link = &locks; *link;) {
        if (!open_file_of((*link)->handle)) {
            Lock* dead = *link;
            *link = dead->next;
            ::free(dead);
        } else {
            link = &(*link)->next;
        }
    }
}

bool overlaps(const Lock& l, uint64_t offset, uint64_t length) {
    uint64_t end = length ? offset + length : offset, lock_end = l.length ? l.offset + l.length : l.offset;
    if (length == 0 || l.length == 0) return false;   // zero-length ranges never conflict
    return offset < lock_end && l.offset < end;
}

bool conflicts(uint64_t dev, uint64_t ino, HANDLE handle, uint64_t offset, uint64_t length, bool exclusive) {
    for (Lock* l = locks; l; l = l->next)
        if (l->dev == dev && l->ino == ino && l->handle != handle && (exclusive || l->exclusive) &&
            overlaps(*l, offset, length))
            return true;
    return false;
}

BOOL lock(HANDLE handle, DWORD flags, uint64_t offset, uint64_t length) {
    uint64_t dev, ino;
    if (!identify(handle, dev, ino)) return fail(ERROR_INVALID_HANDLE);
    bool exclusive = flags & kExclusive;
    for (;;) {
        drop_closed_handles();
        if (!conflicts(dev, ino, handle, offset, length, exclusive)) break;
        if (flags & kFailImmediately) return fail(kErrorLockViolation);
        Sleep(1);   // the holder is another thread of this process: let it run
    }
    auto* l = static_cast<Lock*>(::malloc(sizeof(Lock)));
    if (!l) return fail(ERROR_NOT_ENOUGH_MEMORY);
    *l = {dev, ino, handle, offset, length, exclusive, locks};
    locks = l;
    return kTrue;
}

BOOL unlock(HANDLE handle, uint64_t offset, uint64_t length) {
    if (!open_file_of(handle)) return fail(ERROR_INVALID_HANDLE);
    for (Lock** link = &locks; *link; link = &(*link)->next) {
        Lock* l = *link;
        if (l->handle == handle && l->offset == offset && l->length == length) {
            *link = l->next;
            ::free(l);
            return kTrue;
        }
    }
    return fail(kErrorNotLocked);
}

struct Overlapped {
    uintptr_t internal, internal_high;
    DWORD offset, offset_high;
    HANDLE event;
};
uint64_t join(DWORD low, DWORD high) { return (static_cast<uint64_t>(high) << 32) | low; }

}  // namespace

// LockFile: exclusive, fails immediately.
WINAPI BOOL LockFile(HANDLE h, DWORD offset_low, DWORD offset_high, DWORD length_low, DWORD length_high) {
    return lock(h, kExclusive | kFailImmediately, join(offset_low, offset_high), join(length_low, length_high));
}
WINAPI BOOL UnlockFile(HANDLE h, DWORD offset_low, DWORD offset_high, DWORD length_low, DWORD length_high) {
    return unlock(h, join(offset_low, offset_high), join(length_low, length_high));
}
WINAPI BOOL LockFileEx(HANDLE h, DWORD flags, DWORD, DWORD length_low, DWORD length_high, Overlapped* at) {
    if (!at) return fail(ERROR_INVALID_PARAMETER);
    return lock(h, flags, join(at->offset, at->offset_high), join(length_low, length_high));
}
WINAPI BOOL UnlockFileEx(HANDLE h, DWORD, DWORD length_low, DWORD length_high, Overlapped* at) {
    if (!at) return fail(ERROR_INVALID_PARAMETER);
    return unlock(h, join(at->offset, at->offset_high), join(length_low, length_high));
}

WIN32_EXPORT_TABLE(kernel32_file_locks_exports, WIN32_EXPORT(LockFile), WIN32_EXPORT(UnlockFile),
                   WIN32_EXPORT(LockFileEx), WIN32_EXPORT(UnlockFileEx));

}  // namespace win32::kernel32
