// Host directory shares (see libos/vfs/hostfs.h): every operation is one HOSTFS hypercall.
#include <libos/vfs/hostfs.h>

#include <libos/hypercall.h>
#include <libos/libc.h>

namespace libos::vfs {
namespace {

// filesystem() identity per share: rename/link across shares gives -EXDEV.
char share_identity[CELDA_MAX_SHARES];

constexpr uint32_t kHostOpenFlags = CELDA_HOSTFS_O_WRONLY | CELDA_HOSTFS_O_RDWR | CELDA_HOSTFS_O_CREAT |
                                    CELDA_HOSTFS_O_EXCL | CELDA_HOSTFS_O_TRUNC | CELDA_HOSTFS_O_DIRECTORY |
                                    CELDA_HOSTFS_O_NOFOLLOW;

celda_hc_hostfs path_call(uint32_t op, uint32_t share, const char* path) {
    celda_hc_hostfs args{};
    args.op = op;
    args.share = share;
    args.path = reinterpret_cast<uint64_t>(path);
    args.path_len = strlen(path);
    return args;
}

celda_hc_hostfs handle_call(uint32_t op, int64_t handle) {
    celda_hc_hostfs args{};
    args.op = op;
    args.handle = handle;
    return args;
}

void to_attr(const celda_hostfs_stat& s, Attr& out) {
    out.dev = s.dev;
    out.ino = s.ino;
    out.nlink = s.nlink;
    out.mode = s.mode;
    out.uid = s.uid;
    out.gid = s.gid;
    out.rdev = s.rdev;
    out.size = s.size;
    out.blocks = s.blocks;
    out.block_size = s.block_size;
    out.atime_ns = s.atime_ns;
    out.mtime_ns = s.mtime_ns;
    out.ctime_ns = s.ctime_ns;
}

int fstat_handle(int64_t handle, Attr& out) {
    celda_hostfs_stat s{};
    celda_hc_hostfs args = handle_call(CELDA_HOSTFS_FSTAT, handle);
    args.buf = reinterpret_cast<uint64_t>(&s);
    args.len = sizeof s;
    int64_t rc = hypercall::hostfs(args);
    if (rc < 0) return static_cast<int>(rc);
    to_attr(s, out);
    return 0;
}

class HostFile final : public File {
public:
    HostFile(int64_t handle, bool directory) : handle_(handle), directory_(directory) {}
    ~HostFile() override {
        celda_hc_hostfs args = handle_call(CELDA_HOSTFS_CLOSE, handle_);
        hypercall::hostfs(args);
        ::free(listing_);
    }
    int64_t read(void* buffer, size_t length, uint64_t offset) override {
        if (directory_) return -err::EISDIR;
        celda_hc_hostfs args = handle_call(CELDA_HOSTFS_READ, handle_);
        args.buf = reinterpret_cast<uint64_t>(buffer);
        args.len = length;
        args.offset = offset;
        return hypercall::hostfs(args);
    }
    int64_t write(const void* buffer, size_t length, uint64_t offset) override {
        if (directory_) return -err::EBADF;
        if (status_flags & kAppend) {
            Attr a;
            if (int rc = getattr(a); rc < 0) return rc;
            offset = static_cast<uint64_t>(a.size);
        }
        celda_hc_hostfs args = handle_call(CELDA_HOSTFS_WRITE, handle_);
        args.buf = reinterpret_cast<uint64_t>(buffer);
        args.len = length;
        args.offset = offset;
        return hypercall::hostfs(args);
    }
    int getattr(Attr& out) override { return fstat_handle(handle_, out); }
    int truncate(uint64_t length) override {
        celda_hc_hostfs args = handle_call(CELDA_HOSTFS_TRUNCATE, handle_);
        args.offset = length;
        return static_cast<int>(hypercall::hostfs(args));
    }
    int sync() override {
        celda_hc_hostfs args = handle_call(CELDA_HOSTFS_SYNC, handle_);
        return static_cast<int>(hypercall::hostfs(args));
    }
    // The listing is read from the host in one go when a reading starts (cookie 0), so that
    // cookies are plain entry indices, as lseek/telldir expect.
    int readdir(uint64_t& cookie, DirEntry& out) override {
        if (!directory_) return -err::ENOTDIR;
        if (cookie == 0 || !listing_) {
            if (int rc = load_listing(); rc < 0) return rc;
        }
        if (cookie < cursor_index_) {
            cursor_index_ = 0;
            cursor_offset_ = 0;
        }
        while (cursor_offset_ < listing_used_ && cursor_index_ < cookie) {
            cursor_offset_ += record_length(cursor_offset_);
            ++cursor_index_;
        }
        if (cursor_offset_ >= listing_used_) return 0;
        const char* record = listing_ + cursor_offset_;
        memcpy(&out.ino, record, 8);
        out.type = static_cast<uint8_t>(record[18]);
        size_t name_length = strlen(record + 19);
        if (name_length > 255) name_length = 255;
        memcpy(out.name, record + 19, name_length);
        out.name[name_length] = '\0';
        cursor_offset_ += record_length(cursor_offset_);
        ++cursor_index_;
        cookie = cursor_index_;
        return 1;
    }

private:
    uint16_t record_length(size_t at) const {
        uint16_t length;
        memcpy(&length, listing_ + at + 16, 2);
        return length ? length : static_cast<uint16_t>(listing_used_);  // never loop forever
    }
    int load_listing() {
        // The host's position moves on with each READDIR; a fresh listing needs a fresh handle
        // position, so the whole directory is read once per open and then re-served.
        if (listing_ && loaded_once_) {
            cursor_index_ = cursor_offset_ = 0;
            return 0;
        }
        constexpr size_t kChunk = 32 * 1024;
        for (;;) {
            if (listing_capacity_ - listing_used_ < kChunk) {
                size_t capacity = listing_capacity_ ? listing_capacity_ * 2 : 2 * kChunk;
                auto* grown = static_cast<char*>(realloc(listing_, capacity));
                if (!grown) return -err::ENOMEM;
                listing_ = grown;
                listing_capacity_ = capacity;
            }
            celda_hc_hostfs args = handle_call(CELDA_HOSTFS_READDIR, handle_);
            args.buf = reinterpret_cast<uint64_t>(listing_ + listing_used_);
            args.len = listing_capacity_ - listing_used_;
            int64_t n = hypercall::hostfs(args);
            if (n < 0) return static_cast<int>(n);
            if (n == 0) break;
            listing_used_ += static_cast<size_t>(n);
        }
        loaded_once_ = true;
        cursor_index_ = cursor_offset_ = 0;
        return 0;
    }

