// One builder for every seccomp filter celda installs (the sandbox's guest process, the kvm
// vCPU thread, the kvm main thread). Each policy keeps its own explicit allow-list table of
// `Rule`s; this module turns a table into the BPF program, always of the same shape:
//
//   arch != x86-64          -> KILL_PROCESS   (another ABI's numbers mean other syscalls)
//   nr has the x32 bit      -> TRAP
//   [ip inside trap_ip]     -> TRAP           (optional: the sandbox's guest `syscall`s)
//   one block per rule: nr == rule.nr -> pins (64-bit compares) -> range checks -> ALLOW
//   anything else           -> TRAP
#pragma once

#include <linux/filter.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace celda::seccomp {

// A pinned value that is only known when the filter is built (an fd, a pid): slot i of
// BuildInputs::values. Real pinned values are small non-negative numbers.
constexpr std::int64_t placeholder(int slot) { return INT64_MIN + slot; }

struct ArgumentPin {
    int index = -1;                // -1: unused slot
    std::int64_t allowed[6] = {};  // the argument must equal one of these (64-bit compare, < 2^32)
    int count = 0;
};

struct Rule {
    std::string_view name;
    int nr;
    ArgumentPin pins[3];
    // Argument `range_arg` (0-5; -1: none) must lie in BuildInputs::ranges[range]; an empty
    // range makes the rule trap always.
    int range_arg = -1;
    int range = 0;
    // 0: always present. Otherwise a set of conditions (bits a policy defines, e.g. "the run
    // has host shares"): the row is present only when BuildInputs::conditions has one of them.
    std::uint32_t only_with = 0;
};

struct Range {
    std::uint64_t begin = 0, end = 0;  // [begin, end); begin < 4 GiB
};

struct BuildInputs {
    std::span<const std::int64_t> values;  // placeholder(i) -> values[i]
    std::span<const Range> ranges;         // Rule::range indexes these
    Range trap_ip;                         // a syscall instruction in here always traps (empty: none)
    std::uint32_t conditions = 0;          // which conditional rows (Rule::only_with) are present
};

std::vector<sock_filter> build_filter(std::span<const Rule> rules, const BuildInputs& inputs);

// True if every rule has a name: a std::array given fewer rows than its size is padded with
// empty rules, and an empty rule would allow syscall 0 (read) unpinned. Policies built with
// join() static_assert this.
template <std::size_t N>
constexpr bool all_named(const std::array<Rule, N>& rules) {
    return std::all_of(rules.begin(), rules.end(), [](const Rule& rule) { return !rule.name.empty(); });
}

// One table from several (a policy's own rows and rows it shares with another policy).
template <std::size_t... N>
constexpr std::array<Rule, (N + ...)> join(const std::array<Rule, N>&... parts) {
    std::array<Rule, (N + ...)> all{};
    std::size_t at = 0;
    ((std::copy(parts.begin(), parts.end(), all.begin() + static_cast<std::ptrdiff_t>(at)), at += N), ...);
    return all;
}

// Names of a table's rules, in order (conditional ones included).
std::vector<std::string_view> rule_names(std::span<const Rule> rules);
// Names of the rules present only with `condition`, in order.
std::vector<std::string_view> rule_names_with(std::span<const Rule> rules, std::uint32_t condition);

// PR_SET_NO_NEW_PRIVS, then installs `filter` for the calling thread (raw syscalls; no errno,
// no allocation: usable in a forked child). Returns 0 or -errno.
long install_filter(const std::vector<sock_filter>& filter);

}  // namespace celda::seccomp
