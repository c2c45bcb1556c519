// What the sandboxed child's hypercall and crash handlers need, set once before the guest's
// first instruction. A global because the handlers are entered from guest code and from
// signals, with no way to pass a context; the child is single-threaded.
#pragma once

#include <cstdint>

#include "guest/guest_memory.h"

namespace celda::sandbox {

struct ChildState {
    const guest::GuestMemory* memory = nullptr;
    int report_fd = -1;
    bool trace = false;
};

extern ChildState g_child;

}  // namespace celda::sandbox
