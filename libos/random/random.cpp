#include <libos/random.h>

#include <libos/time.h>
#include <stdint.h>

namespace libos {
namespace {

bool cpu_has_rdrand() {
    uint32_t a = 1, b, c, d;
    asm volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
    return (c >> 30) & 1;
}

uint64_t splitmix_state = 0;

uint64_t next_fallback() {
    if (splitmix_state == 0) splitmix_state = monotonic_ns() ^ (wall_ns() << 17) ^ 0x9e3779b97f4a7c15ull;
    uint64_t z = (splitmix_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint64_t next_word() {
    static int has_rdrand = -1;
    if (has_rdrand < 0) has_rdrand = cpu_has_rdrand() ? 1 : 0;
    if (has_rdrand) {
        for (int attempt = 0; attempt < 10; ++attempt) {
            uint64_t value;
            unsigned char ok;
            asm volatile("rdrand %0; setc %1" : "=r"(value), "=qm"(ok));
            if (ok) return value;
        }
    }
    return next_fallback();
}

}  // namespace

void fill_random(void* buffer, size_t length) {
    auto* out = static_cast<unsigned char*>(buffer);
    while (length > 0) {
        uint64_t word = next_word();
        size_t n = length < 8 ? length : 8;
        for (size_t i = 0; i < n; ++i) out[i] = static_cast<unsigned char>(word >> (8 * i));
        out += n;
        length -= n;
    }
}

}  // namespace libos
