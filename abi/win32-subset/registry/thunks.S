# Import thunks: 4096 numbered 16-byte slots. An import gets a slot instead of its real
# address when it is not implemented (the slot ends the guest naming it) or when
# --trace=win32 is on (the slot logs the call, then its result). The slot number indexes
# win32::thunk_slots (registry/thunks.cpp). Static code in the image: no writable+executable
# memory is needed, ever.
    .text
    .globl win32_thunk_slots
    .balign 16
win32_thunk_slots:
    .set slot, 0
    .rept 4096
    mov $slot, %eax
    jmp win32_thunk_common
    .balign 16
    .set slot, slot + 1
    .endr
    .globl win32_thunk_slots_end
win32_thunk_slots_end:

# On entry (Windows x64 ABI): eax = slot, rcx/rdx/r8/r9 + xmm0-3 = arguments, [rsp] = return
# address, [rsp+8..40) = the caller's home area for the four register arguments.
    .type win32_thunk_common, @function
win32_thunk_common:
    mov %rcx, 8(%rsp)
    mov %rdx, 16(%rsp)
    mov %r8, 24(%rsp)
    mov %r9, 32(%rsp)
    sub $104, %rsp                 # 32 home + 64 xmm0-3 + 8 to realign to 16
    movdqu %xmm0, 32(%rsp)
    movdqu %xmm1, 48(%rsp)
    movdqu %xmm2, 64(%rsp)
    movdqu %xmm3, 80(%rsp)
    mov %eax, %ecx                 # slot
    lea 112(%rsp), %rdx            # the four argument registers, saved above
    lea 104(%rsp), %r8             # where the return address sits (the relay may replace it)
    call win32_thunk_enter         # ms_abi: preserves rsi/rdi/xmm6-15; returns the target
    movdqu 32(%rsp), %xmm0
    movdqu 48(%rsp), %xmm1
    movdqu 64(%rsp), %xmm2
    movdqu 80(%rsp), %xmm3
    add $104, %rsp
    mov 8(%rsp), %rcx
    mov 16(%rsp), %rdx
    mov 24(%rsp), %r8
    mov 32(%rsp), %r9
    jmp *%rax
    .size win32_thunk_common, . - win32_thunk_common

# A relayed function returns here (its return address was swapped in win32_thunk_enter):
# log the result, then continue at the real return address.
    .globl win32_relay_return
    .type win32_relay_return, @function
win32_relay_return:
    sub $80, %rsp                  # 32 home + rax + rdx + xmm0 + 16 (rsp is 16-aligned here)
    mov %rax, 32(%rsp)
    mov %rdx, 40(%rsp)
    movdqu %xmm0, 48(%rsp)
    mov %rax, %rcx
    call win32_relay_leave         # ms_abi; returns the original return address
    mov %rax, %r11
    mov 32(%rsp), %rax
    mov 40(%rsp), %rdx
    movdqu 48(%rsp), %xmm0
    add $80, %rsp
    jmp *%r11
    .size win32_relay_return, . - win32_relay_return

    .section .note.GNU-stack, "", @progbits
