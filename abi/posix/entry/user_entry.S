/* posix_enter_user(const struct celda_syscall_frame *frame): leaves the library OS for the
 * Linux program with every register taken from `frame` (a program's first instruction, a new
 * thread's return from clone). Like the kernel's sysret, %rcx and %r11 end up holding rip and
 * rflags; that is what lets us jump without touching the program's stack. Never returns. */
    .section .text.posix_enter_user,"ax",@progbits
    .globl posix_enter_user
    .type posix_enter_user, @function
posix_enter_user:
    mov     %rdi, %rax
    mov     8(%rax), %rdi
    mov     16(%rax), %rsi
    mov     24(%rax), %rdx
    mov     32(%rax), %r10
    mov     40(%rax), %r8
    mov     48(%rax), %r9
    mov     56(%rax), %rbx
    mov     64(%rax), %rbp
    mov     72(%rax), %r12
    mov     80(%rax), %r13
    mov     88(%rax), %r14
    mov     96(%rax), %r15
    push    136(%rax)               /* rflags */
    popfq
    mov     128(%rax), %rcx         /* rip */
    mov     136(%rax), %r11         /* rflags, as sysret leaves it */
    mov     120(%rax), %rsp
    mov     0(%rax), %rax
    jmp     *%rcx
    .size posix_enter_user, . - posix_enter_user

    .section .note.GNU-stack,"",@progbits
