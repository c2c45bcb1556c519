// --trace output: lines on stderr starting with "celda[trace]: ". TraceLine formats into a
// fixed stack buffer with no allocation, so the sandboxed child can use it inside a hypercall
// (on the guest's stack, after lockdown); output that does not fit is truncated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace celda {

class TraceLine {
public:
    TraceLine() { text("celda[trace]: "); }

    TraceLine& text(std::string_view s);
    TraceLine& dec(std::int64_t value);
    TraceLine& udec(std::uint64_t value);
    TraceLine& hex(std::uint64_t value);  // 0x...

    std::string_view view() const { return {buffer_, length_}; }
    // Appends the newline and writes the line to fd 2 with one raw write.
    void emit();

private:
    char buffer_[256];
    std::size_t length_ = 0;
};

}  // namespace celda
