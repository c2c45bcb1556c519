# setjmp/longjmp of the Microsoft x64 CRT. _setjmp(jmp_buf, frame) fills a _JUMP_BUFFER
# (setjmp.h: Frame, Rbx, Rsp, Rbp, Rsi, Rdi, R12-R15, Rip, MxCsr, FpCsr, Spare, Xmm6-15);
# mingw's setjmp() macro passes the caller's frame address. longjmp(jmp_buf, value) restores
# those registers and returns `value` (1 for 0) from the _setjmp call. Windows' longjmp with a
# non-zero Frame unwinds the frames in between (running __finally blocks and C++ destructors);
# this one restores directly, so such handlers in skipped frames do not run. It does drop the
# PROGRAM_ENTRY records (context.S) of frames it leaves, so a longjmp out of a qsort
# comparator leaves no stale state behind for a later exception.

    .text
    .globl win32_crt_setjmp
    .type win32_crt_setjmp, @function
win32_crt_setjmp:
    mov %rdx, 0(%rcx)
    mov %rbx, 8(%rcx)
    lea 8(%rsp), %rax
    mov %rax, 16(%rcx)
    mov %rbp, 24(%rcx)
    mov %rsi, 32(%rcx)
    mov %rdi, 40(%rcx)
    mov %r12, 48(%rcx)
    mov %r13, 56(%rcx)
    mov %r14, 64(%rcx)
    mov %r15, 72(%rcx)
    mov (%rsp), %rax
    mov %rax, 80(%rcx)
    stmxcsr 88(%rcx)
    fnstcw 92(%rcx)
    movw $0, 94(%rcx)
    movdqu %xmm6, 96(%rcx)
    movdqu %xmm7, 112(%rcx)
    movdqu %xmm8, 128(%rcx)
    movdqu %xmm9, 144(%rcx)
    movdqu %xmm10, 160(%rcx)
    movdqu %xmm11, 176(%rcx)
    movdqu %xmm12, 192(%rcx)
    movdqu %xmm13, 208(%rcx)
    movdqu %xmm14, 224(%rcx)
    movdqu %xmm15, 240(%rcx)
    xor %eax, %eax
    ret
    .size win32_crt_setjmp, . - win32_crt_setjmp

    .globl win32_crt_longjmp
    .type win32_crt_longjmp, @function
win32_crt_longjmp:
    mov %edx, %eax
    test %eax, %eax
    jnz 1f
    mov $1, %eax
1:
    mov 16(%rcx), %r8                  # the stack pointer we return to
    rdgsbase %r9                       # no TEB (no Win32 thread): no records to drop
    test %r9, %r9
    jz 3f
2:
    mov %gs:0x1908, %r9                # teb::kProgramEntries, innermost first
    test %r9, %r9
    jz 3f
    cmp %r8, 0x98(%r9)                 # CONTEXT.Rsp of the call that entered us
    ja 3f                              # above the target: still live
    mov 0x4d0(%r9), %r10               # the previous record
    mov %r10, %gs:0x1908
    jmp 2b
3:
    mov 8(%rcx), %rbx
    mov 24(%rcx), %rbp
    mov 32(%rcx), %rsi
    mov 40(%rcx), %rdi
    mov 48(%rcx), %r12
    mov 56(%rcx), %r13
    mov 64(%rcx), %r14
    mov 72(%rcx), %r15
    ldmxcsr 88(%rcx)
    fldcw 92(%rcx)
    movdqu 96(%rcx), %xmm6
    movdqu 112(%rcx), %xmm7
    movdqu 128(%rcx), %xmm8
    movdqu 144(%rcx), %xmm9
    movdqu 160(%rcx), %xmm10
    movdqu 176(%rcx), %xmm11
    movdqu 192(%rcx), %xmm12
    movdqu 208(%rcx), %xmm13
    movdqu 224(%rcx), %xmm14
    movdqu 240(%rcx), %xmm15
    mov %r8, %rsp
    jmp *80(%rcx)
    .size win32_crt_longjmp, . - win32_crt_longjmp

    .section .note.GNU-stack, "", @progbits
