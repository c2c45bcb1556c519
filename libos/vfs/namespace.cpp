// Mount table and path walking (see libos/vfs/vfs.h).
#include <libos/vfs/vfs.h>

#include <libos/libc.h>

namespace libos::vfs {
namespace {

constexpr int kMaxMounts = 16;
constexpr int kMaxSymlinks = 40;

struct Mount {
    char* path;
    size_t length;
    Ref<Node> root;
};
Mount mounts[kMaxMounts];
int mount_count = 0;

Node* mount_at(const char* path, size_t length) {
    for (int i = mount_count - 1; i >= 0; --i)
        if (mounts[i].length == length && memcmp(mounts[i].path, path, length) == 0) return mounts[i].root.get();
    return nullptr;
}

bool node_is(Node& node, uint32_t type) {
    Attr a;
    return node.getattr(a) == 0 && (a.mode & kTypeMask) == type;
}

// Walks absolute normalized `path`. Stops before the last component when `stop_before_last`.
// On a symlink that must be followed, rewrites `path` (a kPathMax buffer) and restarts.
int walk(char* path, bool stop_before_last, bool follow_final, Ref<Node>& node, char* last_name,
         char* resolved_dir) {
    for (int links = 0; links <= kMaxSymlinks; ++links) {
        node = mount_at("/", 1);
        if (!node) return -err::ENOENT;
        size_t prefix_length = 0;   // resolved_dir holds path[0, prefix_length): "" = "/"
        const char* p = path;
        bool restarted = false;
        while (*p == '/') ++p;
        while (*p) {
            const char* end = p;
            while (*end && *end != '/') ++end;
            size_t n = static_cast<size_t>(end - p);
            const char* rest = end;
            while (*rest == '/') ++rest;
            bool is_last = *rest == '\0';
            if (n > 255) return -err::ENAMETOOLONG;
            char name[256];
            memcpy(name, p, n);
            name[n] = '\0';
            if (is_last && stop_before_last) {
                memcpy(last_name, name, n + 1);
                if (resolved_dir) {
                    memcpy(resolved_dir, path, prefix_length);
                    resolved_dir[prefix_length] = '\0';
                }
                return 0;
            }
            Ref<Node> child;
            // A mount point shadows whatever the directory holds under that name.
            size_t child_length = static_cast<size_t>(end - path);
            if (Node* mounted = mount_at(path, child_length)) {
                child = mounted;
            } else {
                int rc = is_last ? node->lookup_final(name, follow_final, child) : node->lookup(name, child);
                if (rc < 0) return rc;
            }
            if (!node->resolves_whole_paths() && node_is(*child, kSymlink) && (!is_last || follow_final)) {
                char target[kPathMax];
                int len = child->readlink(target, sizeof target - 1);
                if (len < 0) return len;
                target[len] = '\0';
                char dir[kPathMax];
                memcpy(dir, path, prefix_length);
                dir[prefix_length] = '\0';
                if (prefix_length == 0) memcpy(dir, "/", 2);
                char joined[kPathMax];
                int rc = absolute_path(dir, target, joined);
                if (rc < 0) return rc;
                size_t jl = strlen(joined), rl = strlen(rest);
                if (jl + 1 + rl + 1 > kPathMax) return -err::ENAMETOOLONG;
                char next[kPathMax];
                memcpy(next, joined, jl);
                next[jl] = '/';
                memcpy(next + jl + 1, rest, rl + 1);
                rc = absolute_path("/", next, path);
                if (rc < 0) return rc;
                restarted = true;
                break;
            }
            if (!is_last && !node->resolves_whole_paths() && !node_is(*child, kDirectory)) return -err::ENOTDIR;
            node = child;
            prefix_length = child_length;
            p = rest;
        }
        if (restarted) continue;
        // The path was "/" (or all of it walked).
        if (stop_before_last) {
            last_name[0] = '\0';
            if (resolved_dir) {
                memcpy(resolved_dir, path, prefix_length);
                resolved_dir[prefix_length] = '\0';
            }
        }
        return 0;
    }
    return -err::ELOOP;
}

}  // namespace

int mount(const char* path, Ref<Node> root) {
    if (mount_count == kMaxMounts) return -err::ENOMEM;
    mounts[mount_count].path = duplicate_string(path);
    mounts[mount_count].length = strlen(path);
    mounts[mount_count].root = root;
    ++mount_count;
    return 0;
}

int absolute_path(const char* base, const char* path, char* out) {
    if (path[0] == '\0') return -err::ENOENT;
    char joined[kPathMax * 2];
    size_t bl = path[0] == '/' ? 0 : strlen(base), pl = strlen(path);
    if (bl + 1 + pl + 1 > sizeof joined) return -err::ENAMETOOLONG;
    memcpy(joined, base, bl);
    joined[bl] = '/';
    memcpy(joined + bl + 1, path, pl + 1);
    // Normalize into out: components separated by single '/', no "." or "..".
    size_t length = 0;
    const char* p = joined;
    while (*p) {
        while (*p == '/') ++p;
        if (!*p) break;
        const char* end = p;
        while (*end && *end != '/') ++end;
        size_t n = static_cast<size_t>(end - p);
        if (n == 1 && p[0] == '.') {
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (length > 0 && out[length - 1] != '/') --length;
            if (length > 0) --length;
        } else {
            if (length + 1 + n + 1 > kPathMax) return -err::ENAMETOOLONG;
            out[length++] = '/';
            memcpy(out + length, p, n);
            length += n;
        }
        p = end;
    }
    if (length == 0) out[length++] = '/';
    out[length] = '\0';
    return 0;
}

int resolve_parent(const char* path, Ref<Node>& parent, char* name) {
    char buffer[kPathMax];
    size_t n = strlen(path);
    if (n >= kPathMax) return -err::ENAMETOOLONG;
    memcpy(buffer, path, n + 1);
    return walk(buffer, true, false, parent, name, nullptr);
}

int resolve(const char* path, bool follow, Ref<Node>& out) {
    char buffer[kPathMax];
    size_t n = strlen(path);
    if (n >= kPathMax) return -err::ENAMETOOLONG;
    memcpy(buffer, path, n + 1);
    return walk(buffer, false, follow, out, nullptr, nullptr);
}

int canonical_path(const char* path, bool follow_final, char* out) {
    size_t n = strlen(path);
    if (n >= kPathMax) return -err::ENAMETOOLONG;
    memcpy(out, path, n + 1);
    Ref<Node> node;
    // Walking rewrites `out` in place whenever it follows a symlink.
    int rc = walk(out, false, follow_final, node, nullptr, nullptr);
    return rc;
}

}  // namespace libos::vfs
