# CPU state in and out of a Windows CONTEXT (dlls/ntdll/exceptions.h has the layout), and the
# entry points whose callers' state must be captured before any C++ runs: RtlCaptureContext,
# RtlRestoreContext, RaiseException/RtlRaiseException and RtlUnwindEx (both start from their
# caller's frame, as on Windows), plus the trampoline every language handler is called through.
# All of it is the Windows x64 calling convention: rcx, rdx, r8, r9, then the stack above a
# 32-byte home area; rbx, rbp, rdi, rsi, r12-r15 and xmm6-15 preserved.

    .text

# capture: stores every register (as they are now) into the CONTEXT at %rcx, then sets
# Rip = [%rsp + \ret] and Rsp = %rsp + \ret + 8: the state of the caller right after `call`.
.macro CAPTURE ret
    mov %rax, 0x78(%rcx)
    mov %rcx, 0x80(%rcx)
    mov %rdx, 0x88(%rcx)
    mov %rbx, 0x90(%rcx)
    mov %rbp, 0xa0(%rcx)
    mov %rsi, 0xa8(%rcx)
    mov %rdi, 0xb0(%rcx)
    mov %r8, 0xb8(%rcx)
    mov %r9, 0xc0(%rcx)
    mov %r10, 0xc8(%rcx)
    mov %r11, 0xd0(%rcx)
    mov %r12, 0xd8(%rcx)
    mov %r13, 0xe0(%rcx)
    mov %r14, 0xe8(%rcx)
    mov %r15, 0xf0(%rcx)
    lea (\ret + 8)(%rsp), %rax
    mov %rax, 0x98(%rcx)
    mov \ret(%rsp), %rax
    mov %rax, 0xf8(%rcx)
    pushfq
    pop %rax
    mov %eax, 0x44(%rcx)
    movl $0x10000f, 0x30(%rcx)
    stmxcsr 0x34(%rcx)
    stmxcsr 0x118(%rcx)                # FltSave.MxCsr
    fnstcw 0x100(%rcx)                 # FltSave.ControlWord
    movw %cs, 0x38(%rcx)
    movw %ds, 0x3a(%rcx)
    movw %es, 0x3c(%rcx)
    movw %fs, 0x3e(%rcx)
    movw %gs, 0x40(%rcx)
    movw %ss, 0x42(%rcx)
    movdqu %xmm0, 0x1a0(%rcx)
    movdqu %xmm1, 0x1b0(%rcx)
    movdqu %xmm2, 0x1c0(%rcx)
    movdqu %xmm3, 0x1d0(%rcx)
    movdqu %xmm4, 0x1e0(%rcx)
    movdqu %xmm5, 0x1f0(%rcx)
    movdqu %xmm6, 0x200(%rcx)
    movdqu %xmm7, 0x210(%rcx)
    movdqu %xmm8, 0x220(%rcx)
    movdqu %xmm9, 0x230(%rcx)
    movdqu %xmm10, 0x240(%rcx)
    movdqu %xmm11, 0x250(%rcx)
    movdqu %xmm12, 0x260(%rcx)
    movdqu %xmm13, 0x270(%rcx)
    movdqu %xmm14, 0x280(%rcx)
    movdqu %xmm15, 0x290(%rcx)
    mov 0x78(%rcx), %rax
.endm

# void RtlCaptureContext(CONTEXT* context)
    .globl win32_RtlCaptureContext
    .type win32_RtlCaptureContext, @function
win32_RtlCaptureContext:
    CAPTURE 0
    ret
    .size win32_RtlCaptureContext, . - win32_RtlCaptureContext

# void RtlRestoreContext(CONTEXT* context, EXCEPTION_RECORD*) and NtContinue(context, alert):
# continue at context->Rip with every integer and xmm register from the context, and its
# status flags (CF PF AF ZF SF OF) and direction flag: code resumed after a hardware fault may
# be between a compare and its branch. Other flags (TF, IF, AC...) stay as they are.
    .globl win32_RtlRestoreContext
    .type win32_RtlRestoreContext, @function
