// CPU faults of the program as SEH exceptions: an access violation, a divide by zero, ud2,
// int3 or a privileged instruction reaches the program's vectored handlers, its __except
// filters (.pdata, __C_specific_handler) and its unhandled-exception filter, as on Windows.
//
// The monitor enters win32_fault_entry (fault_entry.S) with the faulting registers
// (CELDA_HC_FAULT_ENTRY); the stub saves the FPU/SSE state into a CONTEXT and calls
// win32_fault_dispatch, which builds the EXCEPTION_RECORD Windows builds and dispatches like
// RaiseException. A delivery disarms the entry; it is re-armed before any handler runs, so a
// fault inside a handler is dispatched too (as a nested exception, up to kMaxNested deep).
//
// Nobody handles it: the entry is unregistered and the program resumes at the faulting
// instruction with its registers as they were, so the fault happens again with no entry and
// the monitor reports the crash exactly as it does for a program that never registered one.
// The same happens to faults in our own code (the win32 image: our DLLs, the library OS):
// those are celda's bugs or bad pointers handed to us, best reported with the monitor's
// backtrace. Faults anywhere else (the program, code it generated, a jump to a bad address)
// are the program's.
#include <libos/boot_info.h>
#include <libos/hypercall.h>

#include "celda/contract.h"
#include "dlls/ntdll/exceptions.h"
#include "loader/pe_loader.h"
#include "process/process.h"
#include "process/thread.h"

extern "C" {
void win32_fault_entry(celda_fault_frame* frame);   // fault_entry.S
[[noreturn]] WINAPI void win32_RtlRestoreContext(win32::seh::Context*, win32::seh::ExceptionRecord*);
}

