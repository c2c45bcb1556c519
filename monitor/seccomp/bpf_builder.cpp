#include "seccomp/bpf_builder.h"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <cstddef>

#include "sandbox/raw_syscall.h"

namespace celda::seccomp {
namespace {

constexpr std::uint32_t kArchOffset = offsetof(seccomp_data, arch);
constexpr std::uint32_t kNrOffset = offsetof(seccomp_data, nr);
constexpr std::uint32_t kIpOffset = offsetof(seccomp_data, instruction_pointer);
constexpr std::uint32_t arg_low(int i) { return offsetof(seccomp_data, args) + 8 * i; }
constexpr std::uint32_t arg_high(int i) { return arg_low(i) + 4; }
constexpr std::uint32_t kX32Bit = 0x40000000;
constexpr std::uint32_t kTrap = SECCOMP_RET_TRAP;
constexpr std::uint32_t kAllow = SECCOMP_RET_ALLOW;

sock_filter stmt(std::uint16_t code, std::uint32_t k) { return BPF_STMT(code, k); }
sock_filter jump(std::uint16_t code, std::uint32_t k, std::uint8_t jt, std::uint8_t jf) {
    return BPF_JUMP(code, k, jt, jf);
}
sock_filter load(std::uint32_t offset) { return stmt(BPF_LD | BPF_W | BPF_ABS, offset); }

// Appends: if the 64-bit value at (low_offset, low_offset + 4) lies in [begin, end), jump
// `inside` instructions forward from the end of this sequence, else fall through. begin < 4G.
void append_range_check(std::vector<sock_filter>& program, std::uint32_t low_offset, Range range,
                        std::uint8_t inside) {
    const auto end_high = static_cast<std::uint32_t>(range.end >> 32);
    const auto end_low = static_cast<std::uint32_t>(range.end);
    const auto begin_low = static_cast<std::uint32_t>(range.begin);
    if (end_high == 0) {
        // hi == 0 && lo >= begin && lo < end
        program.push_back(load(low_offset + 4));
        program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3));
        program.push_back(load(low_offset));
        program.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, begin_low, 0, 1));
        program.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, end_low, 0, inside));
        return;
    }
    // hi == 0: lo >= begin; 0 < hi < end_high: inside; hi == end_high: lo < end_low.
    program.push_back(load(low_offset + 4));
    program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2));
    program.push_back(load(low_offset));
    program.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, begin_low, static_cast<std::uint8_t>(inside + 4), 4));
    program.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, end_high, 0, static_cast<std::uint8_t>(inside + 3)));
    program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, end_high, 0, 2));
    program.push_back(load(low_offset));
    program.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, end_low, 0, inside));
}

std::int64_t resolve(std::int64_t value, const BuildInputs& inputs) {
    if (value >= 0 || value - INT64_MIN >= static_cast<std::int64_t>(inputs.values.size())) return value;
    return inputs.values[static_cast<std::size_t>(value - INT64_MIN)];
}

}  // namespace

std::vector<sock_filter> build_filter(std::span<const Rule> rules, const BuildInputs& inputs) {
    std::vector<sock_filter> program;
    program.reserve(96);
    // A syscall made through another ABI (i386 int 0x80) has different numbers: kill outright.
    program.push_back(load(kArchOffset));
    program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
    program.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
    // A `syscall` instruction inside trap_ip never reaches the host, whatever its number.
    if (inputs.trap_ip.end > inputs.trap_ip.begin) {
        append_range_check(program, kIpOffset, inputs.trap_ip, 1);
        program.push_back(stmt(BPF_JMP | BPF_JA, 1));  // outside: skip the trap
        program.push_back(stmt(BPF_RET | BPF_K, kTrap));
    }
    // x32 syscalls share the arch value but set bit 30 of the number: trap them.
    program.push_back(load(kNrOffset));
    program.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, kX32Bit, 0, 1));
    program.push_back(stmt(BPF_RET | BPF_K, kTrap));

    // The accumulator holds the number from here on: a rule's block runs only when its number
    // matched and always ends in RET, so a non-matching JEQ falls through with it intact.
    for (const Rule& rule : rules) {
        if (rule.only_with != 0 && (rule.only_with & inputs.conditions) == 0) continue;
        // Block: [pin checks...] [range check] RET ALLOW. A pin with k values is k+3 instructions:
        //   LD high; JEQ 0 (else -> TRAP); LD low; JEQ v1 (-> next pin) ... JEQ vk; RET TRAP
        std::vector<sock_filter> block;
        for (const ArgumentPin& pin : rule.pins) {
            if (pin.index < 0) continue;
            const int k = pin.count;
            block.push_back(load(arg_high(pin.index)));
            block.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, static_cast<std::uint8_t>(k + 1)));
            block.push_back(load(arg_low(pin.index)));
            for (int i = 0; i < k; ++i)
                block.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(resolve(pin.allowed[i], inputs)),
                                     static_cast<std::uint8_t>(k - i), 0));
            block.push_back(stmt(BPF_RET | BPF_K, kTrap));
        }
        if (rule.range_arg >= 0) {
            const Range range = static_cast<std::size_t>(rule.range) < inputs.ranges.size()
                                    ? inputs.ranges[static_cast<std::size_t>(rule.range)]
                                    : Range{};
            if (range.end > range.begin) append_range_check(block, arg_low(rule.range_arg), range, 1);
            block.push_back(stmt(BPF_RET | BPF_K, kTrap));
        }
        block.push_back(stmt(BPF_RET | BPF_K, kAllow));
        program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(rule.nr), 0,
                               static_cast<std::uint8_t>(block.size())));
        program.insert(program.end(), block.begin(), block.end());
    }
    program.push_back(stmt(BPF_RET | BPF_K, kTrap));
    return program;
}

std::vector<std::string_view> rule_names(std::span<const Rule> rules) {
    std::vector<std::string_view> names;
    for (const Rule& rule : rules) names.push_back(rule.name);
    return names;
}

std::vector<std::string_view> rule_names_with(std::span<const Rule> rules, std::uint32_t condition) {
    std::vector<std::string_view> names;
    for (const Rule& rule : rules)
        if (rule.only_with & condition) names.push_back(rule.name);
    return names;
}

long install_filter(const std::vector<sock_filter>& filter) {
    long rc = sandbox::raw::syscall5(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);  // unused args must be 0
    if (rc < 0) return rc;
    sock_fprog program{static_cast<unsigned short>(filter.size()), const_cast<sock_filter*>(filter.data())};
    return sandbox::raw::syscall3(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, reinterpret_cast<long>(&program));
}

}  // namespace celda::seccomp
