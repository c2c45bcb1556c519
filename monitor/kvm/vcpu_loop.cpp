#include "kvm/vcpu_loop.h"

#include <linux/kvm.h>
#include <signal.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>

#include "exit_status.h"
#include "hypercall/dispatch.h"
#include "hypercall/guest_frames.h"
#include "kvm/system_area.h"
#include "trace.h"

namespace celda::kvm {
namespace {

// One run of the loop: everything an exit handler needs.
struct Vcpu {
    const VcpuContext& context;
    VcpuResult& result;
    int fd() const { return context.machine->vcpu.get(); }
    kvm_run* run() const { return context.machine->run(); }
    std::byte* system(std::uint64_t address) const { return context.system_area + (address - kSystemBase); }
};

void append_text(report::StopRecord& record, const char* text) {
    std::uint64_t length = std::strlen(text);
    if (record.message_length + length > report::kMaxMessage) length = report::kMaxMessage - record.message_length;
    std::memcpy(record.message + record.message_length, text, length);
    record.message_length += static_cast<std::uint32_t>(length);
}

void append_hex(report::StopRecord& record, std::uint64_t value) {
    char text[19] = "0x";
    char digits[16];
    int n = 0;
    do { digits[n++] = "0123456789abcdef"[value & 15]; value >>= 4; } while (value);
    for (int i = 0; i < n; ++i) text[2 + i] = digits[n - 1 - i];
    text[2 + n] = '\0';
    append_text(record, text);
}

// Ends the loop with a VcpuStop record: "guest <message> at rip ...; stopped".
void stop_vcpu(Vcpu& vcpu, const char* message, int exit_status, std::uint64_t detail = 0, bool with_detail = false) {
    report::StopRecord& record = vcpu.result.record;
    hypercall::begin_record(record, report::StopKind::VcpuStop);
    append_text(record, message);
    if (with_detail) append_hex(record, detail);
    kvm_regs regs{};
    if (::ioctl(vcpu.fd(), KVM_GET_REGS, &regs) == 0) record.rip = regs.rip;
    record.exit_status = exit_status;
    vcpu.result.has_record = true;
    vcpu.result.exit_status = exit_status;
}

// The dispatcher's backend hooks (hypercall/dispatch.h) take no context: the one vCPU of this
// process, set for the duration of run_vcpu.
const VcpuContext* g_hook_context = nullptr;

Mailbox* mailbox_of(const VcpuContext& context) {
    return reinterpret_cast<Mailbox*>(context.system_area + (kMailboxAddress - kSystemBase));
}

// PROTECT: rights live in the page tables the monitor built; the stub reloads %cr3 before
// the guest continues, so no stale translation survives the call.
long protect_hook(std::uint64_t address, std::uint64_t length, std::uint32_t prot) {
    const VcpuContext* context = g_hook_context;
    if (!context || !context->system) return -38;  // ENOSYS
    long result = protect_pages(context->system_area, *context->system, address, length, prot);
    mailbox_of(*context)->flush_tlb = 1;
    return result;
}

// SYSCALL_ENTRY: the LSTAR stub calls whatever the read-only slot holds.
long syscall_entry_hook(std::uint64_t entry) {
    const VcpuContext* context = g_hook_context;
    if (!context) return -38;
    auto* slot = reinterpret_cast<volatile std::uint64_t*>(context->system_area + (kTablesAddress - kSystemBase) +
                                                           kSyscallEntryOffset);
    *slot = entry;
    return 0;
}

// FAULT_ENTRY: what the guest registered, used by handle_exception.
hypercall::FaultEntry g_fault_entry;

// HOSTFS (-v): the context's link to the broker process, or none (-ENOSYS), set by run_vcpu.
hypercall::BackendHooks g_hooks{protect_hook, syscall_entry_hook, nullptr, &g_fault_entry};

bool handle_hypercall(Vcpu& vcpu) {
    auto* mailbox = reinterpret_cast<volatile Mailbox*>(vcpu.system(kMailboxAddress));
    // Copied once: the guest cannot change what is checked after the check (single vCPU, but
    // the rule keeps holding when there are more).
    const std::uint64_t nr = mailbox->nr, args = mailbox->args, rsp = mailbox->rsp;
    hypercall::Caller caller{0, mailbox->rbp};
    if (const auto* return_address = vcpu.context.memory->host_object<std::uint64_t>(rsp))
        caller.return_address = *return_address;
    const hypercall::Context context{vcpu.context.memory, vcpu.context.trace, &g_hooks, vcpu.context.image_start,
                                     vcpu.context.image_end};
    ++vcpu.result.hypercalls;
    hypercall::Outcome outcome = hypercall::dispatch(context, caller, nr, args, vcpu.result.record);
    if (outcome.stopped) {
        vcpu.result.has_record = true;
        vcpu.result.exit_status = outcome.exit_status;
        return false;
    }
    mailbox->result = outcome.value;
    return true;
}

// Hands a fault of guest code to the guest's fault entry (hypercall/fault_delivery.h): the
// faulting registers are the vCPU's (the stubs touch none but rsp), rip/rsp/rflags the CPU's
// exception frame. The monitor rewrites that frame and the stub iretqs into the entry, so no
// register is set from here (the vCPU thread's seccomp filter allows only KVM_GET_REGS).
bool deliver_to_guest(Vcpu& vcpu, const kvm_regs& regs, const kvm_sregs& sregs, const ExceptionFrame& exception) {
    celda_fault_frame fault{};
    fault.vector = exception.vector;
    fault.error_code = exception.error_code;
    fault.address = exception.vector == CELDA_FAULT_PAGE ? sregs.cr2 : 0;
    fault.rax = regs.rax;
    fault.rcx = regs.rcx;
    fault.rdx = regs.rdx;
    fault.rbx = regs.rbx;
    fault.rsp = exception.rsp;
    fault.rbp = regs.rbp;
    fault.rsi = regs.rsi;
    fault.rdi = regs.rdi;
    fault.r8 = regs.r8;
    fault.r9 = regs.r9;
    fault.r10 = regs.r10;
    fault.r11 = regs.r11;
    fault.r12 = regs.r12;
    fault.r13 = regs.r13;
    fault.r14 = regs.r14;
    fault.r15 = regs.r15;
    fault.rip = exception.rip;
    fault.rflags = exception.rflags;
    const hypercall::FaultDelivery where{vcpu.context.memory, vcpu.context.image_start, vcpu.context.image_end,
                                         vcpu.context.trace};
    hypercall::FaultResume resume;
    if (!hypercall::deliver_fault(where, g_fault_entry, fault, resume)) return false;
    auto* rewritten = reinterpret_cast<ExceptionFrame*>(vcpu.system(regs.rsp));
    rewritten->rip = resume.rip;
    rewritten->rsp = resume.rsp;
    rewritten->rflags = resume.rflags;
    mailbox_of(vcpu.context)->fault_frame = resume.rdi;
    return true;
}

// A vector the sandbox reports as a signal is reported the same way (same words, same status);
// the rest get their x86 name. True when the fault went to the guest's fault entry instead.
bool handle_exception(Vcpu& vcpu) {
    kvm_regs regs{};
    kvm_sregs sregs{};
    if (::ioctl(vcpu.fd(), KVM_GET_REGS, &regs) != 0 || ::ioctl(vcpu.fd(), KVM_GET_SREGS, &sregs) != 0) {
        stop_vcpu(vcpu, "faulted, and its registers could not be read", exit_status::kCeldaFailed);
        return false;
    }
    if (regs.rsp < kExceptionStackBottom || regs.rsp > kExceptionStackTop - sizeof(ExceptionFrame) || regs.rsp % 8) {
        stop_vcpu(vcpu, "reported a fault from outside the exception stubs", exit_status::kPageFault);
        return false;
    }
    ExceptionFrame frame;
    std::memcpy(&frame, vcpu.system(regs.rsp), sizeof frame);
    if (deliver_to_guest(vcpu, regs, sregs, frame)) return true;
    report::StopRecord& record = vcpu.result.record;
    int signal = SIGSEGV;
    switch (frame.vector) {
        case 14: signal = SIGSEGV; break;
        case 6: signal = SIGILL; break;
        case 0: signal = SIGFPE; break;
        default: break;
    }
    bool like_sandbox = frame.vector == 14 || frame.vector == 6 || frame.vector == 0;
    hypercall::begin_record(record, like_sandbox ? report::StopKind::Crash : report::StopKind::CpuException);
    if (!like_sandbox) {
        switch (frame.vector) {
            case 1: case 3: signal = SIGTRAP; break;
            case 16: case 19: signal = SIGFPE; break;
            case 17: case 18: signal = SIGBUS; break;
            default: signal = SIGSEGV;
        }
    }
    record.signal = signal;
    record.vector = static_cast<std::uint32_t>(frame.vector);
    record.error_code = frame.error_code;
    record.rip = frame.rip;
    // A page fault names the address touched (cr2); the others, like SIGILL/SIGFPE, the instruction.
    record.fault_address = frame.vector == 14 ? sregs.cr2 : frame.rip;
    hypercall::walk_frames(record, *vcpu.context.memory, regs.rbp);
    vcpu.result.has_record = true;
    vcpu.result.exit_status = exit_status::for_signal(signal);
    return false;
}

// The LSTAR stub had no entry to call: like a trapped syscall without an entry on sandbox.
void handle_forbidden_syscall(Vcpu& vcpu) {
    report::StopRecord& record = vcpu.result.record;
    hypercall::begin_record(record, report::StopKind::ForbiddenSyscall);
    record.signal = SIGSYS;
    kvm_regs regs{};
    if (::ioctl(vcpu.fd(), KVM_GET_REGS, &regs) == 0) {
        if (const auto* frame = vcpu.context.memory->host_object<celda_syscall_frame>(regs.rbx)) {
            record.syscall_nr = frame->rax;
            record.rip = frame->rip - 2;  // the `syscall` instruction itself
            hypercall::walk_frames(record, *vcpu.context.memory, frame->rbp);
        }
    }
    vcpu.result.has_record = true;
    vcpu.result.exit_status = exit_status::kForbiddenSyscall;
}

void handle_forbidden_port(Vcpu& vcpu, std::uint16_t port) {
    report::StopRecord& record = vcpu.result.record;
    hypercall::begin_record(record, report::StopKind::ForbiddenPort);
    record.port = port;
    kvm_regs regs{};
    if (::ioctl(vcpu.fd(), KVM_GET_REGS, &regs) == 0) {
        record.rip = regs.rip;  // KVM has not yet stepped past the in/out instruction
        hypercall::walk_frames(record, *vcpu.context.memory, regs.rbp);
    }
    vcpu.result.has_record = true;
    vcpu.result.exit_status = exit_status::kForbiddenSyscall;
}

// False when the guest has stopped.
bool handle_exit(Vcpu& vcpu) {
    kvm_run* run = vcpu.run();
    switch (run->exit_reason) {
        case KVM_EXIT_IO:
            if (run->io.port == kHypercallPort && run->io.direction == KVM_EXIT_IO_OUT) return handle_hypercall(vcpu);
            if (run->io.port == kFaultPort && run->io.direction == KVM_EXIT_IO_OUT) return handle_exception(vcpu);
            if (run->io.port == kForbiddenSyscallPort && run->io.direction == KVM_EXIT_IO_OUT) {
                handle_forbidden_syscall(vcpu);
                return false;
            }
            handle_forbidden_port(vcpu, run->io.port);
            return false;
        case KVM_EXIT_HLT:
            stop_vcpu(vcpu, "halted the CPU with nothing to wake it (hlt)", exit_status::kGuestAborted);
            return false;
        case KVM_EXIT_SHUTDOWN:
            stop_vcpu(vcpu, "triple-faulted (a fault while delivering a fault)", exit_status::kPageFault);
            return false;
        case KVM_EXIT_MMIO:
            stop_vcpu(vcpu, "touched guest-physical address outside its memory: ", exit_status::kPageFault,
                      run->mmio.phys_addr, true);
            return false;
        case KVM_EXIT_INTERNAL_ERROR:
            stop_vcpu(vcpu, "stopped KVM with an internal error (e.g. an instruction it cannot emulate), suberror ",
                      exit_status::kPageFault, run->internal.suberror, true);
            return false;
        case KVM_EXIT_FAIL_ENTRY:
            stop_vcpu(vcpu, "could not be entered by KVM (celda's vCPU setup is wrong), reason ",
                      exit_status::kCeldaFailed, run->fail_entry.hardware_entry_failure_reason, true);
            return false;
        default:
            stop_vcpu(vcpu, "caused an unexpected KVM exit, reason ", exit_status::kCeldaFailed, run->exit_reason, true);
            return false;
    }
}

}  // namespace

void run_vcpu(const VcpuContext& context, VcpuResult& result) {
    Vcpu vcpu{context, result};
    g_hook_context = &context;
    g_hooks.hostfs = context.hostfs;
    g_fault_entry = hypercall::FaultEntry{};
    for (;;) {
        if (context.stop_requested->load(std::memory_order_acquire)) {
            result.timed_out = true;
            break;
        }
        int rc = ::ioctl(vcpu.fd(), KVM_RUN, 0);
        ++result.exits;
        if (rc < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                vcpu.run()->immediate_exit = 0;  // a kick: the check at the top decides
                continue;
            }
            stop_vcpu(vcpu, "could not be run: KVM_RUN failed with errno ", exit_status::kCeldaFailed,
                      static_cast<std::uint64_t>(errno), true);
            break;
        }
        if (!handle_exit(vcpu)) break;
    }
    if (context.trace)
        TraceLine().text("kvm: ").udec(result.exits).text(" exits, ").udec(result.hypercalls).text(" hypercalls").emit();
}

}  // namespace celda::kvm
