// probe: a test guest that does one thing per subcommand (argv[1]) so the integration tests can
// check how the monitor and the library OS behave, including when a guest misbehaves.
#include <libos/console.h>
#include <libos/fiber.h>
#include <libos/env.h>
#include <libos/hypercall.h>
#include <libos/libc.h>
#include <libos/main.h>
#include <libos/panic.h>
#include <libos/time.h>

namespace {

constexpr size_t kMiB = 1024 * 1024;

// Hides a value from the optimiser, so "obviously undefined" code is emitted as written.
template <typename T>
T opaque(T value) {
    asm volatile("" : "+r"(value));
    return value;
}

long parse_number(const char* text) { return text ? strtol(text, nullptr, 10) : 0; }

int exit_with(int argc, char** argv) { return static_cast<int>(parse_number(argc > 2 ? argv[2] : nullptr)); }

int print_args(int argc, char** argv) {
    libos::print("argc=%d\n", argc);
    for (int i = 0; i < argc; ++i) libos::print("argv[%d]=%s\n", i, argv[i]);
    return 0;
}

int print_env(int argc, char** argv) {
    if (argc < 3) return 2;
    const char* value = libos::getenv(argv[2]);
    if (value == nullptr) {
        libos::print("%s is unset\n", argv[2]);
        return 1;
    }
    libos::print("%s=%s\n", argv[2], value);
    return 0;
}

int crash_null() {
    *opaque(reinterpret_cast<volatile int*>(0)) = 1;
    return 0;
}

[[gnu::noinline]] void probe_invalid_opcode() {
    __builtin_trap();
}

[[gnu::noinline]] void probe_panic_here() {
    libos::panic("deliberate panic from probe");
}

int raw_syscall() {
    static const char path[] = "/etc/passwd";
    long result;
    asm volatile("syscall"
                 : "=a"(result)
                 : "a"(257L), "D"(-100L), "S"(path), "d"(0L)
                 : "rcx", "r11", "memory");
    libos::print("syscall returned %ld\n", result);
    return 3;
}

int allocate_until_exhausted() {
    size_t mebibytes = 0;
    while (auto* block = static_cast<volatile char*>(malloc(kMiB))) {
        for (size_t offset = 0; offset < kMiB; offset += 4096) block[offset] = 1;
        ++mebibytes;
    }
    libos::print("allocated %zu MiB before out of memory\n", mebibytes);
    return 0;
}

[[noreturn]] void spin() {
    for (;;) asm volatile("" ::: "memory");
}

int sleep_ms(int argc, char** argv) {
    auto milliseconds = static_cast<uint64_t>(parse_number(argc > 2 ? argv[2] : nullptr));
    uint64_t start = libos::monotonic_ns();
    libos::sleep_for_ns(milliseconds * libos::kNanosPerMilli);
    uint64_t elapsed = libos::monotonic_ns() - start;
    libos::print("slept %lu ms\n", elapsed / libos::kNanosPerMilli);
    return 0;
}

void stepping_fiber(void* arg) {
    auto id = reinterpret_cast<uintptr_t>(arg);
    for (int step = 0; step < 3; ++step) {
        libos::print("fiber %lu step %d\n", id, step);
        libos::yield();
    }
}

int run_fibers() {
    libos::Fiber fibers[3];
    for (uintptr_t i = 0; i < 3; ++i) {
        fibers[i] = libos::spawn(stepping_fiber, reinterpret_cast<void*>(i));
        if (!fibers[i]) libos::panic("probe: cannot spawn fiber %lu", i);
    }
    for (auto& fiber : fibers) fiber.join();
    libos::print("fibers done\n");
    return 0;
}

int bad_pointer() {
    celda_hc_console_write args{};
    args.stream = 1;
    args.buf = 0x10;   // far below guest memory
    args.len = 16;
    auto result = static_cast<int64_t>(libos::hypercall::raw(CELDA_HC_CONSOLE_WRITE, &args));
    libos::eprint("console_write with a bad pointer returned %ld\n", result);
    return 4;
}

int split_streams() {
    libos::print("to stdout\n");
    libos::eprint("to stderr\n");
    return 0;
}

int deadlock() {
    static libos::Event never_signalled;
    libos::Fiber stuck = libos::spawn([](void*) { never_signalled.wait(); }, nullptr);
    stuck.join();
    libos::print("deadlock was not detected\n");
    return 5;
}

// Touches hardware the guest does not own. On kvm: an I/O port is stopped and reported by the
// monitor, a non-allowed MSR raises #GP (KVM's MSR filter). On sandbox both are privileged
// instructions in user mode: #GP, reported as a crash.
[[gnu::noinline]] int probe_port_io() {
    asm volatile("outb %%al, $0x80" : : "a"(0) : "memory");
    libos::print("port 0x80 written\n");
    return 6;
}

[[gnu::noinline]] int probe_msr() {
    uint32_t low, high;
    asm volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(0x10u));  // IA32_TIME_STAMP_COUNTER
    libos::print("rdmsr returned %u:%u\n", high, low);
    return 7;
}

int usage() {
    libos::eprint(
        "usage: probe COMMAND [ARGS...]\n"
        "commands: exit N | args ... | env KEY | crash-null | crash-ud | panic | syscall |\n"
        "          alloc | spin | sleep MS | fibers | bad-pointer | stderr | deadlock | port-io | msr\n");
    return 2;
}

}  // namespace

int celda_main(int argc, char** argv) {
    if (argc < 2) return usage();
    const char* command = argv[1];
    auto is = [command](const char* name) { return strcmp(command, name) == 0; };

    if (is("exit")) return exit_with(argc, argv);
    if (is("args")) return print_args(argc, argv);
    if (is("env")) return print_env(argc, argv);
    if (is("crash-null")) return crash_null();
    if (is("crash-ud")) { probe_invalid_opcode(); return 0; }
    if (is("panic")) probe_panic_here();
    if (is("syscall")) return raw_syscall();
    if (is("alloc")) return allocate_until_exhausted();
    if (is("spin")) spin();
    if (is("sleep")) return sleep_ms(argc, argv);
    if (is("fibers")) return run_fibers();
    if (is("bad-pointer")) return bad_pointer();
    if (is("stderr")) return split_streams();
    if (is("deadlock")) return deadlock();
    if (is("port-io")) return probe_port_io();
    if (is("msr")) return probe_msr();
    return usage();
}
