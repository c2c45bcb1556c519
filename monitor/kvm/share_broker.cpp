#include "kvm/share_broker.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "hostfs/broker.h"
#include "hostfs/broker_protocol.h"

namespace celda::kvm {
namespace {

// Closes every descriptor above 2 except `keep`.
void close_all_but(std::vector<int> keep) {
    std::sort(keep.begin(), keep.end());
    unsigned next = 3;
    for (int fd : keep) {
        if (fd < 3) continue;
        if (static_cast<unsigned>(fd) > next) ::close_range(next, static_cast<unsigned>(fd) - 1, 0);
        next = static_cast<unsigned>(fd) + 1;
    }
    ::close_range(next, ~0u, 0);
}

[[noreturn]] void serve(int socket_fd, const std::vector<hostfs::HostShare>& shares) {
    std::vector<int> keep{socket_fd};
    for (const hostfs::HostShare& share : shares) keep.push_back(share.root_fd());
    close_all_but(keep);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive celda
    if (::getppid() == 1) ::_exit(0);
    rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    ::prctl(PR_SET_DUMPABLE, 0);
    ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    while (hostfs::serve_one(socket_fd, shares)) {}
    ::_exit(0);
}

int highest_open_fd() {
    int highest = 2;
    if (DIR* dir = ::opendir("/proc/self/fd")) {
        const int own = ::dirfd(dir);
        while (dirent* entry = ::readdir(dir)) {
            int fd = std::atoi(entry->d_name);
            if (entry->d_name[0] >= '0' && entry->d_name[0] <= '9' && fd != own) highest = std::max(highest, fd);
        }
        ::closedir(dir);
        return highest;
    }
    // No /proc: ask each descriptor up to the usual limit.
    for (int fd = 3; fd < 4096; ++fd)
        if (::fcntl(fd, F_GETFD) >= 0) highest = fd;
    return highest;
}

}  // namespace

Result<ShareBroker> start_share_broker(const std::vector<hostfs::HostShare>& shares) {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
        return fail(std::string("cannot create the host-share socket: ") + std::strerror(errno));
    UniqueFd mine(pair[0]), theirs(pair[1]);
    std::fflush(nullptr);  // the helper must not flush celda's buffered output again
    pid_t pid = ::fork();
    if (pid < 0) return fail(std::string("cannot start the host-share broker process: ") + std::strerror(errno));
    if (pid == 0) serve(theirs.get(), shares);
    ShareBroker broker;
    broker.pid = pid;
    broker.socket = std::move(mine);
    return broker;
}

Result<int> reserve_share_descriptors(int filler) {
    const int first = highest_open_fd() + 1;
    for (int fd = 3; fd < first; ++fd)
        if (::fcntl(fd, F_GETFD) < 0 && errno == EBADF && ::dup2(filler, fd) < 0)
            return fail(std::string("cannot reserve descriptors for host shares: ") + std::strerror(errno));
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) != 0)
        return fail(std::string("cannot read RLIMIT_NOFILE: ") + std::strerror(errno));
    const rlim_t end = static_cast<rlim_t>(first + hostfs::kMaxOpenFiles);
    files.rlim_cur = std::min(end, files.rlim_max);
    files.rlim_max = files.rlim_cur;
    if (::setrlimit(RLIMIT_NOFILE, &files) != 0)
        return fail(std::string("cannot limit RLIMIT_NOFILE for host shares: ") + std::strerror(errno));
    return first;
}

}  // namespace celda::kvm
