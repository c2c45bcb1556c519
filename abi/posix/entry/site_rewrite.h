// Syscall call-site rewriting: a program's `syscall` instruction that trapped once (seccomp
// SIGSYS on the sandbox backend, LSTAR on kvm) is rewritten so that its next run jumps straight
// into the library OS (entry/fast_entry.S) with no trap and no signal.
//
// The rewrite needs at least 5 bytes of simple, position-independent instructions right before
// the `syscall` (mov $imm32,%r32 — glibc's `mov $NR,%eax` — and 64-bit register moves, musl's
// argument set-up). Those bytes become `jmp rel32` (+ int3 filler) to a per-site stub that
// re-runs them, loads the return address into %rcx and jumps to posix_fast_syscall. The
// `syscall` instruction itself stays in place, so code that jumps straight to it still works
// (it traps as before). Each decoded instruction is checked against the trapped registers
// before anything is written. Sites that do not fit keep trapping; they are counted.
#pragma once

#include <stdint.h>

#include <celda/contract.h>

namespace posix {

// The trap path, before dispatch: `frame` as the `syscall` instruction left it.
void note_trapped_syscall(const celda_syscall_frame& frame);

// With --trace=syscalls, at exit: how many sites were rewritten, how many calls trapped.
void print_site_summary();

}  // namespace posix
