// Time, from the monitor's clocks. Sleeping parks the calling fiber; other fibers run meanwhile.
#pragma once

#include <stdint.h>

namespace libos {

inline constexpr uint64_t kNanosPerMilli = 1'000'000;
inline constexpr uint64_t kNanosPerSecond = 1'000'000'000;

uint64_t monotonic_ns();   // never goes back
uint64_t wall_ns();        // since the Unix epoch

void sleep_until(uint64_t monotonic_deadline_ns);
void sleep_for_ns(uint64_t duration_ns);

}  // namespace libos
