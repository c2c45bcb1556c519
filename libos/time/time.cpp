#include <libos/time.h>

#include <libos/fiber.h>
#include <libos/hypercall.h>

namespace libos {

uint64_t monotonic_ns() { return hypercall::clock(CELDA_CLOCK_MONOTONIC); }
uint64_t wall_ns() { return hypercall::clock(CELDA_CLOCK_WALL); }

void sleep_until(uint64_t monotonic_deadline_ns) {
    if (scheduler().current() != nullptr) {
        scheduler().sleep_until(monotonic_deadline_ns);
        return;
    }
    // Outside any fiber (early boot) there is nothing else to run: just idle.
    while (monotonic_ns() < monotonic_deadline_ns) hypercall::block(monotonic_deadline_ns);
}

void sleep_for_ns(uint64_t duration_ns) {
    uint64_t now = monotonic_ns();
    uint64_t deadline = duration_ns > UINT64_MAX - now ? UINT64_MAX : now + duration_ns;
    sleep_until(deadline);
}

}  // namespace libos
