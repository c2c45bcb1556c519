#include "support/bignum.h"

#include <libos/panic.h>

namespace win32 {

void BigUnsigned::set(uint64_t value) {
    for (int i = 0; i < used_; ++i) limbs_[i] = 0;
    limbs_[0] = static_cast<uint32_t>(value);
    limbs_[1] = static_cast<uint32_t>(value >> 32);
    used_ = 2;
    trim();
}

void BigUnsigned::trim() {
    while (used_ > 0 && limbs_[used_ - 1] == 0) --used_;
}

int BigUnsigned::bit_length() const {
    if (used_ == 0) return 0;
    return (used_ - 1) * 32 + (32 - __builtin_clz(limbs_[used_ - 1]));
}

uint64_t BigUnsigned::low64() const {
    return (used_ > 0 ? limbs_[0] : 0) | (used_ > 1 ? static_cast<uint64_t>(limbs_[1]) << 32 : 0);
}

void BigUnsigned::multiply_small(uint32_t factor) {
    uint64_t carry = 0;
    for (int i = 0; i < used_; ++i) {
        uint64_t product = static_cast<uint64_t>(limbs_[i]) * factor + carry;
        limbs_[i] = static_cast<uint32_t>(product);
        carry = product >> 32;
    }
    if (carry) {
        // Callers size their inputs well below capacity; running out is a bug, not bad input.
        if (used_ == kLimbs) libos::panic("BigUnsigned overflow");
        limbs_[used_++] = static_cast<uint32_t>(carry);
    }
}

void BigUnsigned::add_small(uint32_t addend) {
    uint64_t carry = addend;
    for (int i = 0; carry && i < kLimbs; ++i) {
        if (i == used_) limbs_[used_++] = 0;
        uint64_t sum = static_cast<uint64_t>(limbs_[i]) + carry;
        limbs_[i] = static_cast<uint32_t>(sum);
        carry = sum >> 32;
    }
}

void BigUnsigned::multiply_pow10(int exponent) {
    for (; exponent >= 9; exponent -= 9) multiply_small(1000000000u);
    static constexpr uint32_t kSmall[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
    if (exponent > 0) multiply_small(kSmall[exponent]);
}

void BigUnsigned::multiply_pow5(int exponent) {
    for (; exponent >= 13; exponent -= 13) multiply_small(1220703125u);   // 5^13
    uint32_t factor = 1;
    while (exponent-- > 0) factor *= 5;
    multiply_small(factor);
}

void BigUnsigned::shift_left(int bits) {
    if (used_ == 0 || bits == 0) return;
    int words = bits / 32, rest = bits % 32;
    int grown = used_ + words + 1;
    if (grown > kLimbs) libos::panic("BigUnsigned overflow");
    limbs_[grown - 1] = 0;
    for (int i = used_ - 1; i >= 0; --i) {
        uint64_t wide = static_cast<uint64_t>(limbs_[i]) << rest;
        limbs_[i + words + 1] |= static_cast<uint32_t>(wide >> 32);
        limbs_[i + words] = static_cast<uint32_t>(wide);
    }
    for (int i = 0; i < words; ++i) limbs_[i] = 0;
    used_ = grown;
    trim();
}

void BigUnsigned::shift_right(int bits) {
    int words = bits / 32, rest = bits % 32;
    if (words >= used_) {
        set(0);
        return;
    }
    for (int i = 0; i < used_ - words; ++i) {
        uint64_t wide = limbs_[i + words];
        if (i + words + 1 < used_) wide |= static_cast<uint64_t>(limbs_[i + words + 1]) << 32;
        limbs_[i] = static_cast<uint32_t>(wide >> rest);
    }
    for (int i = used_ - words; i < used_; ++i) limbs_[i] = 0;
    used_ -= words;
    trim();
}

void BigUnsigned::subtract(const BigUnsigned& other) {
    int64_t borrow = 0;
    for (int i = 0; i < used_; ++i) {
        int64_t difference = static_cast<int64_t>(limbs_[i]) - (i < other.used_ ? other.limbs_[i] : 0) - borrow;
        borrow = difference < 0;
        limbs_[i] = static_cast<uint32_t>(difference + (borrow << 32));
    }
    trim();
}

uint32_t BigUnsigned::divide_small(uint32_t divisor) {
    uint64_t remainder = 0;
    for (int i = used_ - 1; i >= 0; --i) {
        uint64_t current = (remainder << 32) | limbs_[i];
        limbs_[i] = static_cast<uint32_t>(current / divisor);
        remainder = current % divisor;
    }
    trim();
    return static_cast<uint32_t>(remainder);
}

bool BigUnsigned::any_low_bits(int bits) const {
    for (int i = 0; i < used_ && bits > 0; ++i, bits -= 32) {
        uint32_t mask = bits >= 32 ? 0xffffffffu : (1u << bits) - 1;
        if (limbs_[i] & mask) return true;
    }
    return false;
}

int compare(const BigUnsigned& a, const BigUnsigned& b) {
    if (a.used_ != b.used_) return a.used_ < b.used_ ? -1 : 1;
    for (int i = a.used_ - 1; i >= 0; --i)
        if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
    return 0;
}

}  // namespace win32
