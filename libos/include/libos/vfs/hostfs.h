// Host directory shares (`celda run -v HOSTDIR:GUESTDIR[:ro]`): nodes that name a file by share
// id and relative path, and hand every operation to the monitor's HOSTFS hypercall, which
// resolves the path on the host, beneath the shared directory. Lookups are lazy (no hypercall
// until an operation needs the host), so a whole path costs one hypercall, not one per
// component; the host follows symlinks, and refuses those that lead out of the share.
#pragma once

#include <libos/vfs/node.h>

namespace libos::vfs {

// The root of share `share` (index into boot_info().shares).
Ref<Node> make_host_share_root(uint32_t share, bool read_only);

}  // namespace libos::vfs
