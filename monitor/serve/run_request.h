// A run as `celda run` was given it, on its way to a warm guest's handover helper. The helper
// parses it with celda run's own parser (it checks that the client is the very same celda
// binary), so a served run means exactly what a direct run would.
//
// One SOCK_SEQPACKET message: RunRequestHeader, then the NUL-terminated path celda run was
// started as (AT_EXECFN: the helper checks it names the server's own binary), `argc`
// NUL-terminated arguments (celda run's argv[1..]: "run", options, PROGRAM, its arguments),
// then `envc` NUL-terminated "K=V" (celda run's environment: `-e KEY`, CELDA_TRACE and
// CELDA_SERVER read it). Beside it (SCM_RIGHTS): stdin, stdout, stderr, celda run's working
// directory, which relative paths are resolved against, and its root directory (both O_PATH).
//
// Freestanding on purpose (no libc, nothing to relocate): the client encodes it before the C
// library has started (serve/fast_client.h).
#pragma once

#include <cstddef>
#include <cstdint>

namespace celda::serve {

inline constexpr std::uint32_t kRunRequestMagic = 0x4e555243;  // "CRUN"

struct RunRequestHeader {
    std::uint32_t magic;
    std::uint32_t argc;  // arguments after argv[0]
    std::uint32_t envc;
    std::uint32_t reserved;
};

// stdin, stdout, stderr, the working directory, the root directory.
inline constexpr std::size_t kRunRequestFds = 5;
// One message; bounds what the client sends (a warm guest's boot area bounds argv + -e anyway).
inline constexpr std::size_t kMaxRunRequestBytes = 256u << 10;

// The sockets in a server's folder, one per stock image. The protocol's version is in their
// names: a client and a server that speak different ones never meet, and the client runs the
// program itself ("no server"). v1 (win32.sock, posix.sock) carried a request the client had
// already planned. (Not `inline`: internal linkage, so the fast path reads them without a GOT.)
constexpr char kWin32Socket[] = "win32-v2.sock";
constexpr char kPosixSocket[] = "posix-v2.sock";

// Encodes `executable`, argv[1..argc) and envp (NULL-terminated) into `out`: the bytes
// written, or 0 if they do not fit in `capacity`. Defined in fast_client.cpp: freestanding.
std::size_t encode_run_request(char* out, std::size_t capacity, const char* executable, int argc,
                               const char* const* argv, const char* const* envp);

}  // namespace celda::serve
