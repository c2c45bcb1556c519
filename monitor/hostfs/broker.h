// The broker server, run by the trusted `celda` parent: answers one request from the
// sandboxed child with openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) beneath the share, the
// *at() calls relative to a parent directory opened the same way, and :ro enforcement. An
// opened file goes back as a descriptor (SCM_RIGHTS); the parent keeps no copy.
#pragma once

#include <vector>

#include "hostfs/broker_protocol.h"
#include "hostfs/host_share.h"

namespace celda::hostfs {

// Performs `request` (the server side of every path op); fills `reply`, and `opened` with a
// descriptor the caller must send and close (-1 for none). Public for unit tests.
void perform(const std::vector<HostShare>& shares, const BrokerRequest& request, BrokerReply& reply, int& opened);

// Reads one request from `socket_fd`, performs it, sends the reply. False once the child has
// gone (end of stream or an error on the socket).
bool serve_one(int socket_fd, const std::vector<HostShare>& shares);

}  // namespace celda::hostfs
