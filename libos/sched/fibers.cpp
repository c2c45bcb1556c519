// The guest's scheduler instance and the fiber API on top of it. The machine-facing half
// (clock, idling, stack memory) is GuestPlatform; the policy is in scheduler.cpp.
#include <libos/fiber.h>

#include <libos/hypercall.h>
#include <libos/memory.h>
#include <libos/panic.h>
#include <libos/time.h>

namespace libos {
namespace {

class GuestPlatform final : public SchedulerPlatform {
public:
    uint64_t monotonic_ns() override { return libos::monotonic_ns(); }
    uint64_t block_until(uint64_t deadline_ns, uint64_t events) override { return hypercall::block(deadline_ns, events); }
    // No guard page: the sandbox backend cannot protect guest pages individually.
    void* allocate_stack(size_t bytes) override {
        return page_allocator().allocate_pages(pages_for_bytes(bytes));
    }
    void free_stack(void* base, size_t bytes) override {
        page_allocator().free_pages(base, pages_for_bytes(bytes));
    }
};

constinit GuestPlatform platform;
constinit Scheduler global_scheduler;

}  // namespace

void init_scheduler() { global_scheduler.init(platform); }

Scheduler& scheduler() { return global_scheduler; }

Fiber spawn(FiberEntry entry, void* arg, size_t stack_bytes) {
    // Whole pages: the control block sits at the very top of what was allocated.
    return Fiber(global_scheduler.spawn(entry, arg, pages_for_bytes(stack_bytes) * kPageSize));
}

void yield() {
    if (global_scheduler.current()) global_scheduler.yield();
}

uint64_t current_fiber_id() {
    FiberControl* fiber = global_scheduler.current();
    return fiber ? fiber->id : UINT64_MAX;
}

Fiber& Fiber::operator=(Fiber&& other) noexcept {
    if (this != &other) {
        join();
        control_ = other.control_;
        other.control_ = nullptr;
    }
    return *this;
}

void Fiber::join() {
    if (control_ == nullptr) return;
    if (!global_scheduler.join(control_)) panic("a fiber tried to join itself");
    control_ = nullptr;
}

void Event::wait() {
    while (!signalled_) global_scheduler.wait(waiters_);
}

void Event::signal() {
    signalled_ = true;
    global_scheduler.wake_all(waiters_);
}

}  // namespace libos
