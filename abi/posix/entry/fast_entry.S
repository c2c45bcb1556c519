/* posix_fast_syscall: where a rewritten `syscall` site arrives (entry/site_rewrite.cpp), with
 * no trap and no signal. The site's stub re-ran the instructions the jump replaced, then did
 * `lea after_the_syscall(%rip), %rcx` and jumped here: %rax = syscall number, %rcx = where
 * to go back, every other register the program's own (%r11 too: `syscall` clobbers it, we
 * give it the rflags value the instruction would have left).
 *
 * Like the kvm LSTAR stub it builds a struct celda_syscall_frame on the program's stack below
 * its 128-byte red zone, and below a further SIGNAL_GAP: delivering a signal writes the
 * program's signal frame (~600 bytes each, kernel/signals.cpp) right below the red zone while
 * this frame and the library OS's own stack are still in use. It saves %xmm0-15 and MXCSR
 * (the library OS is built for SSE only; xsave/fxsave cost 165-275 ns on the build machine,
 * more than the whole rest of the path, so the x87 state and the upper halves of ymm/zmm are
 * not saved — see abi/posix/README.md), calls posix_fast_syscall_entry, then
 * resumes at the frame's rip/rsp/rflags with every register taken from the frame, exactly: a
 * frame rewritten by rt_sigreturn or by signal delivery comes back as it was set. The jump back
 * goes through two slots in library-OS memory (no register and no byte below the program's
 * stack pointer is touched after the frame is read): the program is one host thread, the
 * slots are read by the very next two instructions. */
    .section .text.posix_fast_syscall,"ax",@progbits
    .globl posix_fast_syscall
    .hidden posix_fast_syscall
    .type posix_fast_syscall, @function
    .set SIGNAL_GAP, 4096           /* room for 6 nested signal frames */
posix_fast_syscall:
    lea     -(128 + SIGNAL_GAP)(%rsp), %rsp  /* step over the red zone; lea leaves rflags alone */
    pushfq                          /* frame.rflags */
    push    %rcx                    /* frame.rip */
    lea     (16 + 128 + SIGNAL_GAP)(%rsp), %rcx
    push    %rcx                    /* frame.rsp: the program's */
    pushq   16(%rsp)                /* frame.r11 = rflags, as `syscall` leaves it */
    pushq   16(%rsp)                /* frame.rcx = rip, as `syscall` leaves it */
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
    mov     %rsp, %rbx              /* the frame (callee-saved across the call) */
    cld
    sub     $272, %rsp
    and     $-16, %rsp
    mov     %rsp, %r12              /* xmm0-15 and mxcsr: all the library OS's code uses */
    movaps  %xmm0, 0(%r12)
    movaps  %xmm1, 16(%r12)
    movaps  %xmm2, 32(%r12)
    movaps  %xmm3, 48(%r12)
    movaps  %xmm4, 64(%r12)
    movaps  %xmm5, 80(%r12)
    movaps  %xmm6, 96(%r12)
    movaps  %xmm7, 112(%r12)
    movaps  %xmm8, 128(%r12)
    movaps  %xmm9, 144(%r12)
    movaps  %xmm10, 160(%r12)
    movaps  %xmm11, 176(%r12)
    movaps  %xmm12, 192(%r12)
    movaps  %xmm13, 208(%r12)
    movaps  %xmm14, 224(%r12)
    movaps  %xmm15, 240(%r12)
    stmxcsr 256(%r12)
    ldmxcsr posix_default_mxcsr(%rip)   /* the library OS computes with the default modes */
    mov     %rbx, %rdi
    call    posix_fast_syscall_entry
    movaps  0(%r12), %xmm0
    movaps  16(%r12), %xmm1
    movaps  32(%r12), %xmm2
    movaps  48(%r12), %xmm3
    movaps  64(%r12), %xmm4
    movaps  80(%r12), %xmm5
    movaps  96(%r12), %xmm6
    movaps  112(%r12), %xmm7
    movaps  128(%r12), %xmm8
    movaps  144(%r12), %xmm9
    movaps  160(%r12), %xmm10
    movaps  176(%r12), %xmm11
    movaps  192(%r12), %xmm12
    movaps  208(%r12), %xmm13
    movaps  224(%r12), %xmm14
    movaps  240(%r12), %xmm15
    ldmxcsr 256(%r12)
    mov     128(%rbx), %rax
    mov     %rax, posix_fast_return_rip(%rip)
    mov     120(%rbx), %rax
    mov     %rax, posix_fast_return_rsp(%rip)
    mov     %rbx, %rsp
    pushq   136(%rbx)               /* below the frame: ours, not the program's */
    popfq
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
    mov     posix_fast_return_rsp(%rip), %rsp
    jmp     *posix_fast_return_rip(%rip)
    .size posix_fast_syscall, . - posix_fast_syscall

    .section .bss.posix_fast_return,"aw",@nobits
    .balign 8
    .globl posix_fast_return_rip, posix_fast_return_rsp
    .hidden posix_fast_return_rip, posix_fast_return_rsp
posix_fast_return_rip: .skip 8
posix_fast_return_rsp: .skip 8

    .section .note.GNU-stack,"",@progbits
