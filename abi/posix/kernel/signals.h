// Signals, as far as a single process with fiber threads needs them: dispositions, masks,
// signals a thread sends itself (raise, abort, tgkill) and SIGPIPE. A signal with the default
// action that terminates ends the guest with status 128 + signal, as a shell reports it.
// Handlers run on the thread's stack (or its sigaltstack) with a Linux rt_sigframe, at the
// point the thread returns from a syscall; rt_sigreturn resumes the interrupted code.
#pragma once

#include <celda/contract.h>

#include "kernel/process.h"

namespace posix {

void send_signal(Thread& thread, int signal);
// Runs (or applies the default action of) deliverable pending signals before `frame` resumes.
void deliver_pending_signals(celda_syscall_frame& frame);
// rt_sigreturn: restores `frame` from the rt_sigframe the handler returned through.
int64_t signal_return(celda_syscall_frame& frame);

void write_fs_base(uint64_t value);

}  // namespace posix