namespace win32::seh {
namespace {

constexpr uint64_t kMaxNested = 8;

// The faults being dispatched on this thread, in the TEB (teb::kFaultDispatches): a count and,
// for each, the dispatcher's stack position, innermost last. Kept in the TEB, not linked
// through the stack, because a dispatch that ends by unwinding (an __except block ran) never
// comes back to remove its mark: a mark below a new fault's rsp belongs to such a dispatch.
struct ActiveFaults {
    uint64_t count;
    uint64_t marks[kMaxNested];
};
static_assert(teb::kFaultDispatches + sizeof(ActiveFaults) <= teb::kSize);

ActiveFaults& active_faults(Thread* thread) {
    return *reinterpret_cast<ActiveFaults*>(thread->teb + teb::kFaultDispatches);
}

// Faults still being dispatched when a new one hits at `rsp` (stale marks dropped).
uint64_t nesting_depth(Thread* thread, uint64_t rsp) {
    ActiveFaults& active = active_faults(thread);
    if (active.count > kMaxNested) active.count = 0;
    while (active.count > 0 && active.marks[active.count - 1] < rsp) --active.count;
    return active.count;
}

void fill_context(const celda_fault_frame& frame, Context& context) {
    const uint64_t* gprs = &frame.rax;   // rax rcx rdx rbx rsp rbp rsi rdi r8..r15: CONTEXT's order
    for (unsigned i = 0; i < 16; ++i) context.gpr(i) = gprs[i];
    context.Rip = frame.rip;
    context.EFlags = static_cast<DWORD>(frame.rflags);
    context.ContextFlags = kContextCaptured;
    __builtin_memcpy(&context.MxCsr, context.FltHeader + 24, sizeof context.MxCsr);   // FltSave.MxCsr
    uint16_t cs, ds, es, fs, gs, ss;
    asm("mov %%cs, %0; mov %%ds, %1; mov %%es, %2; mov %%fs, %3; mov %%gs, %4; mov %%ss, %5"
        : "=r"(cs), "=r"(ds), "=r"(es), "=r"(fs), "=r"(gs), "=r"(ss));
    context.SegCs = cs;
    context.SegDs = ds;
    context.SegEs = es;
    context.SegFs = fs;
    context.SegGs = gs;
    context.SegSs = ss;
}

// Instructions user mode may not execute (Windows reports STATUS_PRIVILEGED_INSTRUCTION for a
// #GP on them, STATUS_ACCESS_VIOLATION for any other #GP): hlt, cli/sti, in/out/ins/outs,
// clts, invd/wbinvd, mov to/from control and debug registers, wrmsr/rdmsr, lgdt/lidt/lmsw/invlpg.
bool privileged_instruction(const PeModule& module, uint64_t rip) {
    for (int prefixes = 0; prefixes < 15 && module.contains(rip, 3); ++prefixes, ++rip) {
        const auto* code = reinterpret_cast<const uint8_t*>(rip);
        uint8_t op = code[0];
        bool prefix = op == 0x66 || op == 0x67 || op == 0xf0 || op == 0xf2 || op == 0xf3 || op == 0x2e ||
                      op == 0x36 || op == 0x3e || op == 0x26 || op == 0x64 || op == 0x65 || (op & 0xf0) == 0x40;
        if (prefix) continue;
        if (op == 0xf4 || op == 0xfa || op == 0xfb) return true;
        if ((op >= 0xe4 && op <= 0xe7) || (op >= 0xec && op <= 0xef) || (op >= 0x6c && op <= 0x6f)) return true;
        if (op != 0x0f) return false;
        uint8_t op2 = code[1];
        if (op2 == 0x06 || op2 == 0x08 || op2 == 0x09 || op2 == 0x30 || op2 == 0x32) return true;
        if (op2 >= 0x20 && op2 <= 0x23) return true;
        if (op2 == 0x01) {
            uint8_t modrm = code[2];
            unsigned reg = (modrm >> 3) & 7;
            return (modrm >> 6) != 3 && (reg == 2 || reg == 3 || reg == 6 || reg == 7);
        }
        return false;
    }
    return false;
}

// The EXCEPTION_RECORD Windows raises for the fault (and its CONTEXT.Rip convention).
void translate(const celda_fault_frame& frame, const PeModule& module, ExceptionRecord& record, Context& context) {
    record = ExceptionRecord{};
    switch (frame.vector) {
        case CELDA_FAULT_PAGE:
            record.ExceptionCode = STATUS_ACCESS_VIOLATION;
            record.NumberParameters = 2;
            // 0 read, 1 write, 8 execute (DEP): the access the CPU reports.
            record.ExceptionInformation[0] = (frame.error_code & CELDA_FAULT_PF_FETCH)   ? 8
                                             : (frame.error_code & CELDA_FAULT_PF_WRITE) ? 1
                                                                                          : 0;
            record.ExceptionInformation[1] = frame.address;
            break;
        case CELDA_FAULT_GENERAL_PROTECTION:
            if (privileged_instruction(module, frame.rip)) {
                record.ExceptionCode = STATUS_PRIVILEGED_INSTRUCTION;
            } else {
                // A non-canonical address: no address to report, Windows says "read of -1".
                record.ExceptionCode = STATUS_ACCESS_VIOLATION;
                record.NumberParameters = 2;
                record.ExceptionInformation[0] = 0;
                record.ExceptionInformation[1] = ~0ull;
            }
            break;
        case CELDA_FAULT_DIVIDE_ERROR: record.ExceptionCode = STATUS_INTEGER_DIVIDE_BY_ZERO; break;
        case CELDA_FAULT_INVALID_OPCODE: record.ExceptionCode = STATUS_ILLEGAL_INSTRUCTION; break;
        case CELDA_FAULT_BREAKPOINT:
            // The CPU left rip past the int3; Windows reports (and resumes at) the int3 itself,
            // so a handler that does not move Rip on hits it again.
            record.ExceptionCode = STATUS_BREAKPOINT;
            record.NumberParameters = 1;   // ExceptionInformation[0] = BREAKPOINT_BREAK (0)
            context.Rip -= 1;
            break;
        default: record.ExceptionCode = STATUS_ACCESS_VIOLATION; break;
    }
    record.ExceptionAddress = reinterpret_cast<void*>(context.Rip);
}

// Nobody handles the fault: let it happen again with no entry, for the monitor to report.
[[noreturn]] void refault(Context* original) {
    libos::hypercall::set_fault_entry(nullptr);
    win32_RtlRestoreContext(original, nullptr);
}

}  // namespace

void install_fault_entry() { libos::hypercall::set_fault_entry(win32_fault_entry); }

}  // namespace win32::seh

using namespace win32;
using namespace win32::seh;

// fault_entry.S: `frame` is the monitor's, `context` holds the FPU/SSE state already.
extern "C" [[noreturn]] void win32_fault_dispatch(const celda_fault_frame* frame, Context* context) {
    fill_context(*frame, *context);
    Context original = *context;   // as the program left it; resumed if nobody handles the fault
    if (frame->vector == CELDA_FAULT_BREAKPOINT) original.Rip -= 1;   // the int3 again
    resume_current_thread();
    Thread* thread = current_thread();
    const PeModule* module = main_module();
    const celda_boot_info& info = libos::boot_info();
    const bool in_our_code = original.Rip >= info.image_start && original.Rip < info.image_end;
    if (!thread || !module || in_our_code || nesting_depth(thread, frame->rsp) >= kMaxNested) refault(&original);
    ActiveFaults& active = active_faults(thread);
    uint64_t mark = reinterpret_cast<uint64_t>(__builtin_frame_address(0));
    active.marks[active.count++] = mark;
    libos::hypercall::set_fault_entry(win32_fault_entry);   // re-armed: faults in handlers are dispatched
    ExceptionRecord record;
    translate(*frame, *module, record, *context);
    Verdict verdict = dispatch(&record, context);
    if (active.count > 0 && active.marks[active.count - 1] == mark) --active.count;
    switch (verdict) {
        case Verdict::Continue: win32_RtlRestoreContext(context, &record);
        case Verdict::ExecuteHandler: exit_process(record.ExceptionCode);
        case Verdict::Unhandled: break;
    }
    refault(&original);
}
