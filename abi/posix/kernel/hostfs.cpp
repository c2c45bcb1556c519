#include "kernel/hostfs.h"

#include <libos/boot_info.h>
#include <libos/console.h>
#include <libos/libc.h>
#include <libos/vfs/hostfs.h>
#include <libos/vfs/vfs.h>

namespace posix {
namespace {

using namespace libos::vfs;

// Creates the directories of absolute `path` in the in-memory root, so that the mount point
// shows up in listings of its parent (like docker's bind mounts). Failures are harmless: the
// mount table answers for the path itself either way.
void make_mount_point(const char* path) {
    char partial[kPathMax];
    size_t length = strlen(path);
    if (length >= kPathMax) return;
    for (size_t i = 1; i <= length; ++i) {
        if (path[i] != '/' && path[i] != '\0') continue;
        memcpy(partial, path, i);
        partial[i] = '\0';
        Ref<Node> parent;
        char name[256];
        if (resolve_parent(partial, parent, name) < 0 || name[0] == '\0') continue;
        Ref<Node> existing;
        if (parent->lookup(name, existing) == 0) continue;
        parent->mkdir(name, 0755);
    }
}

}  // namespace

int mount_host_shares(char* cwd) {
    const celda_boot_info& info = libos::boot_info();
    uint32_t count = info.share_count > CELDA_MAX_SHARES ? CELDA_MAX_SHARES : info.share_count;
    const auto* shares = reinterpret_cast<const celda_share*>(info.shares);
    for (uint32_t i = 0; i < count && shares; ++i) {
        const char* guest_path = reinterpret_cast<const char*>(shares[i].guest_path);
        char normalized[kPathMax];
        if (!guest_path || absolute_path("/", guest_path, normalized) < 0) continue;
        make_mount_point(normalized);
        if (int rc = mount(normalized, make_host_share_root(i, shares[i].flags & CELDA_SHARE_READ_ONLY)); rc < 0) {
            libos::eprint("celda: cannot mount the share at %s: too many mounts\n", normalized);
            return rc;
        }
    }
    if (info.workdir) {
        const char* dir = reinterpret_cast<const char*>(info.workdir);
        char normalized[kPathMax];
        if (absolute_path("/", dir, normalized) < 0) return -libos::err::ENAMETOOLONG;
        // Like docker: a working directory that does not exist is created (in the in-memory
        // root; inside a share it must exist on the host).
        Ref<Node> node;
        if (resolve(normalized, true, node) < 0) make_mount_point(normalized);
        Attr a;
        if (resolve(normalized, true, node) < 0 || node->getattr(a) < 0 || (a.mode & kTypeMask) != kDirectory) {
            libos::eprint("celda: -w %s: no such directory in the guest\n", normalized);
            return -libos::err::ENOENT;
        }
        memcpy(cwd, normalized, strlen(normalized) + 1);
    }
    return 0;
}

}  // namespace posix
