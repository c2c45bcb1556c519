/* Guest-side code of the kvm backend, copied by the monitor to kStubsAddress (system_area.h).
 * Never executed in the monitor's own process: it is data there. Position independent: the
 * mailbox is addressed %rip-relative at a fixed distance (one page for the descriptor tables,
 * so mailbox = stubs + 0x2000). */
    .section .rodata.celda_kvm_stubs,"a",@progbits
    .balign 16
    .globl celda_kvm_stubs_start, celda_kvm_stubs_end
    .hidden celda_kvm_stubs_start, celda_kvm_stubs_end

    .set MAILBOX, celda_kvm_stubs_start + 0x2000
    .set HYPERCALL_PORT, 0xc0
    .set FAULT_PORT, 0xc1

celda_kvm_stubs_start:
/* uint64_t hypercall(uint64_t nr, void *args): the guest calls this through
 * boot_info.hypercall_entry like any function. One exit: `out` to the hypercall port. */
    mov     %rdi, MAILBOX + 0(%rip)
    mov     %rsi, MAILBOX + 8(%rip)
    mov     %rbp, MAILBOX + 16(%rip)
    mov     %rsp, MAILBOX + 24(%rip)
    out     %al, $HYPERCALL_PORT
    mov     MAILBOX + 32(%rip), %rax
    ret

/* Exception stubs, 16 bytes each from offset 0x100: push a 0 error code where the CPU does
 * not, push the vector, report by `out` to the fault port. The monitor reads the frame from
 * the exception stack (IST1) and never resumes the guest. */
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
celda_kvm_stubs_end:

    .section .note.GNU-stack,"",@progbits
