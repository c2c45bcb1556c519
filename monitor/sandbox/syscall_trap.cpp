#include "sandbox/syscall_trap.h"

#include <signal.h>
#include <ucontext.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "celda/contract.h"
#include "sandbox/child_state.h"
#include "sandbox/crash_handler.h"

namespace celda::sandbox {
namespace {

constexpr int kSeccompTrapCode = 1;  // SYS_SECCOMP: si_code of a seccomp RET_TRAP

void to_frame(const greg_t* r, celda_syscall_frame& f) {
    f.rax = static_cast<std::uint64_t>(r[REG_RAX]);
    f.rdi = static_cast<std::uint64_t>(r[REG_RDI]);
    f.rsi = static_cast<std::uint64_t>(r[REG_RSI]);
    f.rdx = static_cast<std::uint64_t>(r[REG_RDX]);
    f.r10 = static_cast<std::uint64_t>(r[REG_R10]);
    f.r8 = static_cast<std::uint64_t>(r[REG_R8]);
    f.r9 = static_cast<std::uint64_t>(r[REG_R9]);
    f.rbx = static_cast<std::uint64_t>(r[REG_RBX]);
    f.rbp = static_cast<std::uint64_t>(r[REG_RBP]);
    f.r12 = static_cast<std::uint64_t>(r[REG_R12]);
    f.r13 = static_cast<std::uint64_t>(r[REG_R13]);
    f.r14 = static_cast<std::uint64_t>(r[REG_R14]);
    f.r15 = static_cast<std::uint64_t>(r[REG_R15]);
    f.rcx = static_cast<std::uint64_t>(r[REG_RCX]);
    f.r11 = static_cast<std::uint64_t>(r[REG_R11]);
    f.rsp = static_cast<std::uint64_t>(r[REG_RSP]);
    f.rip = static_cast<std::uint64_t>(r[REG_RIP]);
    f.rflags = static_cast<std::uint64_t>(r[REG_EFL]);
}

void from_frame(const celda_syscall_frame& f, greg_t* r) {
    r[REG_RAX] = static_cast<greg_t>(f.rax);
    r[REG_RDI] = static_cast<greg_t>(f.rdi);
    r[REG_RSI] = static_cast<greg_t>(f.rsi);
    r[REG_RDX] = static_cast<greg_t>(f.rdx);
    r[REG_R10] = static_cast<greg_t>(f.r10);
    r[REG_R8] = static_cast<greg_t>(f.r8);
    r[REG_R9] = static_cast<greg_t>(f.r9);
    r[REG_RBX] = static_cast<greg_t>(f.rbx);
    r[REG_RBP] = static_cast<greg_t>(f.rbp);
    r[REG_R12] = static_cast<greg_t>(f.r12);
    r[REG_R13] = static_cast<greg_t>(f.r13);
    r[REG_R14] = static_cast<greg_t>(f.r14);
    r[REG_R15] = static_cast<greg_t>(f.r15);
    r[REG_RCX] = static_cast<greg_t>(f.rcx);
    r[REG_R11] = static_cast<greg_t>(f.r11);
    r[REG_RSP] = static_cast<greg_t>(f.rsp);
    r[REG_RIP] = static_cast<greg_t>(f.rip);
    r[REG_EFL] = static_cast<greg_t>(f.rflags);
}

void on_sigsys(int signal, siginfo_t* info, void* context) {
    auto* uc = static_cast<ucontext_t*>(context);
    const std::uint64_t call_address = reinterpret_cast<std::uint64_t>(info->si_call_addr);
    const std::uint64_t entry = g_child.syscall_entry;
    if (info->si_code != kSeccompTrapCode || entry == 0 || !g_child.memory->contains(call_address, 2))
        report_fault(signal, info, context);
    // The frame lives on this (the guest's) stack, so the guest may read and change it.
    celda_syscall_frame frame;
    to_frame(uc->uc_mcontext.gregs, frame);
    frame.rax = static_cast<std::uint64_t>(info->si_syscall);  // rax may already be clobbered
    reinterpret_cast<celda_syscall_entry_fn>(entry)(&frame);
    from_frame(frame, uc->uc_mcontext.gregs);
}

}  // namespace

long set_syscall_entry(std::uint64_t entry) {
    g_child.syscall_entry = entry;
    return 0;
}

Result<void> install_syscall_trap() {
    struct sigaction action{};
    action.sa_sigaction = on_sigsys;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGSYS, &action, nullptr) != 0)
        return fail(std::string("cannot install the syscall trap: ") + std::strerror(errno));
    return {};
}

}  // namespace celda::sandbox
