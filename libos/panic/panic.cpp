#include <libos/panic.h>

#include <libos/backtrace.h>
#include <libos/boot_info.h>
#include <libos/fiber.h>
#include <libos/format.h>
#include <libos/hypercall.h>

#include <stdarg.h>

extern "C" {
[[gnu::visibility("hidden")]] extern char celda_boot_stack_bottom[];
[[gnu::visibility("hidden")]] extern char celda_boot_stack_top[];
}

namespace libos {
namespace {

bool panicking = false;
char message[1024];

// The stack the panicking code runs on: the current fiber's, or the boot stack. Backtraces only
// read inside it, so a corrupt frame pointer cannot make the panic itself fault.
void current_stack_bounds(uintptr_t& low, uintptr_t& high) {
    if (FiberControl* fiber = scheduler().current()) {
        low = reinterpret_cast<uintptr_t>(fiber->stack_base);
        high = reinterpret_cast<uintptr_t>(fiber);
    } else {
        low = reinterpret_cast<uintptr_t>(celda_boot_stack_bottom);
        high = reinterpret_cast<uintptr_t>(celda_boot_stack_top);
    }
    // And never outside guest memory, whatever the above says.
    const celda_boot_info& info = boot_info();
    if (low < info.mem_base) low = info.mem_base;
    if (high > info.mem_base + info.mem_size) high = info.mem_base + info.mem_size;
}

}  // namespace

void panic(const char* fmt, ...) {
    if (panicking) {   // panicked while panicking: report without formatting or walking again
        static const char nested[] = "panic while panicking";
        hypercall::abort(nested, sizeof nested - 1, nullptr, 0);
    }
    panicking = true;

    va_list args;
    va_start(args, fmt);
    size_t length = vformat(message, sizeof message, fmt, args);
    va_end(args);
    if (length >= sizeof message) length = sizeof message - 1;

    uintptr_t low, high;
    current_stack_bounds(low, high);
    uint64_t frames[CELDA_ABORT_MAX_FRAMES];
    size_t count = collect_return_addresses(reinterpret_cast<uintptr_t>(__builtin_frame_address(0)),
                                            low, high, frames, CELDA_ABORT_MAX_FRAMES);
    hypercall::abort(message, length, frames, count);
}

}  // namespace libos