    int64_t handle_;
    bool directory_;
    char* listing_ = nullptr;
    size_t listing_used_ = 0, listing_capacity_ = 0;
    bool loaded_once_ = false;
    uint64_t cursor_index_ = 0;
    size_t cursor_offset_ = 0;
};

class HostNode final : public Node {
public:
    HostNode(uint32_t share, bool read_only, char* path, bool follow)
        : share_(share), read_only_(read_only), path_(path), follow_(follow) {}
    ~HostNode() override { ::free(path_); }

    int getattr(Attr& out) override {
        celda_hostfs_stat s{};
        celda_hc_hostfs args = path_call(CELDA_HOSTFS_STAT, share_, path_);
        args.flags = follow_ ? 0 : CELDA_HOSTFS_NOFOLLOW;
        args.buf = reinterpret_cast<uint64_t>(&s);
        args.len = sizeof s;
        int64_t rc = hypercall::hostfs(args);
        if (rc < 0) return static_cast<int>(rc);
        to_attr(s, out);
        return 0;
    }
    int open(int flags, Ref<File>& out) override { return open_create(flags, 0, out); }
    int open_create(int flags, uint32_t mode, Ref<File>& out) override {
        uint32_t host = static_cast<uint32_t>(flags) & kHostOpenFlags;
        if (flags & kPathOnly) host &= CELDA_HOSTFS_O_DIRECTORY | CELDA_HOSTFS_O_NOFOLLOW;  // read-only, no create
        if (!follow_) host |= CELDA_HOSTFS_O_NOFOLLOW;
        celda_hc_hostfs args = path_call(CELDA_HOSTFS_OPEN, share_, path_);
        args.flags = host;
        args.mode = mode;
        int64_t handle = hypercall::hostfs(args);
        if (handle < 0) return static_cast<int>(handle);
        Attr a;
        int rc = fstat_handle(handle, a);
        auto* file = new HostFile(handle, rc == 0 && (a.mode & kTypeMask) == kDirectory);
        out = Ref<File>(file);
        return rc < 0 ? rc : 0;
    }
    // chmod: the host file's permission bits (SetFileAttributes READONLY, _chmod). A monitor
    // that predates CHMOD answers -EINVAL: reported as not supported.
    int set_mode(uint32_t mode) override {
        if (read_only_) return -err::EROFS;
        celda_hc_hostfs args = path_call(CELDA_HOSTFS_CHMOD, share_, path_);
        args.mode = mode & 07777;
        int rc = static_cast<int>(hypercall::hostfs(args));
        return rc == -err::EINVAL ? -err::EOPNOTSUPP : rc;
    }
    int readlink(char* buffer, size_t size) override {
        celda_hc_hostfs args = path_call(CELDA_HOSTFS_READLINK, share_, path_);
        args.buf = reinterpret_cast<uint64_t>(buffer);
        args.len = size;
        return static_cast<int>(hypercall::hostfs(args));
    }
    int truncate(uint64_t length) override {
        if (read_only_) return -err::EROFS;
        Ref<File> file;
        if (int rc = open_create(kWriteOnly, 0, file); rc < 0) return rc;
        return file->truncate(length);
    }

