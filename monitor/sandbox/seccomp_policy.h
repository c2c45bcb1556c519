// The sandbox's seccomp filter: the complete list of host syscalls a guest process may make,
// each with its arguments pinned. Anything else traps (SIGSYS), and the crash handler reports
// the syscall number. docs/sandbox-syscalls.md documents the same table; a unit test keeps the
// two in step.
#pragma once

#include <linux/filter.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "error.h"

namespace celda::sandbox {

// Names of the allowed syscalls, in table order (the host-share and warm-guest rows included).
std::vector<std::string_view> allowed_syscall_names();
// Names of the rows added only when the run has host shares (-v).
std::vector<std::string_view> share_syscall_names();
// Names of the rows added only for a warm guest of `celda serve`.
std::vector<std::string_view> warm_syscall_names();

// The BPF program for a child whose report pipe is `report_fd`. Syscall instructions inside
// guest memory [guest_begin, guest_end) always trap (they are the guest program's, served by
// the library OS); mprotect is allowed on guest memory only. Without a range (0, 0) nothing
// is exempt and mprotect always traps.
std::vector<sock_filter> build_seccomp_filter(int report_fd);
// `host_shares`: also allow the broker socket (fd 4) and the share-file syscalls on received
// descriptors [5, 5 + 1024) (hostfs/broker_protocol.h). `warm_guest`: also allow lowering
// itself to SCHED_IDLE and yielding (step_aside_for_client in sandbox/stop.cpp).
std::vector<sock_filter> build_seccomp_filter(int report_fd, std::uint64_t guest_begin, std::uint64_t guest_end,
                                              bool host_shares = false, bool warm_guest = false);

// PR_SET_NO_NEW_PRIVS, then installs `filter` for the calling thread (raw syscalls; no errno).
// Returns 0 or -errno.
long install_seccomp_filter(const std::vector<sock_filter>& filter);

}  // namespace celda::sandbox
