// Freestanding (see fast_client.h): raw system calls, no libc, no relocated data. Compiled
// with -ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns -fno-stack-protector
// (monitor/CMakeLists.txt) so that the compiler emits no call to memcpy/memset (IFUNCs that
// the C library resolves at start) and no %fs access.
#include "serve/fast_client.h"

#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include <cerrno>

#include "celda/contract.h"
#include "sandbox/raw_syscall.h"
#include "serve/run_request.h"

namespace celda::serve {
namespace {

using sandbox::raw::syscall3;
using sandbox::raw::syscall5;

FastRun g_fast_run;                       // .bss: the C library's start leaves it alone
char g_request[kMaxRunRequestBytes];      // .bss: touched only as far as the run needs

std::size_t length(const char* s) {
    std::size_t n = 0;
    while (s[n]) ++n;
    return n;
}

bool equal(const char* a, const char* b) {
    while (*a && *a == *b) ++a, ++b;
    return *a == *b;
}

// `s` starts with `prefix`: the rest, else nullptr.
const char* after(const char* s, const char* prefix) {
    while (*prefix)
        if (*s++ != *prefix++) return nullptr;
    return s;
}

// Appends `s` (with its NUL if `nul`) at out[at]; false if it does not fit.
bool append(char* out, std::size_t capacity, std::size_t& at, const char* s, bool nul) {
    const std::size_t n = length(s) + (nul ? 1 : 0);
    if (n > capacity - at) return false;
    for (std::size_t i = 0; i < n; ++i) out[at + i] = s[i];
    at += n;
    return true;
}

const char* environment_value(const char* const* envp, const char* name) {
    for (; *envp; ++envp)
        if (const char* rest = after(*envp, name); rest && *rest == '=') return rest + 1;
    return nullptr;
}

void set_reason(const char* why) {
    std::size_t at = 0;
    append(g_fast_run.answer.reply.reason, sizeof g_fast_run.answer.reply.reason, at, why, false);
    g_fast_run.answer.reply.reason_length = static_cast<std::uint32_t>(at);
}

void declined(const char* why) {
    g_fast_run.state = FastState::Declined;
    set_reason(why);
}

void close_fd(int fd) { syscall3(SYS_close, fd, 0, 0); }

bool named_exe(const char* path) {
    const std::size_t n = length(path);
    if (n < 4 || path[n - 4] != '.') return false;
    const char* suffix = path + n - 3;
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return lower(suffix[0]) == 'e' && lower(suffix[1]) == 'x' && lower(suffix[2]) == 'e';
}

// The folder of a `celda serve` the command line asks for, if celda run's fast path takes it:
// only the options a warm guest serves (-e, -w, --server, --trace, --backend other than kvm),
// then a PROGRAM. Anything else is left to main, which decides with the full parser. The
// helper parses the command line again with that parser, so a mistake here can only cost the
// fast path, never change what the run means.
const char* served_dir(int argc, const char* const* argv, const char* const* envp, int& program) {
    if (argc < 3 || !equal(argv[1], "run")) return nullptr;
    const char* dir = nullptr;
    int i = 2;
    for (; i < argc; ++i) {
        const char* arg = argv[i];
        if (equal(arg, "--")) { ++i; break; }
        if (arg[0] != '-' || arg[1] == '\0') break;  // PROGRAM (or "-")
        const bool has_next = i + 1 < argc;
        if (equal(arg, "--server")) {
            if (!has_next) return nullptr;
            dir = argv[++i];
        } else if (const char* value = after(arg, "--server=")) {
            dir = value;
        } else if (equal(arg, "-e") || equal(arg, "--env") || equal(arg, "-w") || equal(arg, "--workdir")) {
            if (!has_next) return nullptr;
            ++i;
        } else if (after(arg, "--env=") || after(arg, "--workdir=") || equal(arg, "--trace") || after(arg, "--trace=")) {
            continue;  // its value, if any, is inline: nothing to skip
        } else if (equal(arg, "--backend")) {
            if (!has_next || equal(argv[++i], "kvm")) return nullptr;
        } else if (const char* backend = after(arg, "--backend=")) {
            if (equal(backend, "kvm")) return nullptr;
        } else {
            return nullptr;  // -v, --memory, --timeout, a mistake: main decides
        }
    }
    if (i >= argc) return nullptr;
    program = i;
    if (!dir) dir = environment_value(envp, "CELDA_SERVER");
    return dir && *dir ? dir : nullptr;
}

}  // namespace

FastRun& fast_run() { return g_fast_run; }

std::size_t encode_run_request(char* out, std::size_t capacity, const char* executable, int argc,
                               const char* const* argv, const char* const* envp) {
    RunRequestHeader header{kRunRequestMagic, 0, 0, 0};
    std::size_t at = sizeof header;
    if (capacity < at || !append(out, capacity, at, executable, true)) return 0;
    for (int i = 1; i < argc; ++i, ++header.argc)
        if (!append(out, capacity, at, argv[i], true)) return 0;
    for (const char* const* e = envp; *e; ++e, ++header.envc)
        if (!append(out, capacity, at, *e, true)) return 0;
    const char* bytes = reinterpret_cast<const char*>(&header);
    for (std::size_t i = 0; i < sizeof header; ++i) out[i] = bytes[i];
    return at;
}

std::uint32_t payload_kind_of(const char* path) {
    const long fd = syscall3(SYS_open, reinterpret_cast<long>(path), O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) return CELDA_PAYLOAD_NONE;
    unsigned char magic[4] = {0, 0, 0, 0};
    const long n = syscall3(SYS_read, fd, reinterpret_cast<long>(magic), sizeof magic);
    close_fd(static_cast<int>(fd));
    if (n >= 2 && magic[0] == 'M' && magic[1] == 'Z') return CELDA_PAYLOAD_WINDOWS_PE;
    if (n == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F') return CELDA_PAYLOAD_LINUX_ELF;
    return CELDA_PAYLOAD_NONE;
}

void attempt_served_run(const char* dir, std::uint32_t payload_kind, const char* executable, int argc,
                        const char* const* argv, const char* const* envp) {
    FastRun& run = g_fast_run;
    run.state = FastState::NoServer;
    run.error = 0;
    run.size = 0;
    sockaddr_un address;
    address.sun_family = AF_UNIX;
    std::size_t at = 0;
    const char* name = payload_kind == CELDA_PAYLOAD_WINDOWS_PE ? kWin32Socket : kPosixSocket;
    if (!append(address.sun_path, sizeof address.sun_path, at, dir, false) ||
        !append(address.sun_path, sizeof address.sun_path, at, "/", false) ||
        !append(address.sun_path, sizeof address.sun_path, at, name, true)) {
        run.error = ENAMETOOLONG;
        return;
    }
    std::size_t copied = 0;
    append(run.socket_path, sizeof run.socket_path, copied, address.sun_path, true);

    const long sock = syscall3(SYS_socket, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (sock < 0) { run.error = static_cast<int>(-sock); return; }
    const int fd = static_cast<int>(sock);
    if (long r = syscall3(SYS_connect, fd, reinterpret_cast<long>(&address), sizeof address); r < 0) {
        run.error = static_cast<int>(-r);
        close_fd(fd);
        return;
    }
    // Our program and our files go only to a server of this user.
    ucred peer{0, 0, 0};
    socklen_t peer_length = sizeof peer;
    if (syscall5(SYS_getsockopt, fd, SOL_SOCKET, SO_PEERCRED, reinterpret_cast<long>(&peer),
                 reinterpret_cast<long>(&peer_length)) != 0 ||
        peer.uid != static_cast<uid_t>(syscall3(SYS_getuid, 0, 0, 0))) {
        close_fd(fd);
        return declined("the server belongs to another user");
    }
    const std::size_t size = encode_run_request(g_request, sizeof g_request, executable, argc, argv, envp);
    if (size == 0) {
        close_fd(fd);
        return declined("the command line and environment are larger than a run request");
    }
    const long cwd = syscall3(SYS_open, reinterpret_cast<long>("."), O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
    const long root = syscall3(SYS_open, reinterpret_cast<long>("/"), O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
    if (cwd < 0 || root < 0) {
        close_fd(fd);
        if (cwd >= 0) close_fd(static_cast<int>(cwd));
        if (root >= 0) close_fd(static_cast<int>(root));
        return declined("cannot open the working or root directory");
    }

    // One message: the request, and stdin, stdout, stderr, the working and root directories.
    const int fds[kRunRequestFds] = {0, 1, 2, static_cast<int>(cwd), static_cast<int>(root)};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof fds)];
    iovec iov{g_request, size};
    msghdr message{};
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    cmsghdr* header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof fds);
    const char* from = reinterpret_cast<const char*>(fds);
    char* to = reinterpret_cast<char*>(CMSG_DATA(header));
    for (std::size_t i = 0; i < sizeof fds; ++i) to[i] = from[i];
    const long sent = syscall3(SYS_sendmsg, fd, reinterpret_cast<long>(&message), MSG_NOSIGNAL);
    close_fd(static_cast<int>(cwd));
    close_fd(static_cast<int>(root));
    if (sent != static_cast<long>(size)) {
        close_fd(fd);
        return declined("cannot send the run to the server");
    }

    // The guest's stop record, sent straight to this socket, or a reply (declined, or the guest
    // died without a record).
    long n;
    do n = syscall3(SYS_read, fd, reinterpret_cast<long>(&run.answer), sizeof run.answer); while (n == -EINTR);
    close_fd(fd);
    if (n <= 0) {
        run.state = FastState::WentAway;
        run.error = n < 0 ? static_cast<int>(-n) : 0;
        return;
    }
    run.size = n;
    run.state = FastState::Answered;
    if (n == static_cast<long>(sizeof(WarmReply)) && run.answer.reply.magic == kReplyMagic &&
        run.answer.reply.status == ReplyStatus::Declined)
        run.state = FastState::Declined;
}

}  // namespace celda::serve

// Called by celda_entry with the process's initial stack (argc, argv, NULL, envp, NULL, auxv).
// Returns to let the C library start; ends the process itself when the served run exited.
extern "C" [[gnu::used]] void celda_fast_start(long* stack) {
    using namespace celda::serve;
    const int argc = static_cast<int>(stack[0]);
    const char* const* argv = reinterpret_cast<const char* const*>(stack + 1);
    const char* const* envp = argv + argc + 1;
    // The auxiliary vector follows the environment: AT_EXECFN is the path celda was started as.
    const char* const* end = envp;
    while (*end) ++end;
    const char* executable = "";
    for (const long* aux = reinterpret_cast<const long*>(end + 1); aux[0] != AT_NULL; aux += 2)
        if (aux[0] == AT_EXECFN) executable = reinterpret_cast<const char*>(aux[1]);
    int program = 0;
    const char* dir = served_dir(argc, argv, envp, program);
    if (!dir) return;
    // A name ending in .exe is taken for a Windows program without opening it; the helper checks
    // the file itself and declines a run sent to the wrong socket.
    const std::uint32_t kind = named_exe(argv[program]) ? CELDA_PAYLOAD_WINDOWS_PE : payload_kind_of(argv[program]);
    if (kind == CELDA_PAYLOAD_NONE) return;  // main says what is wrong with it
    attempt_served_run(dir, kind, executable, argc, argv, envp);
    const FastRun& run = g_fast_run;
    if (run.state == FastState::Answered && run.size == static_cast<long>(sizeof(celda::report::StopRecord)) &&
        run.answer.record.magic == celda::report::kStopRecordMagic && run.answer.record.kind == celda::report::StopKind::Exit)
        for (;;) celda::sandbox::raw::syscall3(SYS_exit_group, run.answer.record.exit_status & 0xff, 0, 0);
}

// The ELF entry point: the kernel's initial stack is left as it was for _start (the C
// library's entry), and %rdx (a function for atexit, per the ABI; 0 from the kernel) kept.
asm(R"(
    .text
    .globl celda_entry
    .type celda_entry, @function
celda_entry:
    endbr64
    mov %rdx, %r12
    mov %rsp, %rdi
    call celda_fast_start
    mov %r12, %rdx
    jmp _start
    .size celda_entry, .-celda_entry
)");
