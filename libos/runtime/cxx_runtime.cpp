// The small ABI surface GCC-compiled C++ expects from its runtime, minus everything a guest
// never needs (no exceptions, no RTTI, no thread-safe statics, no program teardown).
#include <libos/panic.h>

extern "C" {

// Static destructors would run at exit; a guest ends by hypercall and has nothing to tear
// down, so registrations are accepted and dropped.
void* __dso_handle = nullptr;
int __cxa_atexit(void (*)(void*), void*, void*) { return 0; }

void __cxa_pure_virtual() { libos::panic("pure virtual function called"); }

// Boost.Context's make_fcontext calls _exit if a fiber's entry function ever returns; our
// fibers end by switching away, so reaching this is a scheduler bug.
[[noreturn]] void _exit(int status) {
    libos::panic("_exit(%d) called: a fiber entry function returned", status);
}

}
