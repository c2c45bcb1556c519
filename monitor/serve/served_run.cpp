#include "serve/served_run.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

#include "guest/boot_info.h"
#include "run_description.h"
#include "trace.h"

namespace celda::serve {
namespace {

constexpr char kNotSandbox[] = "warm guests are sandbox guests and this run uses kvm (--backend sandbox to use them)";

bool same_inode(const struct stat& st, const FileId& id) {
    return static_cast<std::uint64_t>(st.st_dev) == id.dev && static_cast<std::uint64_t>(st.st_ino) == id.ino;
}

// The client is this celda binary file and resolves paths as this process does. "" if so, else
// why not. Its binary is named by the path it was started as, relative to its working
// directory (the caller is in it); names that only /proc or /dev/fd can resolve would name
// this process's files instead, so they are not taken.
std::string why_not_this_client(const std::string& executable, int root, const ServerFacts& facts) {
    if (auto client_root = root_id(root); !client_root || !(*client_root == facts.root))
        return "celda run sees other files than the server (another mount namespace or root)";
    struct stat binary{};
    if (executable.empty() || executable.starts_with("/proc/") || executable.starts_with("/dev/fd/") ||
        ::stat(executable.c_str(), &binary) != 0 || !(file_id(binary) == facts.celda))
        return "the server runs another celda build or copy (restart `celda serve` from this one)";
    return "";
}

std::variant<sandbox::WarmPlan, std::string> plan(const ReceivedRun& received, int cwd, int root,
                                                  const ServerFacts& facts) {
    // Relative paths are the client's: its binary, the program, its folder's DLLs, --server.
    if (::fchdir(cwd) != 0) return "cannot enter celda run's working directory";
    if (std::string why = why_not_this_client(received.executable, root, facts); !why.empty()) return why;
    std::vector<std::string_view> args(received.args.begin(), received.args.end());
    const cli::EnvLookup env = [&received](std::string_view name) -> std::optional<std::string> {
        for (const std::string& entry : received.env)
            if (entry.size() > name.size() && entry.compare(0, name.size(), name) == 0 && entry[name.size()] == '=')
                return entry.substr(name.size() + 1);
        return std::nullopt;
    };
    auto command = cli::parse_command_line(args, env);
    if (!command || command->kind != cli::CommandKind::Run) return "not a run celda run would start";
    const cli::RunOptions& options = command->run;
    struct stat asked{};
    if (options.server.empty() || ::stat(options.server.c_str(), &asked) != 0 || !same_inode(asked, facts.dir))
        return "the run asks for another server";
    // Before loading anything: on a host where `auto` means kvm, every run without
    // --backend sandbox ends here.
    const cli::Backend backend = options.backend == cli::Backend::Auto ? facts.auto_backend : options.backend;
    if (backend != cli::Backend::Sandbox) return kNotSandbox;

    auto program = load_program(options.program, facts.stock_dir, StockImageLoad::Deferred);
    if (!program) return program.error().message;
    sandbox::SandboxRun run = describe_run(options, *program);
    if (std::string why = why_not_served(options, backend, *program, run); !why.empty()) return why;
    if (run.payload_kind != facts.payload_kind) return "this socket's warm guests run the other kind of program";
    if (auto image = file_id(program->stock_path); !image || !(*image == facts.image))
        return "the stock image changed since `celda serve` started (restart it)";

    sandbox::WarmPlan planned;
    guest::BootInputs& inputs = planned.inputs;
    inputs.argv = std::move(run.argv);
    inputs.env = std::move(run.env);
    inputs.payload_kind = run.payload_kind;
    inputs.payload_path = options.program;
    inputs.companions = std::move(run.boot_companions);
    inputs.workdir = std::move(run.workdir);
    inputs.trace_flags = run.trace_flags;
    for (const guest::PayloadFile& file : run.payload) planned.files.push_back(file.fd);
    planned.program_size = program->payload->size();
    planned.monitor_trace = options.trace;
    if (options.trace) {  // what celda run's own --trace lines would have said
        TraceLine backend, served;
        backend.text("backend sandbox (")
            .text(options.backend == cli::Backend::Sandbox ? std::string_view("requested") : facts.auto_reason)
            .text(")");
        served.text("served by a warm guest of ").text(options.server);
        planned.trace_lines = {std::string(backend.view()), std::string(served.view())};
    }
    planned.owner = std::make_shared<const Program>(std::move(*program));
    return planned;
}

}  // namespace

std::string why_not_served(const cli::RunOptions& options, cli::Backend backend, const Program& program,
                           const sandbox::SandboxRun& run) {
    if (backend != cli::Backend::Sandbox) return kNotSandbox;
    if (program.kind == ProgramKind::CeldaImage || !program.payload) return "a Celda image boots itself";
    if (!options.shares.empty()) return "-v shares are served only by celda run itself";
    if (options.timeout) return "--timeout is enforced only by celda run itself";
    if (options.memory_bytes != cli::kDefaultMemory) return "--memory other than the default";
    if (program.payload->fd() < 0) return "the program is not a mappable file";
    for (const Companion& companion : program.companions)
        if (companion.bytes.fd() < 0) return "a DLL beside the program is not a mappable file";
    if (guest::boot_area_size(run.argv, run.env, options.program) +
            guest::boot_extra_size({}, run.workdir, run.boot_companions) > kWarmBootArea)
        return "arguments and environment larger than a warm guest's boot area";
    if (!fits_window(program.payload->size(), run.boot_companions))
        return "the program and its DLLs are larger than a warm guest's window";
    return "";
}

Result<RootId> root_id(int fd) {
    struct statx st{};
    if (::statx(fd, "", AT_EMPTY_PATH, STATX_INO | STATX_MNT_ID, &st) != 0 || !(st.stx_mask & STATX_MNT_ID))
        return fail(std::string("cannot identify a root directory: ") + std::strerror(errno));
    return RootId{(static_cast<std::uint64_t>(st.stx_dev_major) << 32) | st.stx_dev_minor, st.stx_ino, st.stx_mnt_id};
}

Result<RootId> own_root() {
    const int fd = ::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return fail(std::string("cannot open /: ") + std::strerror(errno));
    auto id = root_id(fd);
    ::close(fd);
    return id;
}

sandbox::WarmPlanner planner_for(ServerFacts facts) {
    return [facts = std::move(facts)](const ReceivedRun& run, int cwd, int root) {
        auto planned = plan(run, cwd, root, facts);
        // Back out of celda run's folder: a waiting guest must not keep it busy (an unmount),
        // and the program is open already.
        if (::chdir("/") != 0) {}
        return planned;
    };
}

}  // namespace celda::serve
