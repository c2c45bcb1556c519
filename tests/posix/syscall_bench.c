/* ns per raw `syscall` instruction (getppid, which no libc caches): the benchmark for the
 * trapped path in bench/README.md. Usage: syscall-bench [iterations] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long raw_getppid(void) {
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(110L) : "rcx", "r11", "memory");
    return ret;
}

int main(int argc, char** argv) {
    long n = argc > 1 ? atol(argv[1]) : 200000;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; ++i) raw_getppid();
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ns = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n;
    printf("%.0f ns/syscall over %ld calls\n", ns, n);
    return 0;
}
