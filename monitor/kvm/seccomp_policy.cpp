#include "kvm/seccomp_policy.h"

#include <linux/audit.h>
#include <linux/kvm.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include <time.h>

#include <cstddef>
#include <cstdint>

namespace celda::kvm {
namespace {

constexpr std::int64_t kVcpuFd = -1;  // stands for the vCPU fd, known when the filter is built

struct ArgumentPin {
    int index = -1;                // -1: unused slot
    std::int64_t allowed[3] = {};  // the argument must equal one of these (64-bit compare)
    int count = 0;
};

struct AllowedSyscall {
    std::string_view name;
    int nr;
    ArgumentPin pins[2];
};

// THE allow-list. Every row is host attack surface reachable from a compromised vCPU thread.
const AllowedSyscall kAllowList[] = {
    // Run the guest; registers for fault, I/O-port and triple-fault reports (rare path).
    {"ioctl", SYS_ioctl, {{0, {kVcpuFd}, 1}, {1, {KVM_RUN, KVM_GET_REGS, KVM_GET_SREGS}, 3}}},
    // CONSOLE_WRITE to stdout/stderr, and --trace lines.
    {"write", SYS_write, {{0, {1, 2}, 2}}},
    // CLOCK and BLOCK's deadline (usually answered by the vDSO, no syscall).
    {"clock_gettime", SYS_clock_gettime, {{0, {CLOCK_MONOTONIC, CLOCK_REALTIME}, 2}}},
    // BLOCK's sleep: no fds, no signal mask (the timeout kick must interrupt it).
    {"ppoll", SYS_ppoll, {{1, {0}, 1}, {3, {0}, 1}}},
    // Returning from the timeout kick's signal handler.
    {"rt_sigreturn", SYS_rt_sigreturn, {}},
    // The thread ends itself once the guest stops (the process lives on to report).
    {"exit", SYS_exit, {}},
};

constexpr std::uint32_t kArchOffset = offsetof(seccomp_data, arch);
constexpr std::uint32_t kNrOffset = offsetof(seccomp_data, nr);
constexpr std::uint32_t arg_low(int i) { return offsetof(seccomp_data, args) + 8 * i; }
constexpr std::uint32_t arg_high(int i) { return arg_low(i) + 4; }
constexpr std::uint32_t kX32Bit = 0x40000000;

sock_filter stmt(std::uint16_t code, std::uint32_t k) { return BPF_STMT(code, k); }
sock_filter jump(std::uint16_t code, std::uint32_t k, std::uint8_t jt, std::uint8_t jf) {
    return BPF_JUMP(code, k, jt, jf);
}

}  // namespace

std::vector<std::string_view> vcpu_allowed_syscall_names() {
    std::vector<std::string_view> names;
    for (const AllowedSyscall& s : kAllowList) names.push_back(s.name);
    return names;
}

// Same shape as the sandbox's filter (sandbox/seccomp_policy.cpp): arch check, x32 trap, one
// block per rule with 64-bit argument compares, trap on anything else.
std::vector<sock_filter> build_vcpu_seccomp_filter(int vcpu_fd) {
    std::vector<sock_filter> program;
    program.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, kArchOffset));
    program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
    program.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
    program.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, kNrOffset));
    program.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, kX32Bit, 0, 1));
    program.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_TRAP));
    for (const AllowedSyscall& rule : kAllowList) {
        std::vector<sock_filter> block;
        for (const ArgumentPin& pin : rule.pins) {
            if (pin.index < 0) continue;
            const int k = pin.count;
            block.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, arg_high(pin.index)));
            block.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, static_cast<std::uint8_t>(k + 1)));
            block.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, arg_low(pin.index)));
            for (int i = 0; i < k; ++i) {
                std::int64_t value = pin.allowed[i] == kVcpuFd ? vcpu_fd : pin.allowed[i];
                block.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(value),
                                     static_cast<std::uint8_t>(k - i), 0));
            }
            block.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_TRAP));
        }
        block.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
        program.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, kNrOffset));
        program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(rule.nr), 0,
                               static_cast<std::uint8_t>(block.size())));
        program.insert(program.end(), block.begin(), block.end());
    }
    program.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_TRAP));
    return program;
}

}  // namespace celda::kvm
