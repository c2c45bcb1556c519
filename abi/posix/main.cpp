// posix.img: the stock image `celda run` boots for a static Linux executable. It loads the
// payload as the program, builds its initial stack, registers the syscall entry and jumps to
// the program's entry point on the main fiber. The program's exit_group ends the guest.
#include <libos/boot_info.h>
#include <libos/console.h>
#include <libos/hypercall.h>
#include <libos/libc.h>
#include <libos/main.h>
#include <libos/fiber.h>
#include <libos/memory.h>

#include "kernel/memory_map.h"
#include "kernel/process.h"
#include "kernel/vfs_setup.h"
#include "loader/elf_loader.h"
#include "loader/initial_stack.h"
#include "syscalls/table.h"

extern "C" [[noreturn]] void posix_enter_user(const celda_syscall_frame* frame);
extern "C" void posix_syscall_entry(celda_syscall_frame* frame);

namespace {

constexpr uint64_t kMainStackBytes = 8ull << 20;    // like the default RLIMIT_STACK
constexpr uint64_t kSmallStackBytes = 1ull << 20;   // when guest memory is small

int fail(const char* what) {
    libos::eprint("celda: %s\n", what);
    return 126;  // a shell's "found but cannot execute"
}

void register_all_syscalls() {
    posix::register_process_syscalls();
    posix::register_memory_syscalls();
    posix::register_file_syscalls();
    posix::register_path_syscalls();
    posix::register_time_syscalls();
    posix::register_thread_syscalls();
    posix::register_signal_syscalls();
    posix::register_poll_syscalls();
}

}  // namespace

int celda_main(int argc, char** argv) {
    const celda_boot_info& info = libos::boot_info();
    if (info.payload_kind != CELDA_PAYLOAD_LINUX_ELF || info.payload == 0)
        return fail("posix.img runs a Linux program handed over by `celda run PROGRAM`; it was booted without one");

    posix::Process& process = posix::process();
    process.trace = (info.trace_flags & CELDA_TRACE_SYSCALLS) != 0;
    process.exe_path = info.payload_path ? reinterpret_cast<const char*>(info.payload_path) : argv[0];
    posix::memory_map().init(info.mem_base, info.mem_size);
    register_all_syscalls();

    posix::LoadedProgram program;
    const char* why = "";
    if (posix::load_elf(reinterpret_cast<const void*>(info.payload), info.payload_size, program, why) < 0)
        return fail(why);
    // setup_vfs reports its own failures (a bad -w, too many mounts) in one line.
    if (int rc = posix::setup_vfs(process.exe_path, reinterpret_cast<const void*>(info.payload), info.payload_size); rc < 0)
        return 126;

    // The program break starts just above the highest segment, on a page boundary.
    process.brk_start = process.brk_current = program.end;

    uint64_t stack_bytes = info.mem_size >= (256ull << 20) ? kMainStackBytes : kSmallStackBytes;
    uint64_t stack = posix::memory_map().map_anywhere(stack_bytes);
    if (!stack) return fail("not enough guest memory for the program's stack (try a larger --memory)");
    posix::StackInputs inputs{argc, argv, static_cast<int>(info.envc), reinterpret_cast<char* const*>(info.envp),
                              process.exe_path};
    uint64_t sp = posix::build_initial_stack(stack + stack_bytes, stack_bytes, inputs, program);
    if (!sp) return fail("the arguments and environment do not fit on the program's stack");

    auto* main_thread = new posix::Thread();
    main_thread->tid = posix::kPid;
    main_thread->fiber = libos::scheduler().current();
    process.threads = main_thread;
    process.live_threads = 1;

    if (libos::hypercall::set_syscall_entry(posix_syscall_entry) < 0)
        return fail("this backend cannot hand a Linux program's syscalls to the library OS");

    celda_syscall_frame start{};
    start.rsp = sp;
    start.rip = program.entry;
    start.rflags = 0x202;
    // %rdx = 0: no function for _start to register with atexit (no dynamic linker ran).
    posix_enter_user(&start);
}
