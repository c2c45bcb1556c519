// Default directory operations, written in terms of lookup/create_file, which is all a file
// system whose nodes live in guest memory needs. Host shares override them.
#include <libos/libc.h>
#include <libos/vfs/node.h>

namespace libos::vfs {

File::~File() { ::free(path); }

char* duplicate_string(const char* text) {
    size_t length = strlen(text);
    auto* copy = static_cast<char*>(malloc(length + 1));
    if (copy) memcpy(copy, text, length + 1);
    return copy;
}

int Node::open_child(const char* name, int flags, uint32_t mode, Ref<File>& out) {
    Ref<Node> child;
    int rc = lookup(name, child);
    // A host share: its lookup does not ask the host whether `name` exists, and the host
    // applies O_CREAT (with `mode`), O_EXCL and O_TRUNC itself (as the POSIX open does).
    if (rc == 0 && resolves_whole_paths()) return child->open_create(flags, mode, out);
    if (rc == -err::ENOENT && (flags & kCreate)) {
        if (read_only()) return -err::EROFS;
        rc = create_file(name, mode, child);
        if (rc < 0) return rc;
        return child->open(flags & ~kTruncate, out);
    }
    if (rc < 0) return rc;
    if ((flags & kCreate) && (flags & kExclusive)) return -err::EEXIST;
    Attr attr;
    child->getattr(attr);
    uint32_t type = attr.mode & kTypeMask;
    if (type == kSymlink) return (flags & kPathOnly) ? child->open(flags, out) : -err::ELOOP;
    if ((flags & kDirectoryOnly) && type != kDirectory) return -err::ENOTDIR;
    if (type == kDirectory && (flags & kAccessMode) != 0) return -err::EISDIR;
    if ((flags & kAccessMode) != 0 && read_only()) return -err::EROFS;
    if ((flags & kTruncate) && type == kRegular && (flags & kAccessMode) != 0) {
        rc = child->truncate(0);
        if (rc < 0) return rc;
    }
    return child->open(flags, out);
}

int Node::stat_child(const char* name, bool, Attr& out) {
    Ref<Node> child;
    int rc = lookup(name, child);
    if (rc < 0) return rc;
    return child->getattr(out);
}

int Node::readlink_child(const char* name, char* buffer, size_t size) {
    Ref<Node> child;
    int rc = lookup(name, child);
    if (rc < 0) return rc;
    return child->readlink(buffer, size);
}

}  // namespace libos::vfs
