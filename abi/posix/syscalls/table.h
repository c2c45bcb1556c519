// The Linux syscall table: number -> handler, name and argument kinds (for --trace=syscalls).
// Each family of syscalls lives in its own file and registers itself from register_*().
#pragma once

#include <stdint.h>

#include <celda/contract.h>

#include "kernel/process.h"
#include "linux/abi.h"

namespace posix {

struct Call {
    uint64_t a[6];
    celda_syscall_frame* frame;   // the trapped registers (clone, rt_sigreturn change them)
};

using Handler = int64_t (*)(Call&);

// `args`: one character per argument for the trace: d (signed decimal), u, x (hex), s (string),
// p (pointer), o (octal), f (fd).
void define_syscall(int nr, const char* name, Handler handler, const char* args);

// Serves syscall number frame->rax; returns the value for rax.
int64_t dispatch_syscall(celda_syscall_frame* frame);

// Registration, one per family (called once at start-up).
void register_process_syscalls();
void register_memory_syscalls();
void register_file_syscalls();
void register_path_syscalls();
void register_time_syscalls();
void register_thread_syscalls();
void register_signal_syscalls();
void register_poll_syscalls();

// Names of syscalls with no handler, for the -ENOSYS log.
const char* syscall_name(int nr);

template <typename T>
T* user_pointer(uint64_t value) { return reinterpret_cast<T*>(value); }

}  // namespace posix
