// Frame-pointer backtraces (pure logic, host-testable). Every guest function keeps %rbp as a
// frame pointer (-fno-omit-frame-pointer): [rbp] = caller's rbp, [rbp+8] = return address.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace libos {

// Walks the chain starting at `frame`, reading only frames that lie inside [low, high). Stops
// at a null, misaligned or non-increasing frame pointer, at a null return address, or after
// `max_frames`. Returns the number of return addresses stored, innermost first.
size_t collect_return_addresses(uintptr_t frame, uintptr_t low, uintptr_t high,
                                uint64_t* out, size_t max_frames);

}  // namespace libos
