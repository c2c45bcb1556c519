// Command-line parsing for `celda`. Pure: takes the arguments and an environment lookup, returns
// what to do (or a user-facing error), so every spelling and every error is unit-testable.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace celda::cli {

enum class Backend { Auto, Sandbox, Kvm };

inline constexpr std::uint64_t kDefaultMemory = 64ull << 20;
inline constexpr std::uint64_t kMinimumMemory = 4ull << 20;
inline constexpr std::uint64_t kMaximumMemory = 64ull << 30;

struct Timeout {
    std::chrono::nanoseconds duration;
    std::string as_given;  // "2", "0.5": echoed back in the timeout report
};

// -v HOSTDIR:GUESTDIR[:ro]
struct ShareSpec {
    std::string host_dir;    // as given (relative to celda's working directory, or absolute)
    std::string guest_dir;   // absolute, normalized; never "/"
    bool read_only = false;
    std::string as_given;    // for messages
};

// What --trace / --trace=LIST / CELDA_TRACE ask for.
struct TraceChoice {
    bool hypercalls = false;  // the monitor's own lines (plain --trace)
    bool syscalls = false;    // boot_info.trace_flags CELDA_TRACE_SYSCALLS
    bool win32 = false;       // boot_info.trace_flags CELDA_TRACE_WIN32
};

struct RunOptions {
    Backend backend = Backend::Auto;
    std::uint64_t memory_bytes = kDefaultMemory;
    std::vector<std::string> env;  // "K=V", in the order given
    std::optional<Timeout> timeout;
    bool trace = false;             // hypercalls and the backend choice
    TraceChoice trace_choice;       // everything asked for (trace == trace_choice.hypercalls)
    std::vector<ShareSpec> shares;  // -v, in the order given
    std::string workdir;            // -w DIR (absolute, normalized), "" = none
    std::string server;             // --server / CELDA_SERVER: a `celda serve` folder, "" = none
    std::string program;            // the path as given: becomes argv[0]
    std::vector<std::string> args;  // after PROGRAM
};

// `celda serve`: keep warm guests booted and run programs for `celda run` on them.
struct ServeOptions {
    std::string dir;  // --dir DIR: where its sockets go, "" = the default (serve/server.h)
};

enum class CommandKind { Run, Help, Version, Serve };

struct Command {
    CommandKind kind = CommandKind::Help;
    RunOptions run;      // meaningful for Run only
    ServeOptions serve;  // meaningful for Serve only
};

// Looks a variable up in celda's own environment (for `-e KEY`); injectable for tests.
using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;
EnvLookup process_environment();

// `args` excludes argv[0].
Result<Command> parse_command_line(std::span<const std::string_view> args, const EnvLookup& env);

// "64M", "64MiB", "1G", "4096", "512k": bytes. Not range-checked (see parse_memory_option).
Result<std::uint64_t> parse_size(std::string_view text);
// parse_size plus the --memory limits.
Result<std::uint64_t> parse_memory_option(std::string_view text);
Result<Timeout> parse_timeout(std::string_view text);
Result<ShareSpec> parse_share(std::string_view text);
// "hypercalls,syscalls,win32" (any subset, comma-separated) into `choice`. `spelling` names
// where the list came from in messages ("--trace" or "CELDA_TRACE").
Result<void> parse_trace_list(std::string_view text, std::string_view spelling, TraceChoice& choice);
// Absolute path with ".", ".." and repeated '/' removed; fails for a relative path.
Result<std::string> normalize_guest_path(std::string_view text, std::string_view spelling);

// "4 MiB", "1536 KiB", "100 bytes": exact, for messages.
std::string format_size(std::uint64_t bytes);

}  // namespace celda::cli
