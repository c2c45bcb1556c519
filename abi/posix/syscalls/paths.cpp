// Syscalls that name files by path: open*, stat family, mkdir, unlink, rename, links,
// access, getcwd/chdir, truncate, and the metadata calls the VFS accepts without storing.
#include <libos/libc.h>
#include <libos/vfs/vfs.h>

#include "syscalls/io_helpers.h"
#include "syscalls/table.h"

namespace posix {

using libos::vfs::Attr;
using libos::vfs::Node;
using libos::vfs::kPathMax;

int at_path(int dirfd, const char* path, char* out) {
    if (!user_string_ok(path)) return -linux::EFAULT;
    if (strlen(path) >= kPathMax) return -linux::ENAMETOOLONG;
    const char* base = process().cwd;
    if (path[0] != '/' && dirfd != linux::AT_FDCWD) {
        Ref<File> f;
        if (int rc = fd_get(dirfd, f); rc < 0) return rc;
        Attr a;
        f->getattr(a);
        if ((a.mode & libos::vfs::kTypeMask) != libos::vfs::kDirectory || !f->path) return -linux::ENOTDIR;
        base = f->path;
    }
    return libos::vfs::absolute_path(base, path, out);
}

namespace {

bool is_type(Node& node, uint32_t type) {
    Attr a;
    return node.getattr(a) == 0 && (a.mode & libos::vfs::kTypeMask) == type;
}

int64_t open_path(int dirfd, uint64_t path_address, int flags, uint32_t mode) {
    char path[kPathMax];
    if (int rc = at_path(dirfd, user_pointer<const char>(path_address), path); rc < 0) return rc;
    if ((flags & linux::O_TMPFILE) == linux::O_TMPFILE) return -linux::EOPNOTSUPP;
    bool exclusive = (flags & linux::O_CREAT) && (flags & linux::O_EXCL);
    bool follow = !(flags & linux::O_NOFOLLOW) && !exclusive;
    Ref<Node> node;
    int rc = libos::vfs::resolve(path, follow, node);
    Ref<File> file;
    if (rc == 0 && !node->resolves_whole_paths()) {
        if (exclusive) return -linux::EEXIST;
        Attr a;
        node->getattr(a);
        uint32_t type = a.mode & libos::vfs::kTypeMask;
        if (type == libos::vfs::kSymlink && !(flags & linux::O_PATH)) return -linux::ELOOP;
        if ((flags & linux::O_DIRECTORY) && type != libos::vfs::kDirectory) return -linux::ENOTDIR;
        if (type == libos::vfs::kDirectory && (flags & linux::O_ACCMODE) != linux::O_RDONLY) return -linux::EISDIR;
        if ((flags & linux::O_TRUNC) && type == libos::vfs::kRegular && (flags & linux::O_ACCMODE) != linux::O_RDONLY) {
            if (int t = node->truncate(0); t < 0) return t;
        }
        rc = node->open(flags, file);
    } else if (rc == 0) {
        // A host share: the host applies O_CREAT/O_EXCL/O_TRUNC/O_DIRECTORY itself (and the
        // monitor refuses modifications of a read-only share with EROFS).
        rc = node->open_create(flags, mode & 07777 & ~process().umask, file);
    } else if (rc == -linux::ENOENT && (flags & linux::O_CREAT)) {
        Ref<Node> parent;
        char name[256];
        rc = libos::vfs::resolve_parent(path, parent, name);
        if (rc < 0) return rc;
        if (name[0] == '\0') return -linux::EISDIR;
        rc = parent->create_file(name, mode & 07777 & ~process().umask, node);
        if (rc < 0) return rc;
        rc = node->open(flags, file);
    }
    if (rc < 0) return rc;
    file->status_flags = flags & (linux::O_ACCMODE | linux::O_APPEND | linux::O_NONBLOCK | linux::O_DIRECT |
                                  linux::O_NOATIME | linux::O_LARGEFILE | linux::O_PATH | linux::O_DSYNC);
    file->status_flags |= linux::O_LARGEFILE;
    ::free(file->path);
    file->path = libos::vfs::duplicate_string(path);
    return fd_install(file, flags & linux::O_CLOEXEC);
}

int64_t sys_open(Call& c) { return open_path(linux::AT_FDCWD, c.a[0], static_cast<int>(c.a[1]), static_cast<uint32_t>(c.a[2])); }
int64_t sys_openat(Call& c) {
    return open_path(static_cast<int>(c.a[0]), c.a[1], static_cast<int>(c.a[2]), static_cast<uint32_t>(c.a[3]));
}
int64_t sys_creat(Call& c) {
    return open_path(linux::AT_FDCWD, c.a[0], linux::O_CREAT | linux::O_WRONLY | linux::O_TRUNC, static_cast<uint32_t>(c.a[1]));
}

int stat_at(int dirfd, uint64_t path_address, int flags, Attr& out) {
    auto* user_path = user_pointer<const char>(path_address);
    if ((flags & linux::AT_EMPTY_PATH) && user_string_ok(user_path) && user_path[0] == '\0') {
        Ref<File> f;
        if (dirfd == linux::AT_FDCWD) {
            Ref<Node> node;
            if (int rc = libos::vfs::resolve(process().cwd, true, node); rc < 0) return rc;
            return node->getattr(out);
        }
        if (int rc = fd_get(dirfd, f); rc < 0) return rc;
        return f->getattr(out);
    }
    char path[kPathMax];
    if (int rc = at_path(dirfd, user_path, path); rc < 0) return rc;
    Ref<Node> node;
    if (int rc = libos::vfs::resolve(path, !(flags & linux::AT_SYMLINK_NOFOLLOW), node); rc < 0) return rc;
    return node->getattr(out);
}

int64_t stat_into(int dirfd, uint64_t path, int flags, uint64_t buffer) {
    if (!user_ok(buffer, sizeof(linux::stat))) return -linux::EFAULT;
    Attr a;
    if (int rc = stat_at(dirfd, path, flags, a); rc < 0) return rc;
    to_linux_stat(a, *user_pointer<linux::stat>(buffer));
    return 0;
}

int64_t sys_stat(Call& c) { return stat_into(linux::AT_FDCWD, c.a[0], 0, c.a[1]); }
int64_t sys_lstat(Call& c) { return stat_into(linux::AT_FDCWD, c.a[0], linux::AT_SYMLINK_NOFOLLOW, c.a[1]); }
int64_t sys_newfstatat(Call& c) {
    return stat_into(static_cast<int>(c.a[0]), c.a[1], static_cast<int>(c.a[3]), c.a[2]);
}

int64_t sys_statx(Call& c) {
    if (!user_ok(c.a[4], sizeof(linux::statx))) return -linux::EFAULT;
    Attr a;
    if (int rc = stat_at(static_cast<int>(c.a[0]), c.a[1], static_cast<int>(c.a[2]), a); rc < 0) return rc;
    auto& s = *user_pointer<linux::statx>(c.a[4]);
    memset(&s, 0, sizeof s);
    s.stx_mask = linux::STATX_BASIC_STATS;
    s.stx_blksize = static_cast<uint32_t>(a.block_size);
    s.stx_nlink = static_cast<uint32_t>(a.nlink);
    s.stx_uid = a.uid;
    s.stx_gid = a.gid;
    s.stx_mode = static_cast<uint16_t>(a.mode);
    s.stx_ino = a.ino;
    s.stx_size = static_cast<uint64_t>(a.size);
    s.stx_blocks = static_cast<uint64_t>(a.blocks);
    s.stx_atime = {a.atime_ns / 1'000'000'000, static_cast<uint32_t>(a.atime_ns % 1'000'000'000), 0};
    s.stx_mtime = {a.mtime_ns / 1'000'000'000, static_cast<uint32_t>(a.mtime_ns % 1'000'000'000), 0};
    s.stx_ctime = {a.ctime_ns / 1'000'000'000, static_cast<uint32_t>(a.ctime_ns % 1'000'000'000), 0};
    s.stx_rdev_major = static_cast<uint32_t>(a.rdev >> 8);
    s.stx_rdev_minor = static_cast<uint32_t>(a.rdev & 0xff);
    s.stx_dev_minor = static_cast<uint32_t>(a.dev);
    return 0;
}

