#include "serve/server.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <list>
#include <optional>
#include <vector>

#include "backend_choice.h"
#include "exit_status.h"
#include "image/elf_image.h"
#include "program.h"
#include "sandbox/sandbox_backend.h"
#include "sandbox/warm_guest.h"
#include "serve/fd_message.h"
#include "serve/run_request.h"
#include "serve/served_run.h"
#include "serve/warm_reply.h"
#include "serve/warm_layout.h"

namespace celda::serve {
namespace {

int fail_with(const std::string& message) {
    std::fprintf(stderr, "celda serve: %s\n", message.c_str());
    return exit_status::kCeldaFailed;
}

int open_pidfd(int pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

// A guest process the server watches: a warm one waiting for a run, or one running a run.
struct Guest {
    sandbox::WarmGuest process;
    int pidfd = -1;
    int client = -1;        // once it has taken a run: our copy of the client's socket
    std::size_t stock = 0;  // index of its stock image
    std::uint64_t orphaned_ns = 0;  // when its client went away (0: it has not)
    bool ready = false;             // booted, waiting for a run ("READY")
    bool raised = false;            // at normal scheduling (see Server::loop)
};

// A client that has its stop record exits at once, usually before its guest is reaped: its
// guest is stopped only if it is still there this long after the client went away.
constexpr std::uint64_t kOrphanGraceNs = 100'000'000;

std::uint64_t monotonic_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<std::uint64_t>(ts.tv_nsec);
}

// How many warm guests wait per stock image: one takes a run while the next is ready for the
// following run. The one that took a run is replaced when the run ends, not while it runs,
// so booting never competes with a run (unless no warm guest is left: a burst of runs).
constexpr std::size_t kWarmPerImage = 2;

// A stock image, its listening socket, and the warm guests waiting on it.
struct Stock {
    const char* file;      // win32.img
    image::ElfImage image;
    sandbox::WarmPlanner planner;   // serve/served_run.h: what a warm guest makes of a run
    guest::GuestLayout layout;
    int listener = -1;
    std::vector<Guest> warm;
};

class Server {
public:
    explicit Server(std::vector<Stock> stocks) : stocks_(std::move(stocks)) {}
    ~Server();
    int loop(int signals);

private:
    void boot_warm(Stock& stock);
    void on_warm_report(Stock& stock, std::size_t index);
    void reap(Guest& guest);

