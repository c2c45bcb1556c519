#include "kernel/signals.h"

#include <libos/libc.h>

namespace posix {
namespace {

struct SigContext {  // struct sigcontext (x86-64)
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err, trapno, oldmask, cr2, fpstate, reserved[8];
};
struct UContext {
    uint64_t flags, link;
    uint64_t ss_sp;
    int32_t ss_flags, pad;
    uint64_t ss_size;
    SigContext mcontext;
    uint64_t sigmask;
};
struct SigInfo {
    int32_t signo, errno_, code, pad;
    int32_t pid, uid;
    char rest[128 - 24];
};
static_assert(sizeof(UContext) == 304);
static_assert(sizeof(SigInfo) == 128);

uint64_t bit(int signal) { return 1ull << (signal - 1); }

bool ignored_by_default(int s) {
    return s == linux::SIGCHLD || s == linux::SIGURG || s == linux::SIGWINCH || s == linux::SIGCONT;
}

void run_handler(Thread& t, celda_syscall_frame& frame, int signal) {
    linux::kernel_sigaction& action = process().actions[signal];
    uint64_t sp = frame.rsp;
    if ((action.flags & linux::SA_ONSTACK) && t.altstack_flags == 0 && t.altstack_size &&
        !(sp > t.altstack_sp && sp <= t.altstack_sp + t.altstack_size))
        sp = t.altstack_sp + t.altstack_size;
    sp -= 128;  // red zone of the interrupted code
    sp -= sizeof(SigInfo);
    sp &= ~15ull;
    auto* info = reinterpret_cast<SigInfo*>(sp);
    sp -= sizeof(UContext);
    sp &= ~15ull;
    auto* uc = reinterpret_cast<UContext*>(sp);
    sp -= 8;  // return address slot: rsp % 16 == 8 at the handler's first instruction
    memset(info, 0, sizeof *info);
    info->signo = signal;
    info->code = -6;  // SI_TKILL
    info->pid = kPid;
    memset(uc, 0, sizeof *uc);
    SigContext& m = uc->mcontext;
    m.r8 = frame.r8; m.r9 = frame.r9; m.r10 = frame.r10; m.r11 = frame.r11;
    m.r12 = frame.r12; m.r13 = frame.r13; m.r14 = frame.r14; m.r15 = frame.r15;
    m.rdi = frame.rdi; m.rsi = frame.rsi; m.rbp = frame.rbp; m.rbx = frame.rbx;
    m.rdx = frame.rdx; m.rax = frame.rax; m.rcx = frame.rcx; m.rsp = frame.rsp;
    m.rip = frame.rip; m.eflags = frame.rflags; m.cs = 0x33;
    uc->sigmask = t.signal_mask;
    uc->ss_sp = t.altstack_sp;
    uc->ss_size = t.altstack_size;
    uc->ss_flags = t.altstack_flags;
    *reinterpret_cast<uint64_t*>(sp) = action.restorer;

    t.signal_mask |= action.mask;
    if (!(action.flags & linux::SA_NODEFER)) t.signal_mask |= bit(signal);
    uint64_t handler = action.handler;
    if (action.flags & linux::SA_RESETHAND) action.handler = linux::SIG_DFL;

    frame.rsp = sp;
    frame.rip = handler;
    frame.rdi = static_cast<uint64_t>(signal);
    frame.rsi = reinterpret_cast<uint64_t>(info);
    frame.rdx = reinterpret_cast<uint64_t>(uc);
    frame.rax = 0;
}

}  // namespace

void send_signal(Thread& thread, int signal) {
    if (signal < 1 || signal > linux::NSIG) return;
    thread.pending_signals |= bit(signal);
}

void deliver_pending_signals(celda_syscall_frame& frame) {
    Thread& t = current_thread();
    uint64_t unstoppable = bit(linux::SIGKILL) | bit(linux::SIGSTOP);
    for (;;) {
        uint64_t ready = t.pending_signals & (~t.signal_mask | unstoppable);
        if (!ready) return;
        int signal = __builtin_ctzll(ready) + 1;
        t.pending_signals &= ~bit(signal);
        const linux::kernel_sigaction& action = process().actions[signal];
        if (signal == linux::SIGKILL || signal == linux::SIGSTOP || action.handler == linux::SIG_DFL) {
            if (ignored_by_default(signal)) continue;
            exit_process(128 + signal);
        }
        if (action.handler == linux::SIG_IGN) continue;
        run_handler(t, frame, signal);
        return;  // one handler frame at a time; the rest wait for its rt_sigreturn
    }
}

int64_t signal_return(celda_syscall_frame& frame) {
    Thread& t = current_thread();
    auto* uc = reinterpret_cast<UContext*>(frame.rsp);
    if (!user_ok(frame.rsp, sizeof(UContext))) exit_process(128 + linux::SIGSEGV);
    const SigContext& m = uc->mcontext;
    frame.r8 = m.r8; frame.r9 = m.r9; frame.r10 = m.r10; frame.r11 = m.r11;
    frame.r12 = m.r12; frame.r13 = m.r13; frame.r14 = m.r14; frame.r15 = m.r15;
    frame.rdi = m.rdi; frame.rsi = m.rsi; frame.rbp = m.rbp; frame.rbx = m.rbx;
    frame.rdx = m.rdx; frame.rcx = m.rcx; frame.rsp = m.rsp;
    frame.rip = m.rip;
    frame.rflags = (frame.rflags & ~0xcd5ull) | (m.eflags & 0xcd5ull);  // arithmetic flags only
    t.signal_mask = uc->sigmask & ~(bit(linux::SIGKILL) | bit(linux::SIGSTOP));
    return static_cast<int64_t>(m.rax);
}

}  // namespace posix
