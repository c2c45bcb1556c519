// The C++ half of boot: called by _start once the image is relocated. Brings up the library
// OS in dependency order, runs celda_main as the main fiber, and exits with its status.
#include <libos/boot_info.h>
#include <libos/fiber.h>
#include <libos/hypercall.h>
#include <libos/main.h>
#include <libos/memory.h>
#include <libos/panic.h>
#include <libos/warm_prefault.h>

namespace libos {
void init_scheduler();   // sched/fibers.cpp
}

extern "C" {
[[gnu::visibility("hidden")]] extern void (*__init_array_start[])();
[[gnu::visibility("hidden")]] extern void (*__init_array_end[])();
}

namespace {

constexpr size_t kMainFiberStackBytes = 256 * 1024;

struct MainCall {
    int argc;
    char** argv;
    int status;
};

void run_main(void* arg) {
    auto* call = static_cast<MainCall*>(arg);
    call->status = celda_main(call->argc, call->argv);
}

void run_constructors() {
    for (auto* constructor = __init_array_start; constructor != __init_array_end; ++constructor)
        (*constructor)();
}

}  // namespace

extern "C" [[noreturn]] void celda_boot(const celda_boot_info* info) {
    libos::install_boot_info(info);
    run_constructors();
    libos::init_memory(reinterpret_cast<void*>(info->free_start),
                       reinterpret_cast<void*>(info->free_end));
    libos::init_scheduler();
    // A warm guest (`celda serve`) stops here, booted, until a `celda run` hands it a program.
    // Nothing above depends on argv, the environment or the payload; everything below reads
    // them from the boot info the monitor has just rewritten.
    if (info->boot_flags & CELDA_BOOT_AWAIT_PAYLOAD) {
        if (celda_warm_up) celda_warm_up();
        libos::prefault_for_payload();   // after warm-up: its allocations are faulted in already
        if (int64_t rc = libos::hypercall::await_payload(); rc != 0)
            libos::panic("boot: the monitor refused to hand over a program (%lld)", static_cast<long long>(rc));
    }

    MainCall call{static_cast<int>(info->argc), reinterpret_cast<char**>(info->argv), 0};
    libos::Scheduler& scheduler = libos::scheduler();
    libos::FiberControl* main = scheduler.spawn(run_main, &call, kMainFiberStackBytes);
    if (main == nullptr) libos::panic("boot: not enough memory for the main fiber's stack");

    if (scheduler.run_until_finished(main) == libos::RunOutcome::deadlock)
        libos::panic("deadlock: %zu fiber(s) waiting and none runnable or sleeping; "
                     "celda_main can never finish",
                     scheduler.waiting_fiber_count());
    libos::hypercall::exit(call.status);
}
