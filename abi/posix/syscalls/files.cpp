// Descriptor I/O: read/write and their positioned and vectored forms, lseek, close, fstat,
// dup*, fcntl, ioctl, pipes, getdents64, ftruncate, fsync.
#include <libos/libc.h>

#include <libos/vfs/devices.h>

#include "kernel/signals.h"
#include "syscalls/io_helpers.h"
#include "syscalls/table.h"

namespace posix {

using libos::vfs::Attr;

int64_t file_read(File& file, void* buffer, uint64_t length) {
    if ((file.status_flags & linux::O_ACCMODE) == linux::O_WRONLY) return -linux::EBADF;
    if (!file.seekable()) return file.read(buffer, length, 0);
    int64_t n = file.read(buffer, length, file.offset);
    if (n > 0) file.offset += static_cast<uint64_t>(n);
    return n;
}

int64_t file_write(File& file, const void* buffer, uint64_t length) {
    if ((file.status_flags & linux::O_ACCMODE) == linux::O_RDONLY) return -linux::EBADF;
    int64_t n;
    if (!file.seekable()) {
        n = file.write(buffer, length, 0);
    } else {
        n = file.write(buffer, length, file.offset);
        if (n > 0) {
            if (file.status_flags & linux::O_APPEND) {
                Attr a;
                file.getattr(a);
                file.offset = static_cast<uint64_t>(a.size);
            } else {
                file.offset += static_cast<uint64_t>(n);
            }
        }
    }
    if (n == -linux::EPIPE) send_signal(current_thread(), linux::SIGPIPE);
    return n;
}

void to_linux_stat(const Attr& a, linux::stat& out) {
    memset(&out, 0, sizeof out);
    out.st_dev = a.dev;
    out.st_ino = a.ino;
    out.st_nlink = a.nlink;
    out.st_mode = a.mode;
    out.st_uid = a.uid;
    out.st_gid = a.gid;
    out.st_rdev = a.rdev;
    out.st_size = a.size;
    out.st_blksize = a.block_size;
    out.st_blocks = a.blocks;
    out.st_atim = {a.atime_ns / 1'000'000'000, a.atime_ns % 1'000'000'000};
    out.st_mtim = {a.mtime_ns / 1'000'000'000, a.mtime_ns % 1'000'000'000};
    out.st_ctim = {a.ctime_ns / 1'000'000'000, a.ctime_ns % 1'000'000'000};
}

namespace {

int64_t sys_read(Call& c) {
    Ref<File> f;
    if (int rc = fd_get(static_cast<int>(c.a[0]), f); rc < 0) return rc;
    if (!user_ok(c.a[1], c.a[2])) return -linux::EFAULT;
    return file_read(*f, user_pointer<void>(c.a[1]), c.a[2]);
}

int64_t sys_write(Call& c) {
    Ref<File> f;
    if (int rc = fd_get(static_cast<int>(c.a[0]), f); rc < 0) return rc;
    if (!user_ok(c.a[1], c.a[2])) return -linux::EFAULT;
    return file_write(*f, user_pointer<void>(c.a[1]), c.a[2]);
}

int64_t positioned(Call& c, bool writing) {
    Ref<File> f;
    if (int rc = fd_get(static_cast<int>(c.a[0]), f); rc < 0) return rc;
    if (!f->seekable()) return -linux::ESPIPE;
    if (static_cast<int64_t>(c.a[3]) < 0) return -linux::EINVAL;
    if (!user_ok(c.a[1], c.a[2])) return -linux::EFAULT;
    int mode = f->status_flags & linux::O_ACCMODE;
    if (writing) {
        if (mode == linux::O_RDONLY) return -linux::EBADF;
        return f->write(user_pointer<void>(c.a[1]), c.a[2], c.a[3]);
    }
    if (mode == linux::O_WRONLY) return -linux::EBADF;
    return f->read(user_pointer<void>(c.a[1]), c.a[2], c.a[3]);
}
int64_t sys_pread64(Call& c) { return positioned(c, false); }
int64_t sys_pwrite64(Call& c) { return positioned(c, true); }

int64_t vectored(Call& c, bool writing) {
    Ref<File> f;
    if (int rc = fd_get(static_cast<int>(c.a[0]), f); rc < 0) return rc;
    uint64_t count = c.a[2];
    if (count > 1024) return -linux::EINVAL;
    if (!user_ok(c.a[1], count * sizeof(linux::iovec))) return -linux::EFAULT;
    auto* iov = user_pointer<linux::iovec>(c.a[1]);
    int64_t total = 0;
    for (uint64_t i = 0; i < count; ++i) {
        if (iov[i].len == 0) continue;
        if (!user_ok(iov[i].base, iov[i].len)) return total ? total : -linux::EFAULT;
        int64_t n = writing ? file_write(*f, user_pointer<void>(iov[i].base), iov[i].len)
                            : file_read(*f, user_pointer<void>(iov[i].base), iov[i].len);
        if (n < 0) return total ? total : n;
        total += n;
        if (static_cast<uint64_t>(n) < iov[i].len) break;  // short transfer: stop like Linux
    }
    return total;
}
int64_t sys_readv(Call& c) { return vectored(c, false); }
int64_t sys_writev(Call& c) { return vectored(c, true); }

int64_t sys_lseek(Call& c) {
    Ref<File> f;
    if (int rc = fd_get(static_cast<int>(c.a[0]), f); rc < 0) return rc;
    if (!f->seekable()) return -linux::ESPIPE;
    int64_t offset = static_cast<int64_t>(c.a[1]);
    int64_t base;
    switch (static_cast<int>(c.a[2])) {
        case 0: base = 0; break;
        case 1: base = static_cast<int64_t>(f->offset); break;
        case 2: {
            Attr a;
            f->getattr(a);
            base = a.size;
            break;
        }
        case 3: case 4: {  // SEEK_DATA / SEEK_HOLE: the whole file is data
            Attr a;
            f->getattr(a);
            if (offset < 0 || offset >= a.size) return -linux::ENXIO;
            f->offset = static_cast<uint64_t>(c.a[2] == 3 ? offset : a.size);
            return static_cast<int64_t>(f->offset);
        }
        default: return -linux::EINVAL;
    }
    if (base + offset < 0) return -linux::EINVAL;
    f->offset = static_cast<uint64_t>(base + offset);
    return static_cast<int64_t>(f->offset);
}

int64_t sys_close(Call& c) { return fd_close(static_cast<int>(c.a[0])); }

int64_t sys_fstat(Call& c) {
    Ref<File> f;
    if (int rc = fd_get(static_cast<int>(c.a[0]), f); rc < 0) return rc;
    if (!user_ok(c.a[1], sizeof(linux::stat))) return -linux::EFAULT;
    Attr a;
    if (int rc = f->getattr(a); rc < 0) return rc;
    to_linux_stat(a, *user_pointer<linux::stat>(c.a[1]));
    return 0;
}

int64_t sys_dup(Call& c) {
    Ref<File> f;
    if (int rc = fd_get(static_cast<int>(c.a[0]), f); rc < 0) return rc;
    return fd_install(f, false);
}

int64_t dup_to(int old_fd, int new_fd, bool cloexec) {
    Ref<File> f;
    if (int rc = fd_get(old_fd, f); rc < 0) return rc;
    if (new_fd < 0 || new_fd >= kMaxFds) return -linux::EBADF;
    process().fds[new_fd].file = f;
    process().fds[new_fd].close_on_exec = cloexec;
    return new_fd;
}

int64_t sys_dup2(Call& c) {
    int old_fd = static_cast<int>(c.a[0]), new_fd = static_cast<int>(c.a[1]);
    if (old_fd == new_fd) {
        Ref<File> f;
        return fd_get(old_fd, f) < 0 ? -linux::EBADF : new_fd;
    }
    return dup_to(old_fd, new_fd, false);
}

int64_t sys_dup3(Call& c) {
    if (c.a[0] == c.a[1]) return -linux::EINVAL;
    if (c.a[2] & ~static_cast<uint64_t>(linux::O_CLOEXEC)) return -linux::EINVAL;
    return dup_to(static_cast<int>(c.a[0]), static_cast<int>(c.a[1]), c.a[2] != 0);
}

int64_t sys_fcntl(Call& c) {
    int fd = static_cast<int>(c.a[0]);
    Ref<File> f;
    if (int rc = fd_get(fd, f); rc < 0) return rc;
    switch (static_cast<int>(c.a[1])) {
        case linux::F_DUPFD: return fd_install(f, false, static_cast<int>(c.a[2]));
        case linux::F_DUPFD_CLOEXEC: return fd_install(f, true, static_cast<int>(c.a[2]));
        case linux::F_GETFD: return process().fds[fd].close_on_exec ? linux::FD_CLOEXEC : 0;
        case linux::F_SETFD: process().fds[fd].close_on_exec = c.a[2] & linux::FD_CLOEXEC; return 0;
        case linux::F_GETFL: return f->status_flags;
        case linux::F_SETFL: {
            constexpr int kChangeable = linux::O_APPEND | linux::O_NONBLOCK | linux::O_DIRECT | linux::O_NOATIME;
            f->status_flags = (f->status_flags & ~kChangeable) | (static_cast<int>(c.a[2]) & kChangeable);
            return 0;
        }
        case linux::F_GETLK: {
            // struct flock: l_type first; no other process can hold a lock.
            if (!user_ok(c.a[2], 2)) return -linux::EFAULT;
            *user_pointer<int16_t>(c.a[2]) = 2;  // F_UNLCK
            return 0;
        }
        case linux::F_SETLK: case linux::F_SETLKW: return 0;
        case linux::F_GETPIPE_SZ: return 65536;
        default: return -linux::EINVAL;
    }
}

int64_t sys_ioctl(Call& c) {
    Ref<File> f;
    if (int rc = fd_get(static_cast<int>(c.a[0]), f); rc < 0) return rc;
    switch (c.a[1]) {
        case linux::TCGETS:
            if (!f->is_terminal()) return -linux::ENOTTY;
            if (!user_ok(c.a[2], 60)) return -linux::EFAULT;
            {
                // A cooked terminal: ICRNL|IXON, OPOST|ONLCR, B38400|CS8|CREAD, ISIG|ICANON|ECHO...
                auto* t = user_pointer<uint32_t>(c.a[2]);
                memset(t, 0, 60);
                t[0] = 0x500;
                t[1] = 0x5;
                t[2] = 0xbf;
                t[3] = 0x8a3b;
            }
            return 0;
        case linux::TCSETS: case linux::TCSETS + 1: case linux::TCSETS + 2:
            return f->is_terminal() ? 0 : -linux::ENOTTY;
        case linux::TIOCGWINSZ: {
            if (!f->is_terminal()) return -linux::ENOTTY;
            if (!user_ok(c.a[2], sizeof(linux::winsize))) return -linux::EFAULT;
            *user_pointer<linux::winsize>(c.a[2]) = {24, 80, 0, 0};
            return 0;
        }
        case linux::TIOCGPGRP:
            if (!f->is_terminal()) return -linux::ENOTTY;
            if (!user_ok(c.a[2], 4)) return -linux::EFAULT;
            *user_pointer<int32_t>(c.a[2]) = kPid;
            return 0;
        case linux::FIONBIO: {
            if (!user_ok(c.a[2], 4)) return -linux::EFAULT;
            if (*user_pointer<int32_t>(c.a[2])) f->status_flags |= linux::O_NONBLOCK;
            else f->status_flags &= ~linux::O_NONBLOCK;
            return 0;
        }
        default: return -linux::ENOTTY;
    }
}

int64_t make_pipe(uint64_t fds_address, uint64_t flags) {
    if (flags & ~static_cast<uint64_t>(linux::O_CLOEXEC | linux::O_NONBLOCK | linux::O_DIRECT)) return -linux::EINVAL;
    if (!user_ok(fds_address, 8)) return -linux::EFAULT;
    Ref<File> r, w;
    libos::vfs::make_pipe(r, w);
    r->status_flags = linux::O_RDONLY | (flags & linux::O_NONBLOCK);
    w->status_flags = linux::O_WRONLY | (flags & linux::O_NONBLOCK);
    bool cloexec = flags & linux::O_CLOEXEC;
    int rfd = fd_install(r, cloexec);
    if (rfd < 0) return rfd;
    int wfd = fd_install(w, cloexec);
    if (wfd < 0) {
        fd_close(rfd);
        return wfd;
    }
    auto* out = user_pointer<int32_t>(fds_address);
    out[0] = rfd;
    out[1] = wfd;
    return 0;
}
int64_t sys_pipe(Call& c) { return make_pipe(c.a[0], 0); }
int64_t sys_pipe2(Call& c) { return make_pipe(c.a[0], c.a[1]); }

int64_t sys_getdents64(Call& c) {
    Ref<File> f;
    if (int rc = fd_get(static_cast<int>(c.a[0]), f); rc < 0) return rc;
    if (!user_ok(c.a[1], c.a[2])) return -linux::EFAULT;
    auto* out = user_pointer<char>(c.a[1]);
    uint64_t used = 0;
    for (;;) {
        uint64_t cookie = f->offset;
        libos::vfs::DirEntry entry;
        int rc = f->readdir(cookie, entry);
        if (rc < 0) return used ? static_cast<int64_t>(used) : rc;
        if (rc == 0) break;
        size_t name_length = strlen(entry.name);
        uint64_t record = (19 + name_length + 1 + 7) & ~7ull;
        if (used + record > c.a[2]) {
            if (used == 0) return -linux::EINVAL;
            break;
        }
        char* d = out + used;
        memcpy(d, &entry.ino, 8);
        memcpy(d + 8, &cookie, 8);   // d_off: where the next entry starts
        uint16_t reclen = static_cast<uint16_t>(record);
        memcpy(d + 16, &reclen, 2);
        d[18] = static_cast<char>(entry.type);
        memcpy(d + 19, entry.name, name_length);
        memset(d + 19 + name_length, 0, record - 19 - name_length);
        used += record;
        f->offset = cookie;
    }
    return static_cast<int64_t>(used);
}

int64_t sys_ftruncate(Call& c) {
    Ref<File> f;
    if (int rc = fd_get(static_cast<int>(c.a[0]), f); rc < 0) return rc;
    if (static_cast<int64_t>(c.a[1]) < 0) return -linux::EINVAL;
    if ((f->status_flags & linux::O_ACCMODE) == linux::O_RDONLY) return -linux::EINVAL;
    return f->truncate(c.a[1]);
}

int64_t sys_fsync(Call& c) {
    Ref<File> f;
    if (int rc = fd_get(static_cast<int>(c.a[0]), f); rc < 0) return rc;
    return f->sync();
}

int64_t sys_fadvise(Call& c) {
    Ref<File> f;
    return fd_get(static_cast<int>(c.a[0]), f);
}

int64_t sys_sendfile(Call& c) {
    Ref<File> out, in;
    if (int rc = fd_get(static_cast<int>(c.a[0]), out); rc < 0) return rc;
    if (int rc = fd_get(static_cast<int>(c.a[1]), in); rc < 0) return rc;
    uint64_t count = c.a[3] > (1u << 20) ? (1u << 20) : c.a[3];
    char* buffer = static_cast<char*>(malloc(count ? count : 1));
    if (!buffer) return -linux::ENOMEM;
    int64_t n;
    if (c.a[2]) {
        if (!user_ok(c.a[2], 8)) { free(buffer); return -linux::EFAULT; }
        auto* offset = user_pointer<int64_t>(c.a[2]);
        n = in->read(buffer, count, static_cast<uint64_t>(*offset));
        if (n > 0) *offset += n;
    } else {
        n = file_read(*in, buffer, count);
    }
    if (n > 0) n = file_write(*out, buffer, static_cast<uint64_t>(n));
    free(buffer);
    return n;
}

}  // namespace

void register_file_syscalls() {
    define_syscall(0, "read", sys_read, "fpu");
    define_syscall(1, "write", sys_write, "fsu");
    define_syscall(17, "pread64", sys_pread64, "fpud");
    define_syscall(18, "pwrite64", sys_pwrite64, "fpud");
    define_syscall(19, "readv", sys_readv, "fpu");
    define_syscall(20, "writev", sys_writev, "fpu");
    define_syscall(8, "lseek", sys_lseek, "fdd");
    define_syscall(3, "close", sys_close, "f");
    define_syscall(5, "fstat", sys_fstat, "fp");
    define_syscall(32, "dup", sys_dup, "f");
    define_syscall(33, "dup2", sys_dup2, "ff");
    define_syscall(292, "dup3", sys_dup3, "ffx");
    define_syscall(72, "fcntl", sys_fcntl, "fdx");
    define_syscall(16, "ioctl", sys_ioctl, "fxx");
    define_syscall(22, "pipe", sys_pipe, "p");
    define_syscall(293, "pipe2", sys_pipe2, "px");
    define_syscall(217, "getdents64", sys_getdents64, "fpu");
    define_syscall(77, "ftruncate", sys_ftruncate, "fd");
    define_syscall(74, "fsync", sys_fsync, "f");
    define_syscall(75, "fdatasync", sys_fsync, "f");
    define_syscall(221, "fadvise64", sys_fadvise, "fddd");
    define_syscall(40, "sendfile", sys_sendfile, "ffpu");
}

}  // namespace posix
