// Raw x86-64 system calls, for code that runs in the sandboxed child after lockdown: no glibc
// wrapper, so no errno (TLS via %fs, which the guest may own) and no cancellation machinery.
// Returns the kernel's value: >= 0, or -errno.
#pragma once

#include <cstdint>

namespace celda::sandbox::raw {

inline long syscall3(long nr, long a0, long a1, long a2) {
    long ret;
    asm volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a0), "S"(a1), "d"(a2) : "rcx", "r11", "memory");
    return ret;
}

inline long syscall4(long nr, long a0, long a1, long a2, long a3) {
    long ret;
    register long r10 asm("r10") = a3;
    asm volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10) : "rcx", "r11", "memory");
    return ret;
}

inline long syscall5(long nr, long a0, long a1, long a2, long a3, long a4) {
    long ret;
    register long r10 asm("r10") = a3;
    register long r8 asm("r8") = a4;
    asm volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8) : "rcx", "r11", "memory");
    return ret;
}

long write(int fd, const void* buf, std::uint64_t len);           // one attempt
bool write_all(int fd, const void* buf, std::uint64_t len);       // loops on partial writes/EINTR
[[noreturn]] void exit_group(int status);

}  // namespace celda::sandbox::raw