int64_t access_at(int dirfd, uint64_t path, int mode, int flags) {
    if (mode & ~7) return -linux::EINVAL;
    Attr a;
    if (int rc = stat_at(dirfd, path, flags & linux::AT_SYMLINK_NOFOLLOW, a); rc < 0) return rc;
    // The program is root: everything but executing a file with no x bit is allowed.
    if ((mode & 1) && (a.mode & libos::vfs::kTypeMask) != libos::vfs::kDirectory && !(a.mode & 0111)) return -linux::EACCES;
    return 0;
}
int64_t sys_access(Call& c) { return access_at(linux::AT_FDCWD, c.a[0], static_cast<int>(c.a[1]), 0); }
int64_t sys_faccessat(Call& c) { return access_at(static_cast<int>(c.a[0]), c.a[1], static_cast<int>(c.a[2]), 0); }
int64_t sys_faccessat2(Call& c) {
    return access_at(static_cast<int>(c.a[0]), c.a[1], static_cast<int>(c.a[2]), static_cast<int>(c.a[3]));
}

// Resolves the parent directory of dirfd/path for operations that create or remove a name.
int parent_of(int dirfd, uint64_t path_address, Ref<Node>& parent, char* name) {
    char path[kPathMax];
    if (int rc = at_path(dirfd, user_pointer<const char>(path_address), path); rc < 0) return rc;
    if (int rc = libos::vfs::resolve_parent(path, parent, name); rc < 0) return rc;
    if (!parent->resolves_whole_paths() && !is_type(*parent, libos::vfs::kDirectory)) return -linux::ENOTDIR;
    return 0;
}

