// fault_bench: the cost of one CPU fault caught and resumed by the program itself, the
// path a JIT, a garbage collector's write barrier or a sandboxing runtime relies on.
// The same loop is built twice:
//   - for Windows (mingw-w64): a vectored exception handler moves Rip past a `ud2` /
//     past a read of address 0x10 (EXCEPTION_CONTINUE_EXECUTION). Run under celda and Wine.
//   - for Linux (native peer): a SIGILL/SIGSEGV sigaction handler moves REG_RIP in the
//     ucontext, what the kernel alone costs (celda's sandbox adds the guest's dispatch on top).
// usage: fault_bench [N]   prints "ud2: X ns/fault" and "read 0x10: Y ns/fault" (medians of 5).
#ifndef _WIN32
#define _GNU_SOURCE  // REG_RIP
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

extern void bench_ud2(void);
extern void bench_read(void);
extern char bench_ud2_insn[], bench_read_insn[];
// ud2 (2 bytes), mov 0x10(%rip-independent absolute) -> mov (%rax),%eax with rax = 0x10 (2 bytes).
__asm__(".text\n"
        ".globl bench_ud2, bench_ud2_insn, bench_read, bench_read_insn\n"
        "bench_ud2:\n"
        "bench_ud2_insn:\n  ud2\n  ret\n"
        "bench_read:\n  mov $0x10, %eax\n"
        "bench_read_insn:\n  mov (%rax), %eax\n  ret\n");

#ifdef _WIN32
#include <windows.h>
static LONG WINAPI skip(EXCEPTION_POINTERS* p) {
    char* rip = (char*)p->ContextRecord->Rip;
    if (rip != bench_ud2_insn && rip != bench_read_insn) return EXCEPTION_CONTINUE_SEARCH;
    p->ContextRecord->Rip += 2;
    return EXCEPTION_CONTINUE_EXECUTION;
}
static void install(void) { AddVectoredExceptionHandler(1, skip); }
static double now_ns(void) {
    LARGE_INTEGER t, f;
    QueryPerformanceCounter(&t);
    QueryPerformanceFrequency(&f);
    return (double)t.QuadPart * 1e9 / (double)f.QuadPart;
}
#else
#include <signal.h>
#include <time.h>
#include <ucontext.h>
static void skip(int signal, siginfo_t* info, void* context) {
    (void)signal;
    (void)info;
    ucontext_t* uc = context;
    uc->uc_mcontext.gregs[REG_RIP] += 2;
}
static void install(void) {
    struct sigaction action = {0};
    action.sa_sigaction = skip;
    action.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &action, NULL);
    sigaction(SIGSEGV, &action, NULL);
}
static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}
#endif

static int compare(const void* a, const void* b) {
    double x = *(const double*)a, y = *(const double*)b;
    return x < y ? -1 : x > y;
}

static double median_ns(void (*fn)(void), int n) {
    double rounds[5];
    for (int r = 0; r < 5; r++) {
        double start = now_ns();
        for (int i = 0; i < n; i++) fn();
        rounds[r] = (now_ns() - start) / n;
    }
    qsort(rounds, 5, sizeof rounds[0], compare);
    return rounds[2];
}

int main(int argc, char** argv) {
    int n = argc > 1 ? atoi(argv[1]) : 20000;
    install();
    printf("ud2: %.0f ns/fault\n", median_ns(bench_ud2, n));
    printf("read 0x10: %.0f ns/fault\n", median_ns(bench_read, n));
    return 0;
}
