// Turns the guest's faults into stop records: SIGSEGV, SIGBUS, SIGILL, SIGFPE (crashes) and
// SIGSYS (a syscall the seccomp filter trapped). Handlers run on their own alternate stack, so
// they work even when the guest's stack is what broke.
#pragma once

#include <signal.h>

#include "error.h"

namespace celda::sandbox {

Result<void> install_crash_handlers();

// Writes the stop record for a fault or forbidden syscall and ends the child (never returns).
[[noreturn]] void report_fault(int signal, siginfo_t* info, void* context);

}  // namespace celda::sandbox
