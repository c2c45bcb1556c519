// The guest's file namespace: a mount table over nodes (libos/vfs/node.h) and path walking.
// Paths are made absolute and normalized lexically ("." and ".." removed) before walking;
// symlinks inside the in-memory file systems are followed while walking, those inside host
// shares by the host, beneath the share.
#pragma once

#include <libos/vfs/node.h>

namespace libos::vfs {

inline constexpr size_t kPathMax = 4096;

// Mounts `root` at absolute, normalized `path` ("/" first). Later mounts shadow earlier ones.
int mount(const char* path, Ref<Node> root);

// Joins `path` onto `base` (an absolute directory path; ignored when `path` is absolute) and
// normalizes it into `out` (kPathMax bytes). -ENAMETOOLONG, or -ENOENT for an empty path.
int absolute_path(const char* base, const char* path, char* out);

// Resolves all but the last component of absolute `path`: the directory that holds it and
// the final name ("" for "/" itself, whose parent is then "/"' itself).
int resolve_parent(const char* path, Ref<Node>& parent, char* name);

// Resolves the whole path. `follow`: follow a final symlink.
int resolve(const char* path, bool follow, Ref<Node>& out);

// Absolute path of what `path` names after following symlinks (all of them, or all but a
// final one), for callers that need the real location (open, stat, chdir).
int canonical_path(const char* path, bool follow_final, char* out);

}  // namespace libos::vfs
