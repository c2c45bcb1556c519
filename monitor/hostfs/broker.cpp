#include "hostfs/broker.h"

#include "hostfs/stat_convert.h"
#include "unique_fd.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace celda::hostfs {
namespace {


constexpr std::uint64_t kResolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
constexpr std::uint32_t kOpenFlags = CELDA_HOSTFS_O_WRONLY | CELDA_HOSTFS_O_RDWR | CELDA_HOSTFS_O_CREAT |
                                     CELDA_HOSTFS_O_EXCL | CELDA_HOSTFS_O_TRUNC | CELDA_HOSTFS_O_DIRECTORY |
                                     CELDA_HOSTFS_O_NOFOLLOW;

// -errno; an attempt to leave the share (EXDEV from RESOLVE_BENEATH) reads as "permission
// denied", which is what it is, rather than "invalid cross-device link".
int resolve_error(int error) { return error == EXDEV ? -EACCES : -error; }

// Host shares behave like a nosuid mount: whatever mode a guest asks for, a file or directory
// it creates or chmods on the host never gets the setuid, setgid or sticky bit (a guest must
// not leave a setuid program behind for the host to run).
constexpr std::uint32_t kShareModeBits = 0777;

int open_beneath(int root, const char* path, std::uint64_t flags, std::uint32_t mode) {
    open_how how{};
    how.flags = flags | O_CLOEXEC | ((flags & O_PATH) ? 0 : O_NOCTTY);  // openat2 refuses O_PATH with others
    how.mode = (flags & O_CREAT) ? (mode & kShareModeBits) : 0;
    how.resolve = kResolve;
    long fd = ::syscall(SYS_openat2, root, path, &how, sizeof how);
    return fd < 0 ? resolve_error(errno) : static_cast<int>(fd);
}

// A guest path as the host sees it: relative, no "..", no empty components other than a
// trailing '/', no NUL. "" becomes ".". False if the text is not acceptable.
bool clean_path(const char* text, std::uint32_t length, std::string& out) {
    if (length >= CELDA_HOSTFS_PATH_MAX) return false;
    out.assign(text, length);
    if (out.find('\0') != std::string::npos) return false;
    if (!out.empty() && out.front() == '/') return false;
    std::size_t start = 0;
    while (start < out.size()) {
        std::size_t end = out.find('/', start);
        if (end == std::string::npos) end = out.size();
        std::string_view part(out.data() + start, end - start);
        if (part == "..") return false;
        start = end + 1;
    }
    if (out.empty()) out = ".";
    return true;
}

// Splits `path` into its directory (opened beneath the share, O_PATH) and final name. The
// name is never "", "." or "..".
int open_parent(int root, const std::string& path, UniqueFd& dir, std::string& name) {
    std::string p = path;
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    std::size_t slash = p.rfind('/');
    std::string parent = slash == std::string::npos ? "." : p.substr(0, slash);
    name = slash == std::string::npos ? p : p.substr(slash + 1);
    if (name.empty() || name == "." || name == "..") return -EINVAL;
    int fd = open_beneath(root, parent.c_str(), O_PATH | O_DIRECTORY, 0);
    if (fd < 0) return fd;
    dir.reset(fd);
    return 0;
}

long do_open(const HostShare& share, const std::string& path, std::uint32_t flags, std::uint32_t mode, int& opened) {
    if (flags & ~kOpenFlags) return -EINVAL;
    const std::uint32_t access = flags & 3u;
    if (access == 3u) return -EINVAL;
    if (share.read_only()) {
        if (access != CELDA_HOSTFS_O_RDONLY || (flags & CELDA_HOSTFS_O_TRUNC)) return -EROFS;
        if (flags & CELDA_HOSTFS_O_CREAT) {
            // Linux opens an existing file read-only even with O_CREAT; creating is what fails.
            int probe = open_beneath(share.root_fd(), path.c_str(), O_PATH, 0);
            if (probe < 0) return probe == -ENOENT ? -EROFS : probe;
            ::close(probe);
            if (flags & CELDA_HOSTFS_O_EXCL) return -EEXIST;
            flags &= ~CELDA_HOSTFS_O_CREAT;
        }
    }
    // O_NONBLOCK: opening a FIFO must not hang the parent; only files and directories pass.
    int fd = open_beneath(share.root_fd(), path.c_str(), flags | O_NONBLOCK, mode);
    if (fd < 0) return fd;
    UniqueFd owned(fd);
    struct stat st{};
    if (::fstat(fd, &st) != 0) return -errno;
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return -EACCES;
    if (::fcntl(fd, F_SETFL, 0) != 0) return -errno;
    opened = owned.release();
    return 0;
}

long do_stat(const HostShare& share, const std::string& path, std::uint32_t flags, BrokerReply& reply) {
    int fd = open_beneath(share.root_fd(), path.c_str(), O_PATH | ((flags & CELDA_HOSTFS_NOFOLLOW) ? O_NOFOLLOW : 0), 0);
    if (fd < 0) return fd;
    UniqueFd owned(fd);
    struct stat st{};
    if (::fstat(fd, &st) != 0) return -errno;
    to_contract_stat(st, reply.stat);
    return 0;
}

long mutate(const HostShare& share, const BrokerRequest& request, const std::string& path,
            const std::string& path2, BrokerReply& reply) {
    UniqueFd dir;
    std::string name;
    if (int rc = open_parent(share.root_fd(), path, dir, name); rc < 0) return rc;
    long rc = 0;
    switch (request.op) {
        case CELDA_HOSTFS_MKDIR:
            rc = ::mkdirat(dir.get(), name.c_str(), request.mode & kShareModeBits);
            break;
        case CELDA_HOSTFS_UNLINK:
            rc = ::unlinkat(dir.get(), name.c_str(), (request.flags & CELDA_HOSTFS_REMOVEDIR) ? AT_REMOVEDIR : 0);
            break;
        case CELDA_HOSTFS_SYMLINK:
            rc = ::symlinkat(path2.c_str(), dir.get(), name.c_str());
            break;
        case CELDA_HOSTFS_READLINK: {
            ssize_t n = ::readlinkat(dir.get(), name.c_str(), reply.data, sizeof reply.data);
            if (n < 0) return -errno;
            reply.data_len = static_cast<std::uint32_t>(n);
            return n;
        }
        case CELDA_HOSTFS_RENAME: {
            UniqueFd dir2;
            std::string name2;
            if (int r = open_parent(share.root_fd(), path2, dir2, name2); r < 0) return r;
            unsigned flags = (request.flags & CELDA_HOSTFS_NOREPLACE) ? RENAME_NOREPLACE : 0;
            rc = ::renameat2(dir.get(), name.c_str(), dir2.get(), name2.c_str(), flags);
            break;
        }
        default: return -EINVAL;
    }
    return rc < 0 ? -errno : 0;
}

// The permission bits of a file or directory beneath the share. The final component is opened
// O_PATH|O_NOFOLLOW (so a symlink cannot lead outside) and changed through its /proc/self/fd
// link: fchmod refuses O_PATH descriptors, and fchmodat has no usable AT_SYMLINK_NOFOLLOW.
long do_chmod(const HostShare& share, const std::string& path, std::uint32_t mode) {
    int fd = open_beneath(share.root_fd(), path.c_str(), O_PATH | O_NOFOLLOW, 0);
    if (fd < 0) return fd;
    UniqueFd owned(fd);
    struct stat st{};
    if (::fstat(fd, &st) != 0) return -errno;
    if (S_ISLNK(st.st_mode)) return -EOPNOTSUPP;
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return -EACCES;
    char link[40];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    return ::chmod(link, mode & kShareModeBits) == 0 ? 0 : -errno;
}

}  // namespace

