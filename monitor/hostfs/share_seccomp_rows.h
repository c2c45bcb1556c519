// The rows a guest with host shares (-v) adds to its seccomp filter, the same on both backends
// (the sandbox child's filter and the kvm vCPU thread's): replies and opened descriptors come
// back from the broker with recvmsg; the handle operations work on those descriptors only. The
// broker opened each file beneath its share, read-only for :ro, so these calls reach nothing
// else. docs/sandbox-syscalls.md and docs/kvm.md explain them.
#pragma once

#include <sys/socket.h>
#include <sys/syscall.h>

#include <array>
#include <cstdint>

#include "seccomp/bpf_builder.h"

namespace celda::hostfs {

// `broker_socket`: the pinned value (a placeholder) of the broker's socket; `files`: the index
// of the received descriptors' range in BuildInputs::ranges; `condition`: the policy's bit for
// "the run has host shares" (Rule::only_with).
constexpr std::array<seccomp::Rule, 8> share_seccomp_rows(std::int64_t broker_socket, int files, std::uint32_t condition) {
    return {{
        {"recvmsg", SYS_recvmsg, {{0, {broker_socket}, 1}, {2, {MSG_CMSG_CLOEXEC}, 1}}, -1, 0, condition},
        {"pread64", SYS_pread64, {}, 0, files, condition},
        {"pwrite64", SYS_pwrite64, {}, 0, files, condition},
        {"fstat", SYS_fstat, {}, 0, files, condition},
        {"ftruncate", SYS_ftruncate, {}, 0, files, condition},
        {"fsync", SYS_fsync, {}, 0, files, condition},
        {"getdents64", SYS_getdents64, {}, 0, files, condition},
        {"close", SYS_close, {}, 0, files, condition},
    }};
}

}  // namespace celda::hostfs
