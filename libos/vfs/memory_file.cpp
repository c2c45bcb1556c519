// Read-only files over bytes in guest memory (see libos/vfs/memory_file.h).
#include <libos/vfs/memory_file.h>

#include <libos/libc.h>
#include <libos/vfs/ramfs.h>

namespace libos::vfs {
namespace {

void fill_attr(Attr& out, uint64_t ino, size_t size, int64_t time_ns) {
    out = Attr{};
    out.dev = 7;
    out.ino = ino;
    out.mode = kRegular | 0444;
    out.size = static_cast<int64_t>(size);
    out.blocks = static_cast<int64_t>((size + 511) / 512);
    out.atime_ns = out.mtime_ns = out.ctime_ns = time_ns;
}

class MemoryFile final : public File {
public:
    MemoryFile(const uint8_t* data, size_t size, uint64_t ino, int64_t time_ns)
        : data_(data), size_(size), ino_(ino), time_ns_(time_ns) {}
    int64_t read(void* buffer, size_t length, uint64_t offset) override {
        if (offset >= size_) return 0;
        size_t n = size_ - offset < length ? size_ - offset : length;
        memcpy(buffer, data_ + offset, n);
        return static_cast<int64_t>(n);
    }
    int64_t write(const void*, size_t, uint64_t) override { return -err::EBADF; }
    int getattr(Attr& out) override {
        fill_attr(out, ino_, size_, time_ns_);
        return 0;
    }
    int truncate(uint64_t) override { return -err::EACCES; }

private:
    const uint8_t* data_;
    size_t size_;
    uint64_t ino_;
    int64_t time_ns_;
};

class MemoryFileNode final : public Node {
public:
    MemoryFileNode(const uint8_t* data, size_t size)
        : data_(data), size_(size), ino_(next_inode_number()), time_ns_(now_ns_for_files()) {}
    int getattr(Attr& out) override {
        fill_attr(out, ino_, size_, time_ns_);
        return 0;
    }
    int open(int flags, Ref<File>& out) override {
        // Read-only for everyone (the guest runs as root, but these bytes are not its to change).
        if ((flags & kAccessMode) != 0 || (flags & kTruncate)) return -err::EACCES;
        out = Ref<File>(new MemoryFile(data_, size_, ino_, time_ns_));
        return out ? 0 : -err::ENOMEM;
    }
    int truncate(uint64_t) override { return -err::EACCES; }

private:
    const uint8_t* data_;
    size_t size_;
    uint64_t ino_;
    int64_t time_ns_;
};

}  // namespace

Ref<Node> make_memory_file(const void* data, size_t size) {
    return Ref<Node>(new MemoryFileNode(static_cast<const uint8_t*>(data), size));
}

}  // namespace libos::vfs