int64_t mkdir_at(int dirfd, uint64_t path, uint32_t mode) {
    Ref<Node> parent;
    char name[256];
    if (int rc = parent_of(dirfd, path, parent, name); rc < 0) return rc;
    if (name[0] == '\0') return -linux::EEXIST;
    if (parent->read_only()) return -linux::EROFS;
    return parent->mkdir(name, mode & 07777 & ~process().umask);
}
int64_t sys_mkdir(Call& c) { return mkdir_at(linux::AT_FDCWD, c.a[0], static_cast<uint32_t>(c.a[1])); }
int64_t sys_mkdirat(Call& c) { return mkdir_at(static_cast<int>(c.a[0]), c.a[1], static_cast<uint32_t>(c.a[2])); }

int64_t unlink_at(int dirfd, uint64_t path, int flags) {
    if (flags & ~linux::AT_REMOVEDIR) return -linux::EINVAL;
    Ref<Node> parent;
    char name[256];
    if (int rc = parent_of(dirfd, path, parent, name); rc < 0) return rc;
    if (name[0] == '\0') return -linux::EBUSY;
    if (parent->read_only()) return -linux::EROFS;
    return parent->unlink(name, flags & linux::AT_REMOVEDIR);
}
int64_t sys_unlink(Call& c) { return unlink_at(linux::AT_FDCWD, c.a[0], 0); }
int64_t sys_rmdir(Call& c) { return unlink_at(linux::AT_FDCWD, c.a[0], linux::AT_REMOVEDIR); }
int64_t sys_unlinkat(Call& c) { return unlink_at(static_cast<int>(c.a[0]), c.a[1], static_cast<int>(c.a[2])); }

int64_t rename_at(int old_dirfd, uint64_t old_path, int new_dirfd, uint64_t new_path, unsigned flags) {
    if (flags & ~static_cast<unsigned>(linux::RENAME_NOREPLACE)) return flags & linux::RENAME_EXCHANGE ? -linux::EINVAL : -linux::EINVAL;
    Ref<Node> from, to;
    char from_name[256], to_name[256];
    if (int rc = parent_of(old_dirfd, old_path, from, from_name); rc < 0) return rc;
    if (int rc = parent_of(new_dirfd, new_path, to, to_name); rc < 0) return rc;
    if (from_name[0] == '\0' || to_name[0] == '\0') return -linux::EBUSY;
    if (from->filesystem() != to->filesystem()) return -linux::EXDEV;
    if (from->read_only() || to->read_only()) return -linux::EROFS;
    return from->rename(from_name, *to, to_name, flags);
}
int64_t sys_rename(Call& c) { return rename_at(linux::AT_FDCWD, c.a[0], linux::AT_FDCWD, c.a[1], 0); }
int64_t sys_renameat(Call& c) {
    return rename_at(static_cast<int>(c.a[0]), c.a[1], static_cast<int>(c.a[2]), c.a[3], 0);
}
int64_t sys_renameat2(Call& c) {
    return rename_at(static_cast<int>(c.a[0]), c.a[1], static_cast<int>(c.a[2]), c.a[3], static_cast<unsigned>(c.a[4]));
}

