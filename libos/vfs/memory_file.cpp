// Read-only files over bytes in guest memory (see libos/vfs/memory_file.h).
#include <libos/vfs/memory_file.h>

#include <libos/libc.h>
#include <libos/vfs/ramfs.h>

namespace libos::vfs {
namespace {

// The bytes and what stat says about them: held by the node and copied into every open file.
struct Contents {
    const uint8_t* data;
    size_t size;
    uint64_t ino;
    int64_t time_ns;

    void fill_attr(Attr& out) const {
        out = Attr{};
        out.dev = 7;
        out.ino = ino;
        out.mode = kRegular | 0444;
        out.size = static_cast<int64_t>(size);
        out.blocks = static_cast<int64_t>((size + 511) / 512);
        out.atime_ns = out.mtime_ns = out.ctime_ns = time_ns;
    }
};

class MemoryFile final : public File {
public:
    explicit MemoryFile(const Contents& contents) : contents_(contents) {}
    int64_t read(void* buffer, size_t length, uint64_t offset) override {
        if (offset >= contents_.size) return 0;
        size_t n = contents_.size - offset < length ? contents_.size - offset : length;
        memcpy(buffer, contents_.data + offset, n);
        return static_cast<int64_t>(n);
    }
    int64_t write(const void*, size_t, uint64_t) override { return -err::EBADF; }
    int getattr(Attr& out) override {
        contents_.fill_attr(out);
        return 0;
    }
    int truncate(uint64_t) override { return -err::EACCES; }

private:
    Contents contents_;
};

class MemoryFileNode final : public Node {
public:
    MemoryFileNode(const uint8_t* data, size_t size) : contents_{data, size, next_inode_number(), now_ns_for_files()} {}
    int getattr(Attr& out) override {
        contents_.fill_attr(out);
        return 0;
    }
    int open(int flags, Ref<File>& out) override {
        // Read-only for everyone (the guest runs as root, but these bytes are not its to change).
        if ((flags & kAccessMode) != 0 || (flags & kTruncate)) return -err::EACCES;
        out = Ref<File>(new MemoryFile(contents_));
        return out ? 0 : -err::ENOMEM;
    }
    int truncate(uint64_t) override { return -err::EACCES; }

private:
    Contents contents_;
};

}  // namespace

Ref<Node> make_memory_file(const void* data, size_t size) {
    return Ref<Node>(new MemoryFileNode(static_cast<const uint8_t*>(data), size));
}

}  // namespace libos::vfs