void perform(const std::vector<HostShare>& shares, const BrokerRequest& request, BrokerReply& reply, int& opened) {
    opened = -1;
    reply.result = 0;
    reply.data_len = 0;
    if (request.share >= shares.size()) {
        reply.result = -EINVAL;
        return;
    }
    const HostShare& share = shares[request.share];
    std::string path, path2;
    if (!clean_path(request.path, request.path_len, path)) {
        reply.result = -EACCES;
        return;
    }
    const bool writes = request.op == CELDA_HOSTFS_MKDIR || request.op == CELDA_HOSTFS_UNLINK ||
                        request.op == CELDA_HOSTFS_RENAME || request.op == CELDA_HOSTFS_SYMLINK ||
                        request.op == CELDA_HOSTFS_CHMOD;
    if (writes && share.read_only()) {
        reply.result = -EROFS;
        return;
    }
    if (request.op == CELDA_HOSTFS_RENAME && !clean_path(request.path2, request.path2_len, path2)) {
        reply.result = -EACCES;
        return;
    }
    if (request.op == CELDA_HOSTFS_SYMLINK) {
        // The target is only text stored in the link; following it later stays beneath.
        if (request.path2_len == 0 || request.path2_len >= CELDA_HOSTFS_PATH_MAX) {
            reply.result = request.path2_len ? -ENAMETOOLONG : -ENOENT;
            return;
        }
        path2.assign(request.path2, request.path2_len);
        if (path2.find('\0') != std::string::npos) {
            reply.result = -EINVAL;
            return;
        }
    }
    switch (request.op) {
        case CELDA_HOSTFS_OPEN: reply.result = do_open(share, path, request.flags, request.mode, opened); break;
        case CELDA_HOSTFS_STAT: reply.result = do_stat(share, path, request.flags, reply); break;
        case CELDA_HOSTFS_MKDIR:
        case CELDA_HOSTFS_UNLINK:
        case CELDA_HOSTFS_RENAME:
        case CELDA_HOSTFS_READLINK:
        case CELDA_HOSTFS_SYMLINK: reply.result = mutate(share, request, path, path2, reply); break;
        case CELDA_HOSTFS_CHMOD: reply.result = do_chmod(share, path, request.mode); break;
        default: reply.result = -EINVAL;
    }
}

bool serve_one(int socket_fd, const std::vector<HostShare>& shares) {
    auto request = std::make_unique<BrokerRequest>();
    ssize_t n;
    do {
        n = ::recv(socket_fd, request.get(), sizeof *request, MSG_TRUNC);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    auto reply = std::make_unique<BrokerReply>();
    int opened = -1;
    if (static_cast<std::size_t>(n) != sizeof *request) reply->result = -EINVAL;
    else perform(shares, *request, *reply, opened);
    UniqueFd owned(opened);

    iovec iov{reply.get(), sizeof *reply};
    msghdr message{};
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    if (opened >= 0) {
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        cmsghdr* header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int));
        std::memcpy(CMSG_DATA(header), &opened, sizeof opened);
    }
    do {
        n = ::sendmsg(socket_fd, &message, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n == static_cast<ssize_t>(sizeof *reply);
}

}  // namespace celda::hostfs
