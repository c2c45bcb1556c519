// The HOSTFS hypercall (include/celda/contract.h): checks every guest address through
// GuestMemory, sends path operations to the broker (the `celda` parent, which resolves them
// beneath the share), and does handle operations itself on descriptors the broker granted:
// pread64/pwrite64/fstat/ftruncate/fsync/getdents64/close, straight to/from guest memory.
// Allocation-free, raw syscalls only (runs inside the sandboxed child after lockdown).
#pragma once

#include <cstdint>

#include "celda/contract.h"
#include "guest/guest_memory.h"
#include "hostfs/broker_client.h"

namespace celda::hypercall {

struct HostfsOutcome {
    std::int64_t value = 0;    // the result for the guest (>= 0 or -errno)
    bool bad_range = false;    // a guest range was outside guest memory: stop the guest
    std::uint64_t bad_address = 0, bad_length = 0;
};

HostfsOutcome perform_hostfs(const guest::GuestMemory& memory, hostfs::BrokerClient* client,
                             const celda_hc_hostfs& args);

const char* hostfs_op_name(std::uint32_t op);

}  // namespace celda::hypercall
