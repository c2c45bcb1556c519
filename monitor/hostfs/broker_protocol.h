// The messages between the sandboxed child (broker client) and the `celda` parent (broker
// server) for host directory shares. Fixed-size records over a SOCK_SEQPACKET socketpair: one
// request, one reply, and with a successful OPEN the opened descriptor (SCM_RIGHTS). The
// server trusts nothing in a request: the child runs guest-reachable code.
#pragma once

#include <cstdint>

#include "celda/contract.h"

namespace celda::hostfs {

// Descriptors the child receives start here (0-2 stdio, 3 report pipe, 4 the broker socket),
// and there are at most kMaxOpenFiles of them: the seccomp filter pins the share syscalls to
// [kFirstFileFd, kFirstFileFd + kMaxOpenFiles), and RLIMIT_NOFILE keeps the kernel inside it.
inline constexpr int kBrokerFd = 4;
inline constexpr int kFirstFileFd = 5;
inline constexpr int kMaxOpenFiles = 1024;

struct BrokerRequest {
    std::uint32_t op;     // CELDA_HOSTFS_* path op
    std::uint32_t share;
    std::uint32_t flags;
    std::uint32_t mode;
    std::uint32_t path_len, path2_len;   // < CELDA_HOSTFS_PATH_MAX; the texts are not NUL-terminated
    char path[CELDA_HOSTFS_PATH_MAX];
    char path2[CELDA_HOSTFS_PATH_MAX];
};

struct BrokerReply {
    std::int64_t result;            // 0 / length, or -errno
    celda_hostfs_stat stat;         // STAT
    std::uint32_t data_len;         // READLINK: bytes of data
    char data[CELDA_HOSTFS_PATH_MAX];
};

}  // namespace celda::hostfs
