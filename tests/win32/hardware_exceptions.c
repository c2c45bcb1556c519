// hardware_exceptions: CPU faults of the program become SEH exceptions, as on Windows.
// Self-checking: one PASS/FAIL line per check, exit 1 if any failed. Expected values come from
// Microsoft's documentation of EXCEPTION_RECORD and the exception codes (winnt.h/ntstatus.h):
//   - EXCEPTION_ACCESS_VIOLATION 0xC0000005: NumberParameters 2, ExceptionInformation[0] = 0
//     read, 1 write, 8 DEP (execute), [1] = the address; a #GP (non-canonical address) has no
//     address and reports a read of 0xFFFFFFFFFFFFFFFF.
//   - EXCEPTION_INT_DIVIDE_BY_ZERO 0xC0000094, EXCEPTION_ILLEGAL_INSTRUCTION 0xC000001D,
//     EXCEPTION_PRIV_INSTRUCTION 0xC0000096.
//   - EXCEPTION_BREAKPOINT 0x80000003: on x64, ExceptionAddress and ContextRecord->Rip are the
//     int3 itself; a handler continuing past it adds 1 to Rip.
//   - ExceptionAddress == ContextRecord->Rip == the faulting instruction.
//   - Vectored handlers run before frame-based handlers, first=1 at the front, first=0 at the
//     back; RemoveVectoredExceptionHandler returns nonzero once, 0 for an unknown handle;
//     vectored continue handlers run when execution is about to continue.
//   - EXCEPTION_CONTINUE_EXECUTION resumes with the (modified) CONTEXT, XMM and flags included.
//   - An __except (a __C_specific_handler scope) whose filter says EXECUTE_HANDLER gets control
//     at its target with rax = the exception code (what GetExceptionCode() reads).
//   - The unhandled-exception filter is asked last: CONTINUE_EXECUTION resumes; EXECUTE_HANDLER
//     ends the process with the exception code as its exit code.
// argv[1]: "kvm" skips the privileged-instruction check (celda's kvm guests run in ring 0,
// where hlt is not privileged); "execute_handler" runs only the unhandled-filter exit check;
// "unhandled_ud2" / "unhandled_int3" fault with no handler at all; "bad_stack" /
// "noaccess_stack" fault where no fault frame can be written (rsp outside guest memory, or on
// a page the program made inaccessible).
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

// Each function faults at its *_insn label; a handler that continues sets Rip to *_resume.
// Windows x64 calling convention: rcx, rdx, r8 in, rax out.
extern long long av_read(uintptr_t address);
extern long long av_write(uintptr_t address);
extern long long divide(long long divisor);
extern long long undefined_opcode(void);
extern long long breakpoint(void);
extern long long privileged(void);
extern long long keeps_xmm(long long value);
extern long long keeps_flags(void);
extern long long seh_guarded(uintptr_t address);
extern void ud2_on_stack(uintptr_t rsp);
extern char av_read_insn[], av_read_resume[], av_write_insn[], av_write_resume[], divide_insn[], divide_resume[],
    ud_insn[], ud_resume[], bp_insn[], bp_resume[], priv_insn[], priv_resume[], xmm_insn[], xmm_resume[],
    flags_insn[], flags_resume[];
