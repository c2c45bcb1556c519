// Cooperative fibers for guest code: one CPU, switches only at yield/sleep/wait/join.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <libos/scheduler.h>

namespace libos {

inline constexpr size_t kDefaultFiberStackBytes = 64 * 1024;

// Owns a spawned fiber, like std::jthread: destroying a handle that was not joined joins it.
class Fiber {
public:
    Fiber() = default;
    explicit Fiber(FiberControl* control) : control_(control) {}
    Fiber(Fiber&& other) noexcept : control_(other.control_) { other.control_ = nullptr; }
    Fiber& operator=(Fiber&& other) noexcept;
    Fiber(const Fiber&) = delete;
    Fiber& operator=(const Fiber&) = delete;
    ~Fiber() { join(); }

    // False when spawning failed (out of memory) or after join().
    bool joinable() const { return control_ != nullptr; }
    explicit operator bool() const { return joinable(); }
    // Waits until the fiber has finished and frees its stack. No-op if not joinable.
    void join();
    uint64_t id() const { return control_ ? control_->id : UINT64_MAX; }

private:
    FiberControl* control_ = nullptr;
};

// Starts `entry(arg)` on a new fiber; the handle is empty when memory is exhausted.
[[nodiscard]] Fiber spawn(FiberEntry entry, void* arg,
                          size_t stack_bytes = kDefaultFiberStackBytes);
void yield();
// Id of the running fiber (the main fiber is 0).
uint64_t current_fiber_id();

// A one-shot signal: wait() parks the fiber until someone calls signal().
class Event {
public:
    void wait();
    void signal();
    bool signalled() const { return signalled_; }

private:
    bool signalled_ = false;
    WaitQueue waiters_;
};

// The scheduler instance the boot code runs (for the library OS's own use).
Scheduler& scheduler();

}  // namespace libos