    std::vector<Stock> stocks_;
    std::list<Guest> running_;
};

void Server::boot_warm(Stock& stock) {
    auto warm = sandbox::start_warm_guest(stock.image, stock.layout, stock.listener, stock.planner);
    if (!warm) {
        std::fprintf(stderr, "celda serve: %s (programs for %s run without the server meanwhile)\n",
                     warm.error().message.c_str(), stock.file);
        return;
    }
    stock.warm.push_back(Guest{*warm, open_pidfd(warm->pid), -1, static_cast<std::size_t>(&stock - stocks_.data())});
}

// The warm guest has booted ("READY"), has taken a run ("TAKEN" + the client's socket), or
// failed before it could.
void Server::on_warm_report(Stock& stock, std::size_t index) {
    Guest& guest = stock.warm[index];
    char message[sizeof(report::StopRecord)];
    ReceivedMessage received = receive_with_fds(guest.process.report_fd, message, 1);
    if (received.size == static_cast<ssize_t>(sizeof sandbox::kReadyMessage) && received.fds.empty() &&
        std::memcmp(message, sandbox::kReadyMessage, sizeof sandbox::kReadyMessage) == 0) {
        guest.ready = true;
        return;
    }
    ::close(guest.process.report_fd);
    guest.process.report_fd = -1;
    if (received.size == static_cast<ssize_t>(sizeof sandbox::kTakenMessage) && received.fds.size() == 1 &&
        std::memcmp(message, sandbox::kTakenMessage, sizeof sandbox::kTakenMessage) == 0) {
        guest.client = received.fds[0];
    } else {
        for (int fd : received.fds) ::close(fd);
        if (received.size == static_cast<ssize_t>(sizeof(report::StopRecord))) {
            report::StopRecord record;
            std::memcpy(&record, message, sizeof record);
            std::fprintf(stderr, "celda serve: a warm guest for %s failed before any run: %.*s\n", stock.file,
                         static_cast<int>(std::min<std::uint32_t>(record.message_length, report::kMaxMessage)), record.message);
        }
    }
    running_.push_back(guest);
    stock.warm.erase(stock.warm.begin() + static_cast<std::ptrdiff_t>(index));
}

// A guest ended. It sent its stop record to the client itself; if it died without one (killed),
// this reply is what the client reads instead (sent after anything the guest sent).
void Server::reap(Guest& guest) {
    int status = 0;
    while (::waitpid(guest.process.pid, &status, 0) < 0 && errno == EINTR) {}
    if (guest.client >= 0) {
        WarmReply reply{};
        reply.magic = kReplyMagic;
        reply.status = ReplyStatus::Ran;
        reply.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        reply.killed_by = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        ::send(guest.client, &reply, sizeof reply, MSG_NOSIGNAL | MSG_DONTWAIT);
        ::close(guest.client);
    }
    if (guest.process.report_fd >= 0) ::close(guest.process.report_fd);
    ::close(guest.pidfd);
    guest = Guest{};
}

Server::~Server() {
    // Waiting guests end by themselves once their listening socket is shut down: their handover
    // helpers see accept fail and exit first (SIGKILL to a guest would orphan its helper, left
    // for init to reap). A guest still there after a moment is killed.
    for (Stock& stock : stocks_) ::shutdown(stock.listener, SHUT_RDWR);
    auto stop = [](Guest& guest) {
        pollfd exited{guest.pidfd, POLLIN, 0};
        if (guest.pidfd < 0 || ::poll(&exited, 1, 200) != 1) ::kill(guest.process.pid, SIGKILL);
        ::waitpid(guest.process.pid, nullptr, 0);
        if (guest.client >= 0) ::close(guest.client);
    };
    for (Stock& stock : stocks_)
        for (Guest& guest : stock.warm) stop(guest);
    for (Guest& guest : running_) {
        ::kill(guest.process.pid, SIGKILL);  // a run in progress: stopped, as Ctrl-C on its client would
        stop(guest);
    }
}

int Server::loop(int signals) {
    for (;;) {
        // Top the pools up (a guest that could not start is retried when something happens):
        // to one while runs of that image are in progress, else to kWarmPerImage.
        for (Stock& stock : stocks_) {
            const std::size_t index = static_cast<std::size_t>(&stock - stocks_.data());
            bool busy = false;
            for (const Guest& guest : running_) busy = busy || guest.stock == index;
            const std::size_t target = busy ? 1 : kWarmPerImage;
            while (stock.warm.size() < target) {
                const std::size_t before = stock.warm.size();
                boot_warm(stock);
                if (stock.warm.size() == before) break;
            }
        }
        // Warm guests boot at SCHED_IDLE (run_warm_child) so that a spare never slows a run
        // down. One that has booted waits at normal scheduling (it uses no CPU then, and takes
        // a run at once even on a busy machine). While no run is in progress, the first one
        // still booting is raised too, so that a spare gets ready even on a busy machine; a
        // run that starts puts it back, so that it never competes with that run for a CPU.
        const bool runs_in_progress = !running_.empty();
        for (Stock& stock : stocks_)
            for (Guest& guest : stock.warm) {
                const bool raise = guest.ready || (!runs_in_progress && &guest == &stock.warm.front());
                if (raise == guest.raised) continue;
                sched_param param{};
                ::sched_setscheduler(guest.process.pid, raise ? SCHED_OTHER : SCHED_IDLE, &param);
                guest.raised = raise;
            }
        // 0: signals; per stock, per warm guest slot: its report socket and pidfd; per running
        // guest: its pidfd and its client's socket (hung up: the client went away).
        std::vector<pollfd> polls{{signals, POLLIN, 0}};
        for (Stock& stock : stocks_)
            for (std::size_t i = 0; i < kWarmPerImage; ++i) {
                const bool there = i < stock.warm.size();
                polls.push_back({there ? stock.warm[i].process.report_fd : -1, POLLIN, 0});
                polls.push_back({there ? stock.warm[i].pidfd : -1, POLLIN, 0});
            }
        for (Guest& guest : running_) {
            polls.push_back({guest.pidfd, POLLIN, 0});
            polls.push_back({guest.client, POLLRDHUP, 0});
        }
        // Wake up for the first orphaned guest whose grace period ends.
        int timeout_ms = -1;
        const std::uint64_t now = monotonic_ns();
        for (const Guest& guest : running_)
            if (guest.orphaned_ns) {
                const std::uint64_t due = guest.orphaned_ns + kOrphanGraceNs;
                const int ms = due <= now ? 0 : static_cast<int>((due - now + 999'999) / 1'000'000);
                timeout_ms = timeout_ms < 0 ? ms : std::min(timeout_ms, ms);
            }
        if (::poll(polls.data(), polls.size(), timeout_ms) < 0) {
            if (errno == EINTR) continue;
            return fail_with(std::string("poll: ") + std::strerror(errno));
        }
        if (polls[0].revents) return 0;
        std::size_t at = 1;
        for (Stock& stock : stocks_) {
            // Walk the slots backwards, so that removing one leaves the others' indexes valid.
            short revents[kWarmPerImage][2];
            for (std::size_t i = 0; i < kWarmPerImage; ++i) {
                revents[i][0] = polls[at++].revents;
                revents[i][1] = polls[at++].revents;
            }
            for (std::size_t i = kWarmPerImage; i-- > 0;) {
                if (i >= stock.warm.size()) continue;
                if (revents[i][0]) {
                    on_warm_report(stock, i);
                } else if (revents[i][1]) {
                    reap(stock.warm[i]);
                    stock.warm.erase(stock.warm.begin() + static_cast<std::ptrdiff_t>(i));
                    std::fprintf(stderr, "celda serve: a warm guest for %s ended before any run\n", stock.file);
                }
            }
        }
        // Guests that took a run this round were appended: they are polled from the next one.
        for (auto it = running_.begin(); it != running_.end() && at < polls.size();) {
            const short exited = polls[at++].revents, client = polls[at++].revents;
            if (client & (POLLRDHUP | POLLHUP | POLLERR)) {
                ::close(it->client);
                it->client = -1;
                it->orphaned_ns = monotonic_ns();
            }
            if (!exited && it->orphaned_ns && monotonic_ns() >= it->orphaned_ns + kOrphanGraceNs) {
                // The client went away (Ctrl-C) and the guest goes on: stop it, as `celda run`
                // would by dying. A guest at SCHED_IDLE has already sent its stop record (it
                // steps aside just before, sandbox/stop.cpp) and is only tearing down, slowly on
                // a busy machine: its client ended normally, nothing to report.
                const bool finishing = ::sched_getscheduler(it->process.pid) == SCHED_IDLE;
                ::kill(it->process.pid, SIGKILL);
                if (!finishing)
                    std::fprintf(stderr, "celda serve: the client of guest %d went away; the guest is stopped\n", it->process.pid);
                it->orphaned_ns = 0;
            }
            if (exited) {
                reap(*it);
                it = running_.erase(it);
            } else {
                ++it;
            }
        }
    }
}

// The folder holding the sockets: created 0700 if missing, and it must be this user's alone.
Result<void> prepare_dir(const std::string& dir) {
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return fail("cannot create " + dir + ": " + std::strerror(errno));
    struct stat st{};
    if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid() || (st.st_mode & 077))
        return fail(dir + " is not a folder of this user's alone (mode 0700); choose another with --dir");
    return {};
}

Result<int> listen_at(const std::string& path) {
    sockaddr_un address;
    if (!unix_address(path, address)) return fail("socket path too long: " + path);
    int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (fd < 0) return fail(std::string("socket: ") + std::strerror(errno));
    struct stat st{};
    if (::lstat(path.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) { ::close(fd); return fail(path + " exists and is not a socket"); }
        // A server already there? Otherwise the socket is left over from one that died.
        if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
            ::close(fd);
            return fail("another celda serve is already serving " + path.substr(0, path.rfind('/')));
        }
        ::unlink(path.c_str());
    }
    mode_t old = ::umask(0177);  // the socket is 0600 from birth
    int bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::umask(old);
    if (bound != 0 || ::listen(fd, 64) != 0) {
        std::string why = std::strerror(errno);
        ::close(fd);
        return fail("cannot listen on " + path + ": " + why);
    }
    return fd;
}

}  // namespace

std::string socket_for(const std::string& dir, std::uint32_t payload_kind) {
    return dir + "/" + (payload_kind == CELDA_PAYLOAD_WINDOWS_PE ? kWin32Socket : kPosixSocket);
}

Result<std::string> default_dir() {
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime) return std::string(runtime) + "/celda";
    return "/tmp/celda-" + std::to_string(::getuid());
}

