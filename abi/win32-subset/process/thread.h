// Win32 threads on library-OS fibers, each with its own TEB behind the GS base.
//
// Windows code reaches its thread environment block through GS (gs:[0x30] is the TEB itself,
// gs:[0x58] the TLS array, gs:[0x60] the PEB). Fibers are cooperative, so a thread can only
// lose the CPU inside a call into this layer that blocks (Sleep, waits, yields): every such
// call ends with resume_current_thread(), which points GS at the running fiber's TEB again.
// wrgsbase needs CR4.FSGSBASE (Linux enables it for user mode since 5.9; kvm must set it).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <libos/fiber.h>

#include "support/winabi.h"

namespace win32 {

// TEB field offsets (x64), the ones programs and their runtimes read.
namespace teb {
inline constexpr size_t kExceptionList = 0x00;
inline constexpr size_t kStackBase = 0x08;
inline constexpr size_t kStackLimit = 0x10;
inline constexpr size_t kSelf = 0x30;
inline constexpr size_t kProcessId = 0x40;
inline constexpr size_t kThreadId = 0x48;
inline constexpr size_t kTlsPointer = 0x58;      // ThreadLocalStoragePointer (PE TLS blocks)
inline constexpr size_t kPeb = 0x60;
inline constexpr size_t kLastError = 0x68;
inline constexpr size_t kTlsSlots = 0x1480;      // 64 TlsAlloc slots
inline constexpr size_t kTlsExpansion = 0x1780;  // pointer to 1024 more
inline constexpr size_t kOwner = 0x1900;         // ours: the Thread this TEB belongs to
inline constexpr size_t kProgramEntries = 0x1908; // ours: PROGRAM_ENTRY's captured states (context.S)
inline constexpr size_t kFaultDispatches = 0x1910; // ours: count + 8 stack marks of faults being dispatched
                                                   // (hardware_exceptions.cpp), up to 0x1958
inline constexpr size_t kSize = 0x2000;
}  // namespace teb

inline constexpr uint32_t kTlsSlotCount = 64 + 1024;

using ThreadStart = uint32_t(WINAPI*)(void*);

struct Thread {
    uint8_t* teb = nullptr;
    uint32_t id = 0;
    libos::FiberControl* fiber = nullptr;
    ThreadStart start = nullptr;
    void* parameter = nullptr;
    uint32_t exit_code = 259;   // STILL_ACTIVE
    bool finished = false;
    libos::WaitQueue finish_waiters;
    void* exit_jump[5] = {};    // __builtin_setjmp buffer: ExitThread returns here
    bool detaching = false;     // DLL_THREAD_DETACH running (an ExitThread inside it ends it)
    // The relay's saved return addresses (--trace=win32), innermost last.
    uint64_t relay_returns[128] = {};
    uint32_t relay_depth = 0;
    uint32_t references = 1;    // the running thread + open handles
};

// The thread whose fiber is running (nullptr before the first thread exists).
Thread* current_thread();
// Points GS at the running fiber's TEB. Call after anything that may have switched fibers.
void resume_current_thread();

// A thread that runs start(parameter) on a new fiber with `stack_bytes` of stack.
// nullptr when memory is exhausted. `suspended` threads wait for resume_thread.
Thread* create_thread(ThreadStart start, void* parameter, size_t stack_bytes);
// Called on every new thread before its start routine (the loader's PE TLS and callbacks),
// and when a thread's start routine returned or it called ExitThread (DLL_THREAD_DETACH).
void set_thread_attach_hook(void (*hook)(Thread*));
void set_thread_detach_hook(void (*hook)(Thread*));
// Calls `visit` for every thread that has not finished (a DLL with TLS loaded at run time).
void for_each_live_thread(void (*visit)(Thread*, void*), void* context);
[[noreturn]] void exit_current_thread(uint32_t code);
// Blocks the calling fiber until `thread` finished (the caller handles timeouts).
void wait_for_thread(Thread* thread);

uint32_t& last_error();
void*& tls_slot(Thread* thread, uint32_t index);

// GetCurrentThreadId for threads that are not Win32 threads yet.
uint32_t current_thread_id();

}  // namespace win32
