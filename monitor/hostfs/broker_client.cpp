#include "hostfs/broker_client.h"

#include <sys/socket.h>
#include <sys/syscall.h>

#include <cerrno>
#include <cstring>

#include "sandbox/raw_syscall.h"

namespace celda::hostfs {
namespace {

namespace raw = sandbox::raw;
BrokerRequest g_request;
BrokerReply g_reply;

}  // namespace

BrokerRequest& BrokerClient::request() { return g_request; }

long BrokerClient::round_trip(BrokerReply*& reply, int& fd) {
    fd = -1;
    reply = &g_reply;
    if (socket_fd_ < 0) return -ENOSYS;
    long n;
    do {
        n = raw::write(socket_fd_, &g_request, sizeof g_request);
    } while (n == -EINTR);
    if (n != static_cast<long>(sizeof g_request)) return -EIO;

    iovec iov{&g_reply, sizeof g_reply};
    msghdr message{};
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    do {
        n = raw::syscall3(SYS_recvmsg, socket_fd_, reinterpret_cast<long>(&message), MSG_CMSG_CLOEXEC);
    } while (n == -EINTR);
    if (n != static_cast<long>(sizeof g_reply)) return -EIO;
    cmsghdr* header = CMSG_FIRSTHDR(&message);
    if (header && header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS &&
        header->cmsg_len == CMSG_LEN(sizeof(int))) {
        int received;
        std::memcpy(&received, CMSG_DATA(header), sizeof received);
        if (received < first_fd_ || received >= first_fd_ + kMaxOpenFiles) {
            // Cannot happen under RLIMIT_NOFILE; never hand out a descriptor the filter refuses.
            raw::syscall3(SYS_close, received, 0, 0);
            return -EMFILE;
        }
        granted_[received - first_fd_] = true;
        fd = received;
    } else if (message.msg_flags & MSG_CTRUNC) {
        return -EMFILE;  // the descriptor did not fit under RLIMIT_NOFILE
    }
    return g_reply.result;
}

bool BrokerClient::granted(std::int64_t handle) const {
    return handle >= first_fd_ && handle < first_fd_ + kMaxOpenFiles && granted_[handle - first_fd_];
}

long BrokerClient::close(std::int64_t handle) {
    if (!granted(handle)) return -EBADF;
    granted_[handle - first_fd_] = false;
    return raw::syscall3(SYS_close, static_cast<long>(handle), 0, 0);
}

}  // namespace celda::hostfs
