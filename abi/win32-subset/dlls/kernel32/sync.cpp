// Synchronization on cooperative fibers: critical sections, events, mutexes, semaphores,
// waits, Sleep, Interlocked*. One CPU runs one fiber at a time, so "atomic" operations only
// have to be uninterrupted, and a blocked thread yields to the others. Waits with a timeout
// poll every millisecond (the scheduler sleeps in the monitor when nothing else can run);
// infinite waits on one object park the fiber until the object changes.
#include <libos/libc.h>
#include <libos/fiber.h>
#include <libos/time.h>

#include "registry/registry.h"
#include "dlls/kernel32/kernel32.h"
#include "process/objects.h"
#include "process/thread.h"

namespace win32::kernel32 {
namespace {

HANDLE self_id() { return reinterpret_cast<HANDLE>(static_cast<uintptr_t>(current_thread_id())); }

void pause_thread() {
    libos::yield();
    resume_current_thread();
}

void sleep_ms(uint64_t ms) {
    libos::sleep_for_ns(ms * libos::kNanosPerMilli);
    resume_current_thread();
}

}  // namespace

WINAPI void InitializeCriticalSection(CriticalSection* cs) {
    *cs = {};
    cs->lock_count = -1;
}
WINAPI BOOL InitializeCriticalSectionAndSpinCount(CriticalSection* cs, DWORD) {
    InitializeCriticalSection(cs);
    return kTrue;
}
WINAPI BOOL InitializeCriticalSectionEx(CriticalSection* cs, DWORD, DWORD) {
    InitializeCriticalSection(cs);
    return kTrue;
}
WINAPI void DeleteCriticalSection(CriticalSection*) {}

WINAPI BOOL TryEnterCriticalSection(CriticalSection* cs) {
    if (cs->recursion_count > 0 && cs->owning_thread != self_id()) return kFalse;
    cs->owning_thread = self_id();
    ++cs->recursion_count;
    ++cs->lock_count;
    return kTrue;
}

WINAPI void EnterCriticalSection(CriticalSection* cs) {
    while (!TryEnterCriticalSection(cs)) pause_thread();
}

WINAPI void LeaveCriticalSection(CriticalSection* cs) {
    if (cs->recursion_count <= 0) return;
    --cs->lock_count;
    if (--cs->recursion_count == 0) cs->owning_thread = nullptr;
}

// Slim reader/writer locks and one-time init: a pointer-sized word; exclusive only.
WINAPI void InitializeSRWLock(void** lock) { *lock = nullptr; }
WINAPI void AcquireSRWLockExclusive(void** lock) {
    while (*lock) pause_thread();
    *lock = reinterpret_cast<void*>(1);
}
WINAPI void ReleaseSRWLockExclusive(void** lock) { *lock = nullptr; }
WINAPI void AcquireSRWLockShared(void** lock) { AcquireSRWLockExclusive(lock); }
WINAPI void ReleaseSRWLockShared(void** lock) { ReleaseSRWLockExclusive(lock); }
WINAPI BOOL TryAcquireSRWLockExclusive(void** lock) {
    if (*lock) return kFalse;
    *lock = reinterpret_cast<void*>(1);
    return kTrue;
}

// Condition variables: a generation counter; waiters poll for a change.
WINAPI void InitializeConditionVariable(uintptr_t* cv) { *cv = 0; }
WINAPI void WakeConditionVariable(uintptr_t* cv) { ++*cv; }
WINAPI void WakeAllConditionVariable(uintptr_t* cv) { ++*cv; }
WINAPI BOOL SleepConditionVariableCS(uintptr_t* cv, CriticalSection* cs, DWORD timeout) {
    uintptr_t seen = *cv;
    LONG depth = cs->recursion_count;
    cs->recursion_count = 1;
    LeaveCriticalSection(cs);
    uint64_t deadline = timeout == kInfinite ? UINT64_MAX : libos::monotonic_ns() + timeout * libos::kNanosPerMilli;
    bool woken = true;
    while (*cv == seen) {
        if (libos::monotonic_ns() >= deadline) { woken = false; break; }
        pause_thread();
    }
    EnterCriticalSection(cs);
    cs->recursion_count = depth;
    if (!woken) last_error() = WAIT_TIMEOUT;
    return woken ? kTrue : kFalse;
}
WINAPI BOOL SleepConditionVariableSRW(uintptr_t* cv, void** lock, DWORD timeout, ULONG) {
    uintptr_t seen = *cv;
    ReleaseSRWLockExclusive(lock);
    uint64_t deadline = timeout == kInfinite ? UINT64_MAX : libos::monotonic_ns() + timeout * libos::kNanosPerMilli;
    bool woken = true;
    while (*cv == seen) {
        if (libos::monotonic_ns() >= deadline) { woken = false; break; }
        pause_thread();
    }
    AcquireSRWLockExclusive(lock);
    if (!woken) last_error() = WAIT_TIMEOUT;
    return woken ? kTrue : kFalse;
}

WINAPI BOOL InitOnceExecuteOnce(uintptr_t* once, BOOL(WINAPI* fn)(uintptr_t*, void*, void**), void* parameter,
                                void** context) {
    if (*once == 2) return kTrue;
    while (*once == 1) pause_thread();
    if (*once == 2) return kTrue;
    *once = 1;
    BOOL ok = fn(once, parameter, context);
    *once = ok ? 2 : 0;
    return ok;
}

WINAPI HANDLE CreateEventA(void*, BOOL manual_reset, BOOL initial, const char*) {
    Object* e = new_object(ObjectKind::event);
    if (!e) return nullptr;
    e->manual_reset = manual_reset;
    e->signalled = initial;
    return add_handle(e);
}
WINAPI HANDLE CreateEventW(void* a, BOOL m, BOOL i, const WCHAR*) { return CreateEventA(a, m, i, nullptr); }
WINAPI HANDLE CreateEventExW(void* a, const WCHAR*, DWORD flags, DWORD) {
    return CreateEventA(a, (flags & 1) != 0, (flags & 2) != 0, nullptr);
}

WINAPI BOOL SetEvent(HANDLE handle) {
    Object* e = object_of(handle);
    if (!e || e->kind != ObjectKind::event) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    e->signalled = true;
    object_changed(e);
    return kTrue;
}
WINAPI BOOL ResetEvent(HANDLE handle) {
    Object* e = object_of(handle);
    if (!e || e->kind != ObjectKind::event) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    e->signalled = false;
    return kTrue;
}

WINAPI HANDLE CreateMutexA(void*, BOOL initial_owner, const char*) {
    Object* m = new_object(ObjectKind::mutex);
    if (!m) return nullptr;
    if (initial_owner) {
        m->owner = current_thread();
        m->count = 1;
    }
    return add_handle(m);
}
WINAPI HANDLE CreateMutexW(void* a, BOOL owner, const WCHAR*) { return CreateMutexA(a, owner, nullptr); }
WINAPI BOOL ReleaseMutex(HANDLE handle) {
    Object* m = object_of(handle);
    if (!m || m->kind != ObjectKind::mutex) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    if (m->owner != current_thread() || m->count == 0) {
        last_error() = ERROR_NOT_OWNER;
        return kFalse;
    }
    if (--m->count == 0) {
        m->owner = nullptr;
        object_changed(m);
    }
    return kTrue;
}

WINAPI HANDLE CreateSemaphoreA(void*, LONG initial, LONG maximum, const char*) {
    if (maximum <= 0 || initial < 0 || initial > maximum) {
        last_error() = ERROR_INVALID_PARAMETER;
        return nullptr;
    }
    Object* s = new_object(ObjectKind::semaphore);
    if (!s) return nullptr;
    s->count = static_cast<uint32_t>(initial);
    s->maximum = static_cast<uint32_t>(maximum);
    return add_handle(s);
}
WINAPI HANDLE CreateSemaphoreW(void* a, LONG i, LONG m, const WCHAR*) { return CreateSemaphoreA(a, i, m, nullptr); }
WINAPI BOOL ReleaseSemaphore(HANDLE handle, LONG release, LONG* previous) {
    Object* s = object_of(handle);
    if (!s || s->kind != ObjectKind::semaphore) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    if (release <= 0 || s->count + static_cast<uint32_t>(release) > s->maximum) {
        last_error() = ERROR_TOO_MANY_POSTS;
        return kFalse;
    }
    if (previous) *previous = static_cast<LONG>(s->count);
    s->count += static_cast<uint32_t>(release);
    object_changed(s);
    return kTrue;
}

WINAPI DWORD WaitForMultipleObjects(DWORD count, const HANDLE* handles, BOOL wait_all, DWORD timeout) {
    if (count == 0 || count > 64) {
        last_error() = ERROR_INVALID_PARAMETER;
        return WAIT_FAILED;
    }
    Object* objects[64];
    for (DWORD i = 0; i < count; ++i) {
        objects[i] = object_of(handles[i]);
        if (!objects[i]) {
            last_error() = ERROR_INVALID_HANDLE;
            return WAIT_FAILED;
        }
    }
    uint64_t deadline = timeout == kInfinite ? UINT64_MAX : libos::monotonic_ns() + timeout * libos::kNanosPerMilli;
    for (;;) {
        if (wait_all) {
            bool all = true;
            for (DWORD i = 0; i < count && all; ++i) {
                Object* o = objects[i];
                all = o->kind == ObjectKind::event ? o->signalled
                    : o->kind == ObjectKind::semaphore ? o->count > 0
                    : o->kind == ObjectKind::mutex ? (o->owner == nullptr || o->owner == current_thread())
                    : o->kind == ObjectKind::thread ? (o->thread == nullptr || o->thread->finished) : true;
            }
            if (all) {
                for (DWORD i = 0; i < count; ++i) try_acquire(objects[i]);
                return WAIT_OBJECT_0;
            }
        } else {
            for (DWORD i = 0; i < count; ++i)
                if (try_acquire(objects[i])) return WAIT_OBJECT_0 + i;
        }
        if (timeout == 0 || libos::monotonic_ns() >= deadline) return WAIT_TIMEOUT;
        if (count == 1 && timeout == kInfinite) {
            Object* o = objects[0];
            if (o->kind == ObjectKind::thread && o->thread) wait_for_thread(o->thread);
            else libos::scheduler().wait(o->waiters);
            resume_current_thread();
        } else {
            sleep_ms(1);
        }
    }
}

WINAPI DWORD WaitForSingleObject(HANDLE handle, DWORD timeout) {
    return WaitForMultipleObjects(1, &handle, kFalse, timeout);
}
WINAPI DWORD WaitForSingleObjectEx(HANDLE handle, DWORD timeout, BOOL) { return WaitForSingleObject(handle, timeout); }
WINAPI DWORD WaitForMultipleObjectsEx(DWORD n, const HANDLE* h, BOOL all, DWORD timeout, BOOL) {
    return WaitForMultipleObjects(n, h, all, timeout);
}

WINAPI void Sleep(DWORD milliseconds) {
    if (milliseconds == 0) pause_thread();
    else sleep_ms(milliseconds == kInfinite ? UINT64_MAX / libos::kNanosPerMilli : milliseconds);
}
WINAPI DWORD SleepEx(DWORD milliseconds, BOOL) {
    Sleep(milliseconds);
    return 0;
}
WINAPI BOOL SwitchToThread() {
    pause_thread();
    return kTrue;
}

// Interlocked*: uninterrupted on one CPU; the lock prefix keeps them honest anyway.
WINAPI LONG InterlockedIncrement(volatile LONG* p) { return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST); }
WINAPI LONG InterlockedDecrement(volatile LONG* p) { return __atomic_sub_fetch(p, 1, __ATOMIC_SEQ_CST); }
WINAPI LONG InterlockedExchange(volatile LONG* p, LONG v) { return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); }
WINAPI LONG InterlockedExchangeAdd(volatile LONG* p, LONG v) { return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }
WINAPI LONG InterlockedCompareExchange(volatile LONG* p, LONG exchange, LONG comparand) {
    __atomic_compare_exchange_n(p, &comparand, exchange, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}
WINAPI int64_t InterlockedCompareExchange64(volatile int64_t* p, int64_t exchange, int64_t comparand) {
    __atomic_compare_exchange_n(p, &comparand, exchange, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}
WINAPI void* InterlockedCompareExchangePointer(void* volatile* p, void* exchange, void* comparand) {
    __atomic_compare_exchange_n(p, &comparand, exchange, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}
WINAPI void* InterlockedExchangePointer(void* volatile* p, void* v) { return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); }

// The export table of this file (registry/registry.h).
WIN32_EXPORT_TABLE(kernel32_sync_exports,
    WIN32_EXPORT(InitializeCriticalSection),
    WIN32_EXPORT(InitializeCriticalSectionAndSpinCount),
    WIN32_EXPORT(InitializeCriticalSectionEx),
    WIN32_EXPORT(DeleteCriticalSection),
    WIN32_EXPORT(TryEnterCriticalSection),
    WIN32_EXPORT(EnterCriticalSection),
    WIN32_EXPORT(LeaveCriticalSection),
    WIN32_EXPORT(InitializeSRWLock),
    WIN32_EXPORT(AcquireSRWLockExclusive),
    WIN32_EXPORT(ReleaseSRWLockExclusive),
    WIN32_EXPORT(AcquireSRWLockShared),
    WIN32_EXPORT(ReleaseSRWLockShared),
    WIN32_EXPORT(TryAcquireSRWLockExclusive),
    WIN32_EXPORT(InitializeConditionVariable),
    WIN32_EXPORT(WakeConditionVariable),
    WIN32_EXPORT(WakeAllConditionVariable),
    WIN32_EXPORT(SleepConditionVariableCS),
    WIN32_EXPORT(SleepConditionVariableSRW),
    WIN32_EXPORT(InitOnceExecuteOnce),
    WIN32_EXPORT(CreateEventA),
    WIN32_EXPORT(CreateEventW),
    WIN32_EXPORT(CreateEventExW),
    WIN32_EXPORT(SetEvent),
    WIN32_EXPORT(ResetEvent),
    WIN32_EXPORT(CreateMutexA),
    WIN32_EXPORT(CreateMutexW),
    WIN32_EXPORT(ReleaseMutex),
    WIN32_EXPORT(CreateSemaphoreA),
    WIN32_EXPORT(CreateSemaphoreW),
    WIN32_EXPORT(ReleaseSemaphore),
    WIN32_EXPORT(WaitForMultipleObjects),
    WIN32_EXPORT(WaitForSingleObject),
    WIN32_EXPORT(WaitForSingleObjectEx),
    WIN32_EXPORT(WaitForMultipleObjectsEx),
    WIN32_EXPORT(Sleep),
    WIN32_EXPORT(SleepEx),
    WIN32_EXPORT(SwitchToThread),
    WIN32_EXPORT(InterlockedIncrement),
    WIN32_EXPORT(InterlockedDecrement),
    WIN32_EXPORT(InterlockedExchange),
    WIN32_EXPORT(InterlockedExchangeAdd),
    WIN32_EXPORT(InterlockedCompareExchange),
    WIN32_EXPORT(InterlockedCompareExchange64),
    WIN32_EXPORT(InterlockedCompareExchangePointer),
    WIN32_EXPORT(InterlockedExchangePointer));

}  // namespace win32::kernel32
