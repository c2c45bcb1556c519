#include "hypercall/fault_delivery.h"

#include <cstring>

#include "trace.h"

namespace celda::hypercall {
namespace {

constexpr std::uint64_t kRedZone = 128;  // System V: the 128 bytes below rsp belong to the code
constexpr std::uint64_t kFlagTrap = 0x100, kFlagDirection = 0x400, kFlagAlignmentCheck = 0x40000;

const char* vector_name(std::uint64_t vector) {
    switch (vector) {
        case CELDA_FAULT_DIVIDE_ERROR: return "divide error";
        case CELDA_FAULT_BREAKPOINT: return "breakpoint";
        case CELDA_FAULT_INVALID_OPCODE: return "invalid opcode";
        case CELDA_FAULT_GENERAL_PROTECTION: return "general protection";
        case CELDA_FAULT_PAGE: return "page fault";
        default: return "?";
    }
}

}  // namespace

bool deliverable_vector(std::uint64_t vector) {
    return vector == CELDA_FAULT_DIVIDE_ERROR || vector == CELDA_FAULT_BREAKPOINT ||
           vector == CELDA_FAULT_INVALID_OPCODE || vector == CELDA_FAULT_GENERAL_PROTECTION ||
           vector == CELDA_FAULT_PAGE;
}

void set_fault_entry(FaultEntry& state, std::uint64_t entry) {
    state.entry = entry;
    state.armed = entry != 0;
}

bool deliver_fault(const FaultDelivery& where, FaultEntry& state, const celda_fault_frame& fault,
                   FaultResume& resume) {
    const guest::GuestMemory& memory = *where.memory;
    if (state.entry == 0 || !state.armed || !deliverable_vector(fault.vector)) return false;
    // Only the guest's own code: a fault in the monitor's code (sandbox hypercall handler) or
    // in the kvm stubs is celda's business, reported as a crash.
    if (!memory.contains(fault.rip, 1)) return false;
    constexpr std::uint64_t frame_size = sizeof(celda_fault_frame);
    constexpr std::uint64_t below = kRedZone + frame_size + 16 + 8;
    if (fault.rsp < memory.base() + below || fault.rsp > memory.end()) return false;
    const std::uint64_t frame = (fault.rsp - kRedZone - frame_size) & ~std::uint64_t{15};
    const std::uint64_t slot = frame - 8;  // the zero return address: rsp at the entry
    const std::uint64_t length = frame_size + 8;
    if (slot < where.image_end && where.image_start < slot + length) return false;
    auto* host = static_cast<std::byte*>(memory.host_pointer(slot, length));
    if (!host) return false;
    state.armed = false;  // before the write: a sandbox write that faults lands in a disarmed entry
    const std::uint64_t zero = 0;
    std::memcpy(host, &zero, sizeof zero);
    std::memcpy(host + 8, &fault, frame_size);
    resume.rip = state.entry;
    resume.rsp = slot;
    resume.rdi = frame;
    resume.rflags = fault.rflags & ~(kFlagTrap | kFlagDirection | kFlagAlignmentCheck);
    if (where.trace)
        TraceLine().text("fault(").text(vector_name(fault.vector)).text(", error=").hex(fault.error_code)
            .text(", address=").hex(fault.address).text(", rip=").hex(fault.rip).text(") -> fault_entry ")
            .hex(state.entry).text(", frame=").hex(frame).emit();
    return true;
}

}  // namespace celda::hypercall
