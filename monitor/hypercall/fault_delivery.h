// Handing the guest's own CPU faults to the entry it registered (CELDA_HC_FAULT_ENTRY), the
// same way on every backend: the backend turns its fault (a host signal's ucontext, a kvm
// exception-stub exit) into a celda_fault_frame, asks deliver_fault, and either resumes the
// guest at the returned state or reports the crash as it always did.
//
// Safety: the frame is written only through GuestMemory, never over the guest image, and
// delivery disarms the entry until the guest registers it again, so a guest whose entry
// itself faults is stopped and reported instead of looping. Allocation-free and
// async-signal-safe (the sandbox calls it from its fault handler).
#pragma once

#include <cstdint>

#include "celda/contract.h"
#include "guest/guest_memory.h"

namespace celda::hypercall {

// The registered entry. A backend owns one (one per vCPU / sandboxed child).
struct FaultEntry {
    std::uint64_t entry = 0;  // celda_fault_entry_fn, 0 = none
    bool armed = false;       // false after a delivery, until the guest registers again
};

// What the guest resumes with when a fault was delivered; every other register stays as it
// was at the fault.
struct FaultResume {
    std::uint64_t rip = 0;     // the entry
    std::uint64_t rsp = 0;     // the zero return-address slot just below the frame
    std::uint64_t rdi = 0;     // the frame
    std::uint64_t rflags = 0;  // the fault's, minus TF, DF, AC
};

struct FaultDelivery {
    const guest::GuestMemory* memory = nullptr;
    std::uint64_t image_start = 0, image_end = 0;  // the frame never goes over the image
    bool trace = false;
};

// True when the vector is one the contract delivers (CELDA_FAULT_*).
bool deliverable_vector(std::uint64_t vector);

// Writes `fault` below fault.rsp's red zone and fills `resume`, disarming `state`; false (and
// nothing written) when the fault must be reported as a crash instead.
bool deliver_fault(const FaultDelivery& where, FaultEntry& state, const celda_fault_frame& fault,
                   FaultResume& resume);

// CELDA_HC_FAULT_ENTRY's effect: register (and arm) or unregister.
void set_fault_entry(FaultEntry& state, std::uint64_t entry);

}  // namespace celda::hypercall
