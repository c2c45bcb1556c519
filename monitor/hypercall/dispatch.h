// The hypercalls' meaning, shared by every backend: validate the argument block and every
// guest pointer in it through GuestMemory, then perform console_write, clock, block, exit or
// abort. A backend only decides how a hypercall arrives (a direct call on sandbox, port I/O on
// kvm) and how a stop is delivered (report pipe + exit_group on sandbox, KVM_RUN loop exit).
//
// Constraints, because the sandbox runs this after its seccomp lockdown on the guest's stack:
// no allocation, no glibc TLS (no errno), raw syscalls only (write, ppoll), vDSO clock_gettime.
#pragma once

#include <cstdint>

#include "guest/guest_memory.h"
#include "report/stop_record.h"

namespace celda::hypercall {

struct Context {
    const guest::GuestMemory* memory = nullptr;
    bool trace = false;
};

// Where the guest made the call from, for reports about the call itself.
struct Caller {
    std::uint64_t return_address = 0;
    std::uint64_t rbp = 0;  // the guest's frame chain at the call, for a backtrace
};

struct Outcome {
    bool stopped = false;     // true: the guest must end; `stop` was filled in
    std::uint64_t value = 0;  // the return value for the guest, if not stopped
    int exit_status = 0;      // `celda run`'s exit status, if stopped
};

// Performs hypercall `nr` with the argument block at guest address `args`. On a stop, `stop`
// is overwritten with a complete record (magic, kind, details, backtrace).
Outcome dispatch(const Context& context, const Caller& caller, std::uint64_t nr, std::uint64_t args,
                 report::StopRecord& stop);

// "console_write", ... or nullptr for an unknown number.
const char* name(std::uint64_t nr);

}  // namespace celda::hypercall
