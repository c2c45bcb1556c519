// The broker client: the monitor code inside the sandboxed child that asks the `celda` parent
// to do path operations, and remembers which descriptors the parent handed over. Handles the
// guest holds are exactly those descriptors; anything else is refused (-EBADF) before a
// syscall is made. Allocation-free and raw syscalls only: it runs inside a hypercall after
// lockdown. Single-threaded, like the child.
#pragma once

#include <cstdint>

#include "hostfs/broker_protocol.h"

namespace celda::hostfs {

class BrokerClient {
public:
    // `socket_fd` < 0: no shares; every request gives -ENOSYS. Granted descriptors must lie in
    // [first_file_fd, first_file_fd + kMaxOpenFiles), the range the caller's seccomp filter
    // pins the share syscalls to (the sandbox child: kFirstFileFd; the kvm process: the first
    // descriptor above its own, see kvm/kvm_backend.cpp).
    void connect(int socket_fd, int first_file_fd = kFirstFileFd) {
        socket_fd_ = socket_fd;
        first_fd_ = first_file_fd;
    }
    bool connected() const { return socket_fd_ >= 0; }

    // The request buffer to fill before calling round_trip (static storage: the guest's
    // stack, which the hypercall runs on, may be small).
    BrokerRequest& request();
    // Sends request(), waits for the reply; a received descriptor is recorded as granted and
    // returned in `fd`. Returns the reply's result.
    long round_trip(BrokerReply*& reply, int& fd);

    bool granted(std::int64_t handle) const;
    // Closes a granted descriptor. -EBADF if it is not one.
    long close(std::int64_t handle);

private:
    int socket_fd_ = -1;
    int first_fd_ = kFirstFileFd;
    bool granted_[kMaxOpenFiles] = {};
};

}  // namespace celda::hostfs