__asm__(
    ".text\n"
    ".globl av_read, av_read_insn, av_read_resume\n"
    "av_read:\n  xor %eax, %eax\n"
    "av_read_insn:\n  mov (%rcx), %rax\n"
    "av_read_resume:\n  ret\n"
    ".globl av_write, av_write_insn, av_write_resume\n"
    "av_write:\n  xor %eax, %eax\n"
    "av_write_insn:\n  movl $1, (%rcx)\n"
    "av_write_resume:\n  ret\n"
    ".globl divide, divide_insn, divide_resume\n"
    "divide:\n  mov $100, %eax\n  xor %edx, %edx\n"
    "divide_insn:\n  div %rcx\n"
    "divide_resume:\n  ret\n"
    ".globl undefined_opcode, ud_insn, ud_resume\n"
    "undefined_opcode:\n  xor %eax, %eax\n"
    "ud_insn:\n  ud2\n"
    "ud_resume:\n  ret\n"
    ".globl breakpoint, bp_insn, bp_resume\n"
    "breakpoint:\n  mov $7, %eax\n"
    "bp_insn:\n  int3\n"
    "bp_resume:\n  ret\n"
    ".globl privileged, priv_insn, priv_resume\n"
    "privileged:\n  xor %eax, %eax\n"
    "priv_insn:\n  hlt\n"
    "priv_resume:\n  ret\n"
    ".globl keeps_xmm, xmm_insn, xmm_resume\n"
    "keeps_xmm:\n  movq %rcx, %xmm0\n"
    "xmm_insn:\n  ud2\n"
    "xmm_resume:\n  movq %xmm0, %rax\n  ret\n"
    ".globl keeps_flags, flags_insn, flags_resume\n"
    "keeps_flags:\n  xor %eax, %eax\n  stc\n"
    "flags_insn:\n  ud2\n"
    "flags_resume:\n  setc %al\n  ret\n"
    // ud2 with rsp = the argument: a stack the fault frame cannot be written to.
    ".globl ud2_on_stack\n"
    "ud2_on_stack:\n  mov %rcx, %rsp\n  ud2\n"
    // An __except scope in the form MSVC emits (scope table for __C_specific_handler):
    //   __try { return *(long long*)address; } __except (scope_filter(...)) { return code; }
    ".globl seh_guarded\n"
    ".def seh_guarded; .scl 2; .type 32; .endef\n"
    ".seh_proc seh_guarded\n"
    "seh_guarded:\n  sub $40, %rsp\n  .seh_stackalloc 40\n  .seh_endprologue\n"
    "guard_begin:\n  mov (%rcx), %rax\n  nop\n"
    "guard_end:\n  add $40, %rsp\n  ret\n"
    "guard_target:\n  add $40, %rsp\n  ret\n"
    "  .seh_handler __C_specific_handler, @except\n"
    "  .seh_handlerdata\n"
    "  .long 1\n"
    "  .rva guard_begin, guard_end, scope_filter, guard_target\n"
    "  .text\n"
    ".seh_endproc\n");

static int failures;
static void check(int ok, const char* what) {
    printf("%s %s\n", ok ? "PASS" : "FAIL", what);
    if (!ok) failures++;
}

// What the last handler saw.
static struct {
    DWORD code, flags, parameters;
    ULONG_PTR info[2];
    void* address;
    DWORD64 rip;
    DWORD64 xmm0;
    int calls;
} seen;

static void record(EXCEPTION_POINTERS* p) {
    seen.code = p->ExceptionRecord->ExceptionCode;
    seen.flags = p->ExceptionRecord->ExceptionFlags;
    seen.parameters = p->ExceptionRecord->NumberParameters;
    seen.info[0] = p->ExceptionRecord->ExceptionInformation[0];
    seen.info[1] = p->ExceptionRecord->ExceptionInformation[1];
    seen.address = p->ExceptionRecord->ExceptionAddress;
    seen.rip = p->ContextRecord->Rip;
    seen.xmm0 = p->ContextRecord->Xmm0.Low;
    seen.calls++;
}

static const struct {
    char *insn, *resume;
} fixups[] = {
    {av_read_insn, av_read_resume}, {av_write_insn, av_write_resume}, {divide_insn, divide_resume},
    {ud_insn, ud_resume},           {bp_insn, bp_resume},             {priv_insn, priv_resume},
    {xmm_insn, xmm_resume},         {flags_insn, flags_resume},
};

// Continues past a known faulting instruction with rax = 0x5eed (the return value the
// function then returns); a fetch from a non-executable page returns to the caller.
static int fix(EXCEPTION_POINTERS* p) {
    CONTEXT* c = p->ContextRecord;
    for (size_t i = 0; i < sizeof fixups / sizeof fixups[0]; i++) {
        if ((char*)c->Rip != fixups[i].insn) continue;
        c->Rip = (DWORD64)fixups[i].resume;
        if (fixups[i].insn != xmm_insn && fixups[i].insn != flags_insn) c->Rax = 0x5eed;
        return 1;
    }
    if (p->ExceptionRecord->ExceptionCode == EXCEPTION_ACCESS_VIOLATION && p->ExceptionRecord->ExceptionInformation[0] == 8) {
        c->Rip = *(DWORD64*)c->Rsp;   // the call's return address
        c->Rsp += 8;
        c->Rax = 0x5eed;
        return 1;
    }
    return 0;
}

static LONG WINAPI fixing_handler(EXCEPTION_POINTERS* p) {
    record(p);
    return fix(p) ? EXCEPTION_CONTINUE_EXECUTION : EXCEPTION_CONTINUE_SEARCH;
}

static char order[16];
static void note(char c) {
    size_t n = strlen(order);
    if (n + 1 < sizeof order) {
        order[n] = c;
        order[n + 1] = 0;
    }
}
static LONG WINAPI handler_a(EXCEPTION_POINTERS* p) { (void)p; note('A'); return EXCEPTION_CONTINUE_SEARCH; }
static LONG WINAPI handler_b(EXCEPTION_POINTERS* p) { (void)p; note('B'); return EXCEPTION_CONTINUE_SEARCH; }
static LONG WINAPI handler_c(EXCEPTION_POINTERS* p) {
    note('C');
    return fix(p) ? EXCEPTION_CONTINUE_EXECUTION : EXCEPTION_CONTINUE_SEARCH;
}
static DWORD continue_code;
static LONG WINAPI continue_handler(EXCEPTION_POINTERS* p) {
    note('K');
    continue_code = p->ExceptionRecord->ExceptionCode;
    return EXCEPTION_CONTINUE_SEARCH;
}

