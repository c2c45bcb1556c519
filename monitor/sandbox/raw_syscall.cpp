#include "sandbox/raw_syscall.h"

#include <sys/syscall.h>

#include <cerrno>

namespace celda::sandbox::raw {

long write(int fd, const void* buf, std::uint64_t len) {
    return syscall3(SYS_write, fd, reinterpret_cast<long>(buf), static_cast<long>(len));
}

bool write_all(int fd, const void* buf, std::uint64_t len) {
    const char* p = static_cast<const char*>(buf);
    while (len > 0) {
        long n = write(fd, p, len);
        if (n == -EINTR) continue;
        if (n <= 0) return false;
        p += n;
        len -= static_cast<std::uint64_t>(n);
    }
    return true;
}

void exit_group(int status) {
    for (;;) syscall3(SYS_exit_group, status, 0, 0);
}

}  // namespace celda::sandbox::raw
