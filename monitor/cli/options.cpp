#include "cli/options.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "celda/contract.h"

namespace celda::cli {
namespace {

constexpr std::string_view kSeeHelp = "; see celda --help";

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

Result<Backend> parse_backend(std::string_view text) {
    if (text == "auto") return Backend::Auto;
    if (text == "sandbox") return Backend::Sandbox;
    if (text == "kvm") return Backend::Kvm;
    return fail("--backend '" + std::string(text) + "' is not a backend; use auto, sandbox or kvm");
}

Result<std::string> parse_env(std::string_view text, std::string_view spelling, const EnvLookup& env) {
    if (text.empty() || text.front() == '=')
        return fail(std::string(spelling) + " '" + std::string(text) +
                    "' needs a variable name: use KEY=VALUE or KEY");
    if (text.find('=') != std::string_view::npos) return std::string(text);
    std::optional<std::string> value = env ? env(text) : std::nullopt;
    if (!value)
        return fail(std::string(spelling) + " " + std::string(text) + ": " + std::string(text) +
                    " is not set in celda's environment; use " + std::string(spelling) + " " +
                    std::string(text) + "=VALUE");
    return std::string(text) + "=" + *value;
}

// The option at args[index]: its name, and its value given as `--opt value` or `--opt=value`.
struct OptionValue {
    OptionValue(std::span<const std::string_view> all, std::size_t& at) : args(all), index(at), name(all[at]) {
        if (auto eq = name.find('='); name.starts_with("--") && eq != std::string_view::npos) {
            inline_value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
    }

    std::span<const std::string_view> args;
    std::size_t& index;
    std::string_view name;  // "--opt" of "--opt=value"
    std::optional<std::string_view> inline_value;

    Result<std::string_view> take(std::string_view spelling) {
        if (inline_value) return *inline_value;
        if (index + 1 >= args.size()) return fail("option " + std::string(spelling) + " needs a value" + std::string(kSeeHelp));
        return args[++index];
    }
};

Result<RunOptions> parse_run(std::span<const std::string_view> args, const EnvLookup& env) {
    RunOptions run;
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg == "--") { ++i; break; }
        if (arg.size() < 2 || arg.front() != '-') break;  // PROGRAM (or "-")

        OptionValue value{args, i};
        const std::string_view name = value.name;

