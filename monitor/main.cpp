// `celda`: parse the command line, load and place the guest image, run it on a backend, report
// how it ended. Every failure of celda itself is one "celda: ..." line and exit status 125.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backend_choice.h"
#include "celda/contract.h"
#include "cli/help_text.h"
#include "cli/options.h"
#include "exit_status.h"
#include "guest/boot_info.h"
#include "guest/layout.h"
#include "hostfs/host_share.h"
#include "image/elf_image.h"
#include "kvm/kvm_backend.h"
#include "program.h"
#include "run_description.h"
#include "report/stop_report.h"
#include "sandbox/sandbox_backend.h"
#include "serve/client.h"
#include "serve/fast_client.h"
#include "serve/server.h"
#include "trace.h"

namespace {

int fail_with(const celda::Error& error) {
    std::fprintf(stderr, "celda: %s\n", error.message.c_str());
    return celda::exit_status::kCeldaFailed;
}

int run(const celda::cli::RunOptions& options, const celda::serve::CommandLine& command_line) {
    using namespace celda;
    // Host shares are served on both backends (a broker outside the guest's process on the
    // sandbox, a broker process beside the VM on kvm), so -v does not change the choice.
    auto shares = hostfs::open_shares(options.shares);
    if (!shares) return fail_with(shares.error());
    // A run a warm guest took before main (serve/fast_client.h) is here only for its report:
    // the guest chose the backend and said so.
    const bool served_before_main = serve::fast_run().state == serve::FastState::Answered;
    auto backend = served_before_main ? Result<BackendChoice>(BackendChoice{cli::Backend::Sandbox, "served", std::nullopt})
                                      : choose_backend(options.backend);
    if (!backend) return fail_with(backend.error());
    if (options.trace && !served_before_main)
        TraceLine().text("backend ").text(backend_name(backend->backend)).text(" (").text(backend->reason).text(")").emit();

    // Finds the stock images only if it needs them, and parses one only if this run does not
    // go to a warm guest.
    const bool may_serve = !options.server.empty();
    auto program = load_program(options.program, {}, may_serve ? StockImageLoad::Deferred : StockImageLoad::Now);
    if (!program) return fail_with(program.error());
    // What the guest is given, whoever runs it (run_description.h).
    sandbox::SandboxRun run = describe_run(options, *program);
    run.shares = &*shares;
    if (options.timeout) run.timeout = options.timeout->duration;
    const std::uint64_t program_size = program->payload ? program->payload->size() : 0;

    Result<sandbox::SandboxOutcome> outcome;
    std::uint64_t image_start = 0;
    std::optional<serve::Served> served;
    if (may_serve) {
        auto warm = serve::try_warm_guest(options, backend->backend, *program, run, command_line);
        if (!warm) return fail_with(warm.error());
        served = std::move(*warm);
    }
    if (served) {
        outcome = served->outcome;
        // The report names addresses in the stock image only when the run did not just exit;
        // the warm guest's image sits where warm_layout puts an image of its span.
        if (outcome->record && outcome->record->kind != report::StopKind::Exit && load_deferred_image(*program))
            if (auto layout = serve::warm_layout(program->image.span)) image_start = layout->image_start;
    } else {
        // This run's own guest: no server, or the server declined.
        if (auto loaded = load_deferred_image(*program); !loaded) return fail_with(loaded.error());
        auto layout = guest::plan_layout(options.memory_bytes, program->image.span,
                                         guest::boot_area_size(run.argv, run.env, program->payload ? options.program : "") +
                                             guest::boot_extra_size(run.boot_shares, run.workdir, run.boot_companions),
                                         options.program, program_size, companion_span(program->companions));
        if (!layout) {
            if (program->companions.empty()) return fail_with(layout.error());
            // Say what made it big: the DLLs beside the .exe count too.
            return fail_with(Error{layout.error().message + " (it counts the " + std::to_string(program->companions.size()) +
                                   " .dll files beside the program: " +
                                   std::to_string((companion_span(program->companions) + (1 << 20) - 1) >> 20) + " MiB)"});
        }
        image_start = layout->image_start;
        run.image = &program->image;
        run.layout = *layout;
        outcome = backend->backend == cli::Backend::Kvm ? kvm::run_on_kvm(run, *backend->kvm) : sandbox::run_sandboxed(run);
    }
    if (!outcome) return fail_with(outcome.error());

    const image::ElfImage* image = &program->image;
    report::ReportContext context{options.program, options.timeout ? options.timeout->as_given : "",
                                  image_start, image->span, &image->symbols};
    if (program->payload) {
        context.program_symbols = &program->payload_symbols;
        context.program_at_link_address = program->payload_at_link_address;
    }
    for (const Companion& companion : program->companions) {
        context.companion_names.push_back(companion.name);
        context.companion_symbols.push_back(&companion.symbols);
    }
    report::StopReport stop = report::describe_stop(*outcome, context);
    for (const std::string& line : stop.lines) std::fprintf(stderr, "%s\n", line.c_str());
    return stop.exit_status;
}

}  // namespace

int main(int argc, char** argv, char** envp) {
    std::vector<std::string_view> args(argv + (argc > 0 ? 1 : argc), argv + argc);
    auto command = celda::cli::parse_command_line(args, celda::cli::process_environment());
    if (!command) return fail_with(command.error());
    switch (command->kind) {
        case celda::cli::CommandKind::Help:
            std::fputs(celda::cli::help_text().c_str(), stdout);
            return 0;
        case celda::cli::CommandKind::Version:
            std::fputs(celda::cli::version_text().c_str(), stdout);
            return 0;
        case celda::cli::CommandKind::Run:
            return run(command->run, {argc, argv, envp});
        case celda::cli::CommandKind::Serve:
            return celda::serve::serve(command->serve);
    }
    return celda::exit_status::kCeldaFailed;
}
