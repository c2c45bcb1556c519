// poll/ppoll/select/pselect6 and epoll over pipes, files and the console. Readiness comes
// from File::poll_events; a waiter re-checks after every fiber switch (yield) until something
// is ready or the timeout passes. Regular files are always ready, as on Linux.
#include <libos/fiber.h>
#include <libos/libc.h>
#include <libos/time.h>

#include <libos/vfs/node.h>

#include "syscalls/table.h"

namespace posix {
namespace {

constexpr uint64_t kNever = UINT64_MAX;

uint64_t deadline_from_ms(int64_t ms) { return ms < 0 ? kNever : libos::monotonic_ns() + static_cast<uint64_t>(ms) * 1'000'000; }

int64_t deadline_from_timespec(uint64_t address, uint64_t& deadline) {
    if (!address) {
        deadline = kNever;
        return 0;
    }
    if (!user_ok(address, sizeof(linux::timespec))) return -linux::EFAULT;
    linux::timespec ts = *user_pointer<linux::timespec>(address);
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1'000'000'000) return -linux::EINVAL;
    deadline = libos::monotonic_ns() + static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000 + static_cast<uint64_t>(ts.tv_nsec);
    return 0;
}

// Waits a little: other fibers run; with nothing else to run, the guest idles briefly.
void wait_a_little(uint64_t deadline) {
    uint64_t now = libos::monotonic_ns();
    uint64_t next = now + 1'000'000;
    if (libos::scheduler().live_fiber_count() > 1) {
        libos::yield();
        return;
    }
    libos::sleep_until(next < deadline ? next : deadline);
}

uint32_t ready_bits(int fd, uint32_t wanted) {
    Ref<File> f;
    if (fd_get(fd, f) < 0) return linux::POLLNVAL;
    uint32_t have = f->poll_events();
    return have & (wanted | linux::POLLERR | linux::POLLHUP);
}

int64_t do_poll(uint64_t fds_address, uint64_t count, uint64_t deadline) {
    if (count > kMaxFds) return -linux::EINVAL;
    if (!user_ok(fds_address, count * sizeof(linux::pollfd))) return -linux::EFAULT;
    auto* fds = user_pointer<linux::pollfd>(fds_address);
    for (;;) {
        int ready = 0;
        for (uint64_t i = 0; i < count; ++i) {
            fds[i].revents = 0;
            if (fds[i].fd < 0) continue;
            uint32_t bits = ready_bits(fds[i].fd, static_cast<uint16_t>(fds[i].events));
            fds[i].revents = static_cast<int16_t>(bits);
            if (bits) ++ready;
        }
        if (ready || libos::monotonic_ns() >= deadline) return ready;
        wait_a_little(deadline);
    }
}

int64_t sys_poll(Call& c) { return do_poll(c.a[0], c.a[1], deadline_from_ms(static_cast<int32_t>(c.a[2]))); }
int64_t sys_ppoll(Call& c) {
    uint64_t deadline;
    if (int64_t rc = deadline_from_timespec(c.a[2], deadline); rc < 0) return rc;
    return do_poll(c.a[0], c.a[1], deadline);
}

int64_t do_select(int count, uint64_t read_set, uint64_t write_set, uint64_t except_set, uint64_t deadline) {
    if (count < 0 || count > kMaxFds) return -linux::EINVAL;
    size_t bytes = static_cast<size_t>((count + 63) / 64 * 8);
    uint64_t in_r[kMaxFds / 64] = {}, in_w[kMaxFds / 64] = {};
    if (read_set) { if (!user_ok(read_set, bytes)) return -linux::EFAULT; memcpy(in_r, user_pointer<void>(read_set), bytes); }
    if (write_set) { if (!user_ok(write_set, bytes)) return -linux::EFAULT; memcpy(in_w, user_pointer<void>(write_set), bytes); }
    if (except_set && !user_ok(except_set, bytes)) return -linux::EFAULT;
    for (;;) {
        uint64_t out_r[kMaxFds / 64] = {}, out_w[kMaxFds / 64] = {};
        int ready = 0;
        for (int fd = 0; fd < count; ++fd) {
            bool r = in_r[fd / 64] >> (fd % 64) & 1, w = in_w[fd / 64] >> (fd % 64) & 1;
            if (!r && !w) continue;
            uint32_t bits = ready_bits(fd, (r ? linux::POLLIN : 0) | (w ? linux::POLLOUT : 0));
            if (bits & linux::POLLNVAL) return -linux::EBADF;
            if (r && (bits & (linux::POLLIN | linux::POLLHUP | linux::POLLERR))) { out_r[fd / 64] |= 1ull << (fd % 64); ++ready; }
            if (w && (bits & (linux::POLLOUT | linux::POLLERR))) { out_w[fd / 64] |= 1ull << (fd % 64); ++ready; }
        }
        if (ready || libos::monotonic_ns() >= deadline) {
            if (read_set) memcpy(user_pointer<void>(read_set), out_r, bytes);
            if (write_set) memcpy(user_pointer<void>(write_set), out_w, bytes);
            if (except_set) memset(user_pointer<void>(except_set), 0, bytes);
            return ready;
        }
        wait_a_little(deadline);
    }
}

int64_t sys_select(Call& c) {
    uint64_t deadline = kNever;
    if (c.a[4]) {
        if (!user_ok(c.a[4], sizeof(linux::timeval))) return -linux::EFAULT;
        linux::timeval tv = *user_pointer<linux::timeval>(c.a[4]);
        if (tv.tv_sec < 0 || tv.tv_usec < 0) return -linux::EINVAL;
        deadline = libos::monotonic_ns() + static_cast<uint64_t>(tv.tv_sec) * 1'000'000'000 + static_cast<uint64_t>(tv.tv_usec) * 1000;
    }
    return do_select(static_cast<int>(c.a[0]), c.a[1], c.a[2], c.a[3], deadline);
}
int64_t sys_pselect6(Call& c) {
    uint64_t deadline;
    if (int64_t rc = deadline_from_timespec(c.a[4], deadline); rc < 0) return rc;
    return do_select(static_cast<int>(c.a[0]), c.a[1], c.a[2], c.a[3], deadline);
}

// ---- epoll: an epoll instance is a File holding its interest list ----
class EpollFile final : public File {
public:
    struct Interest {
        int fd;
        uint32_t events;
        uint64_t data;
    };
    static constexpr int kMax = 256;
    Interest interests[kMax];
    int count = 0;
    int getattr(libos::vfs::Attr& out) override {
        out = libos::vfs::Attr{};
        out.mode = 0600;
        return 0;
    }
    bool seekable() const override { return false; }
    Interest* find(int fd) {
        for (int i = 0; i < count; ++i)
            if (interests[i].fd == fd) return &interests[i];
        return nullptr;
    }
};

int64_t sys_epoll_create1(Call& c) {
    if (c.a[0] & ~static_cast<uint64_t>(linux::O_CLOEXEC)) return -linux::EINVAL;
    return fd_install(Ref<File>(new EpollFile()), c.a[0] != 0);
}
int64_t sys_epoll_create(Call& c) {
    if (static_cast<int>(c.a[0]) <= 0) return -linux::EINVAL;
    return fd_install(Ref<File>(new EpollFile()), false);
}

EpollFile* epoll_of(int fd, Ref<File>& holder) {
    if (fd_get(fd, holder) < 0) return nullptr;
    libos::vfs::Attr a;
    holder->getattr(a);
    // EpollFile is the only File with mode 0600 and no type bits.
    return (a.mode & libos::vfs::kTypeMask) == 0 ? static_cast<EpollFile*>(holder.get()) : nullptr;
}

int64_t sys_epoll_ctl(Call& c) {
    Ref<File> holder, target;
    EpollFile* ep = epoll_of(static_cast<int>(c.a[0]), holder);
    if (!holder) return -linux::EBADF;
    if (!ep) return -linux::EINVAL;
    int fd = static_cast<int>(c.a[2]);
    if (fd_get(fd, target) < 0) return -linux::EBADF;
    if (target.get() == holder.get()) return -linux::EINVAL;
    linux::epoll_event event{};
    if (c.a[1] != linux::EPOLL_CTL_DEL) {
        if (!user_ok(c.a[3], sizeof event)) return -linux::EFAULT;
        event = *user_pointer<linux::epoll_event>(c.a[3]);
    }
    EpollFile::Interest* existing = ep->find(fd);
    switch (static_cast<int>(c.a[1])) {
        case linux::EPOLL_CTL_ADD:
            if (existing) return -linux::EEXIST;
            if (ep->count == EpollFile::kMax) return -linux::ENOSPC;
            ep->interests[ep->count++] = {fd, event.events, event.data};
            return 0;
        case linux::EPOLL_CTL_MOD:
            if (!existing) return -linux::ENOENT;
            existing->events = event.events;
            existing->data = event.data;
            return 0;
        case linux::EPOLL_CTL_DEL:
            if (!existing) return -linux::ENOENT;
            *existing = ep->interests[--ep->count];
            return 0;
        default: return -linux::EINVAL;
    }
}

int64_t epoll_wait_common(Call& c, uint64_t deadline) {
    Ref<File> holder;
    EpollFile* ep = epoll_of(static_cast<int>(c.a[0]), holder);
    if (!holder) return -linux::EBADF;
    if (!ep) return -linux::EINVAL;
    int max = static_cast<int>(c.a[2]);
    if (max <= 0) return -linux::EINVAL;
    if (!user_ok(c.a[1], static_cast<uint64_t>(max) * sizeof(linux::epoll_event))) return -linux::EFAULT;
    auto* out = user_pointer<linux::epoll_event>(c.a[1]);
    for (;;) {
        int ready = 0;
        for (int i = 0; i < ep->count && ready < max; ++i) {
            uint32_t bits = ready_bits(ep->interests[i].fd, ep->interests[i].events & 0xffff);
            if (bits & linux::POLLNVAL) continue;
            if (bits) out[ready++] = {bits, ep->interests[i].data};
        }
        if (ready || libos::monotonic_ns() >= deadline) return ready;
        wait_a_little(deadline);
    }
}
int64_t sys_epoll_wait(Call& c) { return epoll_wait_common(c, deadline_from_ms(static_cast<int32_t>(c.a[3]))); }

}  // namespace

void register_poll_syscalls() {
    define_syscall(7, "poll", sys_poll, "pud");
    define_syscall(271, "ppoll", sys_ppoll, "pupp");
    define_syscall(23, "select", sys_select, "dpppp");
    define_syscall(270, "pselect6", sys_pselect6, "dppppp");
    define_syscall(291, "epoll_create1", sys_epoll_create1, "x");
    define_syscall(213, "epoll_create", sys_epoll_create, "d");
    define_syscall(233, "epoll_ctl", sys_epoll_ctl, "fdfp");
    define_syscall(232, "epoll_wait", sys_epoll_wait, "fpdd");
    define_syscall(281, "epoll_pwait", sys_epoll_wait, "fpddpu");
}

}  // namespace posix
