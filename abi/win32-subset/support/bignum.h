// A fixed-capacity unsigned big integer: just what exact decimal <-> binary floating-point
// conversion needs (strtod's correct rounding, printf's and _ecvt's exact digits). The largest
// numbers are ~800 decimal digits scaled by 10^~340 (about 3800 bits); no heap, no exceptions.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace win32 {

class BigUnsigned {
public:
    static constexpr int kLimbs = 160;   // 5120 bits

    BigUnsigned() = default;
    explicit BigUnsigned(uint64_t value) { set(value); }

    void set(uint64_t value);
    bool is_zero() const { return used_ == 0; }
    int bit_length() const;
    // The low 64 bits.
    uint64_t low64() const;

    void multiply_small(uint32_t factor);
    void add_small(uint32_t addend);
    void multiply_pow10(int exponent);   // exponent >= 0
    void multiply_pow5(int exponent);    // exponent >= 0
    void shift_left(int bits);
    void shift_right(int bits);
    // this -= other; requires this >= other.
    void subtract(const BigUnsigned& other);
    // Divides in place by `divisor`, returns the remainder.
    uint32_t divide_small(uint32_t divisor);
    // Whether any of the low `bits` bits is set.
    bool any_low_bits(int bits) const;

    friend int compare(const BigUnsigned& a, const BigUnsigned& b);

private:
    void trim();
    uint32_t limbs_[kLimbs] = {};
    int used_ = 0;
};

}  // namespace win32
