#include "serve/fd_message.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace celda::serve {

bool unix_address(const std::string& path, sockaddr_un& address) {
    address = {};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) return false;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    return true;
}

ssize_t send_with_fds(int socket, std::string_view bytes, std::span<const int> fds) {
    std::vector<char> control(CMSG_SPACE(sizeof(int) * fds.size()));
    iovec iov{const_cast<char*>(bytes.data()), bytes.size()};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (!fds.empty()) {
        msg.msg_control = control.data();
        msg.msg_controllen = control.size();
        cmsghdr* c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
        std::memcpy(CMSG_DATA(c), fds.data(), sizeof(int) * fds.size());
    }
    ssize_t n;
    do n = ::sendmsg(socket, &msg, MSG_NOSIGNAL); while (n < 0 && errno == EINTR);
    return n;
}

ReceivedMessage receive_with_fds(int socket, std::span<char> buffer, std::size_t max_fds, int flags) {
    std::vector<char> control(CMSG_SPACE(sizeof(int) * max_fds));
    iovec iov{buffer.data(), buffer.size()};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.data();
    msg.msg_controllen = control.size();
    ReceivedMessage received;
    do received.size = ::recvmsg(socket, &msg, MSG_CMSG_CLOEXEC | flags); while (received.size < 0 && errno == EINTR);
    if (received.size < 0) return received;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        const std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (std::size_t i = 0; i < count; ++i) {
            int fd;
            std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
            received.fds.push_back(fd);
        }
    }
    received.truncated = (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0;
    return received;
}

}  // namespace celda::serve
