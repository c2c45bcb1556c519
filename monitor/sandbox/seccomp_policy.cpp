#include "sandbox/seccomp_policy.h"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include <sys/socket.h>

#include "hostfs/broker_protocol.h"
#include "sandbox/raw_syscall.h"

namespace celda::sandbox {
namespace {

// Stands for the report pipe's fd, known only when the filter is built.
constexpr std::int64_t kReportFd = -1;
// Stands for the broker socket: hostfs::kBrokerFd with host shares, else the report fd again
// (so that without -v nothing beyond the old table is allowed).
constexpr std::int64_t kBrokerSocket = -2;

struct ArgumentPin {
    int index = -1;                  // -1: unused slot
    std::int64_t allowed[6] = {};    // the argument must equal one of these (64-bit compare)
    int count = 0;
};

struct AllowedSyscall {
    std::string_view name;
    int nr;
    ArgumentPin pins[2];
    bool address_in_guest = false;   // argument 0 must be an address inside guest memory
    bool share_file = false;         // argument 0 must be a received share descriptor
    bool shares_only = false;        // present only when the run has host shares
};

// THE allow-list. Keep it small; every row is host attack surface (see the docs for why).
constexpr AllowedSyscall kAllowList[] = {
    // CONSOLE_WRITE to stdout/stderr, and the stop record to the report pipe.
    {"write", SYS_write, {{0, {1, 2, kReportFd, kBrokerSocket}, 4}}},
    // The CLOCK hypercall and BLOCK's deadline (usually answered by the vDSO, no syscall).
    {"clock_gettime", SYS_clock_gettime, {{0, {CLOCK_MONOTONIC, CLOCK_REALTIME}, 2}}},
    // BLOCK's sleep: no fds to watch yet, and no signal-mask games.
    {"ppoll", SYS_ppoll, {{1, {0}, 1}, {3, {0}, 1}}},
    // EXIT, ABORT and every fatal report end the process.
    {"exit_group", SYS_exit_group, {}},
    // CONSOLE_READ: stdin only.
    {"read", SYS_read, {{0, {0}, 1}}},
    // PROTECT: only guest pages; the dispatcher also keeps the image's own pages out.
    {"mprotect", SYS_mprotect, {{2, {PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE, PROT_EXEC,
                                     PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE | PROT_EXEC}, 6}}, true},
    // Returning from the SIGSYS handler that hands a trapped guest syscall to the library OS.
    // It only reloads this thread's registers and signal mask, which the guest controls anyway.
    {"rt_sigreturn", SYS_rt_sigreturn, {}},
    // ---- host shares (-v) only: requests go out with `write` on the broker socket; replies
    // and opened descriptors come back with recvmsg. The parent opened each file beneath its
    // share, read-only for :ro, so these calls reach nothing else.
    {"recvmsg", SYS_recvmsg, {{0, {kBrokerSocket}, 1}, {2, {MSG_CMSG_CLOEXEC}, 1}}, false, false, true},
    {"pread64", SYS_pread64, {}, false, true, true},
    {"pwrite64", SYS_pwrite64, {}, false, true, true},
    {"fstat", SYS_fstat, {}, false, true, true},
    {"ftruncate", SYS_ftruncate, {}, false, true, true},
    {"fsync", SYS_fsync, {}, false, true, true},
    {"getdents64", SYS_getdents64, {}, false, true, true},
    {"close", SYS_close, {}, false, true, true},
};

constexpr std::uint32_t kArchOffset = offsetof(seccomp_data, arch);
constexpr std::uint32_t kNrOffset = offsetof(seccomp_data, nr);
constexpr std::uint32_t arg_low(int i) { return offsetof(seccomp_data, args) + 8 * i; }
constexpr std::uint32_t arg_high(int i) { return arg_low(i) + 4; }

sock_filter stmt(std::uint16_t code, std::uint32_t k) { return BPF_STMT(code, k); }
sock_filter jump(std::uint16_t code, std::uint32_t k, std::uint8_t jt, std::uint8_t jf) {
    return BPF_JUMP(code, k, jt, jf);
}

constexpr std::uint32_t kTrap = SECCOMP_RET_TRAP;
constexpr std::uint32_t kAllow = SECCOMP_RET_ALLOW;
constexpr std::uint32_t kX32Bit = 0x40000000;
constexpr std::uint32_t kIpOffset = offsetof(seccomp_data, instruction_pointer);

// Appends: if the 64-bit value at (low_offset, low_offset + 4) lies in [begin, end), jump
// `inside` instructions forward from the end of this sequence, else fall through. begin < 4G.
void append_range_check(std::vector<sock_filter>& program, std::uint32_t low_offset, std::uint64_t begin,
                        std::uint64_t end, std::uint8_t inside) {
    const auto end_high = static_cast<std::uint32_t>(end >> 32);
    const auto end_low = static_cast<std::uint32_t>(end);
    const auto begin_low = static_cast<std::uint32_t>(begin);
    if (end_high == 0) {
        // hi == 0 && lo >= begin && lo < end
        program.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, low_offset + 4));
        program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3));
        program.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, low_offset));
        program.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, begin_low, 0, 1));
        program.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, end_low, 0, inside));
        return;
    }
    // hi == 0: lo >= begin; 0 < hi < end_high: inside; hi == end_high: lo < end_low.
    program.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, low_offset + 4));
    program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2));
    program.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, low_offset));
    program.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, begin_low, static_cast<std::uint8_t>(inside + 4), 4));
    program.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, end_high, 0, static_cast<std::uint8_t>(inside + 3)));
    program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, end_high, 0, 2));
    program.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, low_offset));
    program.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, end_low, 0, inside));
}

}  // namespace

