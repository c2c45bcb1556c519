// The hypercalls' meaning, shared by every backend: validate the argument block and every
// guest pointer in it through GuestMemory, then perform console_write, clock, block, exit,
// abort, console_read, protect, syscall_entry, hostfs, fault_entry or await_payload. A backend only decides how a hypercall arrives (a direct call on sandbox, port I/O on
// kvm) and how a stop is delivered (report pipe + exit_group on sandbox, KVM_RUN loop exit).
//
// Constraints, because the sandbox runs this after its seccomp lockdown on the guest's stack:
// no allocation, no glibc TLS (no errno), raw syscalls only (write, read, ppoll), vDSO clock_gettime.
#pragma once

#include <cstdint>

#include "guest/guest_memory.h"
#include "hostfs/broker_client.h"
#include "hypercall/fault_delivery.h"
#include "report/stop_record.h"

namespace celda::hypercall {

// What only the backend can do; a null hook makes the hypercall return -CELDA_ENOSYS.
struct BackendHooks {
    // Sets the guest's access rights on [address, address+length) (already checked to lie in
    // guest memory, page aligned, outside the image). Returns 0 or -errno.
    long (*protect)(std::uint64_t address, std::uint64_t length, std::uint32_t celda_prot) = nullptr;
    // Remembers the guest's syscall entry (0 = none). Returns 0 or -errno.
    long (*set_syscall_entry)(std::uint64_t entry) = nullptr;
    // HOSTFS: the link to the broker (the `celda` parent, which opens share files) and the
    // descriptors it granted. Null: HOSTFS returns -ENOSYS (no shares on this backend yet).
    hostfs::BrokerClient* hostfs = nullptr;
    // FAULT_ENTRY: the backend's registered fault entry, which its fault path hands to
    // deliver_fault (fault_delivery.h). Null: FAULT_ENTRY returns -ENOSYS.
    FaultEntry* fault_entry = nullptr;
    // AWAIT_PAYLOAD: blocks until a program is handed over to this warm guest, rewrites the
    // boot info and locks the process down (sandbox/warm_guest.h). Runs BEFORE the lockdown,
    // so unlike the rest of this file it may allocate. Returns 0 or -errno; null: -ENOSYS.
    long (*await_payload)() = nullptr;
};

struct Context {
    const guest::GuestMemory* memory = nullptr;
    bool trace = false;
    const BackendHooks* hooks = nullptr;
    // The guest image's pages [image_start, image_end): PROTECT refuses them.
    std::uint64_t image_start = 0, image_end = 0;
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
