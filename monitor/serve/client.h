// `celda run`'s side of `celda serve`, after main has started: the outcome of a run the fast
// path (serve/fast_client.h) handed to a warm guest before main, or the same hand-over now.
#pragma once

#include <optional>

#include "cli/options.h"
#include "error.h"
#include "program.h"
#include "sandbox/sandbox_backend.h"

namespace celda::serve {

struct Served {
    sandbox::SandboxOutcome outcome;
};

// celda run's own argv and environment: a served run sends them as they are.
struct CommandLine {
    int argc;
    const char* const* argv;
    const char* const* envp;
};

// Runs the program on a warm guest of `options.server` if one can take it; `run` is
// describe_run's. If the fast path already tried before main, its outcome is used; else the
// run is handed over now, when it may be served. nullopt: nothing ran, celda runs it itself
// (`--trace` says why); an error: the server went away mid-run. The guest's image sits where
// warm_layout puts it.
Result<std::optional<Served>> try_warm_guest(const cli::RunOptions& options, cli::Backend backend,
                                             const Program& program, const sandbox::SandboxRun& run,
                                             const CommandLine& command_line);

}  // namespace celda::serve