win32_RtlRestoreContext:
    cld
    ldmxcsr 0x34(%rcx)
    movdqu 0x1a0(%rcx), %xmm0
    movdqu 0x1b0(%rcx), %xmm1
    movdqu 0x1c0(%rcx), %xmm2
    movdqu 0x1d0(%rcx), %xmm3
    movdqu 0x1e0(%rcx), %xmm4
    movdqu 0x1f0(%rcx), %xmm5
    movdqu 0x200(%rcx), %xmm6
    movdqu 0x210(%rcx), %xmm7
    movdqu 0x220(%rcx), %xmm8
    movdqu 0x230(%rcx), %xmm9
    movdqu 0x240(%rcx), %xmm10
    movdqu 0x250(%rcx), %xmm11
    movdqu 0x260(%rcx), %xmm12
    movdqu 0x270(%rcx), %xmm13
    movdqu 0x280(%rcx), %xmm14
    movdqu 0x290(%rcx), %xmm15
    # The target's rip, rcx and flags go just below its rsp (dead stack there: we run
    # deeper), then we switch to that stack, pop the flags and rcx and return into rip.
    mov 0x98(%rcx), %r11
    mov 0xf8(%rcx), %rax
    mov %rax, -8(%r11)
    mov 0x80(%rcx), %rax
    mov %rax, -16(%r11)
    pushfq
    pop %rax
    and $~0xcd5, %rax
    mov 0x44(%rcx), %edx
    and $0xcd5, %edx
    or %rdx, %rax
    mov %rax, -24(%r11)
    mov 0x78(%rcx), %rax
    mov 0x88(%rcx), %rdx
    mov 0x90(%rcx), %rbx
    mov 0xa0(%rcx), %rbp
    mov 0xa8(%rcx), %rsi
    mov 0xb0(%rcx), %rdi
    mov 0xb8(%rcx), %r8
    mov 0xc0(%rcx), %r9
    mov 0xc8(%rcx), %r10
    mov 0xd8(%rcx), %r12
    mov 0xe0(%rcx), %r13
    mov 0xe8(%rcx), %r14
    mov 0xf0(%rcx), %r15
    lea -24(%r11), %rsp
    mov 0xd0(%rcx), %r11
    popfq
    pop %rcx
    ret
    .size win32_RtlRestoreContext, . - win32_RtlRestoreContext

# void RaiseException(DWORD code, DWORD flags, DWORD count, const ULONG_PTR* arguments)
# Captures the caller's state, then win32_raise_exception (exceptions.cpp) dispatches; it
# returns only through RtlRestoreContext (a handler chose to continue) or never.
    .globl win32_RaiseException
    .type win32_RaiseException, @function
win32_RaiseException:
    sub $0x508, %rsp                   # 32 home + CONTEXT (0x4d0, 16-aligned at 0x30) + pad
    mov %rcx, 0x508+8(%rsp)            # the caller's home area keeps the four arguments
    mov %rdx, 0x508+16(%rsp)
    mov %r8, 0x508+24(%rsp)
    mov %r9, 0x508+32(%rsp)
    lea 0x30(%rsp), %rcx
    CAPTURE 0x508
    mov 0x508+8(%rsp), %rax            # the caller's rcx, not the context pointer
    mov %rax, 0x80(%rcx)
    mov %rcx, %r9                      # context
    mov 0x508+8(%rsp), %rcx            # code
    mov 0x508+16(%rsp), %rdx           # flags
    mov 0x508+24(%rsp), %r8            # count
    mov 0x508+32(%rsp), %rax
    mov %rax, 0x20(%rsp)               # arguments (5th)
    call win32_raise_exception         # ms_abi, does not return
    ud2
    .size win32_RaiseException, . - win32_RaiseException

# void RtlRaiseException(EXCEPTION_RECORD* record)
    .globl win32_RtlRaiseException
    .type win32_RtlRaiseException, @function
win32_RtlRaiseException:
    sub $0x508, %rsp
    mov %rcx, 0x508+8(%rsp)
    lea 0x30(%rsp), %rcx
    CAPTURE 0x508
    mov 0x508+8(%rsp), %rax
    mov %rax, 0x80(%rcx)
    mov %rcx, %rdx                     # context
    mov 0x508+8(%rsp), %rcx            # record
    call win32_raise_record
    ud2
    .size win32_RtlRaiseException, . - win32_RtlRaiseException

# void RtlUnwindEx(void* target_frame, void* target_ip, EXCEPTION_RECORD*, void* return_value,
#                  CONTEXT* scratch, UNWIND_HISTORY_TABLE*)
# Starts unwinding at the caller's frame; ends in RtlRestoreContext at the target.
    .globl win32_RtlUnwindEx
    .type win32_RtlUnwindEx, @function
win32_RtlUnwindEx:
    sub $0x508, %rsp
    mov %rcx, 0x508+8(%rsp)
    mov %rdx, 0x508+16(%rsp)
    mov %r8, 0x508+24(%rsp)
    mov %r9, 0x508+32(%rsp)
    lea 0x30(%rsp), %rcx
    CAPTURE 0x508
    mov 0x508+8(%rsp), %rax
    mov %rax, 0x80(%rcx)
    mov %rcx, 0x20(%rsp)               # 5th argument: the captured start
    mov 0x508+8(%rsp), %rcx
    mov 0x508+16(%rsp), %rdx
    mov 0x508+24(%rsp), %r8
    mov 0x508+32(%rsp), %r9
    call win32_unwind                  # ms_abi, does not return
    ud2
    .size win32_RtlUnwindEx, . - win32_RtlUnwindEx

