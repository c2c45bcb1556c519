#include "serve/server.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <list>
#include <optional>
#include <vector>

#include "exit_status.h"
#include "image/elf_image.h"
#include "program.h"
#include "sandbox/sandbox_backend.h"
#include "serve/fd_message.h"
#include "serve/warm_request.h"

namespace celda::serve {
namespace {

int fail_with(const std::string& message) {
    std::fprintf(stderr, "celda serve: %s\n", message.c_str());
    return exit_status::kCeldaFailed;
}

void close_all(const std::vector<int>& fds) {
    for (int fd : fds) ::close(fd);
}

// A stock image and the warm guest booted for it (forked; it may still be booting: a run sent
// meanwhile waits in its socket until it reaches AWAIT_PAYLOAD).
struct Stock {
    const char* file;
    std::uint32_t payload_kind;
    image::ElfImage image;
    FileId id;
    guest::GuestLayout layout;
    std::optional<sandbox::WarmGuest> warm;
    int warm_pidfd = -1;
};

// A run in progress: the client waits for the reply.
struct Run {
    int client = -1;
    sandbox::WarmGuest guest;
    int pidfd = -1;
    std::optional<report::StopRecord> record;
    bool replied = false;
};

class Server {
public:
    Server(int listener, FileId celda, std::vector<Stock> stocks)
        : listener_(listener), celda_(celda), stocks_(std::move(stocks)) {}

    int loop(int signals);

private:
    void boot_warm(Stock& stock);
    void accept_client();
    void take_request(int client);
    void reply(int client, const WarmReply& reply);
    void decline(int client, const std::string& why);
    void on_report(Run& run);
    void on_exit(Run& run);
    void shut_down();

