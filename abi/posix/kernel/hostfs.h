// Host directory shares (celda run -v HOSTDIR:GUESTDIR[:ro]) mounted into the namespace.
#pragma once

namespace posix {

// Mounts every share the monitor announced; sets `cwd` from -w. 0 or -errno.
int mount_host_shares(char* cwd);

}  // namespace posix
