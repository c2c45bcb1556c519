#include "sandbox/sandbox_backend.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>

#include "celda/contract.h"
#include "exit_status.h"
#include "guest/boot_info.h"
#include "guest/guest_memory.h"
#include "guest/image_loader.h"
#include "hostfs/broker.h"
#include "sandbox/child_state.h"
#include "sandbox/crash_handler.h"
#include "sandbox/hypercalls.h"
#include "sandbox/raw_syscall.h"
#include "sandbox/seccomp_policy.h"
#include "sandbox/stop.h"
#include "sandbox/syscall_trap.h"
#include "sandbox/warm_guest.h"
#include "unique_fd.h"

namespace celda::sandbox {

ChildState g_child;

namespace {

// The report pipe's write end is moved here in the child, so the fd the filter pins is fixed.
constexpr int kReportFd = 3;


// Owns a child until it has been reaped: kills and reaps it if the parent bails out early.
class ChildProcess {
public:
    explicit ChildProcess(pid_t pid) : pid_(pid) {}
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            wait();
        }
    }
    pid_t pid() const { return pid_; }
    int wait() {
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {}
        pid_ = -1;
        return status;
    }
private:
    pid_t pid_;
};

std::uint64_t clock_ns(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<std::uint64_t>(ts.tv_nsec);
}


// Jumps to the guest with %rdi = boot info. The guest switches to its own stack; if its entry
// ever returns, that is reported like a panic.
[[noreturn]] void enter_guest(std::uint64_t entry, std::uint64_t boot_info) {
    asm volatile(
        "and $-16, %%rsp\n\t"
        "xor %%ebp, %%ebp\n\t"  // end of the frame-pointer chain for backtraces
        "call *%0\n\t"
        : : "r"(entry), "D"(boot_info) : "memory");
    static constexpr char kReturned[] = "the guest's entry point returned instead of calling exit";
    report::StopRecord& record = begin_stop(report::StopKind::Abort);
    set_stop_message(record, kReturned, sizeof kReturned - 1);
    finish_stop(record, exit_status::kGuestAborted);
}

// What the child needs that can be prepared before fork: built in the parent, the child only
// reads it (no malloc after fork, so no copy-on-write faults on heap pages in either process).
struct ChildPlan {
    guest::BootInputs inputs;          // all but the clocks, read in the child
    std::vector<sock_filter> filter;
};

