// The child side of a warm guest (`celda serve`): a sandbox child booted with no program that
// waits in CELDA_HC_AWAIT_PAYLOAD for one run. It accepts the run's connection itself, on the
// server's listening socket for its kind of program (kWarmListenFd): a run reaches the guest
// without waking the server.
#pragma once

#include <linux/filter.h>

#include <vector>

#include "guest/boot_info.h"
#include "guest/guest_memory.h"
#include "guest/layout.h"
#include "hostfs/broker_protocol.h"
#include "serve/warm_request.h"

namespace celda::sandbox {

// Warm guests have no host shares, so the listening socket takes the broker's fd.
inline constexpr int kWarmListenFd = hostfs::kBrokerFd;
// A run's stop record goes to the client's socket, put at this fd once the listening socket is
// closed; the filter pins it. The report socket to the server stays open at fd 3, unused:
// closing it right after "TAKEN", with the client's descriptor still in flight on it, woke
// the kernel's unix-socket garbage collector on the guest's CPU, in the middle of the run.
inline constexpr int kWarmRunReportFd = kWarmListenFd;

// What a warm guest tells the server on its report channel when it has taken a run (the
// client's socket travels with it, so the server can answer the client if the guest dies
// without a stop record, and stop the guest if the client goes away).
inline constexpr char kTakenMessage[] = "TAKEN";
// ...and, before that, once it has booted and waits for a run (no descriptor).
inline constexpr char kReadyMessage[] = "READY";

// Which celda build and stock image a run must come from (else the guest declines it).
struct WarmIdentity {
    serve::FileId celda, image;
};

// Called once, before the guest's first instruction: what AWAIT_PAYLOAD needs to finish the
// boot (guest memory, the warm layout, the template's boot inputs, the seccomp filter it will install).
void arm_warm_guest(guest::GuestMemory& memory, const guest::GuestLayout& layout, guest::BootInputs inputs,
                    std::vector<sock_filter> filter, const WarmIdentity& identity);

// The AWAIT_PAYLOAD hook: accepts one run (from this user only), tells the server, points stdio
// and the stop record at the client, maps the program and its DLLs into the window, rewrites
// the boot info, installs the seccomp filter, returns 0. A run from another celda build is
// declined (the client runs it itself) and this guest ends.
// -ENOSYS if not armed (any other guest, or a second call). A run it cannot set up ends the
// child with a SetupError record, as a failed cold start does.
long await_payload();

}  // namespace celda::sandbox
