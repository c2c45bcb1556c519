#include "sandbox/warm_guest.h"

#include <poll.h>
#include <signal.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <optional>
#include <string>

#include "celda/contract.h"
#include "exit_status.h"
#include "sandbox/child_state.h"
#include "sandbox/raw_syscall.h"
#include "sandbox/stop.h"
#include "serve/fd_message.h"
#include "serve/run_request.h"
#include "serve/warm_reply.h"
#include "serve/warm_layout.h"

namespace celda::sandbox {

namespace {

// Shared by the guest process and its handover helper (same memory).
struct WarmState {
    bool armed = false;
    guest::GuestMemory* memory = nullptr;
    guest::GuestLayout layout{};
    guest::BootInputs inputs;          // hypercall entry, backend: kept for the run
    WarmPlanner planner;
    pid_t guest = 0;                   // the guest process, the helper's parent
    int helper_pidfd = -1;
    std::atomic<bool> booted{false};       // the guest is in AWAIT_PAYLOAD: the helper says READY
    std::atomic<bool> handed_over{false};  // the helper set up a run: the guest runs it
    std::atomic<int> exit_status{exit_status::kCeldaFailed};  // the guest's, if it gets no run
};

// Constructed on first use, in the child only (the server never arms one).
WarmState& warm() {
    static WarmState state;
    return state;
}

// Normal scheduling for the helper and the guest: the run starts now, and a spare booted at
// SCHED_IDLE must not wait for an idle CPU to take it.
void raise_to_normal(pid_t pid) {
    sched_param normal{};
    ::sched_setscheduler(pid, SCHED_OTHER, &normal);
}

// The helper has nothing to run (the server is shutting down, or declined the run): it ends,
// and so does the guest, quietly.
[[noreturn]] void end_without_run() {
    warm().exit_status.store(0);
    ::_exit(0);
}

std::uint64_t clock_ns(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<std::uint64_t>(ts.tv_nsec);
}

// Tells the client why no warm guest runs its program (it then runs it itself).
void decline(int client, const std::string& why) {
    serve::WarmReply reply{};
    reply.magic = serve::kReplyMagic;
    reply.status = serve::ReplyStatus::Declined;
    reply.reason_length = static_cast<std::uint32_t>(std::min(why.size(), sizeof reply.reason));
    std::memcpy(reply.reason, why.data(), reply.reason_length);
    ::send(client, &reply, sizeof reply, MSG_NOSIGNAL);
}

// The run is this guest's: tell the server, point stdio and the stop record at the client, map
// the program and its DLLs, rewrite the boot info. Returns by ending the helper: the guest wakes.
[[noreturn]] void take_run(int client, const std::vector<int>& fds, WarmPlan plan) {
    WarmState& state = warm();
    ::close(kWarmListenFd);
    // Tell the server (it boots the next guest and watches this client), then the client's
    // socket becomes the report channel, at the fd the filter pins: the stop record goes
    // straight to the waiting `celda run`.
    const int handover[] = {client};
    serve::send_with_fds(g_child.report_fd, std::string_view(kTakenMessage, sizeof kTakenMessage), handover);
    if (::dup2(client, kWarmRunReportFd) < 0) ::_exit(exit_status::kCeldaFailed);
    ::close(client);
    g_child.report_fd = kWarmRunReportFd;

    // The client's stdio becomes ours (its working directory was only for the planner).
    for (int i = 0; i < 3; ++i)
        if (::dup2(fds[i], i) < 0) report_setup_error(std::string("warm guest: dup2: ") + std::strerror(errno));
    for (int fd : fds) ::close(fd);
    for (const std::string& line : plan.trace_lines) {
        const std::string text = line + "\n";
        raw::write_all(2, text.data(), text.size());
    }

    // The program and its DLLs are mapped copy-on-write into the window.
    guest::GuestLayout layout = state.layout;
    if (!serve::place_in_window(layout, plan.program_size, plan.inputs.companions))
        report_setup_error("warm guest: the program and its DLLs do not fit the window");
    auto map = [&](std::uint64_t at, std::uint64_t size, int fd) {
        // Each file must still be of the size the plan saw, or pages past its end would fault
        // in the guest (SIGBUS) instead of failing here.
        struct stat st{};
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || static_cast<std::uint64_t>(st.st_size) != size)
            report_setup_error("warm guest: the program or a DLL changed size while the run was set up");
        if (size == 0) return;
        auto mapped = state.memory->map_file(at, (size + CELDA_PAGE_SIZE - 1) & ~(CELDA_PAGE_SIZE - 1),
                                               PROT_READ | PROT_WRITE, fd, 0);
        if (!mapped) report_setup_error("warm guest: " + mapped.error().message);
    };
    if (plan.files.size() != 1 + plan.inputs.companions.size()) report_setup_error("warm guest: a plan without its files");
    map(layout.payload_start, plan.program_size, plan.files[0]);
    std::uint64_t at = layout.companions_start;
    for (std::size_t i = 0; i < plan.inputs.companions.size(); ++i) {
        map(at, plan.inputs.companions[i].size, plan.files[1 + i]);
        at = guest::next_payload_file(at, plan.inputs.companions[i].size);
    }

