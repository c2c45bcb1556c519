#include <libos/scheduler.h>

#include <libos/placement_new.h>

namespace libos {

void WaitQueue::push_back(FiberControl* fiber) {
    fiber->next = nullptr;
    if (tail_) tail_->next = fiber;
    else head_ = fiber;
    tail_ = fiber;
}

FiberControl* WaitQueue::pop_front() {
    FiberControl* fiber = head_;
    if (fiber) {
        head_ = fiber->next;
        if (head_ == nullptr) tail_ = nullptr;
        fiber->next = nullptr;
    }
    return fiber;
}

FiberControl* Scheduler::spawn(FiberEntry entry, void* arg, size_t stack_bytes) {
    if (platform_ == nullptr || stack_bytes < 2 * sizeof(FiberControl) + 1024) return nullptr;
    void* base = platform_->allocate_stack(stack_bytes);
    if (base == nullptr) return nullptr;

    // The control block takes the top of the allocation; the stack grows down beneath it.
    uintptr_t top = (reinterpret_cast<uintptr_t>(base) + stack_bytes - sizeof(FiberControl)) &
                    ~uintptr_t{15};
    auto* fiber = new (reinterpret_cast<void*>(top)) FiberControl{};
    fiber->entry = entry;
    fiber->arg = arg;
    fiber->stack_base = base;
    fiber->stack_bytes = stack_bytes;
    fiber->scheduler = this;
    fiber->id = next_id_++;
    size_t usable = top - reinterpret_cast<uintptr_t>(base);
    fiber->context = make_fcontext(reinterpret_cast<void*>(top), usable, &Scheduler::fiber_main);
    ++live_fibers_;
    make_runnable(fiber);
    return fiber;
}

void Scheduler::fiber_main(transfer_t from) {
    auto* fiber = static_cast<FiberControl*>(from.data);
    Scheduler* self = fiber->scheduler;
    self->scheduler_context_ = from.fctx;
    fiber->entry(fiber->arg);
    self->finish_current();
}

void Scheduler::finish_current() {
    FiberControl* fiber = current_;
    fiber->state = FiberState::finished;
    --live_fibers_;
    wake_all(fiber->joiners);
    switch_to_scheduler();
    // Nobody resumes a finished fiber; getting here means the scheduler state is corrupt.
    __builtin_trap();
}

void Scheduler::make_runnable(FiberControl* fiber) {
    fiber->state = FiberState::runnable;
    run_queue_.push_back(fiber);
}

void Scheduler::switch_to_scheduler() {
    transfer_t back = jump_fcontext(scheduler_context_, nullptr);
    scheduler_context_ = back.fctx;
}

void Scheduler::resume(FiberControl* fiber) {
    current_ = fiber;
    fiber->state = FiberState::running;
    transfer_t back = jump_fcontext(fiber->context, fiber);
    fiber->context = back.fctx;
    current_ = nullptr;
}

void Scheduler::yield() {
    make_runnable(current_);
    switch_to_scheduler();
}

void Scheduler::sleep_until(uint64_t deadline_ns) {
    FiberControl* fiber = current_;
    fiber->state = FiberState::sleeping;
    fiber->wake_deadline_ns = deadline_ns;
    // Insert after every sleeper with an earlier or equal deadline: equal deadlines wake in
    // the order they went to sleep.
    FiberControl** link = &sleepers_;
    while (*link && (*link)->wake_deadline_ns <= deadline_ns) link = &(*link)->next;
    fiber->next = *link;
    *link = fiber;
    switch_to_scheduler();
}

void Scheduler::wait(WaitQueue& queue) {
    current_->state = FiberState::waiting;
    ++waiting_fibers_;
    queue.push_back(current_);
    switch_to_scheduler();
}

size_t Scheduler::wake_one(WaitQueue& queue) {
    FiberControl* fiber = queue.pop_front();
    if (fiber == nullptr) return 0;
    --waiting_fibers_;
    make_runnable(fiber);
    return 1;
}

size_t Scheduler::wake_all(WaitQueue& queue) {
    size_t woken = 0;
    while (wake_one(queue)) ++woken;
    return woken;
}

void Scheduler::wait_for_events(uint64_t events) {
    wanted_events_ |= events;
    wait(event_waiters_);
}

bool Scheduler::join(FiberControl* fiber) {
    if (fiber == nullptr || fiber == current_) return false;
    while (fiber->state != FiberState::finished) wait(fiber->joiners);
    release(fiber);
    return true;
}

void Scheduler::release(FiberControl* fiber) {
    // The control block lives on the stack being freed: read what we need first.
    void* base = fiber->stack_base;
    size_t bytes = fiber->stack_bytes;
    platform_->free_stack(base, bytes);
}

bool Scheduler::wake_sleeper(FiberControl* fiber) {
    for (FiberControl** link = &sleepers_; *link; link = &(*link)->next) {
        if (*link != fiber) continue;
        *link = fiber->next;
        make_runnable(fiber);
        return true;
    }
    return false;
}

void Scheduler::wake_due_sleepers(uint64_t now_ns) {
    while (sleepers_ && sleepers_->wake_deadline_ns <= now_ns) {
        FiberControl* fiber = sleepers_;
        sleepers_ = fiber->next;
        make_runnable(fiber);
    }
}

RunOutcome Scheduler::run_until_finished(FiberControl* target) {
    while (target->state != FiberState::finished) {
        // Reading the clock can cost an exit to the monitor; only sleepers need it.
        if (sleepers_) wake_due_sleepers(platform_->monotonic_ns());
        if (FiberControl* next = run_queue_.pop_front()) {
            resume(next);
            continue;
        }
        if (sleepers_ || wanted_events_) {
            uint64_t pending = platform_->block_until(sleepers_ ? sleepers_->wake_deadline_ns : UINT64_MAX, wanted_events_);
            if (pending && wanted_events_) {
                wanted_events_ = 0;
                wake_all(event_waiters_);
            }
            continue;
        }
        return RunOutcome::deadlock;
    }
    return RunOutcome::finished;
}

}  // namespace libos
