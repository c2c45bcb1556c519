// Exact conversions between decimal text and binary floating point, shared by the CRT's
// strtod/wcstod/scanf family (correctly rounded, ties to even, for any number of digits) and
// by printf/_ecvt/_fcvt/_gcvt (the exact decimal expansion of a double, then rounded by the
// caller's rule). Both go through support/bignum.h, so no input is "approximately" converted.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace win32 {

// Decimal digits of a positive finite double: digits[0..count) with the decimal point after
// `point` digits (point may be <= 0 or > count). No leading zero (except for 0 itself: "0",
// point 1), no trailing zeros.
struct Decimal {
    char digits[800];
    int count = 0;
    int point = 0;
};
void exact_decimal(double value, Decimal& out);

// Keeps `keep` digits (from the start): ties to even on the exact digits, or (msvcrt's rule)
// ties away from zero. keep < 0 leaves nothing (the value rounds to zero at that place).
void round_decimal(Decimal& d, int keep, bool half_away = false);

enum class FloatFormat { kDouble, kFloat };

// The value D * 10^exponent10, D being the decimal integer of `digits[0..count)` ('0'..'9')
// followed by a non-zero tail when `inexact_tail`, correctly rounded to the format (ties to
// even); `range_error` is set when it overflows to infinity or underflows to zero. For
// kFloat the result is a float's value held in a double.
double decimal_to_binary(const char* digits, int count, int exponent10, bool inexact_tail, FloatFormat format,
                         bool& range_error);

// strtod's grammar for both character widths: [space][sign](digits[.digits]|.digits)[(e|E)[sign]digits],
// "inf", "infinity", "nan", "nan(chars)", and (`hex`: ucrt's and C99's) 0x hexadecimal floats.
// `*end` is where parsing stopped (`text` when nothing was converted).
template <typename Char>
double parse_float(const Char* text, const Char** end, FloatFormat format, bool hex, bool& range_error);

}  // namespace win32
