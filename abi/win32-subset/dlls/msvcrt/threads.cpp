// The CRT's thread functions: _beginthreadex/_endthreadex are CreateThread/ExitThread with the
// CRT's conventions (0 on failure, errno set); _beginthread's handle belongs to the CRT and is
// closed when the thread ends, so it must not be waited on after that (as documented).
#include <libos/libc.h>

#include "dlls/kernel32/kernel32.h"
#include "dlls/msvcrt/crt.h"
#include "process/thread.h"
#include "registry/registry.h"

namespace win32::crt {
namespace {

constexpr int kEagain = 11, kEinval = 22;

using SimpleStart = void(WINAPI*)(void*);
struct SimpleThread {
    SimpleStart start;
    void* argument;
    HANDLE handle;   // filled in by _beginthread before the new fiber first runs
};

WINAPI uint32_t run_simple_thread(void* raw) {
    auto* simple = static_cast<SimpleThread*>(raw);
    SimpleStart start = simple->start;
    void* argument = simple->argument;
    start(argument);
    HANDLE handle = simple->handle;
    ::free(simple);
    kernel32::CloseHandle(handle);
    return 0;
}

}  // namespace

WINAPI uintptr_t _beginthreadex(void* security, unsigned stack_bytes, ThreadStart start, void* argument,
                                unsigned flags, unsigned* id) {
    if (!start) {
        *errno_location() = kEinval;
        return 0;
    }
    DWORD thread_id = 0;
    HANDLE handle = kernel32::CreateThread(security, stack_bytes, start, argument, flags, &thread_id);
    if (!handle) {
        *errno_location() = kEagain;
        return 0;
    }
    if (id) *id = thread_id;
    return reinterpret_cast<uintptr_t>(handle);
}

WINAPI uintptr_t _beginthread(SimpleStart start, unsigned stack_bytes, void* argument) {
    if (!start) {
        *errno_location() = kEinval;
        return static_cast<uintptr_t>(-1);
    }
    auto* simple = static_cast<SimpleThread*>(::malloc(sizeof(SimpleThread)));
    if (!simple) {
        *errno_location() = kEagain;
        return static_cast<uintptr_t>(-1);
    }
    *simple = {start, argument, nullptr};
    HANDLE handle = kernel32::CreateThread(nullptr, stack_bytes, run_simple_thread, simple, 0, nullptr);
    if (!handle) {
        ::free(simple);
        *errno_location() = kEagain;
        return static_cast<uintptr_t>(-1);
    }
    simple->handle = handle;
    return reinterpret_cast<uintptr_t>(handle);
}

WINAPI void _endthreadex(unsigned code) { exit_current_thread(code); }
// _endthread from a _beginthread thread: its handle stays open (a small leak, not a
// correctness problem: the CRT's handle is not the program's to use after the thread ends).
WINAPI void _endthread() { exit_current_thread(0); }

WIN32_EXPORT_TABLE(msvcrt_threads_exports, WIN32_EXPORT(_beginthreadex), WIN32_EXPORT(_beginthread),
                   WIN32_EXPORT_NORELAY(_endthreadex), WIN32_EXPORT_NORELAY(_endthread));

}  // namespace win32::crt
