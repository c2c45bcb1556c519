// The C runtime's printf engine, shared by msvcrt and ucrtbase (and user32's wsprintf).
// Arguments come from a Windows va_list: a pointer to consecutive 8-byte slots, which is also
// what __builtin_ms_va_start gives a WINAPI variadic function. Floating point: %f %e %g %a
// with exact digits (support/float_conversion.h). "long double" is double, as in
// the MS runtimes. The two runtimes format floating point differently, and programs' expected
// outputs depend on it, so the flavour is chosen per entry point:
//   msvcrt.dll (kMsvcrt): at most 17 significant digits (zeros after), ties rounded away from
//     zero ("%.0f" of 0.5 is "1"), exponents of at least 3 digits ("1e-005"), and
//     1.#INF / 1.#QNAN / -1.#IND formatted like digits ("%f" gives "1.#INF00", "%g" "1.#INF").
//   ucrtbase.dll (kUcrt): exact digits, ties to even ("%.0f" of 0.5 is "0", 2.5 is "2"), at
//     least 2 exponent digits ("1e-05"), "inf", "nan", "-nan(ind)" (the x86 default NaN),
//     upper case for %F %E %G; the legacy option bits of __stdio_common_* select msvcrt's
//     spellings and exponents.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace win32 {

struct WinArgs {
    const uint64_t* next;
    uint64_t take() { return *next++; }
    double take_double() {
        double d;
        __builtin_memcpy(&d, next++, 8);
        return d;
    }
};

class TextSink {
public:
    virtual void put(const char* text, size_t length) = 0;

protected:
    ~TextSink() = default;
};

struct PrintfFlavor {
    bool legacy_special_values = true;   // 1.#INF rather than inf
    bool three_digit_exponent = true;    // e+000 rather than e+00
    bool legacy_rounding = true;         // 17 digits, ties away from zero
};
inline constexpr PrintfFlavor kMsvcrtFlavor{};
inline constexpr PrintfFlavor kUcrtFlavor{false, false, false};
// ucrt's __stdio_common_* option bits (corecrt_stdio_config.h).
inline constexpr uint64_t kUcrtLegacyMsvcrtCompatibility = 8;
inline constexpr uint64_t kUcrtLegacyThreeDigitExponents = 16;
inline PrintfFlavor ucrt_flavor(uint64_t options) {
    return PrintfFlavor{(options & kUcrtLegacyMsvcrtCompatibility) != 0, (options & kUcrtLegacyThreeDigitExponents) != 0,
                        false};
}

// `wide_strings`: %s takes wide strings and %S narrow (the wprintf family's swap).
// Returns the number of bytes produced.
size_t format_windows(TextSink& sink, const char* format, WinArgs args, bool wide_strings = false,
                      PrintfFlavor flavor = kMsvcrtFlavor);

// Into a buffer, snprintf-style: returns the full length; writes at most capacity-1 + NUL.
size_t format_to_buffer(char* buffer, size_t capacity, const char* format, WinArgs args,
                        bool wide_strings = false, PrintfFlavor flavor = kMsvcrtFlavor);

}  // namespace win32
