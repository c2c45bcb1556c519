#include "kernel/procfs.h"

#include <libos/format.h>
#include <libos/libc.h>
#include <libos/vfs/ramfs.h>

#include "kernel/memory_map.h"
#include "linux/abi.h"

namespace posix {
namespace {

using namespace libos::vfs;

class BytesFile final : public File {
public:
    BytesFile(const char* bytes, size_t size, char* owned) : bytes_(bytes), size_(size), owned_(owned) {}
    ~BytesFile() override { ::free(owned_); }
    int64_t read(void* buffer, size_t length, uint64_t offset) override {
        if (offset >= size_) return 0;
        if (length > size_ - offset) length = size_ - offset;
        memcpy(buffer, bytes_ + offset, length);
        return static_cast<int64_t>(length);
    }
    int64_t write(const void*, size_t, uint64_t) override { return -libos::err::EBADF; }
    int getattr(Attr& out) override {
        out = Attr{};
        out.ino = 7;
        out.mode = kRegular | 0444;
        out.size = static_cast<int64_t>(size_);
        return 0;
    }

private:
    const char* bytes_;
    size_t size_;
    char* owned_;
};

class ExeNode final : public Node {
public:
    ExeNode(const char* path, const void* bytes, size_t size)
        : path_(path), bytes_(static_cast<const char*>(bytes)), size_(size), ino_(next_inode_number()) {}
    int getattr(Attr& out) override {
        out = Attr{};
        out.ino = ino_;
        out.mode = kRegular | 0755;
        out.size = static_cast<int64_t>(size_);
        out.blocks = static_cast<int64_t>((size_ + 511) / 512);
        return 0;
    }
    int open(int flags, Ref<File>& out) override {
        if ((flags & kAccessMode) != 0) return -libos::err::EACCES;
        out = Ref<File>(new BytesFile(bytes_, size_, nullptr));
        return 0;
    }
    int readlink(char* buffer, size_t size) override {
        size_t n = strlen(path_);
        if (n > size) n = size;
        memcpy(buffer, path_, n);
        return static_cast<int>(n);
    }

private:
    const char* path_;
    const char* bytes_;
    size_t size_;
    uint64_t ino_;
};

class GeneratedNode final : public Node {
public:
    explicit GeneratedNode(Generator generate) : generate_(generate), ino_(next_inode_number()) {}
    int getattr(Attr& out) override {
        out = Attr{};
        out.ino = ino_;
        out.mode = kRegular | 0444;
        return 0;
    }
    int open(int flags, Ref<File>& out) override {
        if ((flags & kAccessMode) != 0) return -libos::err::EACCES;
        constexpr size_t kCapacity = 64 * 1024;
        auto* text = static_cast<char*>(malloc(kCapacity));
        if (!text) return -libos::err::ENOMEM;
        size_t n = generate_(text, kCapacity);
        out = Ref<File>(new BytesFile(text, n, text));
        return 0;
    }

private:
    Generator generate_;
    uint64_t ino_;
};

size_t generate_maps(char* buffer, size_t capacity) {
    size_t used = 0;
    memory_map().for_each_region([&](uint64_t start, uint64_t end, int prot) {
        if (used + 128 > capacity) return;
        used += libos::format(buffer + used, capacity - used, "%08lx-%08lx %c%c%cp 00000000 00:00 0\n", start, end,
                              prot & linux::PROT_READ ? 'r' : '-', prot & linux::PROT_WRITE ? 'w' : '-',
                              prot & linux::PROT_EXEC ? 'x' : '-');
    });
    return used;
}

}  // namespace

Ref<Node> make_proc_exe(const char* path, const void* bytes, size_t size) {
    return Ref<Node>(new ExeNode(path, bytes, size));
}
Ref<Node> make_generated_file(Generator generate) { return Ref<Node>(new GeneratedNode(generate)); }
Ref<Node> make_proc_maps() { return make_generated_file(generate_maps); }

}  // namespace posix
