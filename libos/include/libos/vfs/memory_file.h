// A read-only regular file whose bytes already lie in guest memory: what the monitor handed
// the guest at boot (a Windows program's companion DLLs, the program itself) shown as files
// without copying them.
#pragma once

#include <libos/vfs/node.h>

namespace libos::vfs {

// `data` must stay valid and unchanged for as long as the node exists (boot payload pages).
Ref<Node> make_memory_file(const void* data, size_t size);

}  // namespace libos::vfs
