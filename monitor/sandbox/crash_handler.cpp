#include "sandbox/crash_handler.h"

#include <signal.h>
#include <ucontext.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "exit_status.h"
#include "hypercall/fault_delivery.h"
#include "sandbox/child_state.h"
#include "sandbox/raw_syscall.h"
#include "sandbox/stop.h"

namespace celda::sandbox {
namespace {

alignas(64) char g_alternate_stack[64 * 1024];

// The fault being handed to the guest's fault entry while its frame is written. Writing to the
// guest's stack may itself fault (a page the guest made read-only or inaccessible); that nested
// fault re-enters on_fault, which then reports this original fault instead.
struct Pending {
    int signal;
    siginfo_t* info;
    void* context;
};
volatile bool g_delivering = false;
Pending g_pending{};
volatile bool g_reporting = false;

// The ucontext's registers as a celda_fault_frame: the kernel's trap number and error code are
// the CPU's vector and error code, so the frame is the one the kvm backend builds.
void to_fault_frame(const greg_t* r, const siginfo_t* info, celda_fault_frame& f) {
    f.vector = static_cast<std::uint64_t>(r[REG_TRAPNO]);
    f.error_code = static_cast<std::uint64_t>(r[REG_ERR]);
    f.address = f.vector == CELDA_FAULT_PAGE ? reinterpret_cast<std::uint64_t>(info->si_addr) : 0;
    f.reserved = 0;
    f.rax = static_cast<std::uint64_t>(r[REG_RAX]);
    f.rcx = static_cast<std::uint64_t>(r[REG_RCX]);
    f.rdx = static_cast<std::uint64_t>(r[REG_RDX]);
    f.rbx = static_cast<std::uint64_t>(r[REG_RBX]);
    f.rsp = static_cast<std::uint64_t>(r[REG_RSP]);
    f.rbp = static_cast<std::uint64_t>(r[REG_RBP]);
    f.rsi = static_cast<std::uint64_t>(r[REG_RSI]);
    f.rdi = static_cast<std::uint64_t>(r[REG_RDI]);
    f.r8 = static_cast<std::uint64_t>(r[REG_R8]);
    f.r9 = static_cast<std::uint64_t>(r[REG_R9]);
    f.r10 = static_cast<std::uint64_t>(r[REG_R10]);
    f.r11 = static_cast<std::uint64_t>(r[REG_R11]);
    f.r12 = static_cast<std::uint64_t>(r[REG_R12]);
    f.r13 = static_cast<std::uint64_t>(r[REG_R13]);
    f.r14 = static_cast<std::uint64_t>(r[REG_R14]);
    f.r15 = static_cast<std::uint64_t>(r[REG_R15]);
    f.rip = static_cast<std::uint64_t>(r[REG_RIP]);
    f.rflags = static_cast<std::uint64_t>(r[REG_EFL]);
}

// Hands a CPU fault of guest code to the guest's fault entry by rewriting the context the
// kernel resumes. False: report it.
bool deliver_to_guest(int signal, siginfo_t* info, void* context) {
    if (signal == SIGSYS || info->si_code <= 0 || !g_child.memory) return false;  // not a CPU fault
    auto* uc = static_cast<ucontext_t*>(context);
    greg_t* regs = uc->uc_mcontext.gregs;
    celda_fault_frame frame;
    to_fault_frame(regs, info, frame);
    const hypercall::FaultDelivery where{g_child.memory, g_child.image_start, g_child.image_end, g_child.trace};
    hypercall::FaultResume resume;
    g_pending = Pending{signal, info, context};
    g_delivering = true;
    const bool delivered = hypercall::deliver_fault(where, g_child.fault_entry, frame, resume);
    g_delivering = false;
    if (!delivered) return false;
    regs[REG_RIP] = static_cast<greg_t>(resume.rip);
    regs[REG_RSP] = static_cast<greg_t>(resume.rsp);
    regs[REG_RDI] = static_cast<greg_t>(resume.rdi);
    regs[REG_EFL] = static_cast<greg_t>(resume.rflags);
    return true;
}

}  // namespace

void report_fault(int signal, siginfo_t* info, void* context) {
    g_reporting = true;
    const auto* uc = static_cast<const ucontext_t*>(context);
    const greg_t* regs = uc->uc_mcontext.gregs;
    bool forbidden_syscall = signal == SIGSYS;
    report::StopRecord& record =
        begin_stop(forbidden_syscall ? report::StopKind::ForbiddenSyscall : report::StopKind::Crash);
    record.signal = signal;
    record.signal_code = info->si_code;
    record.rip = static_cast<std::uint64_t>(regs[REG_RIP]);
    if (forbidden_syscall) {
        record.syscall_nr = static_cast<std::uint64_t>(info->si_syscall);
        // rip is just past the `syscall` instruction; report the instruction itself.
        record.rip -= 2;
    } else {
        record.fault_address = reinterpret_cast<std::uint64_t>(info->si_addr);
    }
    walk_frames(record, static_cast<std::uint64_t>(regs[REG_RBP]));
    finish_stop(record, forbidden_syscall ? exit_status::kForbiddenSyscall : exit_status::for_signal(signal));
}

namespace {
void on_fault(int signal, siginfo_t* info, void* context) {
    // A fault while writing the fault frame: the guest's stack cannot take it; report the
    // fault being delivered, as if there were no entry.
    if (g_delivering) {
        g_delivering = false;
        report_fault(g_pending.signal, g_pending.info, g_pending.context);
    }
    // A fault inside the report itself (a monitor bug): end without recursing.
    if (g_reporting) raw::exit_group(exit_status::for_signal(signal));
    if (deliver_to_guest(signal, info, context)) return;
    report_fault(signal, info, context);
}
}  // namespace

Result<void> install_crash_handlers() {
    stack_t alternate{};
    alternate.ss_sp = g_alternate_stack;
    alternate.ss_size = sizeof g_alternate_stack;
    if (sigaltstack(&alternate, nullptr) != 0)
        return fail(std::string("cannot set up the crash handler stack: ") + std::strerror(errno));

    const int faults[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP};
    struct sigaction action{};
    action.sa_sigaction = on_fault;
    // Nothing else may interrupt the report; a fault inside the handler must reach it, though
    // (see on_fault), so the fault signals stay deliverable: a blocked synchronous fault would
    // kill the child without a report.
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigfillset(&action.sa_mask);
    for (int signal : faults) sigdelset(&action.sa_mask, signal);
    for (int signal : faults) {
        if (sigaction(signal, &action, nullptr) != 0)
            return fail(std::string("cannot install the crash handler: ") + std::strerror(errno));
    }
    struct sigaction forbidden = action;
    forbidden.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&forbidden.sa_mask);
    if (sigaction(SIGSYS, &forbidden, nullptr) != 0)
        return fail(std::string("cannot install the crash handler: ") + std::strerror(errno));
    // A guest writing to a closed stdout gets an error back, not a silent death.
    struct sigaction ignore{};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, nullptr);
    return {};
}

}  // namespace celda::sandbox
