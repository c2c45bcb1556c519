// CreateThread and the per-thread state: ids, exit codes, TLS slots.
#include <libos/libc.h>
#include "registry/registry.h"
#include "dlls/kernel32/kernel32.h"
#include "process/objects.h"
#include "process/thread.h"

namespace win32::kernel32 {
namespace {

constinit bool tls_used[kTlsSlotCount] = {};
constexpr size_t kDefaultStack = 256 * 1024;
constexpr size_t kMaximumStack = 8 * 1024 * 1024;

}  // namespace

WINAPI HANDLE CreateThread(void*, SIZE_T stack_bytes, ThreadStart start, void* parameter, DWORD flags, DWORD* id) {
    if (stack_bytes < kDefaultStack) stack_bytes = kDefaultStack;
    if (stack_bytes > kMaximumStack) stack_bytes = kMaximumStack;
    (void)flags;   // CREATE_SUSPENDED: started anyway (ResumeThread is a no-op)
    Object* object = new_object(ObjectKind::thread);
    Thread* thread = object ? create_thread(start, parameter, stack_bytes) : nullptr;
    if (!thread) {
        release(object);
        last_error() = ERROR_NOT_ENOUGH_MEMORY;
        return nullptr;
    }
    ++thread->references;
    object->thread = thread;
    object->destroy = [](Object* o) { --o->thread->references; };
    if (id) *id = thread->id;
    return add_handle(object);
}

WINAPI void ExitThread(DWORD code) { exit_current_thread(code); }
WINAPI DWORD ResumeThread(HANDLE) { return 1; }
WINAPI DWORD SuspendThread(HANDLE) { return 0; }

WINAPI BOOL GetExitCodeThread(HANDLE handle, DWORD* code) {
    Object* o = object_of(handle);
    if (!o || o->kind != ObjectKind::thread || !o->thread) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    *code = o->thread->finished ? o->thread->exit_code : 259;
    return kTrue;
}

// The pseudo handle -2; the waits and queries above accept real handles only.
WINAPI HANDLE GetCurrentThread() { return reinterpret_cast<HANDLE>(-2); }
WINAPI DWORD GetCurrentThreadId() { return current_thread_id(); }
WINAPI DWORD GetThreadId(HANDLE handle) {
    Object* o = object_of(handle);
    return o && o->kind == ObjectKind::thread && o->thread ? o->thread->id : current_thread_id();
}
WINAPI BOOL SetThreadPriority(HANDLE, int) { return kTrue; }
WINAPI int GetThreadPriority(HANDLE) { return 0; }
WINAPI BOOL SetThreadStackGuarantee(ULONG* size) {
    if (size) *size = 0;
    return kTrue;
}
WINAPI HANDLE SetThreadDescription(HANDLE, const WCHAR*) { return nullptr; }

WINAPI DWORD TlsAlloc() {
    for (DWORD i = 0; i < kTlsSlotCount; ++i) {
        if (!tls_used[i]) {
            tls_used[i] = true;
            return i;
        }
    }
    return 0xffffffff;   // TLS_OUT_OF_INDEXES
}
WINAPI BOOL TlsFree(DWORD index) {
    if (index >= kTlsSlotCount || !tls_used[index]) {
        last_error() = ERROR_INVALID_PARAMETER;
        return kFalse;
    }
    tls_used[index] = false;
    return kTrue;
}
WINAPI void* TlsGetValue(DWORD index) {
    Thread* t = current_thread();
    if (index >= kTlsSlotCount || !t) {
        last_error() = ERROR_INVALID_PARAMETER;
        return nullptr;
    }
    last_error() = ERROR_SUCCESS;   // documented: callers tell "null value" from failure this way
    return tls_slot(t, index);
}
WINAPI BOOL TlsSetValue(DWORD index, void* value) {
    Thread* t = current_thread();
    if (index >= kTlsSlotCount || !t) {
        last_error() = ERROR_INVALID_PARAMETER;
        return kFalse;
    }
    tls_slot(t, index) = value;
    return kTrue;
}
// Fiber-local storage without fibers: the same as TLS.
WINAPI DWORD FlsAlloc(void*) { return TlsAlloc(); }
WINAPI BOOL FlsFree(DWORD i) { return TlsFree(i); }
WINAPI void* FlsGetValue(DWORD i) { return TlsGetValue(i); }
WINAPI BOOL FlsSetValue(DWORD i, void* v) { return TlsSetValue(i, v); }

WINAPI DWORD GetLastError() { return last_error(); }
WINAPI void SetLastError(DWORD error) { last_error() = error; }

// The export table of this file (registry/registry.h).
WIN32_EXPORT_TABLE(kernel32_threads_exports,
    WIN32_EXPORT(CreateThread),
    WIN32_EXPORT_NORELAY(ExitThread),
    WIN32_EXPORT(ResumeThread),
    WIN32_EXPORT(SuspendThread),
    WIN32_EXPORT(GetExitCodeThread),
    WIN32_EXPORT(GetCurrentThread),
    WIN32_EXPORT(GetCurrentThreadId),
    WIN32_EXPORT(GetThreadId),
    WIN32_EXPORT(SetThreadPriority),
    WIN32_EXPORT(GetThreadPriority),
    WIN32_EXPORT(SetThreadStackGuarantee),
    WIN32_EXPORT(SetThreadDescription),
    WIN32_EXPORT(TlsAlloc),
    WIN32_EXPORT(TlsFree),
    WIN32_EXPORT(TlsGetValue),
    WIN32_EXPORT(TlsSetValue),
    WIN32_EXPORT(FlsAlloc),
    WIN32_EXPORT(FlsFree),
    WIN32_EXPORT(FlsGetValue),
    WIN32_EXPORT(FlsSetValue),
    WIN32_EXPORT(GetLastError),
    WIN32_EXPORT(SetLastError));

}  // namespace win32::kernel32
