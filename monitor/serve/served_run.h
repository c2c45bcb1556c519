// Whether a run may go to a warm guest, and the plan a warm guest's handover helper makes of a
// received run: celda run's own parser, program loading and run description, applied to the
// client's command line, environment and working directory, after checking that the client is
// this very celda binary file and resolves paths as the server does (the same root mount).
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

// A root directory: its inode, and the mount it is on. Mount ids are unique to one mount
// namespace (a new namespace copies every mount under new ids), so the same id means the
// same root in the same namespace: every path resolves to the same file.
struct RootId {
    std::uint64_t dev = 0, ino = 0, mount = 0;
    bool operator==(const RootId&) const = default;
};
// The root directory open at `fd` (O_PATH).
Result<RootId> root_id(int fd);

// What a server knows of itself, fixed when it starts.
struct ServerFacts {
    FileId celda;                 // its binary: a client must be this very file
    std::uint32_t payload_kind;   // CELDA_PAYLOAD_*: the programs its warm guests of this kind run
    FileId image;                 // the stock image they booted
    FileId dir;                   // its folder (dev and inode compared): --server must name it
    RootId root;                  // its root directory: a client must have the same one
    std::string stock_dir;        // where its stock images are (beside its binary)
    cli::Backend auto_backend;    // what --backend auto chose on this host when it started
    std::string auto_reason;
};

// This process's root, for ServerFacts.
Result<RootId> own_root();

// The planner the server hands its warm guests (sandbox/warm_guest.h).
sandbox::WarmPlanner planner_for(ServerFacts facts);

}  // namespace celda::serve
