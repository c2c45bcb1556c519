// The sandbox backend: runs the guest in a forked child process that maps guest memory at
// CELDA_GUEST_BASE, locks itself down (no fds, no core dumps, no new privileges, the seccomp
// allow-list of docs/sandbox-syscalls.md) and jumps to the image's entry. The parent waits, enforces
// --timeout and collects the child's stop record.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "error.h"
#include "guest/boot_info.h"
#include "guest/image_loader.h"
#include "guest/layout.h"
#include "hostfs/host_share.h"
#include "image/elf_image.h"
#include "report/stop_record.h"
#include "sandbox/warm_guest.h"

namespace celda::sandbox {

// One run of a guest image, as main.cpp plans it; the kvm backend takes the same (KvmRun).
struct SandboxRun {
    const image::ElfImage* image;
    guest::GuestLayout layout;
    std::vector<std::string> argv;  // argv[0] = PROGRAM as given
    std::vector<std::string> env;
    std::uint32_t payload_kind = 0;         // enum celda_payload_kind
    // The program a stock image runs, then its companion DLLs (mapped by the parent; files
    // with an fd are mapped into the guest copy-on-write), and what the guest is told of them.
    std::vector<guest::PayloadFile> payload{};
    std::vector<guest::BootInputs::Companion> boot_companions{};
    std::optional<std::chrono::nanoseconds> timeout{};
    bool trace = false;
    std::uint32_t trace_flags = 0;          // boot_info.trace_flags (--trace=syscalls,win32)
    // -v: the opened shares (served by this process while the child runs; on kvm by a helper
    // process) and what the guest is told about them; -w.
    const std::vector<hostfs::HostShare>* shares = nullptr;
    std::vector<guest::BootInputs::Share> boot_shares{};
    std::string workdir{};
};

// How the child ended, as seen by the parent.
struct SandboxOutcome {
    std::optional<report::StopRecord> record;  // what the child reported, if anything
    bool timed_out = false;
    int exit_code = -1;     // if it exited
    int killed_by = 0;      // signal, if killed by one
};

Result<SandboxOutcome> run_sandboxed(const SandboxRun& run);

// A warm guest for `celda serve`: a sandbox child booted ahead of demand with no program,
// waiting in AWAIT_PAYLOAD to accept one run on `listen_fd` (serve/run_request.h,
// sandbox/warm_guest.h), which `planner` turns into what the guest boots. Its report channel
// is a socket: "TAKEN" with the client's socket when it has taken a run, or a stop record if
// it failed before. `layout` comes from serve::warm_layout.
struct WarmGuest {
    int pid = -1;
    int report_fd = -1;   // our end of its report socket
};
Result<WarmGuest> start_warm_guest(const image::ElfImage& image, const guest::GuestLayout& layout, int listen_fd,
                                   const WarmPlanner& planner);

// The child's stop record from its report pipe, if it sent a whole one.
std::optional<report::StopRecord> read_stop_record(int fd);

}  // namespace celda::sandbox