std::vector<sock_filter> build_seccomp_filter(int report_fd) { return build_seccomp_filter(report_fd, 0, 0); }

std::vector<sock_filter> build_seccomp_filter(int report_fd, std::uint64_t guest_begin, std::uint64_t guest_end,
                                              bool host_shares) {
    const std::int64_t broker_fd = host_shares ? hostfs::kBrokerFd : report_fd;
    std::vector<sock_filter> program;
    // A syscall made through another ABI (i386 int 0x80) has different numbers: kill outright.
    program.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, kArchOffset));
    program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
    program.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
    // x32 syscalls share the arch value but set bit 30 of the number: trap them.
    program.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, kNrOffset));
    program.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, kX32Bit, 0, 1));
    program.push_back(stmt(BPF_RET | BPF_K, kTrap));
    // A `syscall` instruction in guest memory (a Linux program's own syscall) never reaches
    // the host, whatever its number: it traps, and the SIGSYS handler gives it to the guest.
    if (guest_end > guest_begin) {
        append_range_check(program, kIpOffset, guest_begin, guest_end, 1);
        program.push_back(stmt(BPF_JMP | BPF_JA, 1));  // outside: skip the trap
        program.push_back(stmt(BPF_RET | BPF_K, kTrap));
    }

    for (const AllowedSyscall& rule : kAllowList) {
        if (rule.shares_only && !host_shares) continue;
        // Block: [pin checks...] RET ALLOW. A pin with k values is k+3 instructions:
        //   LD high; JEQ 0 (else -> TRAP); LD low; JEQ v1 (-> next pin) ... JEQ vk; RET TRAP
        std::vector<sock_filter> block;
        for (const ArgumentPin& pin : rule.pins) {
            if (pin.index < 0) continue;
            const int k = pin.count;
            // Values are compared as 64-bit: high word first (0 for every value we pin).
            block.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, arg_high(pin.index)));
            block.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, static_cast<std::uint8_t>(k + 1)));
            block.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, arg_low(pin.index)));
            for (int i = 0; i < k; ++i) {
                std::int64_t value = pin.allowed[i] == kReportFd ? report_fd
                                     : pin.allowed[i] == kBrokerSocket ? broker_fd
                                                                        : pin.allowed[i];
                block.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(value),
                                     static_cast<std::uint8_t>(k - i), 0));
            }
            block.push_back(stmt(BPF_RET | BPF_K, kTrap));
        }
        if (rule.address_in_guest) {
            if (guest_end <= guest_begin) {
                block.push_back(stmt(BPF_RET | BPF_K, kTrap));
            } else {
                append_range_check(block, arg_low(0), guest_begin, guest_end, 1);
                block.push_back(stmt(BPF_RET | BPF_K, kTrap));
            }
        }
        if (rule.share_file) {
            append_range_check(block, arg_low(0), hostfs::kFirstFileFd, hostfs::kFirstFileFd + hostfs::kMaxOpenFiles, 1);
            block.push_back(stmt(BPF_RET | BPF_K, kTrap));
        }
        block.push_back(stmt(BPF_RET | BPF_K, kAllow));
        // The pins clobbered the accumulator: each rule reloads the number first.
        program.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, kNrOffset));
        program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(rule.nr), 0,
                               static_cast<std::uint8_t>(block.size())));
        program.insert(program.end(), block.begin(), block.end());
    }
    program.push_back(stmt(BPF_RET | BPF_K, kTrap));
    return program;
}

std::vector<std::string_view> allowed_syscall_names() {
    std::vector<std::string_view> names;
    for (const AllowedSyscall& s : kAllowList) names.push_back(s.name);
    return names;
}

std::vector<std::string_view> share_syscall_names() {
    std::vector<std::string_view> names;
    for (const AllowedSyscall& s : kAllowList)
        if (s.shares_only) names.push_back(s.name);
    return names;
}

long install_seccomp_filter(const std::vector<sock_filter>& filter) {
    long rc = raw::syscall5(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);  // unused args must be 0
    if (rc < 0) return rc;
    sock_fprog program{static_cast<unsigned short>(filter.size()), const_cast<sock_filter*>(filter.data())};
    return raw::syscall3(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, reinterpret_cast<long>(&program));
}

}  // namespace celda::sandbox
