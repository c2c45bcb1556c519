#include "kvm/seccomp_policy.h"

#include <linux/futex.h>
#include <linux/kvm.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

#include <cstdint>

#include "hostfs/broker_protocol.h"
#include "hostfs/share_seccomp_rows.h"
#include "seccomp/bpf_builder.h"

namespace celda::kvm {
namespace {

using seccomp::placeholder;
using seccomp::Rule;

constexpr std::int64_t kVcpuFd = placeholder(0);  // the vCPU fd, known when the filter is built
constexpr std::int64_t kOwnPid = placeholder(0);  // celda's pid, known when the filter is built
// The socket to the host-share broker process (-v); without shares, stdout again, so nothing
// beyond the old table is allowed.
constexpr std::int64_t kBrokerSocket = placeholder(1);
// BuildInputs::ranges: the descriptors the broker granted (SCM_RIGHTS), all above celda's own.
constexpr int kShareFiles = 0;
// Rule::only_with: the rows a run with host shares (-v) adds.
constexpr std::uint32_t kWithShares = 1;

// THE vCPU thread's allow-list. Every row is host attack surface reachable from a compromised
// vCPU thread.
constexpr auto kVcpuAllowList = seccomp::join(std::array<Rule, 7>{{
    // Run the guest; registers for fault, I/O-port and triple-fault reports (rare path).
    {"ioctl", SYS_ioctl, {{0, {kVcpuFd}, 1}, {1, {KVM_RUN, KVM_GET_REGS, KVM_GET_SREGS}, 3}}},
    // CONSOLE_WRITE to stdout/stderr, and --trace lines.
    // With -v also HOSTFS requests to the broker process (without -v the slot is stdout again).
    {"write", SYS_write, {{0, {1, 2, kBrokerSocket}, 3}}},
    // CLOCK and BLOCK's deadline (usually answered by the vDSO, no syscall).
    {"clock_gettime", SYS_clock_gettime, {{0, {CLOCK_MONOTONIC, CLOCK_REALTIME}, 2}}},
    // BLOCK's sleep (at most one fd: the monitor only ever names stdin), CONSOLE_READ's
    // readiness check, and the wait for the main thread's filter: no signal mask (the timeout
    // kick must interrupt it).
    {"ppoll", SYS_ppoll, {{1, {0, 1}, 2}, {3, {0}, 1}}},
    // CONSOLE_READ: the guest's stdin, after ppoll said it is readable (never blocks).
    {"read", SYS_read, {{0, {0}, 1}}},
    // Returning from the timeout kick's signal handler.
    {"rt_sigreturn", SYS_rt_sigreturn, {}},
    // The thread ends itself once the guest stops (the process lives on to report).
    {"exit", SYS_exit, {}},
    }},
    // ---- host shares (-v) only, the sandbox child's rows (the descriptors' range starts above
    // every descriptor celda itself holds, and RLIMIT_NOFILE ends it).
    hostfs::share_seccomp_rows(kBrokerSocket, kShareFiles, kWithShares));
static_assert(seccomp::all_named(kVcpuAllowList));

// THE main thread's allow-list. It shares the address space with the vCPU thread, so it is
// filtered before the first guest instruction runs (the vCPU thread waits for it).
constexpr Rule kMainAllowList[] = {
    // Waiting for the vCPU thread (pthread_join waits on its tid word with CLOCK_REALTIME,
    // pthread_clockjoin_np with CLOCK_MONOTONIC) and glibc's internal locks. No requeue, no PI,
    // no wake-op.
    {"futex", SYS_futex, {{1, {FUTEX_WAIT_BITSET, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME,
                               FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG,
                               FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME | FUTEX_PRIVATE_FLAG,
                               FUTEX_WAIT | FUTEX_PRIVATE_FLAG, FUTEX_WAKE | FUTEX_PRIVATE_FLAG}, 6}}},
    // The --timeout kick: SIGUSR1 to a thread of this process only.
    {"tgkill", SYS_tgkill, {{0, {kOwnPid}, 1}, {2, {SIGUSR1}, 1}}},
    // The deadline (usually answered by the vDSO, no syscall).
    {"clock_gettime", SYS_clock_gettime, {{0, {CLOCK_MONOTONIC, CLOCK_REALTIME}, 2}}},
    // The report on stderr; stdout flushed at exit.
    {"write", SYS_write, {{0, {1, 2}, 2}}},
    // malloc while formatting the report (symbol names, message lines): heap growth, or
    // fresh anonymous read-write memory — never executable, never a file.
    {"brk", SYS_brk, {}},
    {"mmap", SYS_mmap, {{2, {PROT_READ | PROT_WRITE}, 1}, {3, {MAP_PRIVATE | MAP_ANONYMOUS}, 1}}},
    // Tear-down: unmapping guest memory and the VM's structures, closing the VM's fds.
    {"munmap", SYS_munmap, {}},
    {"close", SYS_close, {}},
    // The end of celda.
    {"exit_group", SYS_exit_group, {}},
};

}  // namespace

std::vector<std::string_view> vcpu_allowed_syscall_names() { return seccomp::rule_names(kVcpuAllowList); }
std::vector<std::string_view> main_allowed_syscall_names() { return seccomp::rule_names(kMainAllowList); }

std::vector<sock_filter> build_vcpu_seccomp_filter(int vcpu_fd) { return build_vcpu_seccomp_filter(vcpu_fd, -1, 0); }

std::vector<sock_filter> build_vcpu_seccomp_filter(int vcpu_fd, int broker_fd, int first_file_fd) {
    const bool shares = broker_fd >= 0;
    const std::int64_t values[] = {vcpu_fd, shares ? broker_fd : 1};
    const seccomp::Range ranges[] = {
        {static_cast<std::uint64_t>(first_file_fd), static_cast<std::uint64_t>(first_file_fd) + hostfs::kMaxOpenFiles}};
    seccomp::BuildInputs inputs;
    inputs.values = values;
    inputs.ranges = ranges;
    inputs.conditions = shares ? kWithShares : 0;
    return seccomp::build_filter(kVcpuAllowList, inputs);
}

std::vector<std::string_view> vcpu_share_syscall_names() { return seccomp::rule_names_with(kVcpuAllowList, kWithShares); }

std::vector<sock_filter> build_main_seccomp_filter(pid_t pid) {
    const std::int64_t values[] = {pid};
    seccomp::BuildInputs inputs;
    inputs.values = values;
    return seccomp::build_filter(kMainAllowList, inputs);
}

}  // namespace celda::kvm
