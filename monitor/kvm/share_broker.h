// Host shares (-v) on the kvm backend. The broker that resolves guest paths beneath a share
// runs in a helper process forked before the VM exists, as the sandbox parent does it for the
// sandbox child: it holds only the share directories and its end of a socketpair (no
// /dev/kvm, no VM, no guest memory), answers one request at a time (hostfs::serve_one) and
// sends opened files back with SCM_RIGHTS. The vCPU thread, which answers HOSTFS hypercalls,
// never resolves a path itself: its filter allows the sandbox child's share rows only (write
// and recvmsg on the socket, the handle operations on received descriptors).
#pragma once

#include <sys/types.h>

#include <vector>

#include "error.h"
#include "hostfs/host_share.h"
#include "unique_fd.h"

namespace celda::kvm {

struct ShareBroker {
    pid_t pid = -1;
    UniqueFd socket;  // celda's end; closing it ends the helper
};

// Forks the helper (call while celda is single-threaded). It ends when the socket closes or
// celda dies (PR_SET_DEATHSIG).
Result<ShareBroker> start_share_broker(const std::vector<hostfs::HostShare>& shares);

// Makes every descriptor that recvmsg can create in this process land in
// [first, first + hostfs::kMaxOpenFiles): fills the holes below the highest open descriptor
// with copies of `filler` (a descriptor no filter row pins by number) and lowers
// RLIMIT_NOFILE to the end of the range. Returns `first`. Call after every descriptor celda
// needs is open, before the seccomp filters; nothing in celda opens a file after that.
Result<int> reserve_share_descriptors(int filler);

}  // namespace celda::kvm
