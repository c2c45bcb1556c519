#include <libos/backtrace.h>

namespace libos {

size_t collect_return_addresses(uintptr_t frame, uintptr_t low, uintptr_t high,
                                uint64_t* out, size_t max_frames) {
    size_t count = 0;
    while (count < max_frames) {
        // A frame record is two words: saved frame pointer, return address.
        if (frame == 0 || frame % 8 != 0 || frame < low || high < 16 || frame > high - 16) break;
        auto* record = reinterpret_cast<const uintptr_t*>(frame);
        uintptr_t caller_frame = record[0];
        uintptr_t return_address = record[1];
        if (return_address == 0) break;
        out[count++] = return_address;
        if (caller_frame <= frame) break;   // stacks grow down: callers sit higher
        frame = caller_frame;
    }
    return count;
}

}  // namespace libos
