// Typed wrappers over the contract's hypercalls (include/celda/contract.h). They only build the
// argument block and call boot_info().hypercall_entry; policy lives in their callers.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <celda/contract.h>

namespace libos::hypercall {

enum class Stream : uint32_t { out = 1, err = 2 };

// Bytes written, or a negative CELDA_E* error.
int64_t console_write(Stream stream, const void* buffer, size_t length);
// ns on the given clock (see celda_clock_id).
uint64_t clock(celda_clock_id id);
// Idle until one of the `events` (CELDA_EVENT_* bits) is pending or the monotonic deadline
// passes (UINT64_MAX: no deadline; a deadline already passed only checks). Returns the pending
// events.
uint64_t block(uint64_t deadline_ns, uint64_t events = 0);
[[noreturn]] void exit(int status);
// `frames`: return addresses, innermost first; at most CELDA_ABORT_MAX_FRAMES are passed.
[[noreturn]] void abort(const char* message, size_t message_length, const uint64_t* frames,
                        size_t frame_count);

// Bytes read from `celda run`'s stdin, 0 at end of input, -CELDA_EAGAIN when none is there
// yet (never blocks: wait for CELDA_EVENT_CONSOLE_IN), or another negative CELDA_E* error.
int64_t console_read(void* buffer, size_t length);
// Sets the access rights (CELDA_PROT_* bits) of page-aligned guest memory. 0 or -CELDA_E*.
int64_t protect(uint64_t address, uint64_t length, uint32_t prot);
// Registers the function that serves trapped `syscall` instructions. 0 or -CELDA_E*.
int64_t set_syscall_entry(celda_syscall_entry_fn entry);
// Registers (and re-arms: a delivered fault disarms it) the function that receives the guest's
// own CPU faults; nullptr unregisters, so the next fault stops the guest. 0 or -CELDA_E*.
int64_t set_fault_entry(celda_fault_entry_fn entry);
// A warm guest (boot_flags & CELDA_BOOT_AWAIT_PAYLOAD): returns 0 once the monitor has
// written this run's boot info (program, argv, environment...) over the template's.
int64_t await_payload();

// HOSTFS (a host directory share): performs `args` (op, share, handle, ...). >= 0 or -errno.
int64_t hostfs(celda_hc_hostfs& args);

// The untyped entry, for callers that must speak the contract directly (test guests probing
// the monitor's checks). Returns the hypercall's primary result.
uint64_t raw(uint64_t nr, void* args);

}  // namespace libos::hypercall
