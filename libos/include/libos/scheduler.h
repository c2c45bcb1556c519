// Scheduler: cooperative fibers on Boost.Context's fcontext switch routines.
//
// Pure logic (the machine is reached only through SchedulerPlatform), so host unit tests run
// real fibers with a fake clock. The boot context (not a fiber) calls run_until_finished();
// fibers call yield/sleep_until/wait/join, which switch back to that loop. The loop runs the
// run queue in FIFO order (round robin), moves sleepers whose deadline passed to the run
// queue in deadline order, idles in block_until(earliest deadline, events waited for) when
// nothing can run (waking every event waiter once an event is pending), and reports a
// deadlock when nothing can run, nobody sleeps or waits for an event, and the target is
// still not done.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <libos/fcontext.h>

namespace libos {

using FiberEntry = void (*)(void* arg);

// Everything the scheduler needs from the machine it runs on.
class SchedulerPlatform {
public:
    virtual uint64_t monotonic_ns() = 0;
    // Nothing is runnable: give the CPU away until `deadline_ns` (UINT64_MAX: no deadline) or
    // one of `events` (device event bits, CELDA_EVENT_*) is pending. Returns those pending
    // (any nonzero result wakes every event waiter).
    virtual uint64_t block_until(uint64_t deadline_ns, uint64_t events) = 0;
    // Stack memory for a fiber; nullptr when memory is exhausted.
    virtual void* allocate_stack(size_t bytes) = 0;
    virtual void free_stack(void* base, size_t bytes) = 0;

protected:
    ~SchedulerPlatform() = default;
};

enum class FiberState : uint8_t { runnable, running, sleeping, waiting, finished };

struct FiberControl;

// Fibers waiting for something, woken in FIFO order. Intrusive: a fiber is in at most one
// queue (run queue, sleeper list or one wait queue) at a time, linked through `next`.
class WaitQueue {
public:
    bool empty() const { return head_ == nullptr; }
    void push_back(FiberControl* fiber);
    FiberControl* pop_front();

private:
    FiberControl* head_ = nullptr;
    FiberControl* tail_ = nullptr;
};

class Scheduler;

// Lives at the top of the fiber's own stack allocation, so one allocation serves both.
struct FiberControl {
    FiberEntry entry;
    void* arg;
    void* context;          // fcontext_t while suspended
    void* stack_base;
    size_t stack_bytes;
    Scheduler* scheduler;
    uint64_t id;
    uint64_t wake_deadline_ns;
    FiberState state;
    FiberControl* next;
    WaitQueue joiners;
};

enum class RunOutcome { finished, deadlock };

class Scheduler {
public:
    constexpr Scheduler() = default;
    void init(SchedulerPlatform& platform) { platform_ = &platform; }

    // Creates a runnable fiber (queued behind those already runnable). nullptr when its stack
    // cannot be allocated. The fiber must later be join()ed (or release()d once finished).
    FiberControl* spawn(FiberEntry entry, void* arg, size_t stack_bytes);

    // --- Called from a fiber ---
    void yield();
    void sleep_until(uint64_t deadline_ns);
    void wait(WaitQueue& queue);
    // Makes waiting fibers runnable; returns how many were woken.
    size_t wake_one(WaitQueue& queue);
    size_t wake_all(WaitQueue& queue);
    // Waits until `fiber` finished, then frees it. False (and nothing happens) for the
    // calling fiber itself.
    bool join(FiberControl* fiber);
    FiberControl* current() const { return current_; }
    // Makes a fiber that sleeps in sleep_until() runnable now (a timed wait that got its
    // event first). False if it is not sleeping.
    bool wake_sleeper(FiberControl* fiber);
    // Parks the calling fiber until the idle loop sees one of `events` (device event bits) or
    // another waiter's event; the caller re-checks its condition after waking.
    void wait_for_events(uint64_t events);
    // Ends the calling fiber right here, as if its entry had returned (a thread's exit()).
    [[noreturn]] void exit_current() { finish_current(); }

    // --- Called from the boot context ---
    // Runs fibers until `target` has finished, or until nothing can ever run again.
    RunOutcome run_until_finished(FiberControl* target);
    // Frees a finished fiber's stack (join does this itself).
    void release(FiberControl* fiber);

    // Diagnostics (deadlock reports, tests).
    size_t live_fiber_count() const { return live_fibers_; }
    size_t waiting_fiber_count() const { return waiting_fibers_; }

private:
    static void fiber_main(transfer_t from);   // fcontext entry point
    void switch_to_scheduler();
    void resume(FiberControl* fiber);
    void make_runnable(FiberControl* fiber);
    void wake_due_sleepers(uint64_t now_ns);
    [[noreturn]] void finish_current();

    SchedulerPlatform* platform_ = nullptr;
    void* scheduler_context_ = nullptr;   // the boot context, while a fiber runs
    FiberControl* current_ = nullptr;
    WaitQueue run_queue_;
    FiberControl* sleepers_ = nullptr;    // sorted by wake_deadline_ns, earliest first
    WaitQueue event_waiters_;             // fibers in wait_for_events
    uint64_t wanted_events_ = 0;          // union of their event bits
    uint64_t next_id_ = 0;
    size_t live_fibers_ = 0;
    size_t waiting_fibers_ = 0;
};

}  // namespace libos
