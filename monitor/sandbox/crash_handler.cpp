#include "sandbox/crash_handler.h"

#include <signal.h>
#include <ucontext.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "exit_status.h"
#include "sandbox/stop.h"

namespace celda::sandbox {
namespace {

alignas(64) char g_alternate_stack[64 * 1024];

}  // namespace

void report_fault(int signal, siginfo_t* info, void* context) {
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
void on_fault(int signal, siginfo_t* info, void* context) { report_fault(signal, info, context); }
}  // namespace

Result<void> install_crash_handlers() {
    stack_t alternate{};
    alternate.ss_sp = g_alternate_stack;
    alternate.ss_size = sizeof g_alternate_stack;
    if (sigaltstack(&alternate, nullptr) != 0)
        return fail(std::string("cannot set up the crash handler stack: ") + std::strerror(errno));

    struct sigaction action{};
    action.sa_sigaction = on_fault;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&action.sa_mask);  // nothing may interrupt the report
    for (int signal : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGSYS}) {
        if (sigaction(signal, &action, nullptr) != 0)
            return fail(std::string("cannot install the crash handler: ") + std::strerror(errno));
    }
    // A guest writing to a closed stdout gets an error back, not a silent death.
    struct sigaction ignore{};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, nullptr);
    return {};
}

}  // namespace celda::sandbox
