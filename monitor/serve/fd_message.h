// One SOCK_SEQPACKET message with descriptors beside it (SCM_RIGHTS): how a run travels from
// `celda run` to the server and on to a warm guest.
#pragma once

#include <sys/types.h>
#include <sys/un.h>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace celda::serve {

// `path` as a unix socket address; false if it is too long for one.
bool unix_address(const std::string& path, sockaddr_un& address);

// Sends `bytes` and `fds` as one message; the byte count sent, or -1 (errno set).
ssize_t send_with_fds(int socket, std::string_view bytes, std::span<const int> fds);

struct ReceivedMessage {
    ssize_t size = -1;       // bytes received into the buffer; 0 = peer closed; -1 = error (errno)
    std::vector<int> fds;    // received descriptors (close-on-exec), owned by the caller
    bool truncated = false;  // the message or its descriptors did not fit
};

// Receives one message into `buffer` (flags: e.g. MSG_DONTWAIT), with up to `max_fds`.
ReceivedMessage receive_with_fds(int socket, std::span<char> buffer, std::size_t max_fds, int flags = 0);

}  // namespace celda::serve
