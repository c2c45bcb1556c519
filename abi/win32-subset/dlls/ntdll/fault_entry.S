# win32_fault_entry: where the monitor enters the guest for a CPU fault of the program
# (CELDA_HC_FAULT_ENTRY, include/celda/contract.h). It is entered as if called, with %rdi = the
# struct celda_fault_frame (the faulting general registers, rip, rflags) just above %rsp,
# below the faulting stack's red zone. The FPU/SSE registers still hold the program's values:
# fxsave stores them straight into the CONTEXT's FltSave (XMM_SAVE_AREA32 is the fxsave
# layout), then win32_fault_dispatch (hardware_exceptions.cpp, System V) fills the rest and
# dispatches; it resumes through RtlRestoreContext and never returns here.

    .text
    .globl win32_fault_entry
    .type win32_fault_entry, @function
win32_fault_entry:
    sub $0x4e0, %rsp                   # a CONTEXT (0x4d0 bytes) ...
    and $-16, %rsp                     # ... 16-aligned, so FltSave (+0x100) suits fxsave
    fxsave64 0x100(%rsp)
    mov %rsp, %rsi                     # context; %rdi is still the frame
    cld
    call win32_fault_dispatch
    ud2
    .size win32_fault_entry, . - win32_fault_entry

    .section .note.GNU-stack, "", @progbits
