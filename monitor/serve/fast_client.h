// `celda run`'s side of `celda serve`, before the C library starts.
//
// A served run needs nothing of what glibc and the C++ runtime set up at start: CPU feature
// and cache probing with CPUID (each one traps to the hypervisor), the binary's self-
// relocation, tunables, locale and stdio, and the page faults all of that touches. Measured on
// the build VM: ~0.25 ms of a ~1.5 ms warm run (a static glibc hello 573 µs, a process that
// only exits 331 µs). So celda's ELF entry point is `celda_entry` (fast_client.cpp): if the
// command line is a `celda run` that may go to a server (--server, CELDA_SERVER), it sends the
// raw command line, environment, stdio and working directory to a warm guest, whose handover
// helper parses and checks it with celda run's own code. A run that exits is over there and
// then; anything else (a crash to report, a decline, no server) continues into the C library's
// start and main, with fast_run() saying what happened.
//
// This file and fast_client.cpp are freestanding: no libc call, no global that needs a
// relocation, nothing that touches %fs. A CTest checks the object's undefined symbols.
#pragma once

#include <cstdint>

#include "serve/warm_reply.h"

namespace celda::serve {

enum class FastState : std::uint32_t {
    NotAttempted = 0,  // not tried (a command line the fast path leaves to main)
    NoServer,          // nothing accepted the run on socket_path; error = errno
    Declined,          // answer.reply.reason says why; nothing ran
    Answered,          // answer holds `size` bytes: the guest's stop record or the server's reply
    WentAway,          // the connection closed before an answer (error = errno, 0 if closed)
};

struct FastRun {
    FastState state;
    int error;
    long size;
    char socket_path[108];
    RunAnswer answer;
};

// What the fast path did (zero-initialized: NotAttempted).
FastRun& fast_run();

// Hands the run (celda run's argv and envp; `executable` is AT_EXECFN) to the warm guests for
// `payload_kind` in `dir` and waits until it has ended; fills fast_run(). Also called from main
// when the entry point left a servable run to it.
void attempt_served_run(const char* dir, std::uint32_t payload_kind, const char* executable, int argc,
                        const char* const* argv, const char* const* envp);

// The kind of program at `path` by its first bytes (CELDA_PAYLOAD_WINDOWS_PE for "MZ",
// CELDA_PAYLOAD_LINUX_ELF for an ELF), CELDA_PAYLOAD_NONE otherwise: which socket to try.
std::uint32_t payload_kind_of(const char* path);

}  // namespace celda::serve