int serve(const cli::ServeOptions& options) {
    std::string dir = options.dir;
    if (dir.empty()) {
        auto fallback = default_dir();
        if (!fallback) return fail_with(fallback.error().message);
        dir = *fallback;
    }
    auto own = own_directory();
    if (!own) return fail_with(own.error().message);
    auto celda = file_id("/proc/self/exe");
    if (!celda) return fail_with(celda.error().message);
    if (auto ready = prepare_dir(dir); !ready) return fail_with(ready.error().message);
    auto dir_id = file_id(dir);
    if (!dir_id) return fail_with(dir_id.error().message);
    auto root = own_root();
    if (!root) return fail_with(root.error().message);
    // What `--backend auto` means here, decided once: a served run's helper does not ask again.
    auto backend = choose_backend(cli::Backend::Auto);
    if (!backend) return fail_with(backend.error().message);

    // SIGINT/SIGTERM end the loop through a signalfd (guests unblock them again); SIGPIPE never
    // kills the server.
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    ::sigprocmask(SIG_BLOCK, &mask, nullptr);
    int signals = ::signalfd(-1, &mask, SFD_CLOEXEC);
    ::signal(SIGPIPE, SIG_IGN);
    if (signals < 0) return fail_with(std::string("signalfd: ") + std::strerror(errno));
    // The server's own work (a guest's "TAKEN", reaping, refilling) is never urgent: as a batch
    // task its wake-ups do not preempt a running guest (measured: ~55 µs taken from the middle
    // of a run's handover on the same CPU). It keeps a normal share of the CPU.
    sched_param batch{};
    ::sched_setscheduler(0, SCHED_BATCH, &batch);

    std::vector<Stock> stocks;
    std::vector<std::string> sockets;
    const struct { const char* file; std::uint32_t kind; } kStock[] = {{"win32.img", CELDA_PAYLOAD_WINDOWS_PE},
                                                                      {"posix.img", CELDA_PAYLOAD_LINUX_ELF}};
    auto cleanup = [&] { for (const std::string& s : sockets) ::unlink(s.c_str()); };
    for (const auto& entry : kStock) {
        const std::string image_path = *own + "/" + entry.file;
        if (::access(image_path.c_str(), F_OK) != 0) continue;
        auto image = image::load_elf_image(image_path);
        auto id = file_id(image_path);
        auto layout = image ? warm_layout(image->span) : Result<guest::GuestLayout>(std::unexpected(image.error()));
        if (!image || !id || !layout) {
            cleanup();
            return fail_with(!image ? image.error().message : !id ? id.error().message : layout.error().message);
        }
        const std::string path = socket_for(dir, entry.kind);
        auto listener = listen_at(path);
        if (!listener) {
            cleanup();
            return fail_with(listener.error().message);
        }
        sockets.push_back(path);
        ServerFacts facts{*celda, entry.kind, *id, *dir_id, *root, *own, backend->backend, backend->reason};
        stocks.push_back(Stock{entry.file, std::move(*image), planner_for(std::move(facts)), *layout, *listener, {}});
    }
    if (stocks.empty()) return fail_with("no stock image (win32.img, posix.img) beside " + *own + "/celda to keep warm");

    std::fprintf(stderr, "celda serve: serving %s; runs use it with CELDA_SERVER=%s (or --server)\n", dir.c_str(), dir.c_str());
    int status;
    {
        Server server(std::move(stocks));
        status = server.loop(signals);
    }
    cleanup();
    return status;
}

}  // namespace celda::serve
