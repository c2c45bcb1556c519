// What a guest is given for `celda run` (argv, environment, the program and its DLLs, -v, -w,
// trace switches), whoever runs it: celda run's own guest, or a warm guest, whose handover
// helper builds it with this same code from the command line it received.
#pragma once

#include <cstdint>

#include "cli/options.h"
#include "program.h"
#include "sandbox/sandbox_backend.h"

namespace celda {

// CELDA_PAYLOAD_*: what the stock image is told it runs.
std::uint32_t payload_kind(ProgramKind kind);

// The run, without what only a direct run has: the image, the layout, the opened shares
// (run.shares) and the timeout.
sandbox::SandboxRun describe_run(const cli::RunOptions& options, const Program& program);

}  // namespace celda
