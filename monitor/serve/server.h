// `celda serve`: keeps one warm guest per stock image (win32.img, posix.img) booted and
// waiting on that image's socket in the server's folder, so a `celda run` skips the fork, the
// guest's memory and image set-up and the library OS's boot. The guest accepts the run itself
// (the server is not woken); the server only boots the next guest and reaps finished ones.
// Each guest serves exactly one run and is never reused.
#pragma once

#include <cstdint>
#include <string>

#include "cli/options.h"
#include "error.h"

namespace celda::serve {

// Where the server's sockets go by default: $XDG_RUNTIME_DIR/celda, or /tmp/celda-UID.
Result<std::string> default_dir();
// The socket in `dir` whose warm guests run programs of `payload_kind` (win32-v2.sock, posix-v2.sock).
std::string socket_for(const std::string& dir, std::uint32_t payload_kind);

// Listens until SIGINT/SIGTERM; returns celda's exit status.
int serve(const cli::ServeOptions& options);

}  // namespace celda::serve
