// One KVM virtual machine with one vCPU, ready to run a guest image: guest memory and the
// system area registered as memory slots, CPUID filtered, MSRs deny-by-default, and the vCPU
// in 64-bit long mode at the image's entry with %rdi = boot info; `syscall` enters the LSTAR
// stub, and CR4.FSGSBASE is on when the CPU has it (TLS of the ABI layers).
#pragma once

#include <linux/kvm.h>

#include <cstdint>

#include "error.h"
#include "guest/guest_memory.h"
#include "kvm/host_mapping.h"
#include "kvm/kvm_device.h"
#include "unique_fd.h"

namespace celda::kvm {

struct VcpuStart {
    std::uint64_t cr3;
    std::uint64_t entry;      // guest address of the image's entry point
    std::uint64_t boot_info;  // guest address of struct celda_boot_info
};

struct VirtualMachine {
    UniqueFd vm;
    UniqueFd vcpu;
    HostMapping run_area;     // struct kvm_run, shared with the kernel
    bool msr_filter = false;  // false: KVM's default MSR handling (see docs/kvm.md)
    bool fsgsbase = false;    // CR4.FSGSBASE set (the CPU offers rdfsbase/wrfsbase/wrgsbase)
    kvm_run* run() const { return reinterpret_cast<kvm_run*>(run_area.bytes()); }
};

// `system_area` backs guest-physical [kSystemBase, CELDA_GUEST_BASE); `memory` backs
// [CELDA_GUEST_BASE, +size). Both must outlive the VM.
Result<VirtualMachine> create_virtual_machine(const KvmDevice& kvm, const guest::GuestMemory& memory,
                                              std::byte* system_area, const VcpuStart& start);

}  // namespace celda::kvm
