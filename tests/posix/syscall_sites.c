/* Raw `syscall` sites of the shapes celda rewrites into a plain jump on their second trap
 * (glibc's `mov $NR,%eax; syscall`, musl's register moves) and of shapes it cannot rewrite
 * (they keep trapping), each checked for exact Linux results: return values, the registers a
 * syscall preserves, %rcx/%r11 as `syscall` leaves them, signals raised and returned from
 * through rewritten sites, and a jump straight to a rewritten site's `syscall` instruction.
 * Prints the same lines natively and in celda (compare.sh). Usage: syscall-sites [iterations] */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;
#define CHECK(cond, ...) do { if (!(cond)) { ++failures; printf("FAIL: " __VA_ARGS__); printf("\n"); } } while (0)

/* glibc's shape: mov $imm32,%eax right before the syscall. */
static long glibc_getppid(void) {
    long r;
    __asm__ volatile("mov $110, %%eax\n\tsyscall" : "=a"(r) : : "rcx", "r11", "memory");
    return r;
}

/* musl's shape: the number and the argument arrive in registers and are moved just before. */
static long musl_umask(long mask) {
    register long nr __asm__("r9") = 95;
    register long arg __asm__("r8") = mask;
    long r;
    __asm__ volatile("mov %%r9, %%rax\n\tmov %%r8, %%rdi\n\tsyscall"
                     : "=a"(r) : "r"(nr), "r"(arg) : "rdi", "rcx", "r11", "memory");
    return r;
}

/* Not rewritable: nothing movable in the 5 bytes before the syscall. */
static long odd_getppid(void) {
    long r;
    __asm__ volatile("nop\n\tnop\n\txor %%eax, %%eax\n\tor $110, %%eax\n\tsyscall" : "=a"(r) : : "rcx", "r11", "memory");
    return r;
}

/* One site reached two ways: through `mov $110,%eax` (rewritten after the first call) and by a
 * jump straight to the syscall instruction with another number, which must still work. */
static long two_way(int straight) {
    long r;
    __asm__ volatile("test %k1, %k1\n\t"
                     "jz 3f\n\t"
                     "mov $39, %%eax\n\t"
                     "jmp 2f\n"
                     "3:\tmov $110, %%eax\n"
                     "2:\tsyscall"
                     : "=&a"(r) : "r"(straight) : "rcx", "r11", "memory");
    return r;
}

/* Every register but rax/rcx/r11 comes back; rcx = the next instruction, r11 = rflags. */
static void check_registers(void) {
    unsigned long out[13];
    __asm__ volatile(
        "push %%rbx\n\tpush %%rbp\n\tpush %%r12\n\tpush %%r13\n\tpush %%r14\n\tpush %%r15\n\t"
        "push %[o]\n\t"
        "mov $0x1111, %%rdx\n\tmov $0x2222, %%rsi\n\tmov $0x3333, %%r8\n\tmov $0x4444, %%r9\n\t"
        "mov $0x5555, %%r10\n\tmov $0x6666, %%rdi\n\tmov $0x7777, %%rbx\n\tmov $0x8888, %%rbp\n\t"
        "mov $0x9999, %%r12\n\tmov $0xaaaa, %%r13\n\tmov $0xbbbb, %%r14\n\tmov $0xcccc, %%r15\n\t"
        "mov $0x123456789, %%rax\n\tmovq %%rax, %%xmm7\n\t"
        "mov $110, %%eax\n\tsyscall\n"
        "1:\tmov (%%rsp), %%rax\n\t"
        "mov %%rdx, 0(%%rax)\n\tmov %%rsi, 8(%%rax)\n\tmov %%r8, 16(%%rax)\n\tmov %%r9, 24(%%rax)\n\t"
        "mov %%r10, 32(%%rax)\n\tmov %%rdi, 40(%%rax)\n\tmov %%rbx, 48(%%rax)\n\tmov %%rbp, 56(%%rax)\n\t"
        "mov %%r12, 64(%%rax)\n\tmov %%r13, 72(%%rax)\n\tmov %%rcx, 80(%%rax)\n\tmovq %%xmm7, %%rdx\n\t"
        "mov %%rdx, 88(%%rax)\n\t"
        "lea 1b(%%rip), %%rdx\n\tmov %%rdx, 96(%%rax)\n\t"
        "pop %[o]\n\tpop %%r15\n\tpop %%r14\n\tpop %%r13\n\tpop %%r12\n\tpop %%rbp\n\tpop %%rbx"
        :
        : [o] "r"(out)
        : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "xmm7", "memory");
    static const unsigned long want[] = {0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666,
                                         0x7777, 0x8888, 0x9999, 0xaaaa};
    for (int i = 0; i < 10; ++i) CHECK(out[i] == want[i], "register %d: %#lx, expected %#lx", i, out[i], want[i]);
    CHECK(out[10] == out[12], "rcx after syscall: %#lx, expected %#lx", out[10], out[12]);
    CHECK(out[11] == 0x123456789, "xmm7 after syscall: %#lx", out[11]);
}

static volatile int signals_seen;
static void on_usr1(int sig) { (void)sig; ++signals_seen; }

static long glibc_kill(long pid, long sig) {
    long r;
    register long a0 __asm__("rdi") = pid;
    register long a1 __asm__("rsi") = sig;
    __asm__ volatile("mov $62, %%eax\n\tsyscall" : "=a"(r) : "r"(a0), "r"(a1) : "rcx", "r11", "memory");
    return r;
}

int main(int argc, char** argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    long ppid = getppid(), pid = getpid();

    for (long i = 0; i < n; ++i) {
        long r = glibc_getppid();
        if (r != ppid) { CHECK(0, "getppid #%ld = %ld, expected %ld", i, r, ppid); break; }
    }
    printf("mov $NR,%%eax site: %ld calls ok\n", n);

    long old = musl_umask(022);
    for (long i = 0; i < n; ++i) {
        long want = i % 2 ? 077 : 022, next = i % 2 ? 022 : 077;
        long r = musl_umask(next);
        if (r != want) { CHECK(0, "umask #%ld = %#lo, expected %#lo", i, r, want); break; }
    }
    musl_umask(old);
    printf("register-move site: %ld calls ok\n", n);

    for (long i = 0; i < n / 100 + 1; ++i)
        if (odd_getppid() != ppid) { CHECK(0, "odd getppid #%ld", i); break; }
    printf("unrewritable site: ok\n");

    CHECK(two_way(0) == ppid, "two_way getppid");
    for (int i = 0; i < 200; ++i) {
        long want = i % 2 ? pid : ppid, r = two_way(i % 2);
        if (r != want) { CHECK(0, "two_way #%d = %ld, expected %ld", i, r, want); break; }
    }
    printf("jump straight to a rewritten syscall: ok\n");

    for (int i = 0; i < 3; ++i) check_registers();
    printf("registers across a syscall: ok\n");

    signal(SIGUSR1, on_usr1);
    for (int i = 0; i < 1000; ++i) CHECK(glibc_kill(pid, SIGUSR1) == 0, "kill");
    CHECK(signals_seen == 1000, "%d signals seen", signals_seen);
    printf("signals through rewritten sites: %d\n", signals_seen);

    printf(failures ? "FAILED\n" : "all ok\n");
    return failures != 0;
}
