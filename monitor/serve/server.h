// `celda serve`: keeps one warm guest per stock image (win32.img, posix.img) booted and
// waiting, and runs `celda run`'s programs on them, so a run skips the fork, the guest's
// memory and image set-up, the seccomp lockdown's preparation and the library OS's boot.
// Each guest serves exactly one run and is never reused; the next one boots meanwhile.
#pragma once

#include <string>

#include "cli/options.h"
#include "error.h"

namespace celda::serve {

// $XDG_RUNTIME_DIR/celda.sock, or /tmp/celda-UID/serve.sock (the folder made 0700).
Result<std::string> default_socket_path();

// Listens until SIGINT/SIGTERM; returns celda's exit status.
int serve(const cli::ServeOptions& options);

}  // namespace celda::serve