    int lookup(const char* name, Ref<Node>& out) override { return lookup_final(name, true, out); }
    int lookup_final(const char* name, bool follow, Ref<Node>& out) override {
        char* child = join(name);
        if (!child) return -err::ENAMETOOLONG;
        out = Ref<Node>(new HostNode(share_, read_only_, child, follow));
        return 0;
    }
    int create_file(const char* name, uint32_t mode, Ref<Node>& out) override {
        if (int rc = lookup_final(name, false, out); rc < 0) return rc;
        Ref<File> file;
        return static_cast<HostNode&>(*out).open_create(kCreate | kExclusive | kWriteOnly, mode, file);
    }
    int mkdir(const char* name, uint32_t mode) override {
        return child_call(CELDA_HOSTFS_MKDIR, name, [&](celda_hc_hostfs& a) { a.mode = mode; });
    }
    int unlink(const char* name, bool directory) override {
        return child_call(CELDA_HOSTFS_UNLINK, name,
                          [&](celda_hc_hostfs& a) { a.flags = directory ? CELDA_HOSTFS_REMOVEDIR : 0; });
    }
    int symlink(const char* name, const char* target) override {
        return child_call(CELDA_HOSTFS_SYMLINK, name, [&](celda_hc_hostfs& a) {
            a.path2 = reinterpret_cast<uint64_t>(target);
            a.path2_len = strlen(target);
        });
    }
    int rename(const char* name, Node& to_dir, const char* to_name, unsigned flags) override {
        if (to_dir.filesystem() != filesystem()) return -err::EXDEV;
        char* target = static_cast<HostNode&>(to_dir).join(to_name);
        if (!target) return -err::ENAMETOOLONG;
        int rc = child_call(CELDA_HOSTFS_RENAME, name, [&](celda_hc_hostfs& a) {
            a.path2 = reinterpret_cast<uint64_t>(target);
            a.path2_len = strlen(target);
            a.flags = (flags & 1) ? CELDA_HOSTFS_NOREPLACE : 0;
        });
        ::free(target);
        return rc;
    }
    int stat_child(const char* name, bool follow, Attr& out) override {
        Ref<Node> child;
        if (int rc = lookup_final(name, follow, child); rc < 0) return rc;
        return child->getattr(out);
    }
    bool resolves_whole_paths() const override { return true; }
    const void* filesystem() const override { return &share_identity[share_]; }
    bool read_only() const override { return read_only_; }

private:
    // "dir/name" (or "name" at the share root), on the heap; nullptr if too long.
    char* join(const char* name) const {
        size_t pl = strlen(path_), nl = strlen(name);
        if (pl + 1 + nl + 1 > CELDA_HOSTFS_PATH_MAX) return nullptr;
        auto* out = static_cast<char*>(malloc(pl + 1 + nl + 1));
        if (!out) return nullptr;
        size_t at = 0;
        if (pl) {
            memcpy(out, path_, pl);
            out[pl] = '/';
            at = pl + 1;
        }
        memcpy(out + at, name, nl + 1);
        return out;
    }
    template <typename Fill>
    int child_call(uint32_t op, const char* name, Fill fill) {
        char* child = join(name);
        if (!child) return -err::ENAMETOOLONG;
        celda_hc_hostfs args = path_call(op, share_, child);
        fill(args);
        int rc = static_cast<int>(hypercall::hostfs(args));
        ::free(child);
        return rc;
    }

    uint32_t share_;
    bool read_only_;
    char* path_;
    bool follow_;
};

}  // namespace

Ref<Node> make_host_share_root(uint32_t share, bool read_only) {
    if (share >= CELDA_MAX_SHARES) return Ref<Node>();
    return Ref<Node>(new HostNode(share, read_only, duplicate_string(""), true));
}

}  // namespace libos::vfs
