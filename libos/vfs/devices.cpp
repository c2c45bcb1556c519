// /dev/null, /dev/zero, /dev/urandom and the console (see libos/vfs/devices.h).
#include <libos/vfs/devices.h>

#include <libos/boot_info.h>
#include <libos/fiber.h>
#include <libos/hypercall.h>
#include <libos/libc.h>
#include <libos/random.h>
#include <libos/vfs/ramfs.h>

namespace libos::vfs {
namespace {

uint64_t device_number(Device d) {
    switch (d) {
        case Device::null: return (1 << 8) | 3;
        case Device::zero: return (1 << 8) | 5;
        case Device::urandom: return (1 << 8) | 9;
        default: return (136 << 8) | 0;  // a pseudo-terminal, like an interactive shell's
    }
}

class DeviceFile final : public File {
public:
    explicit DeviceFile(Device device) : device_(device) {}
    int64_t read(void* buffer, size_t length, uint64_t) override {
        switch (device_) {
            case Device::null: return 0;
            case Device::zero: memset(buffer, 0, length); return static_cast<int64_t>(length);
            case Device::urandom: fill_random(buffer, length); return static_cast<int64_t>(length);
            case Device::console_in: {
                if (length == 0) return 0;
                for (;;) {
                    int64_t n = hypercall::console_read(buffer, length);
                    if (n != -CELDA_EAGAIN) return n < 0 ? -err::EIO : n;
                    if (status_flags & kNonBlock) return -err::EAGAIN;
                    // Only this fiber waits; the scheduler's idle loop watches stdin for it.
                    if (scheduler().current()) scheduler().wait_for_events(CELDA_EVENT_CONSOLE_IN);
                    else hypercall::block(UINT64_MAX, CELDA_EVENT_CONSOLE_IN);
                }
            }
            default: return -err::EBADF;
        }
    }
    int64_t write(const void* buffer, size_t length, uint64_t) override {
        switch (device_) {
            case Device::console_out:
            case Device::console_err: {
                auto stream = device_ == Device::console_out ? hypercall::Stream::out : hypercall::Stream::err;
                int64_t n = hypercall::console_write(stream, buffer, length);
                return n < 0 ? -err::EIO : n;
            }
            case Device::console_in: return -err::EBADF;
            default: return static_cast<int64_t>(length);
        }
    }
    int getattr(Attr& out) override {
        out = Attr{};
        out.dev = 5;
        out.ino = 100 + static_cast<uint64_t>(device_);
        out.mode = kCharDevice | 0666;
        out.rdev = device_number(device_);
        if (device_ >= Device::console_in && !is_terminal()) {
            // Not a terminal: a pipe, as far as the program can tell.
            out.mode = kFifo | 0600;
            out.rdev = 0;
        }
        out.block_size = 4096;
        return 0;
    }
    bool seekable() const override { return device_ < Device::console_in; }
    uint32_t poll_events() override {
        if (device_ != Device::console_in) return kPollIn | kPollOut;
        // Readable only when input (or its end) is there: ask the monitor without waiting.
        uint64_t events = hypercall::block(0, CELDA_EVENT_CONSOLE_IN);
        return (events & CELDA_EVENT_CONSOLE_IN ? kPollIn : 0) | (events & CELDA_EVENT_CONSOLE_HUP ? kPollHup : 0);
    }
    bool is_terminal() const override {
        switch (device_) {
            case Device::console_in: return console_is_terminal(0);
            case Device::console_out: return console_is_terminal(1);
            case Device::console_err: return console_is_terminal(2);
            default: return false;
        }
    }

private:
    Device device_;
};

class DeviceNode final : public Node {
public:
    explicit DeviceNode(Device device) : device_(device), ino_(next_inode_number()) {}
    int getattr(Attr& out) override {
        Ref<File> file = open_device(device_);
        file->getattr(out);
        out.ino = ino_;
        return 0;
    }
    int open(int, Ref<File>& out) override {
        out = open_device(device_);
        return 0;
    }

private:
    Device device_;
    uint64_t ino_;
};

// ---- pipes ----
class PipeBuffer final : public RefCounted {
public:
    static constexpr size_t kCapacity = 64 * 1024;
    char data[kCapacity];
    size_t head = 0, used = 0;
    int readers = 0, writers = 0;
    WaitQueue read_waiters, write_waiters;
    uint64_t ino = next_inode_number();
};

class PipeEnd final : public File {
public:
    PipeEnd(PipeBuffer* pipe, bool reader) : pipe_(pipe), reader_(reader) {
        if (reader) ++pipe->readers;
        else ++pipe->writers;
    }
    ~PipeEnd() override {
        if (reader_) {
            --pipe_->readers;
            scheduler().wake_all(pipe_->write_waiters);
        } else {
            --pipe_->writers;
            scheduler().wake_all(pipe_->read_waiters);
        }
    }
    int64_t read(void* buffer, size_t length, uint64_t) override {
        if (!reader_) return -err::EBADF;
        if (length == 0) return 0;
        PipeBuffer& p = *pipe_;
        while (p.used == 0) {
            if (p.writers == 0) return 0;
            if (status_flags & kNonBlock) return -err::EAGAIN;
            scheduler().wait(p.read_waiters);
        }
        size_t n = length < p.used ? length : p.used;
        auto* out = static_cast<char*>(buffer);
        for (size_t i = 0; i < n; ++i) out[i] = p.data[(p.head + i) % PipeBuffer::kCapacity];
        p.head = (p.head + n) % PipeBuffer::kCapacity;
        p.used -= n;
        scheduler().wake_all(p.write_waiters);
        return static_cast<int64_t>(n);
    }
    int64_t write(const void* buffer, size_t length, uint64_t) override {
        if (reader_) return -err::EBADF;
        PipeBuffer& p = *pipe_;
        auto* in = static_cast<const char*>(buffer);
        size_t done = 0;
        while (done < length) {
            if (p.readers == 0) return done ? static_cast<int64_t>(done) : -err::EPIPE;
            if (p.used == PipeBuffer::kCapacity) {
                if (status_flags & kNonBlock) return done ? static_cast<int64_t>(done) : -err::EAGAIN;
                scheduler().wait(p.write_waiters);
                continue;
            }
            size_t room = PipeBuffer::kCapacity - p.used;
            size_t n = length - done < room ? length - done : room;
            for (size_t i = 0; i < n; ++i) p.data[(p.head + p.used + i) % PipeBuffer::kCapacity] = in[done + i];
            p.used += n;
            done += n;
            scheduler().wake_all(p.read_waiters);
        }
        return static_cast<int64_t>(done);
    }
    int getattr(Attr& out) override {
        out = Attr{};
        out.dev = 12;
        out.ino = pipe_->ino;
        out.mode = kFifo | 0600;
        out.block_size = 4096;
        return 0;
    }
    bool seekable() const override { return false; }
    uint32_t poll_events() override {
        PipeBuffer& p = *pipe_;
        if (reader_) return (p.used ? kPollIn : 0) | (p.writers == 0 ? kPollHup : 0);
        return (p.used < PipeBuffer::kCapacity ? kPollOut : 0) | (p.readers == 0 ? kPollErr : 0);
    }

private:
    Ref<PipeBuffer> pipe_;
    bool reader_;
};

}  // namespace

bool console_is_terminal(int stream) {
    const celda_boot_info& info = boot_info();
    for (uint32_t i = 0; i < info.device_count && i < CELDA_MAX_DEVICES; ++i)
        if (info.devices[i].kind == CELDA_DEVICE_CONSOLE) return (info.devices[i].flags >> stream) & 1;
    return false;
}

Ref<File> open_device(Device device) { return Ref<File>(new DeviceFile(device)); }
Ref<Node> make_device_node(Device device) { return Ref<Node>(new DeviceNode(device)); }

int make_pipe(Ref<File>& read_end, Ref<File>& write_end) {
    auto* buffer = new PipeBuffer();
    read_end = Ref<File>(new PipeEnd(buffer, true));
    write_end = Ref<File>(new PipeEnd(buffer, false));
    return 0;
}

}  // namespace libos::vfs
