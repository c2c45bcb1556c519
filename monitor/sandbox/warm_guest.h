// The child side of a warm guest (`celda serve`): a sandbox child booted with no program that
// waits in CELDA_HC_AWAIT_PAYLOAD for one run, handed over on kWarmRequestFd.
#pragma once

#include <linux/filter.h>

#include <vector>

#include "guest/boot_info.h"
#include "guest/guest_memory.h"
#include "guest/layout.h"
#include "hostfs/broker_protocol.h"

namespace celda::sandbox {

// Warm guests have no host shares, so the request socket takes the broker's fd.
inline constexpr int kWarmRequestFd = hostfs::kBrokerFd;

// Called once, before the guest's first instruction: what AWAIT_PAYLOAD needs to finish the
// boot (guest memory, the warm layout, the template's boot inputs, the seccomp filter it will install).
void arm_warm_guest(guest::GuestMemory& memory, const guest::GuestLayout& layout, guest::BootInputs inputs,
                    std::vector<sock_filter> filter);

// The AWAIT_PAYLOAD hook: receives one run, points stdio at the client's, maps the program and
// its DLLs into the window, rewrites the boot info, installs the seccomp filter, returns 0.
// -ENOSYS if not armed (any other guest, or a second call). A run it cannot set up ends the
// child with a SetupError record, as a failed cold start does.
long await_payload();

}  // namespace celda::sandbox
