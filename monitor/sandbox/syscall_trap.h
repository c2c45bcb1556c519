// Serving a Linux program's own `syscall` instructions on the sandbox backend.
//
// The seccomp filter traps every syscall whose instruction lies in guest memory, so none of
// them reaches the host. The kernel then delivers SIGSYS; this handler copies the trapped
// registers into a celda_syscall_frame, calls the entry the guest registered
// (CELDA_HC_SYSCALL_ENTRY) and resumes the guest with the frame's registers, rax = result.
//
// The handler runs on the interrupted stack (no SA_ONSTACK), so a library-OS fiber that
// blocks inside a syscall keeps its signal frame on its own stack and other fibers can trap
// meanwhile; SA_NODEFER keeps SIGSYS unblocked for them. It uses no glibc TLS: %fs belongs to
// the Linux program by then.
#pragma once

#include <cstdint>

#include "error.h"

namespace celda::sandbox {

// Replaces the crash handler's SIGSYS disposition. Syscalls trapped elsewhere (the monitor's
// own code) or before an entry is registered are still reported as forbidden.
Result<void> install_syscall_trap();

// CELDA_HC_SYSCALL_ENTRY's backend hook.
long set_syscall_entry(std::uint64_t entry);

}  // namespace celda::sandbox
