// The VFS's two abstractions, with Linux semantics and Linux errno values (libos/errno.h):
//
//  - Node: an entry in the namespace (file, directory, symlink, device). Directory operations
//    take the final path component, so a host share can hand a whole relative path to the
//    monitor in one hypercall instead of walking it component by component.
//  - File: an open file description (what open() creates and dup() shares): the offset and
//    status flags live in the fd layer's wrapper; File only does positioned I/O.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <libos/errno.h>
#include <libos/vfs/ref.h>

namespace libos::vfs {

// st_mode file types.
inline constexpr uint32_t kTypeMask = 0170000, kSymlink = 0120000, kRegular = 0100000,
                          kDirectory = 0040000, kCharDevice = 0020000, kFifo = 0010000;

// poll bits (Linux values).
inline constexpr uint32_t kPollIn = 1, kPollOut = 4, kPollErr = 8, kPollHup = 16;

struct Attr {
    uint64_t dev = 0, ino = 0, nlink = 1;
    uint32_t mode = 0, uid = 0, gid = 0;
    uint64_t rdev = 0;
    int64_t size = 0, blocks = 0, block_size = 4096;
    int64_t atime_ns = 0, mtime_ns = 0, ctime_ns = 0;
};

struct DirEntry {
    uint64_t ino = 0;
    uint8_t type = 0;   // DT_* value
    char name[256] = {};
};

// Open flags the VFS looks at (Linux values).
inline constexpr int kAccessMode = 03, kWriteOnly = 01, kReadWrite = 02, kCreate = 0100,
                     kExclusive = 0200, kTruncate = 01000, kAppend = 02000, kNonBlock = 04000,
                     kDirectoryOnly = 0200000, kNoFollow = 0400000, kPathOnly = 010000000;

class File : public RefCounted {
public:
    // Reads up to `length` bytes at `offset` (ignored by streams). 0 = end of file.
    virtual int64_t read(void*, size_t, uint64_t) { return -err::EINVAL; }
    // `nonblock`: return -EAGAIN instead of waiting (pipes, console).
    virtual int64_t write(const void*, size_t, uint64_t) { return -err::EINVAL; }
    virtual int getattr(Attr& out) = 0;
    // False for pipes, ttys and character devices: lseek gives ESPIPE, offsets are ignored.
    virtual bool seekable() const { return true; }
    virtual int truncate(uint64_t) { return -err::EINVAL; }
    virtual int sync() { return 0; }
    // Metadata through an open file (futimens, fchmod, SetFileTime): see Node::set_times.
    virtual int set_times(const int64_t*, const int64_t*, const int64_t*) { return -err::EOPNOTSUPP; }
    virtual int set_mode(uint32_t) { return -err::EOPNOTSUPP; }
    // Directory listing: fills `out` for position `cookie` and advances it. 1 = an entry,
    // 0 = end of directory.
    virtual int readdir(uint64_t&, DirEntry&) { return -err::ENOTDIR; }
    // Readiness for poll/select/epoll (kPollIn | kPollOut...).
    virtual uint32_t poll_events() { return kPollIn | kPollOut; }
    virtual bool is_terminal() const { return false; }
    // Called once when the last descriptor referring to this description closes.
    virtual void on_last_close() {}

    int status_flags = 0;   // O_APPEND, O_NONBLOCK, access mode (F_GETFL/F_SETFL)
    uint64_t offset = 0;    // for seekable files
    char* path = nullptr;   // absolute path it was opened by (heap), for dirfd-relative calls

protected:
    ~File() override;
};

class Node : public RefCounted {
public:
    virtual int getattr(Attr& out) = 0;
    // Opens this node itself (after path resolution). `flags` are open(2) flags.
    virtual int open(int flags, Ref<File>& out) = 0;
    virtual int readlink(char*, size_t) { return -err::EINVAL; }
    virtual int truncate(uint64_t) { return -err::EINVAL; }
    // Sets the access, modification and status-change times (ns since 1970; a null pointer
    // keeps that time) and the permission bits (07777). The in-memory file system stores
    // them; host shares cannot (the HOSTFS hypercall has no utimensat/chmod): -EOPNOTSUPP.
    virtual int set_times(const int64_t*, const int64_t*, const int64_t*) { return -err::EOPNOTSUPP; }
    virtual int set_mode(uint32_t) { return -err::EOPNOTSUPP; }

    // ---- directory operations on the child `name` (one component, never "." or "..") ----
    virtual int lookup(const char*, Ref<Node>&) { return -err::ENOTDIR; }
    // The last component of a path: `follow` says whether the caller wants a final symlink
    // followed. Only file systems that resolve whole paths (host shares) care.
    virtual int lookup_final(const char* name, bool /*follow*/, Ref<Node>& out) { return lookup(name, out); }
    // open(2) of a node reached through a share, which applies O_CREAT (with `mode`),
    // O_EXCL, O_TRUNC and O_DIRECTORY itself. Others never see it.
    virtual int open_create(int flags, uint32_t, Ref<File>& out) { return open(flags, out); }
    // open(2) of the child, with O_CREAT/O_EXCL/O_TRUNC/O_DIRECTORY/O_NOFOLLOW semantics.
    // Path resolution has already followed a final symlink when the caller wanted that, so a
    // symlink seen here gives -ELOOP.
    virtual int open_child(const char* name, int flags, uint32_t mode, Ref<File>& out);
    virtual int create_file(const char*, uint32_t, Ref<Node>&) { return -err::ENOTDIR; }
    virtual int mkdir(const char*, uint32_t) { return -err::ENOTDIR; }
    virtual int unlink(const char*, bool /*directory*/) { return -err::ENOTDIR; }
    // Moves child `name` to `to_dir`/`to_name` (same file system, else -EXDEV).
    virtual int rename(const char*, Node&, const char*, unsigned /*flags*/) { return -err::ENOTDIR; }
    virtual int symlink(const char*, const char*) { return -err::ENOTDIR; }
    virtual int link(const char*, Node&) { return -err::EPERM; }
    // Attributes of child `name`, following a final symlink or not.
    virtual int stat_child(const char* name, bool follow, Attr& out);
    virtual int readlink_child(const char* name, char* buffer, size_t size);
    // True if this directory's children are resolved by the host (a share): path walking
    // then hands the remaining path to the node in one piece.
    virtual bool resolves_whole_paths() const { return false; }
    // Identifies the file system for rename/link (-EXDEV across).
    virtual const void* filesystem() const { return nullptr; }
    // Read-only share (-EROFS on modification).
    virtual bool read_only() const { return false; }
};

char* duplicate_string(const char* text);

}  // namespace libos::vfs
