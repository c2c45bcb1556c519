// The child side of a warm guest (`celda serve`): a sandbox child booted with no program that
// waits in CELDA_HC_AWAIT_PAYLOAD for one run. The guest runs under the seccomp filter from its
// first instruction, as a direct run's does; the run is set up by a short-lived handover helper,
// a process that shares the guest's memory and descriptors but not its filter, forked before
// the filter was installed. The helper accepts the run's connection itself, on the server's
// listening socket for its kind of program (kWarmListenFd): a run reaches the guest without
// waking the server. It exits once the run is set up, before the program's first instruction.
#pragma once

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "guest/boot_info.h"
#include "guest/guest_memory.h"
#include "guest/layout.h"
#include "hostfs/broker_protocol.h"
#include "serve/received_run.h"
#include "serve/warm_layout.h"

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

// What the helper makes of a received run: the guest's boot inputs and the files to map. The
// server hands in the planner (serve/served_run.h: celda run's own parsing, loading and checks),
// so this layer needs none of that.
struct WarmPlan {
    guest::BootInputs inputs;                // argv, env, payload kind and path, DLLs, -w, trace flags
    std::vector<int> files;                  // the program's, then each DLL's (inputs.companions)
    std::uint64_t program_size = 0;
    bool monitor_trace = false;              // --trace: the monitor's own lines
    std::vector<std::string> trace_lines;    // for the client's stderr, once the run is taken
    std::shared_ptr<const void> owner;       // keeps `files` open until the plan is dropped
};
// The run (how celda run was started, its arguments and environment) and celda run's working
// and root directories (O_PATH fds): a plan, or why no warm guest runs it (the client then runs
// it itself).
using WarmPlanner = std::function<std::variant<WarmPlan, std::string>(const serve::ReceivedRun& run, int cwd, int root)>;

// Called once, before the guest's first instruction: what the handover needs (guest memory,
// the warm layout, the template's boot inputs, which runs to accept).
void arm_warm_guest(guest::GuestMemory& memory, const guest::GuestLayout& layout, guest::BootInputs inputs,
                    const WarmPlanner& planner);

// Starts the handover helper; called after arm_warm_guest, before the filter is installed. Once
// the guest is in AWAIT_PAYLOAD, the helper says READY, accepts one run (from this user only),
// plans it (WarmPlanner), and either declines it (the client runs it itself; this guest waits
// for the next) or tells the server, points stdio and the stop record at the client, maps the
// program and its DLLs into the window, rewrites the boot info and exits. A run it cannot set
// up gets a SetupError record, as a failed cold start does.
void start_handover_helper();

// The AWAIT_PAYLOAD hook: lets the helper go, waits for it to exit (ppoll on its pidfd), and
// returns 0 once a run is set up; if none was, the guest ends. -ENOSYS if not armed (any other
// guest, or a second call).
long await_payload();

}  // namespace celda::sandbox
