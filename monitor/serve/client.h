// `celda run`'s side of `celda serve`: hand the run to the server's warm guest, wait for how it
// ended. Used only when --server/CELDA_SERVER names a server's folder and the run is one a warm guest
// can take (serve_eligibility); otherwise, or when the server declines, celda runs it itself.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/options.h"
#include "error.h"
#include "guest/image_loader.h"
#include "program.h"
#include "sandbox/sandbox_backend.h"
#include "serve/warm_request.h"

namespace celda::serve {

// Why this run cannot go to a warm guest, or "" if it can.
std::string why_not_warm(const cli::RunOptions& options, const Program& program, const WarmRequest& request);

struct Served {
    sandbox::SandboxOutcome outcome;
    std::uint64_t image_start = 0;  // where the warm guest's image is (for reports)
};

// The run's outcome; nullopt with `declined` set when the server is not there or declines
// (nothing ran: run it directly); an error when the server failed mid-run.
Result<std::optional<Served>> run_on_server(const std::string& dir, const WarmRequest& request,
                                            const std::vector<int>& files, std::uint64_t image_span,
                                            std::string& declined);

}  // namespace celda::serve
