// What the sandboxed child's hypercall and crash handlers need, set once before the guest's
// first instruction. A global because the handlers are entered from guest code and from
// signals, with no way to pass a context; the child is single-threaded.
#pragma once

#include <cstdint>

#include "guest/guest_memory.h"
#include "hostfs/broker_client.h"
#include "hypercall/fault_delivery.h"

namespace celda::sandbox {

struct ChildState {
    const guest::GuestMemory* memory = nullptr;
    int report_fd = -1;
    bool trace = false;
    bool warm = false;                             // a warm guest's run: the record goes to the client
    std::uint64_t image_start = 0, image_end = 0;  // the guest image (PROTECT refuses it)
    std::uint64_t syscall_entry = 0;               // CELDA_HC_SYSCALL_ENTRY, 0 = none
    hostfs::BrokerClient broker;                   // HOSTFS: the link to the parent (-v shares)
    hypercall::FaultEntry fault_entry;             // CELDA_HC_FAULT_ENTRY (crash_handler.cpp)
};

extern ChildState g_child;

}  // namespace celda::sandbox
