#include <libos/vfs/boot_mounts.h>

#include <celda/contract.h>
#include <libos/boot_info.h>
#include <libos/console.h>
#include <libos/errno.h>
#include <libos/libc.h>
#include <libos/vfs/hostfs.h>
#include <libos/vfs/vfs.h>

namespace libos::vfs {
namespace {

// Creates the directories of absolute `path` in the in-memory root. Failures are harmless: the
// mount table answers for the path itself either way.
void make_mount_point(const char* path) {
    char partial[kPathMax];
    size_t length = strlen(path);
    if (length >= kPathMax) return;
    for (size_t i = 1; i <= length; ++i) {
        if (path[i] != '/' && path[i] != '\0') continue;
        memcpy(partial, path, i);
        partial[i] = '\0';
        Ref<Node> parent, existing;
        char name[kPathMax];
        if (resolve_parent(partial, parent, name) < 0 || name[0] == '\0') continue;
        if (parent->lookup(name, existing) == 0) continue;
        parent->mkdir(name, 0755);
    }
}

}  // namespace

int mount_boot_shares() {
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
    return 0;
}

int boot_working_directory(char* out) {
    const celda_boot_info& info = libos::boot_info();
    if (!info.workdir) return 0;
    if (absolute_path("/", reinterpret_cast<const char*>(info.workdir), out) < 0) return -err::ENAMETOOLONG;
    Ref<Node> node;
    if (resolve(out, true, node) < 0) make_mount_point(out);  // inside a share it must exist on the host
    Attr a;
    if (resolve(out, true, node) < 0 || node->getattr(a) < 0 || (a.mode & kTypeMask) != kDirectory) {
        libos::eprint("celda: -w %s: no such directory in the guest\n", out);
        return -err::ENOENT;
    }
    return 1;
}

}  // namespace libos::vfs
