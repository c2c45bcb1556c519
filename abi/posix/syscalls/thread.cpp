// Threads as library-OS fibers: clone (threads only; fork is not supported), exit, futex,
// set_tid_address, sched_yield. Threads switch only inside syscalls, so none of this needs
// locking; a thread's FS base is put back by the syscall entry whenever it resumes.
#include <libos/fiber.h>
#include <libos/libc.h>
#include <libos/time.h>

#include "kernel/signals.h"
#include "syscalls/table.h"

extern "C" [[noreturn]] void posix_enter_user(const celda_syscall_frame* frame);

namespace posix {
namespace {

constexpr size_t kThreadFiberStack = 32 * 1024;   // the library OS's frames only: user code runs on its own stack

// ---- futexes ----
struct FutexWaiter {
    uint64_t address;
    uint32_t bitset;
    bool woken;
    bool timed;
    libos::FiberControl* fiber;
    libos::WaitQueue queue;     // an untimed waiter parks here
    FutexWaiter* next;
};
FutexWaiter* waiters = nullptr;

void unlink_waiter(FutexWaiter* w) {
    for (FutexWaiter** link = &waiters; *link; link = &(*link)->next)
        if (*link == w) {
            *link = w->next;
            return;
        }
}

int64_t futex_wait(uint64_t address, uint32_t expected, uint64_t timeout, bool absolute, bool realtime, uint32_t bitset) {
    if (!user_ok(address, 4) || (address & 3)) return -linux::EFAULT;
    if (bitset == 0) return -linux::EINVAL;
    if (*user_pointer<volatile uint32_t>(address) != expected) return -linux::EAGAIN;
    uint64_t deadline = UINT64_MAX;
    if (timeout) {
        if (!user_ok(timeout, sizeof(linux::timespec))) return -linux::EFAULT;
        linux::timespec ts = *user_pointer<linux::timespec>(timeout);
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1'000'000'000) return -linux::EINVAL;
        uint64_t ns = static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000 + static_cast<uint64_t>(ts.tv_nsec);
        uint64_t now = libos::monotonic_ns();
        if (absolute) {
            uint64_t clock_now = realtime ? libos::wall_ns() : now;
            deadline = now + (ns > clock_now ? ns - clock_now : 0);
        } else {
            deadline = now + ns;
        }
    }
    FutexWaiter w{address, bitset, false, deadline != UINT64_MAX, libos::scheduler().current(), {}, waiters};
    waiters = &w;
    if (w.timed) {
        libos::sleep_until(deadline);   // a wake takes us out of the sleeper list early
    } else {
        libos::scheduler().wait(w.queue);
    }
    if (!w.woken) {
        unlink_waiter(&w);
        return -linux::ETIMEDOUT;
    }
    return 0;
}

int futex_wake(uint64_t address, int count, uint32_t bitset) {
    int woken = 0;
    for (FutexWaiter** link = &waiters; *link && woken < count;) {
        FutexWaiter* w = *link;
        if (w->address != address || !(w->bitset & bitset)) {
            link = &w->next;
            continue;
        }
        *link = w->next;
        w->woken = true;
        if (w->timed) libos::scheduler().wake_sleeper(w->fiber);
        else libos::scheduler().wake_one(w->queue);
        ++woken;
    }
    return woken;
}

int futex_requeue(uint64_t address, int wake, int requeue, uint64_t target) {
    int woken = futex_wake(address, wake, ~0u);
    int moved = 0;
    for (FutexWaiter* w = waiters; w && moved < requeue; w = w->next)
        if (w->address == address) {
            w->address = target;
            ++moved;
        }
    return woken + moved;
}

int64_t sys_futex(Call& c) {
    uint64_t address = c.a[0];
    int op = static_cast<int>(c.a[1]);
    bool realtime = op & linux::FUTEX_CLOCK_REALTIME;
    int command = op & ~(linux::FUTEX_PRIVATE_FLAG | linux::FUTEX_CLOCK_REALTIME);
    uint32_t value = static_cast<uint32_t>(c.a[2]);
    switch (command) {
        case linux::FUTEX_WAIT: return futex_wait(address, value, c.a[3], false, false, ~0u);
        case linux::FUTEX_WAIT_BITSET: return futex_wait(address, value, c.a[3], true, realtime, static_cast<uint32_t>(c.a[5]));
        case linux::FUTEX_WAKE: return futex_wake(address, static_cast<int>(value), ~0u);
        case linux::FUTEX_WAKE_BITSET: return futex_wake(address, static_cast<int>(value), static_cast<uint32_t>(c.a[5]));
        case linux::FUTEX_REQUEUE:
            return futex_requeue(address, static_cast<int>(value), static_cast<int>(c.a[3]), c.a[4]);
        case linux::FUTEX_CMP_REQUEUE:
            if (!user_ok(address, 4)) return -linux::EFAULT;
            if (*user_pointer<uint32_t>(address) != static_cast<uint32_t>(c.a[5])) return -linux::EAGAIN;
            return futex_requeue(address, static_cast<int>(value), static_cast<int>(c.a[3]), c.a[4]);
        case linux::FUTEX_WAKE_OP: {
            // Used by older glibc condvars: apply the op to *uaddr2, wake on both.
            uint64_t address2 = c.a[4];
            if (!user_ok(address2, 4)) return -linux::EFAULT;
            uint32_t encoded = static_cast<uint32_t>(c.a[5]);
            uint32_t op_kind = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
            uint32_t oparg = (encoded >> 12) & 0xfff, cmparg = encoded & 0xfff;
            if ((encoded >> 31) & 1) oparg = 1u << oparg;
            auto* target = user_pointer<uint32_t>(address2);
            uint32_t old = *target;
            switch (op_kind) {
                case 0: *target = oparg; break;
                case 1: *target = old + oparg; break;
                case 2: *target = old | oparg; break;
                case 3: *target = old & ~oparg; break;
                case 4: *target = old ^ oparg; break;
                default: return -linux::ENOSYS;
            }
            int32_t o = static_cast<int32_t>(old), a = static_cast<int32_t>(cmparg);
            bool condition = cmp == 0 ? o == a : cmp == 1 ? o != a : cmp == 2 ? o < a : cmp == 3 ? o <= a : cmp == 4 ? o > a : o >= a;
            int woken = futex_wake(address, static_cast<int>(value), ~0u);
            if (condition) woken += futex_wake(address2, static_cast<int>(c.a[3]), ~0u);
            return woken;
        }
        default: return -linux::ENOSYS;
    }
}

// ---- threads ----
libos::FiberControl* finished_fibers[64];
int finished_count = 0;

void release_finished_fibers() {
    for (int i = 0; i < finished_count; ++i) libos::scheduler().release(finished_fibers[i]);
    finished_count = 0;
}

void thread_start(void* argument) {
    auto* thread = static_cast<Thread*>(argument);
    write_fs_base(thread->fs_base);
    posix_enter_user(&thread->start);
}

int64_t sys_clone(Call& c) {
    uint64_t flags = c.a[0], stack = c.a[1], parent_tid = c.a[2], child_tid = c.a[3], tls = c.a[4];
    constexpr uint64_t kThreadFlags = linux::CLONE_VM | linux::CLONE_THREAD | linux::CLONE_SIGHAND;
    if ((flags & kThreadFlags) != kThreadFlags) return -linux::ENOSYS;   // fork/vfork: not yet
    release_finished_fibers();
    Process& p = process();
    auto* thread = new Thread();
    thread->tid = p.next_tid++;
    thread->fs_base = (flags & linux::CLONE_SETTLS) ? tls : current_thread().fs_base;
    thread->signal_mask = current_thread().signal_mask;
    thread->start = *c.frame;
    thread->start.rax = 0;
    if (stack) thread->start.rsp = stack;
    if (flags & linux::CLONE_CHILD_CLEARTID) thread->clear_child_tid = child_tid;
    if ((flags & linux::CLONE_PARENT_SETTID) && user_ok(parent_tid, 4)) *user_pointer<int32_t>(parent_tid) = thread->tid;
    if ((flags & linux::CLONE_CHILD_SETTID) && user_ok(child_tid, 4)) *user_pointer<int32_t>(child_tid) = thread->tid;
    thread->fiber = libos::scheduler().spawn(thread_start, thread, kThreadFiberStack);
    if (!thread->fiber) {
        delete thread;
        return -linux::EAGAIN;
    }
    thread->next = p.threads;
    p.threads = thread;
    ++p.live_threads;
    return thread->tid;
}

libos::WaitQueue parked_main;

int64_t sys_exit(Call& c) {
    Process& p = process();
    Thread& self = current_thread();
    if (self.clear_child_tid && user_ok(self.clear_child_tid, 4)) {
        *user_pointer<int32_t>(self.clear_child_tid) = 0;
        futex_wake(self.clear_child_tid, 1, ~0u);
    }
    if (--p.live_threads == 0) exit_process(static_cast<int>(c.a[0] & 0xff));
    if (self.tid == kPid) {
        // The main fiber's end would end the guest: park it until the last thread exits.
        self.fiber = nullptr;
        for (;;) libos::scheduler().wait(parked_main);
    }
    for (Thread** link = &p.threads; *link; link = &(*link)->next)
        if (*link == &self) {
            *link = self.next;
            break;
        }
    libos::FiberControl* fiber = self.fiber;
    delete &self;
    if (finished_count < 64) finished_fibers[finished_count++] = fiber;
    libos::scheduler().exit_current();
}

int64_t sys_set_tid_address(Call& c) {
    current_thread().clear_child_tid = c.a[0];
    return current_thread().tid;
}

int64_t sys_zero(Call&) { return 0; }
int64_t sys_sched_yield(Call&) {
    libos::yield();
    return 0;
}
int64_t sys_enosys_quiet(Call&) { return -linux::ENOSYS; }

}  // namespace

void register_thread_syscalls() {
    define_syscall(56, "clone", sys_clone, "xpppx");
    define_syscall(435, "clone3", sys_enosys_quiet, "pu");
    define_syscall(60, "exit", sys_exit, "d");
    define_syscall(202, "futex", sys_futex, "pxdppx");
    define_syscall(218, "set_tid_address", sys_set_tid_address, "p");
    define_syscall(273, "set_robust_list", sys_zero, "pu");
    define_syscall(24, "sched_yield", sys_sched_yield, "");
    define_syscall(203, "sched_setaffinity", sys_zero, "dup");
    define_syscall(141, "setpriority", sys_zero, "ddd");
    define_syscall(140, "getpriority", sys_zero, "dd");
}

}  // namespace posix
