#include "kernel/hostfs.h"

namespace posix {

// Host shares need the monitor's HOSTFS support, which is not there yet: nothing to mount.
int mount_host_shares(char*) { return 0; }

}  // namespace posix
