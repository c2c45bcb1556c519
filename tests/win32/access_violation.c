// access_violation: a write through a bad pointer. Windows would raise
// EXCEPTION_ACCESS_VIOLATION (0xc0000005) and end the program; celda reports it as a guest
// crash naming the address (exit 139, as a shell shows a SIGSEGV) and the function it happened
// in, `poke`, read from the program's own symbols: the COFF symbol table of this unstripped
// build, or, in access_violation_stripped (built with -s -DEXPORT_POKE: no symbol table), the
// export directory. noipa keeps GCC from renaming poke into a clone (poke.constprop.0).
#include <stdint.h>
#include <stdio.h>

#ifdef EXPORT_POKE
#define POKE_LINKAGE __declspec(dllexport)
#else
#define POKE_LINKAGE static
#endif

__attribute__((noinline, noipa)) POKE_LINKAGE void poke(volatile int* p) { *p = 42; }

int main(void) {
    printf("before the fault\n");
    fflush(stdout);
    poke((volatile int*)(uintptr_t)0x10);
    printf("after the fault\n");
    return 0;
}
