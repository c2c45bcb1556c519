#include "run_description.h"

#include "celda/contract.h"

namespace celda {

std::uint32_t payload_kind(ProgramKind kind) {
    switch (kind) {
        case ProgramKind::LinuxElf: return CELDA_PAYLOAD_LINUX_ELF;
        case ProgramKind::WindowsPe: return CELDA_PAYLOAD_WINDOWS_PE;
        case ProgramKind::CeldaImage: break;
    }
    return CELDA_PAYLOAD_NONE;
}

sandbox::SandboxRun describe_run(const cli::RunOptions& options, const Program& program) {
    sandbox::SandboxRun run{nullptr, {}, {options.program}, options.env};
    run.argv.insert(run.argv.end(), options.args.begin(), options.args.end());
    run.payload_kind = payload_kind(program.kind);
    if (program.payload) run.payload.push_back({*program.payload, program.payload->fd()});
    for (const Companion& companion : program.companions) {
        run.payload.push_back({companion.bytes, companion.bytes.fd()});
        run.boot_companions.push_back({companion.name, companion.bytes.size()});
    }
    for (const cli::ShareSpec& spec : options.shares) run.boot_shares.push_back({spec.guest_dir, spec.read_only});
    run.workdir = options.workdir;
    run.trace = options.trace;
    run.trace_flags = (options.trace_choice.syscalls ? CELDA_TRACE_SYSCALLS : 0u) |
                      (options.trace_choice.win32 ? CELDA_TRACE_WIN32 : 0u);
    return run;
}

}  // namespace celda
