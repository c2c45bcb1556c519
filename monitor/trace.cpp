#include "trace.h"

#include "sandbox/raw_syscall.h"

namespace celda {

TraceLine& TraceLine::text(std::string_view s) {
    for (char c : s) {
        if (length_ + 1 >= sizeof buffer_) break;  // keep one byte for the newline
        buffer_[length_++] = c;
    }
    return *this;
}

TraceLine& TraceLine::udec(std::uint64_t value) {
    char digits[24];
    int n = 0;
    do { digits[n++] = static_cast<char>('0' + value % 10); value /= 10; } while (value);
    char out[24];
    for (int i = 0; i < n; ++i) out[i] = digits[n - 1 - i];
    return text({out, static_cast<std::size_t>(n)});
}

TraceLine& TraceLine::dec(std::int64_t value) {
    if (value < 0) {
        text("-");
        return udec(static_cast<std::uint64_t>(0) - static_cast<std::uint64_t>(value));
    }
    return udec(static_cast<std::uint64_t>(value));
}

TraceLine& TraceLine::hex(std::uint64_t value) {
    char digits[16];
    int n = 0;
    do { digits[n++] = "0123456789abcdef"[value & 15]; value >>= 4; } while (value);
    char out[18] = {'0', 'x'};
    for (int i = 0; i < n; ++i) out[2 + i] = digits[n - 1 - i];
    return text({out, static_cast<std::size_t>(n + 2)});
}

void TraceLine::emit() {
    buffer_[length_++] = '\n';
    sandbox::raw::write_all(2, buffer_, length_);
    --length_;
}

}  // namespace celda
