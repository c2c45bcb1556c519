// Turns the guest's faults into stop records: SIGSEGV, SIGBUS, SIGILL, SIGFPE (crashes) and
// SIGSYS (a syscall the seccomp filter trapped). Handlers run on their own alternate stack, so
// they work even when the guest's stack is what broke.
#pragma once

#include "error.h"

namespace celda::sandbox {

Result<void> install_crash_handlers();

}  // namespace celda::sandbox
