#include "sandbox/seccomp_policy.h"

#include <sched.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>

#include <cstdint>

#include "hostfs/broker_protocol.h"
#include "hostfs/share_seccomp_rows.h"
#include "seccomp/bpf_builder.h"

namespace celda::sandbox {
namespace {

using seccomp::placeholder;
using seccomp::Rule;

// Stands for the report pipe's fd, known only when the filter is built.
constexpr std::int64_t kReportFd = placeholder(0);
// Stands for the broker socket: hostfs::kBrokerFd with host shares, else the report fd again
// (so that without -v nothing beyond the old table is allowed).
constexpr std::int64_t kBrokerSocket = placeholder(1);
// BuildInputs::ranges: guest memory, and the received share descriptors.
constexpr int kGuestMemory = 0;
constexpr int kShareFiles = 1;
// Rule::only_with: rows only a run with host shares (-v), or only a warm guest, has.
constexpr std::uint32_t kWithShares = 1;
constexpr std::uint32_t kWarmGuest = 2;

// THE allow-list. Keep it small; every row is host attack surface (see the docs for why).
constexpr auto kAllowList = seccomp::join(std::array<Rule, 7>{{
    // CONSOLE_WRITE to stdout/stderr, and the stop record to the report pipe.
    {"write", SYS_write, {{0, {1, 2, kReportFd, kBrokerSocket}, 4}}},
    // The CLOCK hypercall and BLOCK's deadline (usually answered by the vDSO, no syscall).
    {"clock_gettime", SYS_clock_gettime, {{0, {CLOCK_MONOTONIC, CLOCK_REALTIME}, 2}}},
    // BLOCK's sleep, and CONSOLE_READ's readiness check: at most one fd (the monitor only ever
    // names stdin; a pollfd array lives in memory the filter cannot read, and polling reveals
    // readiness only), and no signal-mask games.
    {"ppoll", SYS_ppoll, {{1, {0, 1}, 2}, {3, {0}, 1}}},
    // EXIT, ABORT and every fatal report end the process.
    {"exit_group", SYS_exit_group, {}},
    // CONSOLE_READ: stdin only.
    {"read", SYS_read, {{0, {0}, 1}}},
    // PROTECT: only guest pages; the dispatcher also keeps the image's own pages out.
    {"mprotect", SYS_mprotect, {{2, {PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE, PROT_EXEC,
                                     PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE | PROT_EXEC}, 6}},
     0, kGuestMemory},
    // Returning from the SIGSYS handler that hands a trapped guest syscall to the library OS.
    // It only reloads this thread's registers and signal mask, which the guest controls anyway.
    {"rt_sigreturn", SYS_rt_sigreturn, {}},
    }},
    // ---- host shares (-v) only: requests go out with `write` on the broker socket (above),
    // replies and opened descriptors come back on it.
    hostfs::share_seccomp_rows(kBrokerSocket, kShareFiles, kWithShares),
    std::array<Rule, 2>{{
    // ---- warm guests (`celda serve`) only: once the stop record is written, the guest steps
    // aside so that its own tear-down (freeing its memory, ~0.3 ms) never delays the waiting
    // `celda run` on the same CPU. Only lowering itself to SCHED_IDLE, and yielding.
    {"sched_setscheduler", SYS_sched_setscheduler, {{0, {0}, 1}, {1, {SCHED_IDLE}, 1}}, -1, 0, kWarmGuest},
    {"sched_yield", SYS_sched_yield, {}, -1, 0, kWarmGuest},
    }});
static_assert(seccomp::all_named(kAllowList));

}  // namespace

std::vector<sock_filter> build_seccomp_filter(int report_fd) { return build_seccomp_filter(report_fd, 0, 0); }

std::vector<sock_filter> build_seccomp_filter(int report_fd, std::uint64_t guest_begin, std::uint64_t guest_end,
                                              bool host_shares, bool warm_guest) {
    const std::int64_t values[] = {report_fd, host_shares ? hostfs::kBrokerFd : report_fd};
    const seccomp::Range guest{guest_begin, guest_end};
    const seccomp::Range ranges[] = {
        guest, {hostfs::kFirstFileFd, hostfs::kFirstFileFd + hostfs::kMaxOpenFiles}};
    seccomp::BuildInputs inputs;
    inputs.values = values;
    inputs.ranges = ranges;
    // A `syscall` instruction in guest memory (a Linux program's own syscall) never reaches
    // the host, whatever its number: it traps, and the SIGSYS handler gives it to the guest.
    inputs.trap_ip = guest;
    inputs.conditions = (host_shares ? kWithShares : 0) | (warm_guest ? kWarmGuest : 0);
    return seccomp::build_filter(kAllowList, inputs);
}

std::vector<std::string_view> allowed_syscall_names() { return seccomp::rule_names(kAllowList); }

std::vector<std::string_view> share_syscall_names() { return seccomp::rule_names_with(kAllowList, kWithShares); }

std::vector<std::string_view> warm_syscall_names() { return seccomp::rule_names_with(kAllowList, kWarmGuest); }

long install_seccomp_filter(const std::vector<sock_filter>& filter) { return seccomp::install_filter(filter); }

}  // namespace celda::sandbox
