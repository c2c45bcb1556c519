// A Linux program that writes through a bad pointer: natively a SIGSEGV (shell status 139);
// under celda the crash report names the function from the program's own .symtab,
// `crash_in_linux_program` (fixed-address -static and -static-pie builds both).
#include <stdint.h>

__attribute__((noinline, noipa)) void crash_in_linux_program(volatile int* p) { *p = 42; }

int main(void) {
    crash_in_linux_program((volatile int*)(uintptr_t)0x10);
    return 0;
}