int64_t readlink_at(int dirfd, uint64_t path_address, uint64_t buffer, uint64_t size) {
    if (static_cast<int64_t>(size) <= 0) return -linux::EINVAL;
    if (!user_ok(buffer, size)) return -linux::EFAULT;
    char path[kPathMax];
    if (int rc = at_path(dirfd, user_pointer<const char>(path_address), path); rc < 0) return rc;
    Ref<Node> node;
    if (int rc = libos::vfs::resolve(path, false, node); rc < 0) return rc;
    return node->readlink(user_pointer<char>(buffer), size);
}
int64_t sys_readlink(Call& c) { return readlink_at(linux::AT_FDCWD, c.a[0], c.a[1], c.a[2]); }
int64_t sys_readlinkat(Call& c) { return readlink_at(static_cast<int>(c.a[0]), c.a[1], c.a[2], c.a[3]); }

int64_t symlink_at(uint64_t target, int dirfd, uint64_t path) {
    if (!user_string_ok(user_pointer<const char>(target))) return -linux::EFAULT;
    Ref<Node> parent;
    char name[256];
    if (int rc = parent_of(dirfd, path, parent, name); rc < 0) return rc;
    if (name[0] == '\0') return -linux::EEXIST;
    if (parent->read_only()) return -linux::EROFS;
    return parent->symlink(name, user_pointer<const char>(target));
}
int64_t sys_symlink(Call& c) { return symlink_at(c.a[0], linux::AT_FDCWD, c.a[1]); }
int64_t sys_symlinkat(Call& c) { return symlink_at(c.a[0], static_cast<int>(c.a[1]), c.a[2]); }

int64_t link_at(int old_dirfd, uint64_t old_path, int new_dirfd, uint64_t new_path, int flags) {
    char path[kPathMax];
    if (int rc = at_path(old_dirfd, user_pointer<const char>(old_path), path); rc < 0) return rc;
    Ref<Node> target;
    if (int rc = libos::vfs::resolve(path, flags & linux::AT_SYMLINK_FOLLOW, target); rc < 0) return rc;
    Ref<Node> parent;
    char name[256];
    if (int rc = parent_of(new_dirfd, new_path, parent, name); rc < 0) return rc;
    if (parent->read_only()) return -linux::EROFS;
    return parent->link(name, *target);
}
int64_t sys_link(Call& c) { return link_at(linux::AT_FDCWD, c.a[0], linux::AT_FDCWD, c.a[1], 0); }
int64_t sys_linkat(Call& c) {
    return link_at(static_cast<int>(c.a[0]), c.a[1], static_cast<int>(c.a[2]), c.a[3], static_cast<int>(c.a[4]));
}

int64_t sys_getcwd(Call& c) {
    size_t n = strlen(process().cwd) + 1;
    if (c.a[1] < n) return -linux::ERANGE;
    if (!user_ok(c.a[0], n)) return -linux::EFAULT;
    memcpy(user_pointer<char>(c.a[0]), process().cwd, n);
    return static_cast<int64_t>(n);
}

int64_t change_directory(const char* absolute) {
    char canonical[kPathMax];
    if (int rc = libos::vfs::canonical_path(absolute, true, canonical); rc < 0) return rc;
    Ref<Node> node;
    if (int rc = libos::vfs::resolve(canonical, true, node); rc < 0) return rc;
    if (!is_type(*node, libos::vfs::kDirectory)) return -linux::ENOTDIR;
    memcpy(process().cwd, canonical, strlen(canonical) + 1);
    return 0;
}
int64_t sys_chdir(Call& c) {
    char path[kPathMax];
    if (int rc = at_path(linux::AT_FDCWD, user_pointer<const char>(c.a[0]), path); rc < 0) return rc;
    return change_directory(path);
}
int64_t sys_fchdir(Call& c) {
    Ref<File> f;
    if (int rc = fd_get(static_cast<int>(c.a[0]), f); rc < 0) return rc;
    if (!f->path) return -linux::ENOTDIR;
    return change_directory(f->path);
}

