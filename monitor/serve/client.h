// `celda run`'s side of `celda serve`: hand the run to a warm guest, wait for how it ended.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cli/options.h"
#include "error.h"
#include "guest/image_loader.h"
#include "program.h"
#include "sandbox/sandbox_backend.h"
#include "serve/warm_request.h"

namespace celda::serve {

struct Served {
    sandbox::SandboxOutcome outcome;
};

// Runs the program on a warm guest of `options.server` if one can take it. `request` holds the
// run's boot inputs (the identities are filled in here); `payload` is the program and its DLLs
// as mapped for a direct run. nullopt: nothing ran, celda runs it itself (`--trace` says why);
// an error: the server went away mid-run. The guest's image sits where warm_layout puts it.
Result<std::optional<Served>> try_warm_guest(const cli::RunOptions& options, cli::Backend backend,
                                             const Program& program, WarmRequest request,
                                             std::span<const guest::PayloadFile> payload);

}  // namespace celda::serve
