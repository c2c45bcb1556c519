#include "hypercall/hostfs.h"

#include <sys/stat.h>
#include <sys/syscall.h>

#include <cerrno>
#include <cstring>

#include "hostfs/stat_convert.h"
#include "sandbox/raw_syscall.h"

namespace celda::hypercall {
namespace {

namespace raw = sandbox::raw;

HostfsOutcome result(std::int64_t value) { return HostfsOutcome{value, false, 0, 0}; }
HostfsOutcome bad(std::uint64_t address, std::uint64_t length) { return HostfsOutcome{0, true, address, length}; }

bool is_path_op(std::uint32_t op) {
    return (op >= CELDA_HOSTFS_OPEN && op <= CELDA_HOSTFS_SYMLINK) || op == CELDA_HOSTFS_CHMOD;
}

long syscall_retrying(long nr, long a0, long a1, long a2, long a3) {
    long rc;
    do {
        rc = raw::syscall4(nr, a0, a1, a2, a3);
    } while (rc == -EINTR);
    return rc;
}

HostfsOutcome path_op(const guest::GuestMemory& memory, hostfs::BrokerClient& client, const celda_hc_hostfs& args) {
    const std::uint64_t path = args.path, path_len = args.path_len;
    const std::uint64_t path2 = args.path2, path2_len = args.path2_len;
    if (path_len >= CELDA_HOSTFS_PATH_MAX || path2_len >= CELDA_HOSTFS_PATH_MAX) return result(-ENAMETOOLONG);
    const void* path_host = memory.host_pointer(path, path_len);
    if (!path_host) return bad(path, path_len);
    const void* path2_host = nullptr;
    if (args.op == CELDA_HOSTFS_RENAME || args.op == CELDA_HOSTFS_SYMLINK) {
        path2_host = memory.host_pointer(path2, path2_len);
        if (!path2_host) return bad(path2, path2_len);
    }
    // Output ranges are checked before the broker acts, so a bad address never leaves a
    // half-done operation behind.
    void* out = nullptr;
    std::uint64_t out_len = args.len;
    if (args.op == CELDA_HOSTFS_STAT || args.op == CELDA_HOSTFS_READLINK) {
        if (args.op == CELDA_HOSTFS_STAT && out_len < sizeof(celda_hostfs_stat)) return result(-EINVAL);
        if (args.op == CELDA_HOSTFS_STAT) out_len = sizeof(celda_hostfs_stat);
        out = memory.host_pointer(args.buf, out_len);
        if (!out) return bad(args.buf, out_len);
    }

    hostfs::BrokerRequest& request = client.request();
    request.op = args.op;
    request.share = args.share;
    request.flags = args.flags;
    request.mode = args.mode;
    request.path_len = static_cast<std::uint32_t>(path_len);
    std::memcpy(request.path, path_host, path_len);
    request.path2_len = path2_host ? static_cast<std::uint32_t>(path2_len) : 0;
    if (path2_host) std::memcpy(request.path2, path2_host, path2_len);

    hostfs::BrokerReply* reply = nullptr;
    int fd = -1;
    long rc = client.round_trip(reply, fd);
    if (args.op == CELDA_HOSTFS_OPEN) return result(rc < 0 ? rc : fd < 0 ? -EIO : fd);
    if (rc < 0) return result(rc);
    if (args.op == CELDA_HOSTFS_STAT) std::memcpy(out, &reply->stat, sizeof reply->stat);
    if (args.op == CELDA_HOSTFS_READLINK) {
        std::uint64_t n = reply->data_len < out_len ? reply->data_len : out_len;
        std::memcpy(out, reply->data, n);
        rc = static_cast<long>(n);
    }
    return result(rc);
}

HostfsOutcome handle_op(const guest::GuestMemory& memory, hostfs::BrokerClient& client, const celda_hc_hostfs& args) {
    const std::int64_t handle = args.handle;
    if (!client.granted(handle)) return result(-EBADF);
    const long fd = static_cast<long>(handle);
    const std::uint64_t buf = args.buf, len = args.len, offset = args.offset;
    switch (args.op) {
        case CELDA_HOSTFS_CLOSE: return result(client.close(handle));
        case CELDA_HOSTFS_READ:
        case CELDA_HOSTFS_WRITE: {
            if (static_cast<std::int64_t>(offset) < 0) return result(-EINVAL);
            void* host = memory.host_pointer(buf, len);
            if (!host) return bad(buf, len);
            long nr = args.op == CELDA_HOSTFS_READ ? SYS_pread64 : SYS_pwrite64;
            return result(syscall_retrying(nr, fd, reinterpret_cast<long>(host), static_cast<long>(len),
                                           static_cast<long>(offset)));
        }
        case CELDA_HOSTFS_FSTAT: {
            if (len < sizeof(celda_hostfs_stat)) return result(-EINVAL);
            void* host = memory.host_pointer(buf, sizeof(celda_hostfs_stat));
            if (!host) return bad(buf, sizeof(celda_hostfs_stat));
            struct stat st{};
            long rc = raw::syscall3(SYS_fstat, fd, reinterpret_cast<long>(&st), 0);
            if (rc < 0) return result(rc);
            celda_hostfs_stat out;
            celda::hostfs::to_contract_stat(st, out);
            std::memcpy(host, &out, sizeof out);
            return result(0);
        }
        case CELDA_HOSTFS_TRUNCATE:
            if (static_cast<std::int64_t>(offset) < 0) return result(-EINVAL);
            return result(syscall_retrying(SYS_ftruncate, fd, static_cast<long>(offset), 0, 0));
        case CELDA_HOSTFS_SYNC: return result(syscall_retrying(SYS_fsync, fd, 0, 0, 0));
        case CELDA_HOSTFS_READDIR: {
            void* host = memory.host_pointer(buf, len);
            if (!host) return bad(buf, len);
            std::uint64_t n = len > (1u << 20) ? (1u << 20) : len;
            return result(syscall_retrying(SYS_getdents64, fd, reinterpret_cast<long>(host), static_cast<long>(n), 0));
        }
        default: return result(-EINVAL);
    }
}

}  // namespace

HostfsOutcome perform_hostfs(const guest::GuestMemory& memory, hostfs::BrokerClient* client, const celda_hc_hostfs& block) {
    const celda_hc_hostfs args = block;  // read once: the guest cannot change it between check and use
    if (!client || !client->connected()) return result(-ENOSYS);
    if (is_path_op(args.op)) return path_op(memory, *client, args);
    return handle_op(memory, *client, args);
}

const char* hostfs_op_name(std::uint32_t op) {
    switch (op) {
        case CELDA_HOSTFS_OPEN: return "open";
        case CELDA_HOSTFS_STAT: return "stat";
        case CELDA_HOSTFS_MKDIR: return "mkdir";
        case CELDA_HOSTFS_UNLINK: return "unlink";
        case CELDA_HOSTFS_RENAME: return "rename";
        case CELDA_HOSTFS_READLINK: return "readlink";
        case CELDA_HOSTFS_SYMLINK: return "symlink";
        case CELDA_HOSTFS_CHMOD: return "chmod";
        case CELDA_HOSTFS_CLOSE: return "close";
        case CELDA_HOSTFS_READ: return "read";
        case CELDA_HOSTFS_WRITE: return "write";
        case CELDA_HOSTFS_FSTAT: return "fstat";
        case CELDA_HOSTFS_TRUNCATE: return "truncate";
        case CELDA_HOSTFS_SYNC: return "sync";
        case CELDA_HOSTFS_READDIR: return "readdir";
        default: return "?";
    }
}

}  // namespace celda::hypercall
