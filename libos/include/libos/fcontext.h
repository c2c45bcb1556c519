// Boost.Context's context-switch routines (assembly in libboost_context.a), declared here
// because guest code cannot include Boost's headers. Signatures match
// boost/context/detail/fcontext.hpp.
#pragma once

#include <stddef.h>

namespace libos {

using fcontext_t = void*;

struct transfer_t {
    fcontext_t fctx;   // the context that just switched away (resume it to go back)
    void* data;
};

extern "C" transfer_t jump_fcontext(fcontext_t to, void* data);
// `stack_top` is the highest address of the stack; `fn` must never return (Boost calls _exit).
extern "C" fcontext_t make_fcontext(void* stack_top, size_t size, void (*fn)(transfer_t));

}  // namespace libos