        if (name == "--backend") {
            auto text = value.take(name);
            if (!text) return std::unexpected(text.error());
            auto backend = parse_backend(*text);
            if (!backend) return std::unexpected(backend.error());
            run.backend = *backend;
        } else if (name == "--memory") {
            auto text = value.take(name);
            if (!text) return std::unexpected(text.error());
            auto bytes = parse_memory_option(*text);
            if (!bytes) return std::unexpected(bytes.error());
            run.memory_bytes = *bytes;
        } else if (name == "-e" || name == "--env") {
            auto text = value.take(name);
            if (!text) return std::unexpected(text.error());
            auto entry = parse_env(*text, name, env);
            if (!entry) return std::unexpected(entry.error());
            run.env.push_back(std::move(*entry));
        } else if (name == "--timeout") {
            auto text = value.take(name);
            if (!text) return std::unexpected(text.error());
            auto timeout = parse_timeout(*text);
            if (!timeout) return std::unexpected(timeout.error());
            run.timeout = std::move(*timeout);
        } else if (name == "--trace") {
            if (!value.inline_value) {
                run.trace_choice.hypercalls = true;
            } else if (auto parsed = parse_trace_list(*value.inline_value, "--trace", run.trace_choice); !parsed) {
                return std::unexpected(parsed.error());
            }
        } else if (name == "-v" || name == "--volume") {
            auto text = value.take(name);
            if (!text) return std::unexpected(text.error());
            auto share = parse_share(*text);
            if (!share) return std::unexpected(share.error());
            if (run.shares.size() == CELDA_MAX_SHARES) return fail("too many -v shares; at most 16");
            run.shares.push_back(std::move(*share));
        } else if (name == "--server") {
            auto text = value.take(name);
            if (!text) return std::unexpected(text.error());
            if (text->empty()) return fail("--server needs the folder of a `celda serve` (its --dir)");
            run.server = std::string(*text);
        } else if (name == "-w" || name == "--workdir") {
            auto text = value.take(name);
            if (!text) return std::unexpected(text.error());
            auto dir = normalize_guest_path(*text, "-w");
            if (!dir) return std::unexpected(dir.error());
            run.workdir = std::move(*dir);
        } else {
            return fail("unknown option '" + std::string(name) + "'" + std::string(kSeeHelp));
        }
    }
    if (i >= args.size()) return fail("run needs a PROGRAM to run" + std::string(kSeeHelp));
    if (std::optional<std::string> from_env = env ? env("CELDA_TRACE") : std::nullopt; from_env && !from_env->empty()) {
        if (auto parsed = parse_trace_list(*from_env, "CELDA_TRACE", run.trace_choice); !parsed)
            return std::unexpected(parsed.error());
    }
    run.trace = run.trace_choice.hypercalls;
    if (run.server.empty())
        if (std::optional<std::string> from_env = env ? env("CELDA_SERVER") : std::nullopt; from_env) run.server = *from_env;
    run.program = std::string(args[i]);
    for (++i; i < args.size(); ++i) run.args.emplace_back(args[i]);
    return run;
}

Result<ServeOptions> parse_serve(std::span<const std::string_view> args) {
    ServeOptions serve;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        OptionValue value{args, i};
        const std::string_view name = value.name;
        if (name == "--dir") {
            auto text = value.take(name);
            if (!text) return std::unexpected(text.error());
            if (text->empty()) return fail("--dir needs a folder");
            serve.dir = std::string(*text);
        } else {
            return fail("serve takes only --dir DIR, not '" + std::string(arg) + "'" + std::string(kSeeHelp));
        }
    }
    return serve;
}

}  // namespace

EnvLookup process_environment() {
    return [](std::string_view name) -> std::optional<std::string> {
        const char* value = std::getenv(std::string(name).c_str());
        if (!value) return std::nullopt;
        return std::string(value);
    };
}

Result<Command> parse_command_line(std::span<const std::string_view> args, const EnvLookup& env) {
    if (args.empty()) return fail("no command given; try `celda run PROGRAM`" + std::string(kSeeHelp));
    std::string_view command = args.front();
    if (command == "help" || command == "--help" || command == "-h") return Command{CommandKind::Help, {}, {}};
    if (command == "version" || command == "--version") return Command{CommandKind::Version, {}, {}};
    if (command == "run") {
        auto run = parse_run(args.subspan(1), env);
        if (!run) return std::unexpected(run.error());
        return Command{CommandKind::Run, std::move(*run), {}};
    }
    if (command == "serve") {
        auto serve = parse_serve(args.subspan(1));
        if (!serve) return std::unexpected(serve.error());
        Command result{CommandKind::Serve, {}, std::move(*serve)};
        return result;
    }
    if (command.starts_with("-")) return fail("unknown option '" + std::string(command) + "'" + std::string(kSeeHelp));
    return fail("unknown command '" + std::string(command) + "'" + std::string(kSeeHelp));
}

Result<std::uint64_t> parse_size(std::string_view text) {
    auto not_a_size = [&] {
        return fail("--memory '" + std::string(text) +
                    "' is not a size; use bytes or a K/M/G suffix, e.g. 64M");
    };
    std::uint64_t number = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec == std::errc::result_out_of_range) return fail("--memory '" + std::string(text) + "' is too large; the maximum is 64G");
    if (ec != std::errc() || end == text.data()) return not_a_size();
    std::string_view suffix(end, text.data() + text.size() - end);
    unsigned shift = 0;
    if (!suffix.empty()) {
        switch (std::tolower(static_cast<unsigned char>(suffix.front()))) {
            case 'k': shift = 10; break;
            case 'm': shift = 20; break;
            case 'g': shift = 30; break;
            default: return not_a_size();
        }
        std::string_view rest = suffix.substr(1);
        if (!rest.empty() && !equals_ignoring_case(rest, "ib") && !equals_ignoring_case(rest, "b"))
            return not_a_size();
    }
    if (shift && number > (std::numeric_limits<std::uint64_t>::max() >> shift))
        return fail("--memory '" + std::string(text) + "' is too large; the maximum is 64G");
    return number << shift;
}

