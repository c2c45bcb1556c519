// Whether a run may go to a warm guest, and the plan a warm guest's handover helper makes of a
// received run: celda run's own parser, program loading and run description, applied to the
// client's command line, environment and working directory, after checking that the client is
// this very celda binary and sees the same files.
#pragma once

#include <string>

#include "cli/options.h"
#include "program.h"
#include "sandbox/sandbox_backend.h"
#include "sandbox/warm_guest.h"
#include "serve/warm_layout.h"

namespace celda::serve {

// Why this run cannot go to a warm guest, or "" if it can. `run` is describe_run's.
std::string why_not_served(const cli::RunOptions& options, cli::Backend backend, const Program& program,
                           const sandbox::SandboxRun& run);

// What a server knows of itself, fixed when it starts.
struct ServerFacts {
    FileId celda;                 // its binary: a client must be this very file
    FileId image;                 // the stock image its warm guests of this kind booted
    FileId dir;                   // its folder (dev and inode compared): --server must name it
    FileId mount_namespace, root; // its own (dev and inode compared): a client must share them
    std::string stock_dir;        // where its stock images are (beside its binary)
    cli::Backend auto_backend;    // what --backend auto chose on this host when it started
    std::string auto_reason;
};

// This process's mount namespace and root, for ServerFacts.
Result<FileId> own_mount_namespace();
Result<FileId> own_root();

// The planner the server hands its warm guests (sandbox/warm_guest.h).
sandbox::WarmPlanner planner_for(ServerFacts facts);

}  // namespace celda::serve
