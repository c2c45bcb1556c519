#include "support/float_conversion.h"

#include <libos/libc.h>

#include "support/bignum.h"

namespace win32 {
namespace {

struct FormatTraits {
    int mantissa_bits;   // with the hidden bit
    int min_exponent;    // of the smallest normal number
    int max_exponent;
};
constexpr FormatTraits traits(FloatFormat format) {
    return format == FloatFormat::kDouble ? FormatTraits{53, -1022, 1023} : FormatTraits{24, -126, 127};
}

double infinity() { return __builtin_inf(); }

// m * 2^k (m <= 2^mantissa_bits, already rounded) as a double holding the format's value.
double assemble(uint64_t m, int k, FloatFormat format, bool& range_error) {
    FormatTraits t = traits(format);
    if (m == 0) {
        range_error = true;
        return 0;
    }
    if (m == (uint64_t{1} << t.mantissa_bits)) m >>= 1, ++k;
    // The exponent field: k + (mantissa_bits-1) + bias for normal numbers, 0 for subnormals
    // (k at its minimum); adding m (hidden bit included) supplies the +1 of normal numbers.
    int field_base = k - (t.min_exponent - (t.mantissa_bits - 1));
    int field = field_base + static_cast<int>(m >> (t.mantissa_bits - 1));
    if (field >= 2 * t.max_exponent + 1) {
        range_error = true;
        return infinity();
    }
    if (format == FloatFormat::kDouble) {
        uint64_t bits = (static_cast<uint64_t>(field_base) << 52) + m;
        double d;
        memcpy(&d, &bits, 8);
        return d;
    }
    uint32_t bits = (static_cast<uint32_t>(field_base) << 23) + static_cast<uint32_t>(m);
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

constexpr int kMaxDigits = 780;   // beyond this, digits only matter as "non-zero tail"

}  // namespace

double decimal_to_binary(const char* digits, int count, int exponent10, bool inexact_tail, FloatFormat format,
                         bool& range_error) {
    while (count > 0 && digits[0] == '0') ++digits, --count;
    while (count > 0 && digits[count - 1] == '0') --count, ++exponent10;
    if (count == 0) return 0;
    if (count > kMaxDigits) {
        for (int i = kMaxDigits; i < count; ++i) inexact_tail |= digits[i] != '0';
        exponent10 += count - kMaxDigits;
        count = kMaxDigits;
    }
    // Magnitude bounds: D * 10^e < 10^(count+e). Far outside the format's range, no arithmetic.
    if (count + exponent10 > 311) {
        range_error = true;
        return infinity();
    }
    if (count + exponent10 < -325) {
        range_error = true;
        return 0;
    }
    // Fast path: both D and 10^|e| exact in a double, so one IEEE operation rounds correctly.
    if (format == FloatFormat::kDouble && !inexact_tail && count <= 15 && exponent10 >= -22 && exponent10 <= 22) {
        uint64_t d = 0;
        for (int i = 0; i < count; ++i) d = d * 10 + static_cast<uint64_t>(digits[i] - '0');
        double power = 1;
        for (int i = 0; i < (exponent10 < 0 ? -exponent10 : exponent10); ++i) power *= 10;
        return exponent10 < 0 ? static_cast<double>(d) / power : static_cast<double>(d) * power;
    }
    static BigUnsigned numerator, denominator, scaled;   // 2 KiB each: not on a fiber stack
    numerator.set(0);
    for (int i = 0; i < count; ++i) {
        numerator.multiply_small(10);
        numerator.add_small(static_cast<uint32_t>(digits[i] - '0'));
    }
    denominator.set(1);
    if (exponent10 >= 0) numerator.multiply_pow10(exponent10);
    else denominator.multiply_pow10(-exponent10);
    // q = floor(numerator * 2^shift / denominator) gets 63 or 64 bits.
    int shift = 63 - (numerator.bit_length() - denominator.bit_length());
    if (shift > 0) numerator.shift_left(shift);
    else denominator.shift_left(-shift);
    scaled = denominator;
    scaled.shift_left(63);
    uint64_t q = 0;
    for (int bit = 63; bit >= 0; --bit) {
        q <<= 1;
        if (compare(numerator, scaled) >= 0) {
            numerator.subtract(scaled);
            q |= 1;
        }
        scaled.shift_right(1);
    }
    bool sticky = inexact_tail || !numerator.is_zero();
    // value = (q + sticky) * 2^-shift; its top bit is 2^top.
    int length = 64 - __builtin_clzll(q);
    int top = length - 1 - shift;
    FormatTraits t = traits(format);
    int keep = top >= t.min_exponent ? t.mantissa_bits : t.mantissa_bits - (t.min_exponent - top);
    int drop = length - keep;
    if (drop > 64) {
        range_error = true;
        return 0;
    }
    uint64_t m = drop == 64 ? 0 : q >> drop;
    bool half = (q >> (drop - 1)) & 1;
    bool rest = sticky || (drop >= 2 && (q & ((uint64_t{1} << (drop - 1)) - 1)) != 0);
    if (half && (rest || (m & 1))) ++m;
    return assemble(m, drop - shift, format, range_error);
}

void exact_decimal(double value, Decimal& out) {
    out.count = 0;
    if (value == 0) {
        out.digits[out.count++] = '0';
        out.point = 1;
        return;
    }
    uint64_t bits;
    memcpy(&bits, &value, 8);
    int field = static_cast<int>((bits >> 52) & 0x7ff);
    uint64_t m = bits & ((uint64_t{1} << 52) - 1);
    int k = field == 0 ? -1074 : field - 1075;
    if (field) m |= uint64_t{1} << 52;
    static BigUnsigned n;
    n.set(m);
    int point_shift = 0;   // value = n / 10^point_shift
    if (k >= 0) n.shift_left(k);
    else n.multiply_pow5(-k), point_shift = -k;   // m * 2^k = m * 5^-k / 10^-k
    // Nine digits at a time, least significant first.
    char reversed[sizeof out.digits + 9];
    int length = 0;
    while (!n.is_zero()) {
        uint32_t chunk = n.divide_small(1000000000u);
        for (int i = 0; i < 9; ++i) reversed[length++] = static_cast<char>('0' + chunk % 10), chunk /= 10;
    }
    while (length > 0 && reversed[length - 1] == '0') --length;
    int first = 0;
    while (first < length && reversed[first] == '0') ++first;   // trailing zeros of the number
    for (int i = length - 1; i >= first; --i) out.digits[out.count++] = reversed[i];
    out.point = length - point_shift;
}

void round_decimal(Decimal& d, int keep, bool half_away) {
    if (keep < 0) {
        d.point += 1 - keep;   // all rounded away (value < half of the last place): zero
        d.count = 0;
        return;
    }
    if (keep >= d.count) return;
    bool round_up = false;
    char next = d.digits[keep];
    if (next > '5') round_up = true;
    else if (next == '5') {
        bool rest = false;
        for (int i = keep + 1; i < d.count; ++i) rest |= d.digits[i] != '0';
        // Ties go to the even neighbour; before the first digit that neighbour is 0.
        round_up = half_away || rest || (keep > 0 && (d.digits[keep - 1] - '0') % 2 == 1);
    }
    d.count = keep;
    if (!round_up) return;
    int i = keep - 1;
    while (i >= 0 && d.digits[i] == '9') d.digits[i--] = '0';
    if (i >= 0) {
        ++d.digits[i];
    } else {
        memmove(d.digits + 1, d.digits, static_cast<size_t>(keep));
        d.digits[0] = '1';
        ++d.count;
        ++d.point;
    }
}

namespace {

template <typename Char>
bool matches_nocase(const Char* p, const char* word) {
    for (; *word; ++p, ++word) {
        Char c = *p;
        if (c >= 'A' && c <= 'Z') c = static_cast<Char>(c + 32);
        if (c != static_cast<Char>(*word)) return false;
    }
    return true;
}

template <typename Char>
int hex_value(Char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// 0x h.hhh p±d: exact bits, rounded to the format once (ties to even).
template <typename Char>
double parse_hex(const Char* p, const Char** end, FloatFormat format, bool& range_error) {
    uint64_t mantissa = 0;
    int exponent = 0;
    bool sticky = false, any = false;
    auto take = [&](int digit, bool fraction) {
        any = true;
        if (mantissa >> 60) {
            sticky |= digit != 0;
            if (!fraction) exponent += 4;
        } else {
            mantissa = mantissa * 16 + static_cast<uint64_t>(digit);
            if (fraction) exponent -= 4;
        }
    };
    for (; hex_value(*p) >= 0; ++p) take(hex_value(*p), false);
    if (*p == '.')
        for (++p; hex_value(*p) >= 0; ++p) take(hex_value(*p), true);
    if (!any) return -1;   // caller falls back to "0" followed by 'x'
    if (*p == 'p' || *p == 'P') {
        const Char* e = p + 1;
        bool negative = *e == '-';
        if (*e == '-' || *e == '+') ++e;
        if (*e >= '0' && *e <= '9') {
            int value = 0;
            for (; *e >= '0' && *e <= '9'; ++e) value = value < 100000 ? value * 10 + (*e - '0') : value;
            exponent += negative ? -value : value;
            p = e;
        }
    }
    *end = p;
    if (mantissa == 0) return 0;
    int length = 64 - __builtin_clzll(mantissa);
    int top = length - 1 + exponent;
    FormatTraits t = traits(format);
    if (top > t.max_exponent) {
        range_error = true;
        return infinity();
    }
    int keep = top >= t.min_exponent ? t.mantissa_bits : t.mantissa_bits - (t.min_exponent - top);
    int drop = length - keep;
    if (drop <= 0) return assemble(mantissa << -drop, exponent + drop, format, range_error);
    if (drop > 64) {
        range_error = true;
        return 0;
    }
    uint64_t m = drop == 64 ? 0 : mantissa >> drop;
    bool half = (mantissa >> (drop - 1)) & 1;
    bool rest = sticky || (drop >= 2 && (mantissa & ((uint64_t{1} << (drop - 1)) - 1)) != 0);
    if (half && (rest || (m & 1))) ++m;
    return assemble(m, exponent + drop, format, range_error);
}

}  // namespace

template <typename Char>
double parse_float(const Char* text, const Char** end, FloatFormat format, bool hex, bool& range_error) {
    const Char* p = text;
    while (*p == ' ' || (*p >= '\t' && *p <= '\r')) ++p;
    bool negative = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    double sign = negative ? -1.0 : 1.0;
    if (matches_nocase(p, "inf")) {
        *end = p + (matches_nocase(p, "infinity") ? 8 : 3);
        return sign * infinity();
    }
    if (matches_nocase(p, "nan")) {
        p += 3;
        if (*p == '(') {   // nan(n-char-sequence)
            const Char* q = p + 1;
            while ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_') ++q;
            if (*q == ')') p = q + 1;
        }
        *end = p;
        return sign * __builtin_nan("");
    }
    if (hex && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        const Char* hex_end;
        double v = parse_hex(p + 2, &hex_end, format, range_error);
        if (v >= 0) {
            *end = hex_end;
            return sign * v;
        }
    }
    // Significant digits go into a buffer (leading zeros skipped, the rest counted).
    static char digits[kMaxDigits + 1];
    int count = 0, exponent = 0;
    bool any = false, tail = false;
    auto take = [&](Char c, bool fraction) {
        any = true;
        if (count == 0 && c == '0') {
            if (fraction) --exponent;
            return;
        }
        if (count < kMaxDigits) {
            digits[count++] = static_cast<char>(c);
            if (fraction) --exponent;
        } else {
            tail |= c != '0';
            if (!fraction) ++exponent;
        }
    };
    for (; *p >= '0' && *p <= '9'; ++p) take(*p, false);
    if (*p == '.')
        for (++p; *p >= '0' && *p <= '9'; ++p) take(*p, true);
    if (!any) {
        *end = text;
        return 0;
    }
    if (*p == 'e' || *p == 'E') {
        const Char* e = p + 1;
        bool negative_exponent = *e == '-';
        if (*e == '-' || *e == '+') ++e;
        if (*e >= '0' && *e <= '9') {
            int value = 0;
            for (; *e >= '0' && *e <= '9'; ++e) value = value < 100000 ? value * 10 + (*e - '0') : value;
            exponent += negative_exponent ? -value : value;
            p = e;
        }
    }
    *end = p;
    return sign * decimal_to_binary(digits, count, exponent, tail, format, range_error);
}

template double parse_float<char>(const char*, const char**, FloatFormat, bool, bool&);
template double parse_float<char16_t>(const char16_t*, const char16_t**, FloatFormat, bool, bool&);

}  // namespace win32