    guest::BootInputs inputs = std::move(plan.inputs);
    inputs.hypercall_entry = state.inputs.hypercall_entry;
    inputs.backend = state.inputs.backend;
    inputs.wall_clock_ns = clock_ns(CLOCK_REALTIME);
    inputs.monotonic_ns = clock_ns(CLOCK_MONOTONIC);
    inputs.boot_flags = 0;
    if (auto written = guest::write_boot_info(*state.memory, layout, inputs); !written)
        report_setup_error(written.error().message);
    g_child.trace = plan.monitor_trace;
    g_child.warm = true;
    plan = WarmPlan{};  // the guest's mappings stay; the planner's go
    state.handed_over.store(true, std::memory_order_release);
    ::_exit(0);  // the guest wakes up
}

// The handover helper: a process sharing the guest's memory and descriptors but not its seccomp
// filter. It waits for the guest to boot, accepts one run, sets it up and exits; the guest,
// filtered from its first instruction, waits for that exit in AWAIT_PAYLOAD.
int run_helper(void*) {
    WarmState& state = warm();
    // Never outlive the guest: its memory is what this process writes the run into.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != state.guest) ::_exit(0);
    while (!state.booted.load(std::memory_order_acquire)) {
        timespec nap{0, 1'000'000};
        ::nanosleep(&nap, nullptr);
    }
    // Booted: both wait at normal scheduling from here on (waiting uses no CPU), and the server
    // knows the guest is ready.
    raise_to_normal(0);
    raise_to_normal(state.guest);
    ::send(g_child.report_fd, kReadyMessage, sizeof kReadyMessage, MSG_NOSIGNAL);

    static char data[serve::kMaxRunRequestBytes];
    for (;;) {
        const int client = ::accept4(kWarmListenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            end_without_run();  // the server closed the socket: shutting down, nothing to run
        }
        // Only the server's own user may hand us a program (the socket is 0600 as well).
        ucred peer{};
        socklen_t length = sizeof peer;
        // A client sends its run right after connecting; one that stays silent is dropped after
        // a second instead of holding this guest.
        const timeval patience{1, 0};
        serve::ReceivedMessage received;
        if (::getsockopt(client, SOL_SOCKET, SO_PEERCRED, &peer, &length) == 0 && peer.uid == ::getuid() &&
            ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience) == 0) {
            received = serve::receive_with_fds(client, data, serve::kRunRequestFds);
            if (received.size > 0 && !received.truncated && received.fds.size() == serve::kRunRequestFds) {
                auto run = serve::decode_run_request(std::string_view(data, static_cast<std::size_t>(received.size)));
                auto planned = run ? state.planner(*run, received.fds[3], received.fds[4])
                                   : std::variant<WarmPlan, std::string>("warm guest: " + run.error().message);
                if (WarmPlan* plan = std::get_if<WarmPlan>(&planned)) take_run(client, received.fds, std::move(*plan));
                decline(client, std::get<std::string>(planned));
            }
        }
        // Declined, or a client that went away or sent nonsense: this guest waits for the next.
        for (int fd : received.fds) ::close(fd);
        ::close(client);
    }
}

}  // namespace

void arm_warm_guest(guest::GuestMemory& memory, const guest::GuestLayout& layout, guest::BootInputs inputs,
                    const WarmPlanner& planner) {
    WarmState& state = warm();
    state.planner = planner;
    state.memory = &memory;
    state.layout = layout;
    state.inputs = std::move(inputs);
    state.armed = true;
}

void start_handover_helper() {
    WarmState& state = warm();
    constexpr std::size_t kStackBytes = 256 << 10;
    void* stack = ::mmap(nullptr, kStackBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) report_setup_error(std::string("warm guest: no stack for the handover helper: ") + std::strerror(errno));
    state.guest = ::getpid();
    // The guest cannot wait() for the helper under its filter, only watch its pidfd: with
    // SIGCHLD ignored the kernel reaps the helper itself, instead of leaving a zombie that init
    // would have to reap after the guest (and some inits never do).
    struct sigaction reap{};
    reap.sa_handler = SIG_IGN;
    reap.sa_flags = SA_NOCLDWAIT;
    ::sigaction(SIGCHLD, &reap, nullptr);
    // Shares memory, descriptors and cwd; not the filter (installed after this), not the signal
    // handlers' table.
    const pid_t pid = ::clone(run_helper, static_cast<char*>(stack) + kStackBytes,
                              CLONE_VM | CLONE_FILES | CLONE_FS | SIGCHLD, nullptr);
    if (pid < 0) report_setup_error(std::string("warm guest: cannot start the handover helper: ") + std::strerror(errno));
    state.helper_pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (state.helper_pidfd < 0) report_setup_error(std::string("warm guest: cannot watch the handover helper: ") + std::strerror(errno));
}

long await_payload() {
    WarmState& state = warm();
    if (!state.armed) return -CELDA_ENOSYS;
    state.armed = false;
    // Under the filter from here: ppoll on one descriptor, no signal mask, is all it takes.
    state.booted.store(true, std::memory_order_release);
    pollfd helper{state.helper_pidfd, POLLIN, 0};
    while (raw::syscall4(SYS_ppoll, reinterpret_cast<long>(&helper), 1, 0, 0) <= 0) {
    }
    // Ended without a run (shutdown, declined, a setup error it has reported): so does the guest.
    if (!state.handed_over.load(std::memory_order_acquire)) raw::exit_group(state.exit_status.load());
    return 0;
}

}  // namespace celda::sandbox
