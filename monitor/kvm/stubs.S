/* Guest-side code of the kvm backend, copied by the monitor to kStubsAddress (system_area.h).
 * Never executed in the monitor's own process: it is data there. Position independent: the
 * mailbox is addressed %rip-relative at a fixed distance (one page for the descriptor tables,
 * so mailbox = stubs + 0x2000). */
    .section .rodata.celda_kvm_stubs,"a",@progbits
    .balign 16
    .globl celda_kvm_stubs_start, celda_kvm_stubs_end
    .hidden celda_kvm_stubs_start, celda_kvm_stubs_end

    .set MAILBOX, celda_kvm_stubs_start + 0x2000
    .set SYSCALL_ENTRY_SLOT, celda_kvm_stubs_start + 0x1000 + 0xff8  /* kSyscallEntryOffset */
    .set HYPERCALL_PORT, 0xc0
    .set FAULT_PORT, 0xc1
    .set FORBIDDEN_SYSCALL_PORT, 0xc2
    .set CODE_SELECTOR, 0x08
    .set DATA_SELECTOR, 0x10

celda_kvm_stubs_start:
/* uint64_t hypercall(uint64_t nr, void *args): the guest calls this through
 * boot_info.hypercall_entry like any function. One exit: `out` to the hypercall port. */
    mov     %rdi, MAILBOX + 0(%rip)
    mov     %rsi, MAILBOX + 8(%rip)
    mov     %rbp, MAILBOX + 16(%rip)
    mov     %rsp, MAILBOX + 24(%rip)
    out     %al, $HYPERCALL_PORT
    cmpq    $0, MAILBOX + 40(%rip)
    jne     1f
    mov     MAILBOX + 32(%rip), %rax
    ret
/* The monitor changed page tables (PROTECT): drop the stale translations first. */
1:  movq    $0, MAILBOX + 40(%rip)
    mov     %cr3, %rax
    mov     %rax, %cr3
    mov     MAILBOX + 32(%rip), %rax
    ret

/* Exception stubs, 16 bytes each from offset 0x100: push a 0 error code where the CPU does
 * not, push the vector, report by `out` to the fault port. The monitor reads the frame from
 * the exception stack (IST1). It resumes the guest only to deliver the fault to the guest's
 * fault entry (CELDA_HC_FAULT_ENTRY): it has written the celda_fault_frame, put its address
 * in the mailbox and rewritten the iretq frame here (rip = entry, rsp, rflags); every other
 * register is still the faulting code's. Otherwise the guest never runs again. */
    .org celda_kvm_stubs_start + 0x100
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .balign 16
    .if (\v == 8) || (\v == 10) || (\v == 11) || (\v == 12) || (\v == 13) || (\v == 14) || (\v == 17) || (\v == 21) || (\v == 29) || (\v == 30)
    .else
    pushq   $0
    .endif
    pushq   $\v
    jmp     report_exception
    .endr

report_exception:
    out     %al, $FAULT_PORT
    mov     MAILBOX + 48(%rip), %rdi
    test    %rdi, %rdi
    jz      1f
    movq    $0, MAILBOX + 48(%rip)
    add     $16, %rsp               /* vector and error code */
    iretq
1:  hlt
    jmp     1b

/* Self-test (kvm/self_test.cpp), at offset 0x400: `auto` runs this before choosing kvm, since
 * some hosts offer a /dev/kvm whose guests cannot use SSE (the library OS needs it). */
    .org celda_kvm_stubs_start + 0x400
    pcmpeqd %xmm0, %xmm0
    movq    %xmm0, %rax
    out     %al, $HYPERCALL_PORT
2:  hlt
    jmp     2b

/* The `syscall` instruction's entry (LSTAR, kSyscallStubOffset): a Linux program's syscall
 * reaches the library OS with no VM exit. `syscall` left rip in %rcx and rflags in %r11 and
 * kept the program's stack: build a struct celda_syscall_frame below its 128-byte red zone,
 * save the FPU/SSE state (the library OS may use SSE; the program expects its registers back),
 * call the registered entry, then return to the frame's rip/rsp/rflags with every other
 * register from the frame, like the sandbox's SIGSYS path does. */
    .org celda_kvm_stubs_start + 0x500
    lea     -128(%rsp), %rsp
    push    %r11                    /* frame.rflags */
    push    %rcx                    /* frame.rip */
    lea     144(%rsp), %rcx
    push    %rcx                    /* frame.rsp: the program's, before the red zone */
    push    %r11                    /* frame.r11 */
    pushq   16(%rsp)                /* frame.rcx (= rip, as the instruction left it) */
    push    %r15
    push    %r14
    push    %r13
    push    %r12
    push    %rbp
    push    %rbx
    push    %r9
    push    %r8
    push    %r10
    push    %rdx
    push    %rsi
    push    %rdi
    push    %rax                    /* frame.rax: the syscall number */
    mov     %rsp, %rbx              /* the frame, kept across the call (callee-saved) */
    sub     $512, %rsp
    and     $-64, %rsp
    fxsave64 (%rsp)
    mov     %rsp, %r12
    cld
    mov     SYSCALL_ENTRY_SLOT(%rip), %rax
    test    %rax, %rax
    jz      3f
    mov     %rbx, %rdi
    call    *%rax
    fxrstor64 (%r12)
    /* An iretq frame just below the celda_syscall_frame: rip, cs, rflags, rsp, ss. */
    lea     -40(%rbx), %rsp
    mov     128(%rbx), %rax
    mov     %rax, 0(%rsp)
    movq    $CODE_SELECTOR, 8(%rsp)
    mov     136(%rbx), %rax
    mov     %rax, 16(%rsp)
    mov     120(%rbx), %rax
    mov     %rax, 24(%rsp)
    movq    $DATA_SELECTOR, 32(%rsp)
    mov     0(%rbx), %rax
    mov     8(%rbx), %rdi
    mov     16(%rbx), %rsi
    mov     24(%rbx), %rdx
    mov     32(%rbx), %r10
    mov     40(%rbx), %r8
    mov     48(%rbx), %r9
    mov     64(%rbx), %rbp
    mov     72(%rbx), %r12
    mov     80(%rbx), %r13
    mov     88(%rbx), %r14
    mov     96(%rbx), %r15
    mov     104(%rbx), %rcx
    mov     112(%rbx), %r11
    mov     56(%rbx), %rbx
    iretq
/* No entry registered: a syscall the guest cannot serve. Stopped like on the sandbox. */
3:  out     %al, $FORBIDDEN_SYSCALL_PORT
4:  hlt
    jmp     4b
celda_kvm_stubs_end:

    .section .note.GNU-stack,"",@progbits