int64_t sys_truncate(Call& c) {
    if (static_cast<int64_t>(c.a[1]) < 0) return -linux::EINVAL;
    char path[kPathMax];
    if (int rc = at_path(linux::AT_FDCWD, user_pointer<const char>(c.a[0]), path); rc < 0) return rc;
    Ref<Node> node;
    if (int rc = libos::vfs::resolve(path, true, node); rc < 0) return rc;
    if (is_type(*node, libos::vfs::kDirectory)) return -linux::EISDIR;
    if (node->read_only()) return -linux::EROFS;
    return node->truncate(c.a[1]);
}

// chmod/chown/utimes: accepted (the program is root) and, for now, not recorded.
int64_t sys_metadata_path(Call& c) {
    Attr a;
    return stat_at(linux::AT_FDCWD, c.a[0], 0, a);
}
int64_t sys_metadata_at(Call& c) {
    Attr a;
    if (c.a[1] == 0) return 0;  // utimensat(fd, NULL, ...)
    return stat_at(static_cast<int>(c.a[0]), c.a[1], 0, a);
}
int64_t sys_metadata_fd(Call& c) {
    Ref<File> f;
    return fd_get(static_cast<int>(c.a[0]), f);
}

int64_t sys_statfs(Call& c) {
    uint64_t buffer = c.a[1];
    if (!user_ok(buffer, 120)) return -linux::EFAULT;
    auto* s = user_pointer<int64_t>(buffer);
    memset(s, 0, 120);
    s[0] = 0x01021994;  // TMPFS_MAGIC
    s[1] = 4096;
    s[2] = s[3] = s[4] = 1 << 20;
    s[5] = s[6] = 1 << 20;
    s[8] = 255;
    s[9] = 4096;
    return 0;
}

}  // namespace

void register_path_syscalls() {
    define_syscall(2, "open", sys_open, "sxo");
    define_syscall(257, "openat", sys_openat, "fsxo");
    define_syscall(85, "creat", sys_creat, "so");
    define_syscall(4, "stat", sys_stat, "sp");
    define_syscall(6, "lstat", sys_lstat, "sp");
    define_syscall(262, "newfstatat", sys_newfstatat, "fspx");
    define_syscall(332, "statx", sys_statx, "fsxxp");
    define_syscall(21, "access", sys_access, "so");
    define_syscall(269, "faccessat", sys_faccessat, "fso");
    define_syscall(439, "faccessat2", sys_faccessat2, "fsox");
    define_syscall(83, "mkdir", sys_mkdir, "so");
    define_syscall(258, "mkdirat", sys_mkdirat, "fso");
    define_syscall(87, "unlink", sys_unlink, "s");
    define_syscall(84, "rmdir", sys_rmdir, "s");
    define_syscall(263, "unlinkat", sys_unlinkat, "fsx");
    define_syscall(82, "rename", sys_rename, "ss");
    define_syscall(264, "renameat", sys_renameat, "fsfs");
    define_syscall(316, "renameat2", sys_renameat2, "fsfsx");
    define_syscall(89, "readlink", sys_readlink, "spu");
    define_syscall(267, "readlinkat", sys_readlinkat, "fspu");
    define_syscall(88, "symlink", sys_symlink, "ss");
    define_syscall(266, "symlinkat", sys_symlinkat, "sfs");
    define_syscall(86, "link", sys_link, "ss");
    define_syscall(265, "linkat", sys_linkat, "fsfsx");
    define_syscall(79, "getcwd", sys_getcwd, "pu");
    define_syscall(80, "chdir", sys_chdir, "s");
    define_syscall(81, "fchdir", sys_fchdir, "f");
    define_syscall(76, "truncate", sys_truncate, "sd");
    define_syscall(90, "chmod", sys_metadata_path, "so");
    define_syscall(92, "chown", sys_metadata_path, "sdd");
    define_syscall(94, "lchown", sys_metadata_path, "sdd");
    define_syscall(91, "fchmod", sys_metadata_fd, "fo");
    define_syscall(93, "fchown", sys_metadata_fd, "fdd");
    define_syscall(268, "fchmodat", sys_metadata_at, "fso");
    define_syscall(260, "fchownat", sys_metadata_at, "fsddx");
    define_syscall(280, "utimensat", sys_metadata_at, "fspx");
    define_syscall(137, "statfs", sys_statfs, "sp");
    define_syscall(138, "fstatfs", sys_statfs, "fp");
}

}  // namespace posix
