// Clocks and sleeping. Sleeping parks the calling thread's fiber; others run meanwhile.
#include <libos/time.h>

#include "syscalls/table.h"

namespace posix {
namespace {

constexpr uint64_t kNs = 1'000'000'000;
const uint64_t boot_monotonic = 0;

int64_t clock_now(int clock, uint64_t& ns) {
    switch (clock) {
        case linux::CLOCK_REALTIME: case linux::CLOCK_REALTIME_COARSE: ns = libos::wall_ns(); return 0;
        case linux::CLOCK_MONOTONIC: case linux::CLOCK_MONOTONIC_RAW: case linux::CLOCK_MONOTONIC_COARSE:
        case linux::CLOCK_BOOTTIME: ns = libos::monotonic_ns() - boot_monotonic; return 0;
        // CPU time: the guest runs alone on its CPU, so elapsed time is a fair upper bound.
        case linux::CLOCK_PROCESS_CPUTIME_ID: case linux::CLOCK_THREAD_CPUTIME_ID: ns = libos::monotonic_ns(); return 0;
        default: return -linux::EINVAL;
    }
}

int64_t sys_clock_gettime(Call& c) {
    uint64_t ns;
    if (int64_t rc = clock_now(static_cast<int>(c.a[0]), ns); rc < 0) return rc;
    if (!user_ok(c.a[1], sizeof(linux::timespec))) return -linux::EFAULT;
    *user_pointer<linux::timespec>(c.a[1]) = {static_cast<int64_t>(ns / kNs), static_cast<int64_t>(ns % kNs)};
    return 0;
}

int64_t sys_clock_getres(Call& c) {
    uint64_t ns;
    if (int64_t rc = clock_now(static_cast<int>(c.a[0]), ns); rc < 0) return rc;
    if (c.a[1]) {
        if (!user_ok(c.a[1], sizeof(linux::timespec))) return -linux::EFAULT;
        *user_pointer<linux::timespec>(c.a[1]) = {0, 1};
    }
    return 0;
}

int64_t sys_gettimeofday(Call& c) {
    uint64_t ns = libos::wall_ns();
    if (c.a[0]) {
        if (!user_ok(c.a[0], sizeof(linux::timeval))) return -linux::EFAULT;
        *user_pointer<linux::timeval>(c.a[0]) = {static_cast<int64_t>(ns / kNs), static_cast<int64_t>(ns % kNs / 1000)};
    }
    if (c.a[1]) {
        if (!user_ok(c.a[1], 8)) return -linux::EFAULT;
        *user_pointer<uint64_t>(c.a[1]) = 0;
    }
    return 0;
}

int64_t sys_time(Call& c) {
    int64_t seconds = static_cast<int64_t>(libos::wall_ns() / kNs);
    if (c.a[0]) {
        if (!user_ok(c.a[0], 8)) return -linux::EFAULT;
        *user_pointer<int64_t>(c.a[0]) = seconds;
    }
    return seconds;
}

int64_t sleep_request(int clock, bool absolute, uint64_t request, uint64_t remain) {
    if (!user_ok(request, sizeof(linux::timespec))) return -linux::EFAULT;
    linux::timespec ts = *user_pointer<linux::timespec>(request);
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= static_cast<int64_t>(kNs)) return -linux::EINVAL;
    uint64_t ns = static_cast<uint64_t>(ts.tv_sec) * kNs + static_cast<uint64_t>(ts.tv_nsec);
    uint64_t deadline;
    if (absolute) {
        uint64_t now;
        if (int64_t rc = clock_now(clock, now); rc < 0) return rc;
        deadline = libos::monotonic_ns() + (ns > now ? ns - now : 0);
    } else {
        deadline = libos::monotonic_ns() + ns;
    }
    libos::sleep_until(deadline);
    if (remain && !absolute && user_ok(remain, sizeof(linux::timespec))) *user_pointer<linux::timespec>(remain) = {0, 0};
    return 0;
}

int64_t sys_nanosleep(Call& c) { return sleep_request(linux::CLOCK_MONOTONIC, false, c.a[0], c.a[1]); }
int64_t sys_clock_nanosleep(Call& c) {
    uint64_t ignored;
    if (clock_now(static_cast<int>(c.a[0]), ignored) < 0) return -linux::EINVAL;
    return sleep_request(static_cast<int>(c.a[0]), c.a[1] & linux::TIMER_ABSTIME, c.a[2], c.a[3]);
}

}  // namespace

void register_time_syscalls() {
    define_syscall(228, "clock_gettime", sys_clock_gettime, "dp");
    define_syscall(229, "clock_getres", sys_clock_getres, "dp");
    define_syscall(96, "gettimeofday", sys_gettimeofday, "pp");
    define_syscall(201, "time", sys_time, "p");
    define_syscall(35, "nanosleep", sys_nanosleep, "pp");
    define_syscall(230, "clock_nanosleep", sys_clock_nanosleep, "dxpp");
}

}  // namespace posix
