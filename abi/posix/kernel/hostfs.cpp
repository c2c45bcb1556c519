#include "kernel/hostfs.h"

#include <libos/libc.h>
#include <libos/vfs/boot_mounts.h>
#include <libos/vfs/vfs.h>

namespace posix {

int mount_host_shares(char* cwd) {
    if (int rc = libos::vfs::mount_boot_shares(); rc < 0) return rc;
    char workdir[libos::vfs::kPathMax];
    int set = libos::vfs::boot_working_directory(workdir);
    if (set < 0) return set;
    if (set > 0) memcpy(cwd, workdir, strlen(workdir) + 1);
    return 0;
}

}  // namespace posix
