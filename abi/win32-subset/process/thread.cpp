#include "process/thread.h"

#include <libos/libc.h>
#include <libos/memory.h>

#include "process/process.h"

namespace win32 {
namespace {

constinit Thread* threads[256] = {};   // live and finished-but-unreaped threads
constinit uint32_t next_thread_id = 4;
constinit uint32_t loader_last_error = 0;
using AttachHook = void (*)(Thread*);
constinit AttachHook thread_attach_hook = nullptr;
constinit AttachHook thread_detach_hook = nullptr;

void set_gs_base(void* base) { asm volatile("wrgsbase %0" : : "r"(base) : "memory"); }

Thread* thread_of_fiber(libos::FiberControl* fiber) {
    if (fiber == nullptr) return nullptr;
    for (Thread* t : threads)
        if (t && t->fiber == fiber && !t->finished) return t;
    return nullptr;
}

// Finished threads' fibers still hold their stacks until released; a thread cannot free its
// own stack, so the next thread creation does it.
void reap_finished() {
    for (Thread*& t : threads) {
        if (t && t->finished && t->fiber) {
            libos::scheduler().release(t->fiber);
            t->fiber = nullptr;
        }
        if (t && t->finished && t->references == 0) {
            libos::page_allocator().free_pages(t->teb, teb::kSize / libos::kPageSize);
            delete t;
            t = nullptr;
        }
    }
}

template <typename T>
T& teb_field(Thread* thread, size_t offset) {
    return *reinterpret_cast<T*>(thread->teb + offset);
}

void thread_main(void* arg) {
    auto* thread = static_cast<Thread*>(arg);
    set_gs_base(thread->teb);
    if (thread_attach_hook) thread_attach_hook(thread);
    if (__builtin_setjmp(thread->exit_jump) == 0) thread->exit_code = thread->start(thread->parameter);
    // DLL_THREAD_DETACH; an ExitThread from inside it lands here again and is not repeated.
    if (thread_detach_hook && !thread->detaching) {
        thread->detaching = true;
        if (__builtin_setjmp(thread->exit_jump) == 0) thread_detach_hook(thread);
    }
    thread->finished = true;
    libos::scheduler().wake_all(thread->finish_waiters);
}

}  // namespace

Thread* current_thread() { return thread_of_fiber(libos::scheduler().current()); }

void resume_current_thread() {
    if (Thread* t = current_thread()) set_gs_base(t->teb);
}

void set_thread_attach_hook(void (*hook)(Thread*)) { thread_attach_hook = hook; }
void set_thread_detach_hook(void (*hook)(Thread*)) { thread_detach_hook = hook; }

void for_each_live_thread(void (*visit)(Thread*, void*), void* context) {
    for (Thread* t : threads)
        if (t && !t->finished) visit(t, context);
}

Thread* create_thread(ThreadStart start, void* parameter, size_t stack_bytes) {
    reap_finished();
    Thread** slot = nullptr;
    for (Thread*& t : threads)
        if (t == nullptr) { slot = &t; break; }
    if (slot == nullptr) return nullptr;
    auto* teb_pages = static_cast<uint8_t*>(libos::page_allocator().allocate_pages(teb::kSize / libos::kPageSize));
    if (teb_pages == nullptr) return nullptr;
    memset(teb_pages, 0, teb::kSize);
    auto* thread = new Thread;
    if (thread == nullptr) {
        libos::page_allocator().free_pages(teb_pages, teb::kSize / libos::kPageSize);
        return nullptr;
    }
    thread->teb = teb_pages;
    thread->id = next_thread_id;
    next_thread_id += 4;
    thread->start = start;
    thread->parameter = parameter;
    teb_field<void*>(thread, teb::kSelf) = teb_pages;
    teb_field<uint64_t>(thread, teb::kProcessId) = kProcessId;
    teb_field<uint64_t>(thread, teb::kThreadId) = thread->id;
    teb_field<void*>(thread, teb::kPeb) = peb();
    teb_field<Thread*>(thread, teb::kOwner) = thread;
    teb_field<void*>(thread, teb::kTlsExpansion) = calloc(1024, sizeof(void*));

    thread->fiber = libos::scheduler().spawn(thread_main, thread, stack_bytes);
    if (thread->fiber == nullptr) {
        free(teb_field<void*>(thread, teb::kTlsExpansion));
        libos::page_allocator().free_pages(teb_pages, teb::kSize / libos::kPageSize);
        delete thread;
        return nullptr;
    }
    // The stack the fiber runs on: what stack probes and unwinders check against.
    auto stack_base = reinterpret_cast<uintptr_t>(thread->fiber->stack_base);
    teb_field<uint64_t>(thread, teb::kStackLimit) = stack_base;
    teb_field<uint64_t>(thread, teb::kStackBase) = stack_base + thread->fiber->stack_bytes;
    *slot = thread;
    return thread;
}

void exit_current_thread(uint32_t code) {
    Thread* thread = current_thread();
    if (thread == nullptr) {
        exit_process(code);
    }
    thread->exit_code = code;
    __builtin_longjmp(thread->exit_jump, 1);
}

void wait_for_thread(Thread* thread) {
    while (!thread->finished) libos::scheduler().wait(thread->finish_waiters);
    resume_current_thread();
}

uint32_t& last_error() {
    Thread* t = current_thread();
    return t ? teb_field<uint32_t>(t, teb::kLastError) : loader_last_error;
}

void*& tls_slot(Thread* thread, uint32_t index) {
    if (index < 64) return reinterpret_cast<void**>(thread->teb + teb::kTlsSlots)[index];
    return teb_field<void**>(thread, teb::kTlsExpansion)[index - 64];
}

uint32_t current_thread_id() {
    Thread* t = current_thread();
    return t ? t->id : 0;
}

}  // namespace win32
