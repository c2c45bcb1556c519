// Page faults a warm guest takes before its program arrives (boot/warm_prefault.cpp).
#pragma once

namespace libos {

// Faults in the image's pages and the free memory the next allocations will use.
void prefault_for_payload();

}  // namespace libos