Result<std::uint64_t> parse_memory_option(std::string_view text) {
    auto bytes = parse_size(text);
    if (!bytes) return bytes;
    if (*bytes < kMinimumMemory)
        return fail("--memory " + std::string(text) + " is too small; the minimum is 4M");
    if (*bytes > kMaximumMemory)
        return fail("--memory " + std::string(text) + " is too large; the maximum is 64G");
    return bytes;
}

Result<Timeout> parse_timeout(std::string_view text) {
    double seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds,
                                     std::chars_format::fixed);
    bool ok = ec == std::errc() && end == text.data() + text.size() && std::isfinite(seconds);
    if (!ok) return fail("--timeout '" + std::string(text) + "' is not a number of seconds, e.g. 2 or 0.5");
    if (seconds <= 0) return fail("--timeout " + std::string(text) + " must be more than 0 seconds");
    if (seconds > 1e9) return fail("--timeout " + std::string(text) + " is too long; use at most 1000000000 seconds");
    auto ns = std::chrono::nanoseconds(static_cast<std::int64_t>(std::ceil(seconds * 1e9)));
    return Timeout{ns, std::string(text)};
}

Result<std::string> normalize_guest_path(std::string_view text, std::string_view spelling) {
    if (text.empty() || text.front() != '/')
        return fail(std::string(spelling) + " '" + std::string(text) + "': the guest directory must be an absolute path");
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('/', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view part = text.substr(start, end - start);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = end + 1;
    }
    std::string out;
    for (std::string_view part : parts) out += "/" + std::string(part);
    if (out.empty()) out = "/";
    if (out.size() >= 4096) return fail(std::string(spelling) + ": the guest path is too long");
    return out;
}

Result<ShareSpec> parse_share(std::string_view text) {
    ShareSpec spec;
    spec.as_given = std::string(text);
    std::string_view rest = text;
    if (rest.ends_with(":ro")) {
        spec.read_only = true;
        rest.remove_suffix(3);
    } else if (rest.ends_with(":rw")) {
        rest.remove_suffix(3);
    }
    std::size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == rest.size())
        return fail("-v '" + std::string(text) + "' is not HOSTDIR:GUESTDIR[:ro]" + std::string(kSeeHelp));
    spec.host_dir = std::string(rest.substr(0, colon));
    auto guest = normalize_guest_path(rest.substr(colon + 1), "-v");
    if (!guest) return std::unexpected(guest.error());
    if (*guest == "/") return fail("-v '" + std::string(text) + "': a share cannot be mounted over the guest's root /");
    spec.guest_dir = std::move(*guest);
    return spec;
}

Result<void> parse_trace_list(std::string_view text, std::string_view spelling, TraceChoice& choice) {
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view item = text.substr(start, end - start);
        if (item == "hypercalls") choice.hypercalls = true;
        else if (item == "syscalls") choice.syscalls = true;
        else if (item == "win32") choice.win32 = true;
        else if (item == "all") choice.hypercalls = choice.syscalls = choice.win32 = true;
        else
            return fail(std::string(spelling) + ": '" + std::string(item) +
                        "' is not something celda traces; use hypercalls, syscalls, win32 (comma-separated) or all");
        start = end + 1;
    }
    return {};
}

std::string format_size(std::uint64_t bytes) {
    if (bytes != 0 && bytes % (1ull << 30) == 0) return std::to_string(bytes >> 30) + " GiB";
    if (bytes != 0 && bytes % (1ull << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    if (bytes != 0 && bytes % (1ull << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " bytes";
}

}  // namespace celda::cli