# void RtlUnwind(void* target_frame, void* target_ip, EXCEPTION_RECORD*, void* return_value)
    .globl win32_RtlUnwind
    .type win32_RtlUnwind, @function
win32_RtlUnwind:
    jmp win32_RtlUnwindEx              # same frame: the scratch/history arguments are unused
    .size win32_RtlUnwind, . - win32_RtlUnwind

# DWORD win32_call_language_handler(record, frame, context, dispatch, handler, call_record)
# Calls handler(record, frame, context, dispatch). While it runs, the frame below it holds
# call_record at +32 and a magic at +40, found by the unwinder when a walk started inside the
# handler reaches win32_handler_return (a nested exception, or a collided unwind).
    .globl win32_call_language_handler
    .type win32_call_language_handler, @function
win32_call_language_handler:
    sub $56, %rsp
    mov 56+40(%rsp), %rax              # handler
    mov 56+48(%rsp), %r10              # call_record
    mov %r10, 32(%rsp)
    movabs $0x72646e61486c6543, %r10   # "CelHandr"
    mov %r10, 40(%rsp)
    call *%rax
    .globl win32_handler_return
win32_handler_return:
    movq $0, 40(%rsp)
    add $56, %rsp
    ret
    .size win32_call_language_handler, . - win32_call_language_handler

# Exports that call back into the program (qsort's comparator, ...) are entered through
# PROGRAM_ENTRY: it captures the program's state at the call (as RaiseException does) into a
# CONTEXT on its own frame and links it into the TEB's list (teb::kProgramEntries, innermost
# first; the previous head at CONTEXT+0x4d0). Our frames between the callback and that call
# have no unwind data; a walk that leaves a callback into our code continues from the
# innermost captured state above it, the program's frame that called us (exceptions.cpp).
# \impl is an ms_abi function with 4 register arguments and \stack_args more on the stack.
.macro PROGRAM_ENTRY name, impl, stack_args
    .globl \name
    .type \name, @function
\name:
    sub $0x518, %rsp                   # 32 home + 4 stack args + CONTEXT at 0x40 + link at 0x510
    mov %rcx, 0x518+8(%rsp)
    mov %rdx, 0x518+16(%rsp)
    mov %r8, 0x518+24(%rsp)
    mov %r9, 0x518+32(%rsp)
    lea 0x40(%rsp), %rcx
    CAPTURE 0x518
    mov 0x518+8(%rsp), %rax
    mov %rax, 0x80(%rcx)
    movq $0, 0x510(%rsp)
    rdgsbase %rax                      # no TEB yet (no Win32 thread): nothing to link into
    test %rax, %rax
    jz 1f
    mov %gs:0x1908, %rax               # teb::kProgramEntries
    mov %rax, 0x510(%rsp)
    mov %rcx, %gs:0x1908
1:
    .if \stack_args > 0
    mov 0x518+0x28(%rsp), %rax
    mov %rax, 0x20(%rsp)
    .endif
    .if \stack_args > 1
    mov 0x518+0x30(%rsp), %rax
    mov %rax, 0x28(%rsp)
    .endif
    mov 0x518+8(%rsp), %rcx
    mov 0x518+16(%rsp), %rdx
    mov 0x518+24(%rsp), %r8
    mov 0x518+32(%rsp), %r9
    call \impl
    rdgsbase %rcx                      # unlink (rax holds the result)
    test %rcx, %rcx
    jz 2f
    mov 0x510(%rsp), %rcx
    mov %rcx, %gs:0x1908
2:
    add $0x518, %rsp
    ret
    .size \name, . - \name
.endm

    PROGRAM_ENTRY win32_entry_qsort, win32_crt_qsort, 0
    PROGRAM_ENTRY win32_entry_bsearch, win32_crt_bsearch, 1
    PROGRAM_ENTRY win32_entry_qsort_s, win32_crt_qsort_s, 1
    PROGRAM_ENTRY win32_entry_bsearch_s, win32_crt_bsearch_s, 2
    # kernel32's resource enumerations call the program's EnumRes*Proc (dlls/kernel32/resources.cpp).
    PROGRAM_ENTRY win32_entry_EnumResourceTypesA, win32_k32_EnumResourceTypesA, 0
    PROGRAM_ENTRY win32_entry_EnumResourceTypesW, win32_k32_EnumResourceTypesW, 0
    PROGRAM_ENTRY win32_entry_EnumResourceNamesA, win32_k32_EnumResourceNamesA, 0
    PROGRAM_ENTRY win32_entry_EnumResourceNamesW, win32_k32_EnumResourceNamesW, 0

    .section .note.GNU-stack, "", @progbits
