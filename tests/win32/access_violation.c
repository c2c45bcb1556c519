// access_violation: a write through a bad pointer. Windows would raise
// EXCEPTION_ACCESS_VIOLATION (0xc0000005) and end the program; celda reports it as a guest
// crash naming the address (exit 139, as a shell shows a SIGSEGV).
#include <stdint.h>
#include <stdio.h>

__attribute__((noinline)) static void poke(volatile int* p) { *p = 42; }

int main(void) {
    printf("before the fault\n");
    fflush(stdout);
    poke((volatile int*)(uintptr_t)0x10);
    printf("after the fault\n");
    return 0;
}
