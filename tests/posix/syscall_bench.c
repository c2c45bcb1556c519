/* ns per raw `syscall` instruction (getppid, which no libc caches): the benchmark for the
 * syscall entry in bench/README.md, two call sites side by side. The first is glibc's shape
 * (`mov $NR,%eax; syscall`), which celda rewrites into a plain jump into the library OS on its
 * second trap; the second has nothing movable before its `syscall`, so in celda every call
 * takes the trap path (on the sandbox backend: seccomp trap, SIGSYS, sigreturn). Natively
 * both are the same kernel syscall. Usage: syscall-bench [iterations] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long raw_getppid(void) {
    long ret;
    __asm__ volatile("mov $110, %%eax\n\tsyscall" : "=a"(ret) : : "rcx", "r11", "memory");
    return ret;
}

static long trapping_getppid(void) {
    long ret;
    __asm__ volatile("nop\n\tnop\n\txor %%eax, %%eax\n\tor $110, %%eax\n\tsyscall" : "=a"(ret) : : "rcx", "r11", "memory");
    return ret;
}

static double ns_per_call(long (*call)(void), long n) {
    struct timespec a, b;
    call();  /* the first call (the one that rewrites) is not timed */
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; ++i) call();
    clock_gettime(CLOCK_MONOTONIC, &b);
    return ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n;
}

int main(int argc, char** argv) {
    long n = argc > 1 ? atol(argv[1]) : 200000;
    printf("%.0f ns/syscall over %ld calls (rewritable site)\n", ns_per_call(raw_getppid, n), n);
    printf("%.0f ns/syscall over %ld calls (site that keeps trapping)\n", ns_per_call(trapping_getppid, n), n);
    return 0;
}
