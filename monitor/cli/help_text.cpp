#include "cli/help_text.h"

#include "celda/contract.h"

#ifndef CELDA_VERSION_STRING
#define CELDA_VERSION_STRING "0.0.0"
#endif

namespace celda::cli {

std::string help_text() {
    return R"(celda - run an application in its own tiny, isolated guest

Usage:
  celda run [options] PROGRAM [args...]   boot the guest image PROGRAM with args
  celda serve [--dir DIR]                 keep warm guests booted for `celda run`
  celda version | --version               print the version
  celda help | --help | -h                print this help

Options of `celda run` (they end at PROGRAM or at `--`; both `--opt value` and
`--opt=value` work):
  --backend auto|sandbox|kvm   where the guest runs. sandbox: a locked-down host
                               process (seccomp, a handful of syscalls). kvm: a
                               hardware VM. auto (default): kvm when available,
                               else sandbox (always sandbox with -v).
  --memory SIZE                guest memory: bytes or K/M/G (optionally KiB/MiB/GiB),
                               e.g. 64M. Default 64M, minimum 4M, maximum 64G.
  -e, --env KEY=VALUE          set an environment variable in the guest (repeatable).
  -e, --env KEY                pass KEY with its value from celda's own environment.
                               The guest sees no other variables.
  --timeout SECONDS            stop the guest after SECONDS (decimals allowed, e.g. 0.5).
  -v, --volume HOSTDIR:GUESTDIR[:ro]
                               share a host directory at absolute GUESTDIR (repeatable).
                               celda opens files for the guest, confined beneath
                               HOSTDIR (no escape by .., symlinks or absolute paths);
                               :ro makes every change fail with EROFS. A HOSTDIR that
                               does not exist is refused before boot. Sandbox backend.
  -w, --workdir DIR            the program's working directory (absolute; created in
                               the in-memory root if missing, like docker).
  --server DIR                 hand the run to a warm guest of the `celda serve` whose
                               --dir is DIR (also: CELDA_SERVER=DIR). Sandbox only,
                               default --memory, no -v or --timeout; any other run,
                               or no server there, runs as usual (--trace says why).
  --trace                      log the backend choice and every hypercall to stderr:
                                 celda[trace]: console_write(stream=1, buf=0x..., len=13) = 13
  --trace=LIST                 what to trace, comma-separated: hypercalls (as --trace),
                               syscalls (a Linux program's syscalls, like strace:
                                 [tid 1] openat(-100, "/d/a.txt", 0x0, 0) = 3),
                               win32 (a Windows program's calls into the built-in DLLs),
                               all. CELDA_TRACE=LIST in celda's environment adds to it.

Exit status:
  N      the guest's own exit status (low 8 bits)
  124    the guest ran past --timeout and was stopped
  125    celda itself failed: bad usage, unreadable or invalid image, setup error
  134    the guest panicked (aborted); the message and a backtrace are printed
  139    the guest crashed on a page fault (bad memory access), or passed an
         invalid address or number to a hypercall
  132    the guest executed an invalid instruction
  136    the guest divided by zero
  135    the guest hit a bus error
  133    the guest hit a breakpoint (int3)
  159    the guest attempted a host system call the sandbox forbids
  128+N  the guest was killed by signal N
Crashes are reported on stderr as lines starting with `celda: `, with the faulting
address and a backtrace symbolized from the image's symbol table, or, inside a Linux
program or .exe, from that program's own symbols (tool.exe!function+0x1c (tool.exe+0x1a2b)).
A Windows program's faults reach its own exception handlers first; only unhandled
ones crash.

Windows programs: every *.dll beside the .exe (at most 64, counted against --memory)
goes into the guest with it, read-only in C:\app next to C:\app\tool.exe, for its
imports and LoadLibrary. Keep a program and its DLLs in a folder of their own.

Warm guests (`celda serve`): the server keeps guests of each stock image (Windows,
Linux) booted, waiting for a program on DIR/win32-v2.sock or DIR/posix-v2.sock; a
run skips the guest's start-up, and celda run its own. Each guest runs one program and
is thrown away; a new one boots when the run ends. Output, input, exit status and crash reports are the same as without
the server. DIR (default $XDG_RUNTIME_DIR/celda, else /tmp/celda-UID) is the user's
own (0700, sockets 0600). SIGINT/SIGTERM stop the server.

Example:
  celda run --memory 128M -e GREETING=hi -e HOME --timeout 2.5 build/bin/hello.img world
  celda run -v "$PWD:/work" -v /etc/ssl:/ssl:ro -w /work --trace=syscalls ./tool -x
  celda serve --dir /tmp/celda &   CELDA_SERVER=/tmp/celda celda run tool.exe
)";
}

std::string version_text() {
    return "celda " CELDA_VERSION_STRING " (guest contract " +
           std::to_string(CELDA_CONTRACT_VERSION) + ")\n";
}

}  // namespace celda::cli
