/* _start: the first guest instruction. The monitor enters with %rdi = guest address of struct
 * celda_boot_info and an undefined %rsp, so switch to the boot stack before any call. %rbp = 0
 * ends every backtrace here. */
    .section .text._start,"ax",@progbits
    .globl _start
    .type _start, @function
_start:
    lea     celda_boot_stack_top(%rip), %rsp
    xor     %ebp, %ebp
    mov     %rdi, %rbx              /* callee-saved: survives the relocation call */
    call    celda_self_relocate     /* nothing may use an absolute address before this */
    mov     %rbx, %rdi
    call    celda_boot              /* never returns */
1:  ud2
    jmp     1b
    .size _start, . - _start

    .section .bss.celda_boot_stack,"aw",@nobits
    .balign 16
    .globl celda_boot_stack_bottom
    .hidden celda_boot_stack_bottom
    .globl celda_boot_stack_top
    .hidden celda_boot_stack_top
celda_boot_stack_bottom:
    .skip 64 * 1024
celda_boot_stack_top:

    .section .note.GNU-stack,"",@progbits