// A handler that faults itself while handling (a nested fault): the inner one is handled by
// the same handler, then the outer one.
static long long inner_result;
static LONG WINAPI nesting_handler(EXCEPTION_POINTERS* p) {
    if (p->ContextRecord->Rip == (DWORD64)ud_insn) {
        inner_result = av_read(0x30);   // faults again, inside this handler
        p->ContextRecord->Rip = (DWORD64)ud_resume;
        p->ContextRecord->Rax = 0x0de;
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    return fix(p) ? EXCEPTION_CONTINUE_EXECUTION : EXCEPTION_CONTINUE_SEARCH;
}

static DWORD filter_code;
LONG scope_filter(EXCEPTION_POINTERS* p, void* frame) {
    (void)frame;
    filter_code = p->ExceptionRecord->ExceptionCode;
    return EXCEPTION_EXECUTE_HANDLER;
}

static LONG WINAPI unhandled_continue(EXCEPTION_POINTERS* p) {
    record(p);
    return fix(p) ? EXCEPTION_CONTINUE_EXECUTION : EXCEPTION_CONTINUE_SEARCH;
}
static LONG WINAPI unhandled_execute(EXCEPTION_POINTERS* p) {
    printf("filter saw 0x%lx\n", (unsigned long)p->ExceptionRecord->ExceptionCode);
    fflush(stdout);
    return EXCEPTION_EXECUTE_HANDLER;
}

int main(int argc, char** argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && strcmp(argv[1], "execute_handler") == 0) {
        // Windows ends the process with the exception code: exit code 0xC0000005.
        SetUnhandledExceptionFilter(unhandled_execute);
        av_read(0x10);
        printf("still running\n");
        return 0;
    }
    // Nobody handles these (mingw's own unhandled-exception filter declines them): the
    // program ends as a crash, reported by celda as before fault delivery existed.
    if (argc > 1 && strcmp(argv[1], "unhandled_ud2") == 0) return (int)undefined_opcode();
    if (argc > 1 && strcmp(argv[1], "unhandled_int3") == 0) return (int)breakpoint();
    // The monitor cannot deliver these (nowhere to put the fault frame): it reports the ud2
    // as if no handler were registered, and the handlers below never run.
    if (argc > 1 && strcmp(argv[1], "bad_stack") == 0) {
        AddVectoredExceptionHandler(1, fixing_handler);
        ud2_on_stack(0x10);
    }
    if (argc > 1 && strcmp(argv[1], "noaccess_stack") == 0) {
        AddVectoredExceptionHandler(1, fixing_handler);
        // A two-page stack whose lower page is inaccessible; rsp just above it, so the frame
        // (below the 128-byte red zone) would go into that page.
        char* stack = VirtualAlloc(NULL, 8192, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
        DWORD old;
        if (!stack || !VirtualProtect(stack, 4096, PAGE_NOACCESS, &old)) return 2;
        ud2_on_stack((uintptr_t)stack + 4096 + 160);
    }
    int on_kvm = argc > 1 && strcmp(argv[1], "kvm") == 0;

    void* veh = AddVectoredExceptionHandler(1, fixing_handler);
    check(veh != NULL, "AddVectoredExceptionHandler returns a handle");

    memset(&seen, 0, sizeof seen);
    long long r = av_read(0x10);
    check(r == 0x5eed, "read of 0x10 continues with the handler's rax");
    check(seen.code == 0xC0000005, "read of 0x10: EXCEPTION_ACCESS_VIOLATION");
    check(seen.parameters == 2 && seen.info[0] == 0 && seen.info[1] == 0x10, "read of 0x10: information {0 (read), 0x10}");
    check(seen.address == av_read_insn && seen.rip == (DWORD64)av_read_insn, "read: ExceptionAddress == Rip == the instruction");
    check((seen.flags & EXCEPTION_NONCONTINUABLE) == 0, "access violation is continuable");

    memset(&seen, 0, sizeof seen);
    r = av_write(0x20);
    check(r == 0x5eed && seen.code == 0xC0000005 && seen.info[0] == 1 && seen.info[1] == 0x20,
          "write to 0x20: ACCESS_VIOLATION {1 (write), 0x20}");

    memset(&seen, 0, sizeof seen);
    unsigned char* page = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    page[0] = 0xc3;   // ret
    r = ((long long (*)(void))page)();
    check(r == 0x5eed && seen.code == 0xC0000005 && seen.info[0] == 8 && seen.info[1] == (ULONG_PTR)page &&
              seen.address == page,
          "call into a PAGE_READWRITE page: ACCESS_VIOLATION {8 (execute), the page}");

    memset(&seen, 0, sizeof seen);
    r = av_read(0x8000000000000000ull);
    check(r == 0x5eed && seen.code == 0xC0000005 && seen.info[0] == 0 && seen.info[1] == ~(ULONG_PTR)0,
          "non-canonical address (#GP): ACCESS_VIOLATION {0, 0xffffffffffffffff}");

    memset(&seen, 0, sizeof seen);
    r = divide(0);
    check(r == 0x5eed && seen.code == 0xC0000094 && seen.address == divide_insn, "div by 0: EXCEPTION_INT_DIVIDE_BY_ZERO");
    check(divide(7) == 14, "div by 7 still divides");

    memset(&seen, 0, sizeof seen);
    r = undefined_opcode();
    check(r == 0x5eed && seen.code == 0xC000001D && seen.address == ud_insn, "ud2: EXCEPTION_ILLEGAL_INSTRUCTION");

    memset(&seen, 0, sizeof seen);
    r = breakpoint();
    check(r == 0x5eed && seen.code == 0x80000003, "int3: EXCEPTION_BREAKPOINT");
    check(seen.address == bp_insn && seen.rip == (DWORD64)bp_insn, "int3: ExceptionAddress == Rip == the int3 itself");

    if (!on_kvm) {
        memset(&seen, 0, sizeof seen);
        r = privileged();
        check(r == 0x5eed && seen.code == 0xC0000096 && seen.address == priv_insn, "hlt: EXCEPTION_PRIV_INSTRUCTION");
    }

    memset(&seen, 0, sizeof seen);
    r = keeps_xmm(0x123456789abcdefll);
    check(seen.xmm0 == 0x123456789abcdefull, "CONTEXT.Xmm0 holds the faulting code's xmm0");
    check(r == 0x123456789abcdefll, "xmm0 survives continuing");
    check(keeps_flags() == 1, "CF survives continuing");

    check(RemoveVectoredExceptionHandler(veh) != 0, "RemoveVectoredExceptionHandler: removed");
    check(RemoveVectoredExceptionHandler(veh) == 0, "RemoveVectoredExceptionHandler: already removed");

    // Order: A (back), B (front), C (back) -> B A C; continue handler K after C continued.
    order[0] = 0;
    void* a = AddVectoredExceptionHandler(0, handler_a);
    void* b = AddVectoredExceptionHandler(1, handler_b);
    void* c = AddVectoredExceptionHandler(0, handler_c);
    void* k = AddVectoredContinueHandler(0, continue_handler);
    r = undefined_opcode();
    check(r == 0x5eed && strcmp(order, "BACK") == 0, "vectored order: first=1 in front, first=0 behind, then continue handlers");
    check(continue_code == 0xC000001D, "continue handler sees the exception");
    printf("order: %s\n", order);
    RemoveVectoredExceptionHandler(b);
    RemoveVectoredContinueHandler(k);
    order[0] = 0;
    r = undefined_opcode();
    check(r == 0x5eed && strcmp(order, "AC") == 0, "removed handlers are not called");
    RemoveVectoredExceptionHandler(a);
    RemoveVectoredExceptionHandler(c);

    void* n = AddVectoredExceptionHandler(1, nesting_handler);
    inner_result = 0;
    r = undefined_opcode();
    check(inner_result == 0x5eed, "a fault inside a handler is dispatched (nested)");
    check(r == 0x0de, "the outer fault continues after the nested one");
    RemoveVectoredExceptionHandler(n);

    // Frame-based: an __except scope of the faulting function (no vectored handler left).
    filter_code = 0;
    r = seh_guarded(0x40);
    check(filter_code == 0xC0000005, "__except filter sees ACCESS_VIOLATION");
    check(r == (long long)0xC0000005, "__except block runs with rax = the exception code");
    long long value = 77;
    check(seh_guarded((uintptr_t)&value) == 77, "__try body without a fault");

    // Last: the unhandled-exception filter continues execution.
    SetUnhandledExceptionFilter(unhandled_continue);
    memset(&seen, 0, sizeof seen);
    r = divide(0);
    check(r == 0x5eed && seen.code == 0xC0000094, "unhandled-exception filter continues execution");

    printf("%d failures\n", failures);
    return failures ? 1 : 0;
}
