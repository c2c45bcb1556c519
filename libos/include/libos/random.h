// Random bytes for the guest (getrandom, /dev/urandom, AT_RANDOM). From the CPU's RDRAND when
// it has one, else a generator seeded from the monitor's clocks: the guest has no other
// entropy source, and the monitor is not asked because every hypercall is attack surface.
#pragma once

#include <stddef.h>

namespace libos {

void fill_random(void* buffer, size_t length);

}  // namespace libos
