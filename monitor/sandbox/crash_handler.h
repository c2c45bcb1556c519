// The guest's faults: SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP of guest code go to the guest's
// fault entry when it registered one (CELDA_HC_FAULT_ENTRY, hypercall/fault_delivery.h: the
// handler rewrites the signal context to enter it); otherwise, and for SIGSYS (a syscall the
// seccomp filter trapped), they become stop records. Handlers run on their own alternate
// stack, so they work even when the guest's stack is what broke.
#pragma once

#include <signal.h>

#include "error.h"

namespace celda::sandbox {

Result<void> install_crash_handlers();

// Writes the stop record for a fault or forbidden syscall and ends the child (never returns).
[[noreturn]] void report_fault(int signal, siginfo_t* info, void* context);

}  // namespace celda::sandbox
