// Process identity and limits: exit_group, getpid & co, uname, rlimits, arch_prctl, getrandom.
#include <libos/libc.h>
#include <libos/random.h>

#include "kernel/signals.h"
#include "syscalls/table.h"

namespace posix {
namespace {

int64_t sys_exit_group(Call& c) { exit_process(static_cast<int>(c.a[0] & 0xff)); }
int64_t sys_getpid(Call&) { return kPid; }
int64_t sys_getppid(Call&) { return 0; }  // started by the monitor, which is outside this world
int64_t sys_gettid(Call&) { return current_thread().tid; }
int64_t sys_zero(Call&) { return 0; }      // getuid & co: the program runs as root of its guest

void copy_field(char* field, const char* value) {
    size_t n = strlen(value);
    memcpy(field, value, n + 1);
}

int64_t sys_uname(Call& c) {
    if (!user_ok(c.a[0], sizeof(linux::utsname))) return -linux::EFAULT;
    auto* u = user_pointer<linux::utsname>(c.a[0]);
    memset(u, 0, sizeof *u);
    copy_field(u->sysname, "Linux");
    copy_field(u->nodename, "celda");
    // glibc refuses to start on kernels older than it was configured for: claim a current one.
    copy_field(u->release, "6.1.0-celda");
    copy_field(u->version, "#1 SMP Celda library OS");
    copy_field(u->machine, "x86_64");
    copy_field(u->domainname, "(none)");
    return 0;
}

linux::rlimit limit_for(int resource) {
    switch (resource) {
        case linux::RLIMIT_STACK: return {8ull << 20, linux::RLIM_INFINITY};
        case linux::RLIMIT_NOFILE: return {kMaxFds, kMaxFds};
        default: return {linux::RLIM_INFINITY, linux::RLIM_INFINITY};
    }
}

int64_t sys_prlimit64(Call& c) {
    if (c.a[0] != 0 && c.a[0] != static_cast<uint64_t>(kPid)) return -linux::ESRCH;
    int resource = static_cast<int>(c.a[1]);
    if (resource < 0 || resource > 15) return -linux::EINVAL;
    if (c.a[3]) {
        if (!user_ok(c.a[3], sizeof(linux::rlimit))) return -linux::EFAULT;
        *user_pointer<linux::rlimit>(c.a[3]) = limit_for(resource);
    }
    return 0;  // new limits are accepted and not enforced
}

int64_t sys_getrlimit(Call& c) {
    int resource = static_cast<int>(c.a[0]);
    if (resource < 0 || resource > 15) return -linux::EINVAL;
    if (!user_ok(c.a[1], sizeof(linux::rlimit))) return -linux::EFAULT;
    *user_pointer<linux::rlimit>(c.a[1]) = limit_for(resource);
    return 0;
}

int64_t sys_arch_prctl(Call& c) {
    Thread& t = current_thread();
    switch (static_cast<int>(c.a[0])) {
        case linux::ARCH_SET_FS:
            if (c.a[1] >= (1ull << 47)) return -linux::EPERM;
            t.fs_base = c.a[1];   // written to the CPU on the way back to the program
            return 0;
        case linux::ARCH_GET_FS:
            if (!user_ok(c.a[1], 8)) return -linux::EFAULT;
            *user_pointer<uint64_t>(c.a[1]) = t.fs_base;
            return 0;
        default: return -linux::EINVAL;
    }
}

int64_t sys_getrandom(Call& c) {
    if (c.a[2] & ~3ull) return -linux::EINVAL;
    if (!user_ok(c.a[0], c.a[1])) return -linux::EFAULT;
    size_t n = c.a[1] > (32u << 20) ? (32u << 20) : c.a[1];
    libos::fill_random(user_pointer<void>(c.a[0]), n);
    return static_cast<int64_t>(n);
}

int64_t sys_umask(Call& c) {
    uint32_t old = process().umask;
    process().umask = c.a[0] & 0777;
    return old;
}

int64_t sys_sched_getaffinity(Call& c) {
    if (c.a[1] < 8) return -linux::EINVAL;
    if (!user_ok(c.a[2], c.a[1])) return -linux::EFAULT;
    memset(user_pointer<void>(c.a[2]), 0, c.a[1]);
    *user_pointer<uint8_t>(c.a[2]) = 1;  // one CPU: fibers run one at a time
    return 8;
}

int64_t sys_wait4(Call&) { return -linux::ECHILD; }
int64_t sys_enosys_quiet(Call&) { return -linux::ENOSYS; }   // rseq, clone3: libc falls back

int64_t sys_getrusage(Call& c) {
    if (!user_ok(c.a[1], 144)) return -linux::EFAULT;
    memset(user_pointer<void>(c.a[1]), 0, 144);
    return 0;
}

int64_t sys_prctl(Call& c) {
    constexpr int PR_SET_NAME = 15, PR_GET_NAME = 16;
    if (c.a[0] == PR_SET_NAME) return 0;
    if (c.a[0] == PR_GET_NAME) {
        if (!user_ok(c.a[1], 16)) return -linux::EFAULT;
        memcpy(user_pointer<char>(c.a[1]), "main", 5);
        return 0;
    }
    return -linux::EINVAL;
}

int64_t sys_sysinfo(Call& c) {
    if (!user_ok(c.a[0], 112)) return -linux::EFAULT;
    memset(user_pointer<void>(c.a[0]), 0, 112);
    return 0;
}

}  // namespace

void register_process_syscalls() {
    define_syscall(231, "exit_group", sys_exit_group, "d");
    define_syscall(39, "getpid", sys_getpid, "");
    define_syscall(110, "getppid", sys_getppid, "");
    define_syscall(186, "gettid", sys_gettid, "");
    define_syscall(102, "getuid", sys_zero, "");
    define_syscall(104, "getgid", sys_zero, "");
    define_syscall(107, "geteuid", sys_zero, "");
    define_syscall(108, "getegid", sys_zero, "");
    define_syscall(111, "getpgrp", sys_getpid, "");
    define_syscall(121, "getpgid", sys_getpid, "d");
    define_syscall(124, "getsid", sys_getpid, "d");
    define_syscall(109, "setpgid", sys_zero, "dd");
    define_syscall(63, "uname", sys_uname, "p");
    define_syscall(302, "prlimit64", sys_prlimit64, "ddpp");
    define_syscall(97, "getrlimit", sys_getrlimit, "dp");
    define_syscall(160, "setrlimit", sys_zero, "dp");
    define_syscall(158, "arch_prctl", sys_arch_prctl, "xx");
    define_syscall(318, "getrandom", sys_getrandom, "pux");
    define_syscall(95, "umask", sys_umask, "o");
    define_syscall(204, "sched_getaffinity", sys_sched_getaffinity, "dup");
    define_syscall(61, "wait4", sys_wait4, "dpxp");
    define_syscall(334, "rseq", sys_enosys_quiet, "pudx");
    define_syscall(98, "getrusage", sys_getrusage, "dp");
    define_syscall(157, "prctl", sys_prctl, "dxxxx");
    define_syscall(99, "sysinfo", sys_sysinfo, "p");
}

}  // namespace posix
