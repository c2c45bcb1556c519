// The vCPU thread's work: KVM_RUN until the guest stops, answering hypercalls (through the
// backend-neutral dispatcher) and turning every other exit into a stop record. Runs after the
// thread's seccomp lockdown: no allocation, raw syscalls and ioctls only.
#pragma once

#include <atomic>
#include <cstdint>

#include "guest/guest_memory.h"
#include "hostfs/broker_client.h"
#include "kvm/system_area.h"
#include "kvm/virtual_machine.h"
#include "report/stop_record.h"

namespace celda::kvm {

struct VcpuContext {
    const VirtualMachine* machine = nullptr;
    const guest::GuestMemory* memory = nullptr;
    std::byte* system_area = nullptr;  // host view of guest-physical kSystemBase
    bool trace = false;
    const std::atomic<bool>* stop_requested = nullptr;  // set by the timeout before its kick
    SystemArea* system = nullptr;  // the page tables PROTECT edits (and their pool cursor)
    std::uint64_t image_start = 0, image_end = 0;  // PROTECT refuses the image's own pages
    hostfs::BrokerClient* hostfs = nullptr;  // -v: the link to the broker process (null: HOSTFS is -ENOSYS)
};

struct VcpuResult {
    report::StopRecord record{};
    bool has_record = false;
    bool timed_out = false;
    int exit_status = 0;
    std::uint64_t exits = 0;       // KVM_RUN returns, for --trace and the benchmark
    std::uint64_t hypercalls = 0;
};

void run_vcpu(const VcpuContext& context, VcpuResult& result);

}  // namespace celda::kvm
