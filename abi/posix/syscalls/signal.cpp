// rt_sigaction, rt_sigprocmask, rt_sigreturn, sigaltstack, kill/tgkill/tkill to itself.
#include <libos/libc.h>

#include "kernel/signals.h"
#include "syscalls/table.h"

namespace posix {
namespace {

int64_t sys_rt_sigaction(Call& c) {
    int signal = static_cast<int>(c.a[0]);
    if (signal < 1 || signal > linux::NSIG || c.a[3] != 8) return -linux::EINVAL;
    linux::kernel_sigaction& action = process().actions[signal];
    if (c.a[2]) {
        if (!user_ok(c.a[2], sizeof action)) return -linux::EFAULT;
        *user_pointer<linux::kernel_sigaction>(c.a[2]) = action;
    }
    if (c.a[1]) {
        if (signal == linux::SIGKILL || signal == linux::SIGSTOP) return -linux::EINVAL;
        if (!user_ok(c.a[1], sizeof action)) return -linux::EFAULT;
        action = *user_pointer<linux::kernel_sigaction>(c.a[1]);
    }
    return 0;
}

int64_t sys_rt_sigprocmask(Call& c) {
    if (c.a[3] != 8) return -linux::EINVAL;
    Thread& t = current_thread();
    if (c.a[2]) {
        if (!user_ok(c.a[2], 8)) return -linux::EFAULT;
        *user_pointer<uint64_t>(c.a[2]) = t.signal_mask;
    }
    if (c.a[1]) {
        if (!user_ok(c.a[1], 8)) return -linux::EFAULT;
        uint64_t set = *user_pointer<uint64_t>(c.a[1]);
        switch (static_cast<int>(c.a[0])) {
            case linux::SIG_BLOCK: t.signal_mask |= set; break;
            case linux::SIG_UNBLOCK: t.signal_mask &= ~set; break;
            case linux::SIG_SETMASK: t.signal_mask = set; break;
            default: return -linux::EINVAL;
        }
        t.signal_mask &= ~((1ull << (linux::SIGKILL - 1)) | (1ull << (linux::SIGSTOP - 1)));
    }
    return 0;
}

int64_t sys_rt_sigreturn(Call& c) { return signal_return(*c.frame); }

int64_t sys_sigaltstack(Call& c) {
    Thread& t = current_thread();
    if (c.a[1]) {
        if (!user_ok(c.a[1], 24)) return -linux::EFAULT;
        auto* old = user_pointer<uint64_t>(c.a[1]);
        old[0] = t.altstack_sp;
        reinterpret_cast<int32_t*>(old)[2] = t.altstack_flags;
        old[2] = t.altstack_size;
    }
    if (c.a[0]) {
        if (!user_ok(c.a[0], 24)) return -linux::EFAULT;
        auto* next = user_pointer<uint64_t>(c.a[0]);
        int flags = reinterpret_cast<int32_t*>(next)[2];
        if (flags & ~2) return -linux::EINVAL;
        if (!(flags & 2) && next[2] < 2048) return -linux::ENOMEM;
        t.altstack_sp = next[0];
        t.altstack_size = next[2];
        t.altstack_flags = flags;
    }
    return 0;
}

Thread* thread_by_tid(int tid) {
    for (Thread* t = process().threads; t; t = t->next)
        if (t->tid == tid) return t;
    return nullptr;
}

int64_t signal_thread(int tid, int signal) {
    if (signal < 0 || signal > linux::NSIG) return -linux::EINVAL;
    Thread* t = thread_by_tid(tid);
    if (!t) return -linux::ESRCH;
    if (signal) send_signal(*t, signal);
    return 0;
}

int64_t sys_kill(Call& c) {
    int pid = static_cast<int>(c.a[0]);
    if (pid != kPid && pid != 0 && pid != -1) return -linux::ESRCH;
    return signal_thread(current_thread().tid, static_cast<int>(c.a[1]));
}
int64_t sys_tgkill(Call& c) {
    if (static_cast<int>(c.a[0]) != kPid) return -linux::ESRCH;
    return signal_thread(static_cast<int>(c.a[1]), static_cast<int>(c.a[2]));
}
int64_t sys_tkill(Call& c) { return signal_thread(static_cast<int>(c.a[0]), static_cast<int>(c.a[1])); }

int64_t sys_rt_sigpending(Call& c) {
    if (!user_ok(c.a[0], 8)) return -linux::EFAULT;
    *user_pointer<uint64_t>(c.a[0]) = current_thread().pending_signals;
    return 0;
}

}  // namespace

void register_signal_syscalls() {
    define_syscall(13, "rt_sigaction", sys_rt_sigaction, "dppu");
    define_syscall(14, "rt_sigprocmask", sys_rt_sigprocmask, "dppu");
    define_syscall(15, "rt_sigreturn", sys_rt_sigreturn, "");
    define_syscall(131, "sigaltstack", sys_sigaltstack, "pp");
    define_syscall(62, "kill", sys_kill, "dd");
    define_syscall(234, "tgkill", sys_tgkill, "ddd");
    define_syscall(200, "tkill", sys_tkill, "dd");
    define_syscall(127, "rt_sigpending", sys_rt_sigpending, "pu");
}

}  // namespace posix