    int listener_;
    FileId celda_;
    std::vector<Stock> stocks_;
    std::vector<int> pending_;  // accepted, request not read yet
    std::list<Run> runs_;
};

int open_pidfd(int pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

void Server::boot_warm(Stock& stock) {
    auto warm = sandbox::start_warm_guest(stock.image, stock.layout);
    if (!warm) {
        std::fprintf(stderr, "celda serve: %s (programs for %s run without the server until the next try)\n",
                     warm.error().message.c_str(), stock.file);
        return;
    }
    stock.warm = *warm;
    stock.warm_pidfd = open_pidfd(warm->pid);
}

void Server::accept_client() {
    int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (client < 0) return;
    // Only this user's processes may hand us programs (the socket is 0600 as well).
    ucred peer{};
    socklen_t length = sizeof peer;
    if (::getsockopt(client, SOL_SOCKET, SO_PEERCRED, &peer, &length) != 0 || peer.uid != ::getuid()) {
        ::close(client);
        return;
    }
    // The client sends its run right after connecting: usually it is already there, which
    // saves a round of poll (~50 µs here). If not, it waits among the pending clients.
    take_request(client);
}

void Server::reply(int client, const WarmReply& reply) {
    ::send(client, &reply, sizeof reply, MSG_NOSIGNAL);
}

void Server::decline(int client, const std::string& why) {
    WarmReply answer{};
    answer.magic = kReplyMagic;
    answer.status = ReplyStatus::Declined;
    answer.reason_length = static_cast<std::uint32_t>(std::min(why.size(), sizeof answer.reason));
    std::memcpy(answer.reason, why.data(), answer.reason_length);
    reply(client, answer);
    ::close(client);
}

void Server::take_request(int client) {
    static char data[kMaxRequestBytes];
    ReceivedMessage received = receive_with_fds(client, data, kMaxRequestFds, MSG_DONTWAIT);
    const ssize_t n = received.size;
    if (n < 0 && errno == EAGAIN) {
        pending_.push_back(client);
        return;
    }
    std::vector<int> fds = std::move(received.fds);
    if (n <= 0 || received.truncated) {
        close_all(fds);
        ::close(client);
        return;
    }
    auto request = decode_request(std::string_view(data, static_cast<std::size_t>(n)));
    Stock* stock = nullptr;
    std::string why;
    if (!request) {
        why = request.error().message;
    } else if (request->celda != celda_) {
        why = "the server runs another celda build; restart `celda serve`";
    } else {
        for (Stock& s : stocks_)
            if (s.payload_kind == request->payload_kind) stock = &s;
        if (!stock) why = "no warm guest for this kind of program";
        else if (request->image != stock->id) why = std::string(stock->file) + " changed since the server started; restart `celda serve`";
        else if (fds.size() + 1 > kMaxRequestFds || fds.size() != 4 + request->inputs.companions.size()) why = "the run came with the wrong descriptors";
        else if (!stock->warm) boot_warm(*stock);
        if (why.empty() && !stock->warm) why = "no warm guest could be started";
    }
    if (!why.empty()) {
        close_all(fds);
        decline(client, why);
        return;
    }

    // Hand the run over as it came; the guest checks it again.
    sandbox::WarmGuest guest = *stock->warm;
    int pidfd = stock->warm_pidfd;
    stock->warm.reset();
    stock->warm_pidfd = -1;
    // The same message and descriptors, plus the client's socket: the guest sends its stop
    // record straight there (one hop less on every run).
    fds.push_back(client);
    const bool sent = send_with_fds(guest.request_fd, std::string_view(data, static_cast<std::size_t>(n)), fds) == n;
    fds.pop_back();  // the client's socket stays open here too: the reply after reaping uses it
    close_all(fds);
    ::close(guest.request_fd);
    guest.request_fd = -1;
    Run run;
    run.client = client;
    run.guest = guest;
    run.pidfd = pidfd;
    if (!sent) ::kill(guest.pid, SIGKILL);  // reported when it is reaped
    runs_.push_back(run);
}

// The report pipe: a guest that took its run sends its stop record to the client instead, so
// a record here means the guest failed before it could (a setup error in AWAIT_PAYLOAD).
void Server::on_report(Run& run) {
    run.record = sandbox::read_stop_record(run.guest.report_fd);
    ::close(run.guest.report_fd);
    run.guest.report_fd = -1;
}

void Server::on_exit(Run& run) {
    int status = 0;
    while (::waitpid(run.guest.pid, &status, 0) < 0 && errno == EINTR) {}
    if (run.guest.report_fd >= 0) on_report(run);
    // The client has the guest's stop record already, unless the guest died without one: this
    // reply is what it reads then (sent after the record, so never read instead of it).
    if (!run.replied && run.client >= 0) {
        WarmReply answer{};
        answer.magic = kReplyMagic;
        answer.status = ReplyStatus::Ran;
        answer.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        answer.killed_by = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        if (run.record) {
            answer.has_record = 1;
            answer.record = *run.record;
        }
        reply(run.client, answer);
    }
    if (run.client >= 0) ::close(run.client);
    ::close(run.pidfd);
    run.client = run.pidfd = -1;
}

void Server::shut_down() {
    for (Stock& stock : stocks_)
        if (stock.warm) {
            ::kill(stock.warm->pid, SIGKILL);
            ::waitpid(stock.warm->pid, nullptr, 0);
        }
    for (Run& run : runs_) {
        ::kill(run.guest.pid, SIGKILL);
        ::waitpid(run.guest.pid, nullptr, 0);
    }
}

int Server::loop(int signals) {
    for (Stock& stock : stocks_) boot_warm(stock);
    for (;;) {
        // What each pollfd is for: 0 listener, 1 signals, then pending clients, then per run
        // (report pipe, pidfd, client), then the warm guests' pidfds.
        std::vector<pollfd> polls{{listener_, POLLIN, 0}, {signals, POLLIN, 0}};
        for (int client : pending_) polls.push_back({client, POLLIN, 0});
        for (Run& run : runs_) {
            polls.push_back({run.guest.report_fd, POLLIN, 0});
            polls.push_back({run.pidfd, POLLIN, 0});
            polls.push_back({run.client, POLLRDHUP, 0});
        }
        for (Stock& stock : stocks_) polls.push_back({stock.warm_pidfd, POLLIN, 0});
        if (::poll(polls.data(), polls.size(), -1) < 0) {
            if (errno == EINTR) continue;
            return fail_with(std::string("poll: ") + std::strerror(errno));
        }
        if (polls[1].revents) {
            shut_down();
            return 0;
        }
        std::size_t at = 2;
        std::vector<int> ready;
        std::vector<int> still_pending;
        for (int client : pending_) {
            if (polls[at++].revents) ready.push_back(client);
            else still_pending.push_back(client);
        }
        pending_ = std::move(still_pending);
        for (auto it = runs_.begin(); it != runs_.end();) {
            Run& run = *it;
            const short report = polls[at++].revents, exited = polls[at++].revents, client = polls[at++].revents;
            if (report && run.guest.report_fd >= 0) on_report(run);
            if (client & (POLLRDHUP | POLLHUP | POLLERR)) {
                // The client went away (Ctrl-C): stop its guest, as `celda run` would by dying.
                if (!run.replied) ::kill(run.guest.pid, SIGKILL);
                ::close(run.client);
                run.client = -1;
            }
            if (exited) {
                on_exit(run);
                if (run.guest.report_fd >= 0) ::close(run.guest.report_fd);
                it = runs_.erase(it);
                continue;
            }
            ++it;
        }
        for (Stock& stock : stocks_) {
            if (polls[at++].revents && stock.warm) {
                // A warm guest died before any run: its report says why; boot another later.
                auto record = sandbox::read_stop_record(stock.warm->report_fd);
                ::waitpid(stock.warm->pid, nullptr, 0);
                std::fprintf(stderr, "celda serve: a warm guest for %s ended before any run%s%s\n", stock.file,
                             record ? ": " : "", record ? std::string(record->message, record->message_length).c_str() : "");
                ::close(stock.warm->report_fd);
                ::close(stock.warm->request_fd);
                ::close(stock.warm_pidfd);
                stock.warm.reset();
                stock.warm_pidfd = -1;
            }
        }
        if (polls[0].revents & POLLIN) accept_client();
        for (int client : ready) take_request(client);
        // Refill after the replies of this round went out: the next run finds a guest booting.
        for (Stock& stock : stocks_)
            if (!stock.warm && runs_.size() < 64) boot_warm(stock);
    }
}

Result<int> listen_at(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) return fail("socket path too long: " + path);
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (fd < 0) return fail(std::string("socket: ") + std::strerror(errno));
    struct stat st{};
    if (::lstat(path.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) { ::close(fd); return fail(path + " exists and is not a socket; choose another --socket"); }
        // A server already there? Otherwise the socket is left over from one that died.
        if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
            ::close(fd);
            return fail("another celda serve is already listening on " + path);
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

Result<std::string> default_socket_path() {
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime) return std::string(runtime) + "/celda.sock";
    std::string dir = "/tmp/celda-" + std::to_string(::getuid());
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return fail("cannot create " + dir + ": " + std::strerror(errno));
    struct stat st{};
    if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid() || (st.st_mode & 077))
        return fail(dir + " is not a private folder of this user; pass --socket PATH");
    return dir + "/serve.sock";
}

int serve(const cli::ServeOptions& options) {
    std::string path = options.socket;
    if (path.empty()) {
        auto fallback = default_socket_path();
        if (!fallback) return fail_with(fallback.error().message);
        path = *fallback;
    }
    auto own = own_directory();
    if (!own) return fail_with(own.error().message);
    auto celda = file_id("/proc/self/exe");
    if (!celda) return fail_with(celda.error().message);

    std::vector<Stock> stocks;
    const struct { const char* file; std::uint32_t kind; } kStock[] = {{"win32.img", CELDA_PAYLOAD_WINDOWS_PE},
                                                                      {"posix.img", CELDA_PAYLOAD_LINUX_ELF}};
    for (const auto& entry : kStock) {
        const std::string image_path = *own + "/" + entry.file;
        if (::access(image_path.c_str(), F_OK) != 0) continue;
        auto image = image::load_elf_image(image_path);
        if (!image) return fail_with(image.error().message);
        auto id = file_id(image_path);
        if (!id) return fail_with(id.error().message);
        auto layout = warm_layout(image->span);
        if (!layout) return fail_with(layout.error().message);
        stocks.push_back(Stock{entry.file, entry.kind, std::move(*image), *id, *layout, std::nullopt, -1});
    }
    if (stocks.empty()) return fail_with("no stock image (win32.img, posix.img) beside " + *own + "/celda to keep warm");

    // SIGINT/SIGTERM end the loop through a signalfd; SIGPIPE never kills the server.
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    ::sigprocmask(SIG_BLOCK, &mask, nullptr);
    int signals = ::signalfd(-1, &mask, SFD_CLOEXEC);
    ::signal(SIGPIPE, SIG_IGN);
    if (signals < 0) return fail_with(std::string("signalfd: ") + std::strerror(errno));

    auto listener = listen_at(path);
    if (!listener) return fail_with(listener.error().message);
    std::fprintf(stderr, "celda serve: listening on %s; runs use it with CELDA_SERVER=%s (or --server)\n",
                 path.c_str(), path.c_str());
    Server server(*listener, *celda, std::move(stocks));
    int status = server.loop(signals);
    ::unlink(path.c_str());
    ::close(*listener);
    return status;
}

}  // namespace celda::serve
