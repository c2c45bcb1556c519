#include "report/syscall_names.h"

#include <utility>

namespace celda::report {

std::optional<std::string_view> syscall_name(std::uint64_t nr) {
    // The syscalls a Linux program (or a confused library OS) is most likely to try.
    static constexpr std::pair<std::uint64_t, std::string_view> kNames[] = {
        {0, "read"}, {1, "write"}, {2, "open"}, {3, "close"}, {4, "stat"}, {5, "fstat"},
        {6, "lstat"}, {7, "poll"}, {8, "lseek"}, {9, "mmap"}, {10, "mprotect"}, {11, "munmap"},
        {12, "brk"}, {13, "rt_sigaction"}, {14, "rt_sigprocmask"}, {15, "rt_sigreturn"},
        {16, "ioctl"}, {17, "pread64"}, {18, "pwrite64"}, {19, "readv"}, {20, "writev"},
        {21, "access"}, {22, "pipe"}, {23, "select"}, {24, "sched_yield"}, {28, "madvise"},
        {32, "dup"}, {33, "dup2"}, {35, "nanosleep"}, {39, "getpid"}, {41, "socket"},
        {42, "connect"}, {43, "accept"}, {44, "sendto"}, {45, "recvfrom"}, {49, "bind"},
        {50, "listen"}, {56, "clone"}, {57, "fork"}, {58, "vfork"}, {59, "execve"}, {60, "exit"},
        {61, "wait4"}, {62, "kill"}, {63, "uname"}, {72, "fcntl"}, {79, "getcwd"}, {80, "chdir"},
        {82, "rename"}, {83, "mkdir"}, {84, "rmdir"}, {87, "unlink"}, {89, "readlink"},
        {96, "gettimeofday"}, {101, "ptrace"}, {102, "getuid"}, {104, "getgid"}, {107, "geteuid"},
        {110, "getppid"}, {157, "prctl"}, {158, "arch_prctl"}, {186, "gettid"}, {202, "futex"},
        {217, "getdents64"}, {218, "set_tid_address"}, {228, "clock_gettime"},
        {230, "clock_nanosleep"}, {231, "exit_group"}, {257, "openat"}, {262, "newfstatat"},
        {271, "ppoll"}, {273, "set_robust_list"}, {302, "prlimit64"}, {318, "getrandom"},
        {332, "statx"}, {334, "rseq"}, {435, "clone3"},
    };
    for (const auto& [number, name] : kNames)
        if (number == nr) return name;
    return std::nullopt;
}

}  // namespace celda::report
