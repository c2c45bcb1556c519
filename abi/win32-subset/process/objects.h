// Kernel objects behind HANDLEs: console streams, files, events, mutexes, semaphores, threads.
// Handle values are multiples of 4, like Windows', so code that tags low bits keeps working.
#pragma once

#include <stdint.h>

#include <libos/scheduler.h>

#include "support/winabi.h"

namespace win32 {

struct Thread;

enum class ObjectKind : uint8_t { console_input, console_output, event, mutex, semaphore, thread, file, find, file_mapping };

struct Object {
    ObjectKind kind;
    uint32_t references = 1;
    libos::WaitQueue waiters;   // fibers in WaitForSingleObject(INFINITE) on it
    // Per kind:
    uint32_t stream = 0;        // console_output: 1 stdout, 2 stderr
    bool manual_reset = false;  // event
    bool signalled = false;     // event
    Thread* owner = nullptr;    // mutex
    uint32_t count = 0;         // mutex recursion / semaphore count
    uint32_t maximum = 0;       // semaphore
    Thread* thread = nullptr;   // thread
    void* data = nullptr;       // file / find: owned by the file layer
    void (*destroy)(Object*) = nullptr;
};

Object* new_object(ObjectKind kind);
// A new handle for `object` (takes one reference); nullptr when the table is full.
HANDLE add_handle(Object* object);
// The object behind a handle (also the std-handle pseudo values), or nullptr.
Object* object_of(HANDLE handle);
bool close_handle(HANDLE handle);
HANDLE duplicate_handle(HANDLE handle);
void release(Object* object);

// The console handles GetStdHandle returns.
HANDLE std_handle(int which);   // 0 in, 1 out, 2 err
void set_std_handle(int which, HANDLE handle);

// Wakes fibers waiting on `object` (its state changed).
void object_changed(Object* object);
// Acquires if signalled (consuming auto-reset events, mutex ownership, semaphore counts).
bool try_acquire(Object* object);

}  // namespace win32
