// The Linux x86-64 user ABI, as far as the POSIX layer needs it: errno values, flags and
// structure layouts, written out here because guest code may not include the host's kernel
// headers. Values are from the kernel's uapi headers (asm-generic/errno*.h, fcntl.h, stat.h...).
#pragma once

#include <stdint.h>

#include <libos/errno.h>

namespace posix::linux {

// errno values (returned negated from syscalls): the library OS uses the same ones.
using namespace libos::err;

// open flags
constexpr int O_ACCMODE = 03, O_RDONLY = 0, O_WRONLY = 01, O_RDWR = 02, O_CREAT = 0100,
              O_EXCL = 0200, O_NOCTTY = 0400, O_TRUNC = 01000, O_APPEND = 02000,
              O_NONBLOCK = 04000, O_DSYNC = 010000, O_DIRECT = 040000, O_LARGEFILE = 0100000,
              O_DIRECTORY = 0200000, O_NOFOLLOW = 0400000, O_NOATIME = 01000000,
              O_CLOEXEC = 02000000, O_PATH = 010000000, O_TMPFILE = 020000000 | O_DIRECTORY;
constexpr int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200,
              AT_SYMLINK_FOLLOW = 0x400, AT_EACCESS = 0x200, AT_EMPTY_PATH = 0x1000;
constexpr int RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2;

// fcntl
constexpr int F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_GETLK = 5,
              F_SETLK = 6, F_SETLKW = 7, F_DUPFD_CLOEXEC = 1030, F_GETPIPE_SZ = 1032,
              FD_CLOEXEC = 1;

// file types and modes
constexpr uint32_t S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000, S_IFREG = 0100000,
                   S_IFBLK = 0060000, S_IFDIR = 0040000, S_IFCHR = 0020000, S_IFIFO = 0010000;
constexpr uint8_t DT_UNKNOWN = 0, DT_FIFO = 1, DT_CHR = 2, DT_DIR = 4, DT_REG = 8, DT_LNK = 10;

struct timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};
struct timeval {
    int64_t tv_sec;
    int64_t tv_usec;
};

struct stat {  // struct stat for x86-64 (arch/x86/include/uapi/asm/stat.h)
    uint64_t st_dev, st_ino, st_nlink;
    uint32_t st_mode, st_uid, st_gid, pad0;
    uint64_t st_rdev;
    int64_t st_size, st_blksize, st_blocks;
    timespec st_atim, st_mtim, st_ctim;
    int64_t reserved[3];
};
static_assert(sizeof(stat) == 144);

struct statx_timestamp {
    int64_t tv_sec;
    uint32_t tv_nsec;
    int32_t reserved;
};
struct statx {
    uint32_t stx_mask, stx_blksize;
    uint64_t stx_attributes;
    uint32_t stx_nlink, stx_uid, stx_gid;
    uint16_t stx_mode, pad1;
    uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
    statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
    uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
    uint64_t spare[14];
};
static_assert(sizeof(statx) == 256);
constexpr uint32_t STATX_BASIC_STATS = 0x7ff;

struct iovec {
    uint64_t base;
    uint64_t len;
};

struct utsname {
    char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

struct rlimit {
    uint64_t cur, max;
};
constexpr uint64_t RLIM_INFINITY = ~0ull;
constexpr int RLIMIT_STACK = 3, RLIMIT_NOFILE = 7, RLIMIT_AS = 9;

struct winsize {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};
constexpr unsigned long TCGETS = 0x5401, TCSETS = 0x5402, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414,
                        FIONREAD = 0x541B, FIONBIO = 0x5421, TIOCGPGRP = 0x540F;

// mmap
constexpr int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
constexpr int MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_SHARED_VALIDATE = 0x03, MAP_TYPE = 0x0f,
              MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20, MAP_GROWSDOWN = 0x100,
              MAP_NORESERVE = 0x4000, MAP_POPULATE = 0x8000, MAP_STACK = 0x20000,
              MAP_FIXED_NOREPLACE = 0x100000;
constexpr int MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2;

// clone
constexpr uint64_t CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400,
                   CLONE_SIGHAND = 0x800, CLONE_VFORK = 0x4000, CLONE_THREAD = 0x10000,
                   CLONE_SYSVSEM = 0x40000, CLONE_SETTLS = 0x80000,
                   CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000,
                   CLONE_CHILD_SETTID = 0x1000000;

// futex
constexpr int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4,
              FUTEX_WAKE_OP = 5, FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10,
              FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256;

// signals
constexpr int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6,
              SIGBUS = 7, SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12,
              SIGPIPE = 13, SIGALRM = 14, SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19,
              SIGTSTP = 20, SIGURG = 23, SIGWINCH = 28, NSIG = 64;
constexpr uint64_t SIG_DFL = 0, SIG_IGN = 1;
constexpr uint64_t SA_SIGINFO = 4, SA_ONSTACK = 0x08000000, SA_RESTART = 0x10000000,
                   SA_NODEFER = 0x40000000, SA_RESETHAND = 0x80000000, SA_RESTORER = 0x04000000;
struct kernel_sigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
};
constexpr int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;

// clocks
constexpr int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2,
              CLOCK_THREAD_CPUTIME_ID = 3, CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5,
              CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7, TIMER_ABSTIME = 1;

// poll / epoll
constexpr int16_t POLLIN = 1, POLLPRI = 2, POLLOUT = 4, POLLERR = 8, POLLHUP = 16, POLLNVAL = 32,
                  POLLRDNORM = 0x40, POLLWRNORM = 0x100;
struct pollfd {
    int32_t fd;
    int16_t events, revents;
};
constexpr int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
struct [[gnu::packed]] epoll_event {
    uint32_t events;
    uint64_t data;
};

// auxv
constexpr uint64_t AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6,
                   AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12,
                   AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17,
                   AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31;

constexpr int ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003,
              ARCH_GET_GS = 0x1004, ARCH_GET_CPUID = 0x1011, ARCH_SET_CPUID = 0x1012;

constexpr int GRND_NONBLOCK = 1, GRND_RANDOM = 2;

}  // namespace posix::linux
