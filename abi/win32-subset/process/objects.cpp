#include "process/objects.h"

#include <libos/fiber.h>
#include <libos/libc.h>

#include "process/thread.h"

namespace win32 {
namespace {

constexpr uint32_t kHandleCount = 4096;
constinit Object* table[kHandleCount] = {};
constinit HANDLE std_handles[3] = {};

uint32_t index_of(HANDLE handle) { return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(handle) >> 2); }

}  // namespace

Object* new_object(ObjectKind kind) {
    auto* object = new Object;
    if (object) object->kind = kind;
    return object;
}

HANDLE add_handle(Object* object) {
    for (uint32_t i = 1; i < kHandleCount; ++i) {
        if (table[i] == nullptr) {
            table[i] = object;
            return reinterpret_cast<HANDLE>(static_cast<uintptr_t>(i) << 2);
        }
    }
    release(object);
    return nullptr;
}

Object* object_of(HANDLE handle) {
    auto value = reinterpret_cast<uintptr_t>(handle);
    // STD_INPUT_HANDLE etc. passed where a handle is expected work on Windows too.
    if (value >= static_cast<uintptr_t>(-12) && value <= static_cast<uintptr_t>(-10))
        return object_of(std_handles[static_cast<uintptr_t>(-10) - value]);
    if (value & 3) return nullptr;
    uint32_t i = index_of(handle);
    return i > 0 && i < kHandleCount ? table[i] : nullptr;
}

void release(Object* object) {
    if (object == nullptr || --object->references > 0) return;
    if (object->destroy) object->destroy(object);
    delete object;
}

bool close_handle(HANDLE handle) {
    uint32_t i = index_of(handle);
    if ((reinterpret_cast<uintptr_t>(handle) & 3) || i == 0 || i >= kHandleCount || table[i] == nullptr) return false;
    Object* object = table[i];
    table[i] = nullptr;
    release(object);
    return true;
}

HANDLE duplicate_handle(HANDLE handle) {
    Object* object = object_of(handle);
    if (!object) return nullptr;
    ++object->references;
    return add_handle(object);
}

HANDLE std_handle(int which) {
    if (std_handles[0] == nullptr && std_handles[1] == nullptr && std_handles[2] == nullptr) {
        Object* in = new_object(ObjectKind::console_input);
        Object* out = new_object(ObjectKind::console_output);
        Object* err = new_object(ObjectKind::console_output);
        if (in && out && err) {
            out->stream = 1;
            err->stream = 2;
            std_handles[0] = add_handle(in);
            std_handles[1] = add_handle(out);
            std_handles[2] = add_handle(err);
        }
    }
    return which >= 0 && which < 3 ? std_handles[which] : nullptr;
}

void set_std_handle(int which, HANDLE handle) {
    std_handle(0);
    if (which >= 0 && which < 3) std_handles[which] = handle;
}

void object_changed(Object* object) { libos::scheduler().wake_all(object->waiters); }

bool try_acquire(Object* object) {
    switch (object->kind) {
        case ObjectKind::event:
            if (!object->signalled) return false;
            if (!object->manual_reset) object->signalled = false;
            return true;
        case ObjectKind::mutex: {
            Thread* self = current_thread();
            if (object->owner != nullptr && object->owner != self) return false;
            object->owner = self;
            ++object->count;
            return true;
        }
        case ObjectKind::semaphore:
            if (object->count == 0) return false;
            --object->count;
            return true;
        case ObjectKind::thread: return object->thread == nullptr || object->thread->finished;
        default: return true;   // files and consoles are always "signalled"
    }
}

}  // namespace win32