// Everything the child does before the guest's first instruction but the boot info and the
// seccomp filter: guest memory, the image (and payload, if any), the fds it keeps (report pipe
// at kReportFd, the broker or a warm guest's listening socket at kBrokerFd = kWarmListenFd,
// nothing else but stdio), no core dumps or ptrace, and the fault and syscall handlers.
guest::GuestMemory& prepare_child(const SandboxRun& run, int report_write_fd, int link_fd) {
    // Setup errors before the fds move below still reach the parent.
    g_child.report_fd = report_write_fd;
    // Guest memory and the image first, while the image and payload files are still open at
    // whatever fds they have: their pages are mapped from the files copy-on-write, and the
    // close_range below drops the descriptors (the mappings need none).
    auto memory = guest::GuestMemory::map_at_guest_base(run.layout.mem_size);
    if (!memory) report_setup_error(memory.error().message);
    // Never destroyed: the child never returns, and the handlers need it until exit. Placed in
    // static storage rather than on the heap: no malloc in the child.
    alignas(guest::GuestMemory) static unsigned char s_memory_storage[sizeof(guest::GuestMemory)];
    guest::GuestMemory* s_memory = new (s_memory_storage) guest::GuestMemory(std::move(*memory));
    g_child.memory = s_memory;

    auto mapped = guest::map_image(*s_memory, run.layout, *run.image);
    if (!mapped) report_setup_error(mapped.error().message);
    if (!*mapped) {
        if (auto copied = guest::copy_image(*s_memory, run.layout, *run.image); !copied)
            report_setup_error(copied.error().message);
        if (auto protected_ = guest::protect_image(*s_memory, run.layout, *run.image); !protected_)
            report_setup_error(protected_.error().message);
    }
    if (auto placed = guest::place_payload(*s_memory, run.layout, run.payload, true); !placed)
        report_setup_error(placed.error().message);

    // Put the report pipe and the broker socket at known fds (moved out of the way first, so
    // neither overwrites the other), then close everything else but stdio.
    constexpr int kOutOfTheWay = 64;
    report_write_fd = ::fcntl(report_write_fd, F_DUPFD, kOutOfTheWay);
    if (link_fd >= 0) link_fd = ::fcntl(link_fd, F_DUPFD, kOutOfTheWay);
    if (report_write_fd < 0 || ::dup2(report_write_fd, kReportFd) < 0) ::_exit(exit_status::kCeldaFailed);
    if (link_fd >= 0 && ::dup2(link_fd, hostfs::kBrokerFd) < 0) ::_exit(exit_status::kCeldaFailed);
    g_child.report_fd = kReportFd;
    g_child.trace = run.trace;
    ::close_range(link_fd >= 0 ? hostfs::kBrokerFd + 1 : kReportFd + 1, ~0u, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive celda
    if (::getppid() == 1) ::_exit(exit_status::kCeldaFailed);

    // No core files from a crashing guest, and no ptrace/proc access to this process.
    rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    ::prctl(PR_SET_DUMPABLE, 0);

    g_child.image_start = run.layout.image_start;
    g_child.image_end = run.layout.image_end;
    if (auto handlers = install_crash_handlers(); !handlers) report_setup_error(handlers.error().message);
    if (auto trap = install_syscall_trap(); !trap) report_setup_error(trap.error().message);
    return *s_memory;
}

[[noreturn]] void run_child(const SandboxRun& run, ChildPlan& plan, int report_write_fd, int broker_fd) {
    prepare_child(run, report_write_fd, broker_fd);
    if (broker_fd >= 0) {
        g_child.broker.connect(hostfs::kBrokerFd);
        // Received share files land in [kFirstFileFd, kFirstFileFd + kMaxOpenFiles), the range
        // the filter allows; the kernel refuses a descriptor beyond it.
        rlimit files{hostfs::kFirstFileFd + hostfs::kMaxOpenFiles, hostfs::kFirstFileFd + hostfs::kMaxOpenFiles};
        ::setrlimit(RLIMIT_NOFILE, &files);
    }

    guest::BootInputs& inputs = plan.inputs;
    inputs.wall_clock_ns = clock_ns(CLOCK_REALTIME);
    inputs.monotonic_ns = clock_ns(CLOCK_MONOTONIC);
    auto boot_info = guest::write_boot_info(*g_child.memory, run.layout, inputs);
    if (!boot_info) report_setup_error(boot_info.error().message);

    if (long rc = install_seccomp_filter(plan.filter); rc < 0)
        report_setup_error(std::string("cannot install the seccomp filter: ") + std::strerror(static_cast<int>(-rc)));

    // From here on: only the allow-listed syscalls.
    enter_guest(run.layout.image_start + run.image->entry, *boot_info);
}

// A warm guest: booted with no program and CELDA_BOOT_AWAIT_PAYLOAD, under the filter from its
// first instruction like any guest. Its handover helper (warm_guest.cpp) accepts a run on
// kWarmListenFd and sets it up while the guest waits in AWAIT_PAYLOAD.
[[noreturn]] void run_warm_child(const SandboxRun& run, ChildPlan& plan, int report_fd, int listen_fd,
                                 const WarmPlanner& planner) {
    guest::GuestMemory& memory = prepare_child(run, report_fd, listen_fd);
    sigset_t none;  // the server blocks SIGINT/SIGTERM for its signalfd; a guest starts with none blocked
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    guest::BootInputs& inputs = plan.inputs;
    inputs.wall_clock_ns = clock_ns(CLOCK_REALTIME);
    inputs.monotonic_ns = clock_ns(CLOCK_MONOTONIC);
    auto boot_info = guest::write_boot_info(*g_child.memory, run.layout, inputs);
    if (!boot_info) report_setup_error(boot_info.error().message);
    arm_warm_guest(memory, run.layout, std::move(plan.inputs), planner);
    start_handover_helper();
    if (long rc = install_seccomp_filter(plan.filter); rc < 0)
        report_setup_error(std::string("cannot install the seccomp filter: ") + std::strerror(static_cast<int>(-rc)));
    enter_guest(run.layout.image_start + run.image->entry, *boot_info);
}

// Waits for the child to exit, up to `deadline` (monotonic ns; 0 = none), serving the share
// broker meanwhile (broker_fd >= 0). False on timeout.
Result<bool> wait_for_exit(pid_t pid, std::uint64_t deadline, int broker_fd, const std::vector<hostfs::HostShare>* shares) {
    if (deadline == 0 && broker_fd < 0) return true;
    int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    UniqueFd owned(pidfd);
    if (pidfd < 0 && broker_fd >= 0) return fail(std::string("cannot watch the guest process (pidfd_open): ") + std::strerror(errno));
    for (;;) {
        std::uint64_t now = clock_ns(CLOCK_MONOTONIC);
        if (deadline && now >= deadline) return false;
        std::uint64_t left_ms = deadline ? (deadline - now + 999'999) / 1'000'000 : 1'000'000;
        if (pidfd >= 0) {
            pollfd p[2] = {{pidfd, POLLIN, 0}, {broker_fd, POLLIN, 0}};
            int rc = ::poll(p, broker_fd >= 0 ? 2 : 1, static_cast<int>(std::min<std::uint64_t>(left_ms, 1'000'000)));
            if (rc > 0 && (p[1].revents & POLLIN)) {
                if (!hostfs::serve_one(broker_fd, *shares)) broker_fd = -1;  // the child is gone
                continue;
            }
            if (rc > 0 && (p[1].revents & (POLLHUP | POLLERR))) broker_fd = -1;
            if (rc > 0 && (p[0].revents & POLLIN)) return true;
            if (rc < 0 && errno != EINTR) return fail(std::string("cannot wait for the guest: ") + std::strerror(errno));
        } else {
            // Kernels without pidfd_open (before 5.3): poll the child's state.
            siginfo_t info{};
            if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
                return true;
            ::usleep(static_cast<useconds_t>(std::min<std::uint64_t>(left_ms, 10) * 1000));
        }
    }
}

}  // namespace

std::optional<report::StopRecord> read_stop_record(int fd) {
    report::StopRecord record{};
    std::size_t done = 0;
    auto* bytes = reinterpret_cast<char*>(&record);
    while (done < sizeof record) {
        ssize_t n = ::read(fd, bytes + done, sizeof record - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    if (done != sizeof record || record.magic != report::kStopRecordMagic) return std::nullopt;
    return record;
}

Result<SandboxOutcome> run_sandboxed(const SandboxRun& run) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return fail(std::string("cannot create the report pipe: ") + std::strerror(errno));
    UniqueFd read_end(fds[0]), write_end(fds[1]);
    // Host shares: a socketpair to the broker this process runs while the child lives.
    UniqueFd broker_parent, broker_child;
    const bool with_shares = run.shares && !run.shares->empty();
    if (with_shares) {
        int pair[2];
        if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
            return fail(std::string("cannot create the host-share socket: ") + std::strerror(errno));
        broker_parent.reset(pair[0]);
        broker_child.reset(pair[1]);
    }

    ChildPlan plan;
    plan.inputs.argv = run.argv;
    plan.inputs.env = run.env;
    plan.inputs.hypercall_entry = reinterpret_cast<std::uint64_t>(&sandbox_hypercall);
    plan.inputs.backend = CELDA_BACKEND_SANDBOX;
    plan.inputs.payload_kind = run.payload_kind;
    if (run.payload_kind != CELDA_PAYLOAD_NONE) plan.inputs.payload_path = run.argv.front();
    plan.inputs.companions = run.boot_companions;
    plan.inputs.trace_flags = run.trace_flags;
    plan.inputs.shares = run.boot_shares;
    plan.inputs.workdir = run.workdir;
    plan.filter = build_seccomp_filter(kReportFd, guest::GuestMemory::base(),
                                       guest::GuestMemory::base() + run.layout.mem_size, with_shares);

    std::uint64_t deadline = run.timeout ? clock_ns(CLOCK_MONOTONIC) + static_cast<std::uint64_t>(run.timeout->count()) : 0;
    std::fflush(nullptr);  // the child must not flush the parent's buffered output again
    pid_t pid = ::fork();
    if (pid < 0) return fail(std::string("cannot start the sandbox process: ") + std::strerror(errno));
    if (pid == 0) {
        read_end.release();  // not closed here: close_range does it with everything else
        broker_parent.release();
        run_child(run, plan, write_end.get(), broker_child.get());
    }
    ChildProcess child(pid);
    write_end.reset();
    broker_child.reset();

    SandboxOutcome outcome;
    auto exited = wait_for_exit(pid, deadline, with_shares ? broker_parent.get() : -1, run.shares);
    if (!exited) return std::unexpected(exited.error());
    if (!*exited) {
        ::kill(pid, SIGKILL);
        child.wait();
        outcome.timed_out = true;
        return outcome;
    }
    int status = child.wait();
    if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) outcome.killed_by = WTERMSIG(status);
    outcome.record = read_stop_record(read_end.get());
    return outcome;
}

Result<WarmGuest> start_warm_guest(const image::ElfImage& image, const guest::GuestLayout& layout, int listen_fd,
                                   const WarmPlanner& planner) {
    // A socket, not a pipe: "TAKEN" carries the client's socket to the server.
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
        return fail(std::string("cannot create a warm guest's report socket: ") + std::strerror(errno));
    UniqueFd ours(pair[0]), theirs(pair[1]);

    SandboxRun run{&image, layout, {}, {}};
    ChildPlan plan;
    plan.inputs.hypercall_entry = reinterpret_cast<std::uint64_t>(&sandbox_hypercall);
    plan.inputs.backend = CELDA_BACKEND_SANDBOX;
    plan.inputs.boot_flags = CELDA_BOOT_AWAIT_PAYLOAD;
    plan.filter = build_seccomp_filter(kWarmRunReportFd, guest::GuestMemory::base(),
                                       guest::GuestMemory::base() + layout.mem_size, false, true);

    std::fflush(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) return fail(std::string("cannot start a warm guest: ") + std::strerror(errno));
    if (pid == 0) {
        ours.release();
        run_warm_child(run, plan, theirs.get(), listen_fd, planner);
    }
    // Booting ahead of demand uses only CPU time nobody else wants (SCHED_IDLE): it never slows
    // a run down. Set here, not by the child: the server raises guests later (serve/server.cpp),
    // and a child lowering itself could undo that. The guest returns to normal scheduling
    // when it takes a run.
    sched_param idle{};
    ::sched_setscheduler(pid, SCHED_IDLE, &idle);
    return WarmGuest{pid, ours.release()};
}

}  // namespace celda::sandbox
