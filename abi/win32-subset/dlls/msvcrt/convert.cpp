// Number <-> text conversions of the C runtime, narrow and wide: strtol/strtoul/strtoll/
// strtoull/_strtoi64/_strtoui64, atoi/atol/_atoi64, strtod/strtof/atof (correctly rounded: see
// support/float_conversion.h), their wcs*/_wto* twins and "C"-locale _l forms, _itoa and
// friends, and the legacy digit formatters _ecvt/_fcvt/_gcvt (+ _s forms).
#include <libos/libc.h>

#include "dlls/msvcrt/crt.h"
#include "registry/registry.h"
#include "support/float_conversion.h"

namespace win32::crt {
namespace {

constexpr int kEinval = 22, kErange = 34;

template <typename Char>
bool is_space(Char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

template <typename Char>
int digit_value(Char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

// The strtoull core for both widths: overflow and a leading '-' reported to the caller, which
// applies its type's limits (C11 7.22.1.4: the unsigned forms negate in the return type).
template <typename Char>
uint64_t parse_unsigned(const Char* text, Char** end, int base, bool& negative, bool& overflow) {
    const Char* p = text;
    negative = overflow = false;
    if (base < 0 || base == 1 || base > 36) {
        *errno_location() = kEinval;
        if (end) *end = const_cast<Char*>(text);
        return 0;
    }
    while (is_space(*p)) ++p;
    negative = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = *p == '0' ? 8 : 10;
    }
    const Char* start = p;
    uint64_t value = 0;
    for (int d; (d = digit_value(*p)) < base; ++p) {
        if (value > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) overflow = true;
        value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
    }
    if (end) *end = const_cast<Char*>(p == start ? text : p);
    if (p == start) negative = false;
    return value;
}

template <typename Char>
int64_t to_int64(const Char* text, Char** end, int base) {
    bool negative, overflow;
    uint64_t v = parse_unsigned(text, end, base, negative, overflow);
    if (overflow || v > (negative ? 0x8000000000000000ull : 0x7fffffffffffffffull)) {
        *errno_location() = kErange;
        return negative ? INT64_MIN : INT64_MAX;
    }
    return negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}
template <typename Char>
uint64_t to_uint64(const Char* text, Char** end, int base) {
    bool negative, overflow;
    uint64_t v = parse_unsigned(text, end, base, negative, overflow);
    if (overflow) {
        *errno_location() = kErange;
        return UINT64_MAX;
    }
    return negative ? 0 - v : v;
}
template <typename Char>
int32_t to_int32(const Char* text, Char** end, int base) {
    bool negative, overflow;
    uint64_t v = parse_unsigned(text, end, base, negative, overflow);
    if (overflow || v > (negative ? 0x80000000ull : 0x7fffffffull)) {
        *errno_location() = kErange;
        return negative ? INT32_MIN : INT32_MAX;
    }
    return negative ? static_cast<int32_t>(0 - v) : static_cast<int32_t>(v);
}
template <typename Char>
uint32_t to_uint32(const Char* text, Char** end, int base) {
    bool negative, overflow;
    uint64_t v = parse_unsigned(text, end, base, negative, overflow);
    if (overflow || v > UINT32_MAX) {
        *errno_location() = kErange;
        return UINT32_MAX;
    }
    return negative ? static_cast<uint32_t>(0 - v) : static_cast<uint32_t>(v);
}

template <typename Char>
double to_double(const Char* text, Char** end, FloatFormat format) {
    bool range_error = false;
    const Char* stop;
    double v = parse_float(text, &stop, format, true, range_error);
    if (end) *end = const_cast<Char*>(stop);
    if (range_error) *errno_location() = kErange;
    return v;
}

}  // namespace

WINAPI int64_t _strtoi64(const char* text, char** end, int base) { return to_int64(text, end, base); }
WINAPI uint64_t _strtoui64(const char* text, char** end, int base) { return to_uint64(text, end, base); }
WINAPI int32_t strtol_(const char* text, char** end, int base) { return to_int32(text, end, base); }
WINAPI uint32_t strtoul(const char* text, char** end, int base) { return to_uint32(text, end, base); }
WINAPI int atoi(const char* text) { return static_cast<int>(to_int64(text, static_cast<char**>(nullptr), 10)); }
WINAPI int32_t atol(const char* text) { return static_cast<int32_t>(to_int64(text, static_cast<char**>(nullptr), 10)); }
WINAPI int64_t _atoi64(const char* text) { return to_int64(text, static_cast<char**>(nullptr), 10); }
WINAPI double strtod(const char* text, char** end) { return to_double(text, end, FloatFormat::kDouble); }
WINAPI float strtof(const char* text, char** end) {
    return static_cast<float>(to_double(text, end, FloatFormat::kFloat));
}
WINAPI double atof(const char* text) { return to_double(text, static_cast<char**>(nullptr), FloatFormat::kDouble); }

WINAPI int64_t _wcstoi64(const WCHAR* text, WCHAR** end, int base) { return to_int64(text, end, base); }
WINAPI uint64_t _wcstoui64(const WCHAR* text, WCHAR** end, int base) { return to_uint64(text, end, base); }
WINAPI int32_t wcstol(const WCHAR* text, WCHAR** end, int base) { return to_int32(text, end, base); }
WINAPI uint32_t wcstoul(const WCHAR* text, WCHAR** end, int base) { return to_uint32(text, end, base); }
WINAPI int _wtoi(const WCHAR* text) { return static_cast<int>(to_int64(text, static_cast<WCHAR**>(nullptr), 10)); }
WINAPI int32_t _wtol(const WCHAR* text) { return static_cast<int32_t>(to_int64(text, static_cast<WCHAR**>(nullptr), 10)); }
WINAPI int64_t _wtoi64(const WCHAR* text) { return to_int64(text, static_cast<WCHAR**>(nullptr), 10); }
WINAPI double wcstod(const WCHAR* text, WCHAR** end) { return to_double(text, end, FloatFormat::kDouble); }
WINAPI float wcstof(const WCHAR* text, WCHAR** end) {
    return static_cast<float>(to_double(text, end, FloatFormat::kFloat));
}
WINAPI double _wtof(const WCHAR* text) { return to_double(text, static_cast<WCHAR**>(nullptr), FloatFormat::kDouble); }

// The _l forms take a _locale_t; only the "C" locale exists here, so it is ignored.
WINAPI int64_t _strtoi64_l(const char* t, char** e, int b, void*) { return _strtoi64(t, e, b); }
WINAPI uint64_t _strtoui64_l(const char* t, char** e, int b, void*) { return _strtoui64(t, e, b); }
WINAPI int32_t _strtol_l(const char* t, char** e, int b, void*) { return strtol_(t, e, b); }
WINAPI uint32_t _strtoul_l(const char* t, char** e, int b, void*) { return strtoul(t, e, b); }
WINAPI double _strtod_l(const char* t, char** e, void*) { return strtod(t, e); }
WINAPI float _strtof_l(const char* t, char** e, void*) { return strtof(t, e); }
WINAPI double _atof_l(const char* t, void*) { return atof(t); }
WINAPI int _atoi_l(const char* t, void*) { return atoi(t); }
WINAPI int32_t _atol_l(const char* t, void*) { return atol(t); }
WINAPI int64_t _atoi64_l(const char* t, void*) { return _atoi64(t); }
WINAPI int64_t _wcstoi64_l(const WCHAR* t, WCHAR** e, int b, void*) { return _wcstoi64(t, e, b); }
WINAPI uint64_t _wcstoui64_l(const WCHAR* t, WCHAR** e, int b, void*) { return _wcstoui64(t, e, b); }
WINAPI int32_t _wcstol_l(const WCHAR* t, WCHAR** e, int b, void*) { return wcstol(t, e, b); }
WINAPI uint32_t _wcstoul_l(const WCHAR* t, WCHAR** e, int b, void*) { return wcstoul(t, e, b); }
WINAPI double _wcstod_l(const WCHAR* t, WCHAR** e, void*) { return wcstod(t, e); }

// _itoa family: negative values get a '-' only in base 10 (other bases show the two's
// complement bits of the argument's width), as documented for _itoa/_i64toa.
namespace {
template <typename Char>
Char* unsigned_to_text(uint64_t value, Char* out, int radix, bool negative) {
    if (radix < 2 || radix > 36) {
        *errno_location() = kEinval;
        if (out) *out = 0;
        return out;
    }
    char digits[72];
    int n = 0;
    do {
        int d = static_cast<int>(value % static_cast<unsigned>(radix));
        digits[n++] = static_cast<char>(d < 10 ? '0' + d : 'a' + d - 10);
        value /= static_cast<unsigned>(radix);
    } while (value);
    Char* p = out;
    if (negative) *p++ = '-';
    while (n) *p++ = static_cast<Char>(digits[--n]);
    *p = 0;
    return out;
}
template <typename Char>
Char* signed_to_text(int64_t value, uint64_t width_mask, Char* out, int radix) {
    bool negative = radix == 10 && value < 0;
    uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value) & width_mask;
    return unsigned_to_text(magnitude, out, radix, negative);
}
// _s forms: EINVAL for a null buffer or bad radix, ERANGE (and an empty string) when it does not fit.
template <typename Char>
int to_text_s(int64_t value, bool is_signed, uint64_t width_mask, Char* out, size_t size, int radix) {
    if (!out || size == 0 || radix < 2 || radix > 36) {
        if (out && size) *out = 0;
        *errno_location() = kEinval;
        return kEinval;
    }
    Char scratch[72];
    if (is_signed) signed_to_text(value, width_mask, scratch, radix);
    else unsigned_to_text(static_cast<uint64_t>(value) & width_mask, scratch, radix, false);
    size_t length = 0;
    while (scratch[length]) ++length;
    if (length + 1 > size) {
        *out = 0;
        *errno_location() = kErange;
        return kErange;
    }
    for (size_t i = 0; i <= length; ++i) out[i] = scratch[i];
    return 0;
}
constexpr uint64_t k32 = 0xffffffffull, k64 = ~0ull;
}  // namespace

WINAPI char* _itoa(int v, char* out, int radix) { return signed_to_text(v, k32, out, radix); }
WINAPI char* _ultoa(uint32_t v, char* out, int radix) { return unsigned_to_text(v, out, radix, false); }
WINAPI char* _i64toa(int64_t v, char* out, int radix) { return signed_to_text(v, k64, out, radix); }
WINAPI char* _ui64toa(uint64_t v, char* out, int radix) { return unsigned_to_text(v, out, radix, false); }
WINAPI WCHAR* _itow(int v, WCHAR* out, int radix) { return signed_to_text(v, k32, out, radix); }
WINAPI WCHAR* _ultow(uint32_t v, WCHAR* out, int radix) { return unsigned_to_text(v, out, radix, false); }
WINAPI WCHAR* _i64tow(int64_t v, WCHAR* out, int radix) { return signed_to_text(v, k64, out, radix); }
WINAPI WCHAR* _ui64tow(uint64_t v, WCHAR* out, int radix) { return unsigned_to_text(v, out, radix, false); }
WINAPI int _itoa_s(int v, char* out, size_t n, int radix) { return to_text_s(v, true, k32, out, n, radix); }
WINAPI int _ultoa_s(uint32_t v, char* out, size_t n, int radix) { return to_text_s(v, false, k32, out, n, radix); }
WINAPI int _i64toa_s(int64_t v, char* out, size_t n, int radix) { return to_text_s(v, true, k64, out, n, radix); }
WINAPI int _ui64toa_s(uint64_t v, char* out, size_t n, int radix) {
    return to_text_s(static_cast<int64_t>(v), false, k64, out, n, radix);
}
WINAPI int _itow_s(int v, WCHAR* out, size_t n, int radix) { return to_text_s(v, true, k32, out, n, radix); }
WINAPI int _i64tow_s(int64_t v, WCHAR* out, size_t n, int radix) { return to_text_s(v, true, k64, out, n, radix); }

// _ecvt/_fcvt: digits only, the decimal point's position in *dec, the sign in *sign. The
// exact decimal expansion is rounded half away from zero, as the Microsoft runtimes' digit
// generator does (_ecvt(2.5, 1) is "3"). Both share one static buffer (documented).
namespace {
constexpr int kCvtBufferSize = 349;   // _CVTBUFSIZE
char cvt_buffer[kCvtBufferSize];

void copy_text(char* out, size_t size, const char* text) {
    size_t i = 0;
    for (; text[i] && i + 1 < size; ++i) out[i] = text[i];
    if (size) out[i] = 0;
}


bool special_digits(double value, char* out, size_t size) {
    // Infinity and NaN: Microsoft's digit string ("1#INF", "1#QNAN"), point after the 1.
    if (__builtin_isinf(value)) return copy_text(out, size, "1#INF"), true;
    if (__builtin_isnan(value)) return copy_text(out, size, "1#QNAN"), true;
    return false;
}

// Digits of |value| rounded so that `keep(point)` digits remain, padded with zeros to that count.
int cvt_digits(double value, bool fixed, int count, char* out, size_t size, int* dec) {
    static Decimal d;
    exact_decimal(value < 0 ? -value : value, d);
    bool zero = value == 0;
    int keep = fixed ? d.point + count : count;
    if (keep > static_cast<int>(size) - 1) keep = static_cast<int>(size) - 1;
    round_decimal(d, keep, true);
    if (fixed) keep = d.point + count;   // rounding may have moved the point (9.99 -> 10.0)
    if (keep > static_cast<int>(size) - 1) keep = static_cast<int>(size) - 1;
    int n = 0;
    for (; n < keep; ++n) out[n] = n < d.count ? d.digits[n] : '0';
    out[n < 0 ? 0 : n] = 0;
    *dec = zero ? 0 : d.point;
    return 0;
}
}  // namespace

WINAPI char* _ecvt(double value, int count, int* dec, int* sign) {
    if (!dec || !sign) {
        *errno_location() = kEinval;
        return nullptr;
    }
    *sign = __builtin_signbit(value) ? 1 : 0;
    if (special_digits(value, cvt_buffer, sizeof cvt_buffer)) {
        *dec = 1;
        return cvt_buffer;
    }
    cvt_digits(value, false, count < 1 ? 1 : count, cvt_buffer, sizeof cvt_buffer, dec);
    return cvt_buffer;
}
WINAPI char* _fcvt(double value, int count, int* dec, int* sign) {
    if (!dec || !sign) {
        *errno_location() = kEinval;
        return nullptr;
    }
    *sign = __builtin_signbit(value) ? 1 : 0;
    if (special_digits(value, cvt_buffer, sizeof cvt_buffer)) {
        *dec = 1;
        return cvt_buffer;
    }
    cvt_digits(value, true, count < 0 ? 0 : count, cvt_buffer, sizeof cvt_buffer, dec);
    return cvt_buffer;
}
WINAPI int _ecvt_s(char* out, size_t size, double value, int count, int* dec, int* sign) {
    if (!out || size == 0 || !dec || !sign || count < 0) {
        if (out && size) *out = 0;
        return *errno_location() = kEinval;
    }
    if (static_cast<size_t>(count) + 1 > size) {
        *out = 0;
        return *errno_location() = kErange;
    }
    char* digits = _ecvt(value, count, dec, sign);
    copy_text(out, size, digits);
    return 0;
}
WINAPI int _fcvt_s(char* out, size_t size, double value, int count, int* dec, int* sign) {
    if (!out || size == 0 || !dec || !sign || count < 0) {
        if (out && size) *out = 0;
        return *errno_location() = kEinval;
    }
    char* digits = _fcvt(value, count, dec, sign);
    if (::strlen(digits) + 1 > size) {
        *out = 0;
        return *errno_location() = kErange;
    }
    copy_text(out, size, digits);
    return 0;
}

// _gcvt: `count` significant digits in fixed notation when the decimal exponent is in
// [-1, count-1], else d.ddde+XXX (three exponent digits, as the documentation's examples show);
// trailing zeros of the fraction are dropped but the decimal point stays ("-314150.").
WINAPI int _gcvt_s(char* out, size_t size, double value, int count) {
    if (!out || size == 0 || count < 0) {
        if (out && size) *out = 0;
        return *errno_location() = kEinval;
    }
    char text[kCvtBufferSize + 16];
    int n = 0;
    if (__builtin_signbit(value) && value == value) text[n++] = '-';
    char digits[kCvtBufferSize];
    int dec = 0;
    if (count < 1) count = 1;
    if (count > kCvtBufferSize - 2) count = kCvtBufferSize - 2;
    if (special_digits(value, digits, sizeof digits)) {
        for (int i = 0; digits[i]; ++i) text[n++] = digits[i];
    } else {
        cvt_digits(value, false, count, digits, sizeof digits, &dec);
        if (value == 0) dec = 1;
        int magnitude = dec - 1;
        int last = count;   // digits[0..last) with trailing zeros dropped
        while (last > 1 && digits[last - 1] == '0') --last;
        if (magnitude < -1 || magnitude > count - 1) {
            text[n++] = digits[0];
            text[n++] = '.';
            for (int i = 1; i < last; ++i) text[n++] = digits[i];
            text[n++] = 'e';
            text[n++] = magnitude < 0 ? '-' : '+';
            int e = magnitude < 0 ? -magnitude : magnitude;
            text[n++] = static_cast<char>('0' + e / 100);
            text[n++] = static_cast<char>('0' + e / 10 % 10);
            text[n++] = static_cast<char>('0' + e % 10);
        } else if (dec <= 0) {
            text[n++] = '0';
            text[n++] = '.';
            for (int i = dec; i < 0; ++i) text[n++] = '0';
            for (int i = 0; i < last; ++i) text[n++] = digits[i];
        } else {
            for (int i = 0; i < dec; ++i) text[n++] = digits[i];
            text[n++] = '.';
            for (int i = dec; i < last; ++i) text[n++] = digits[i];
        }
    }
    text[n] = 0;
    if (static_cast<size_t>(n) + 1 > size) {
        *out = 0;
        return *errno_location() = kErange;
    }
    ::memcpy(out, text, static_cast<size_t>(n) + 1);
    return 0;
}
WINAPI char* _gcvt(double value, int count, char* out) {
    if (!out) {
        *errno_location() = kEinval;
        return nullptr;
    }
    _gcvt_s(out, static_cast<size_t>(kCvtBufferSize) + 16, value, count);
    return out;
}

WIN32_EXPORT_TABLE(msvcrt_convert_exports,
    WIN32_EXPORT(_strtoi64), WIN32_EXPORT(_strtoui64), WIN32_EXPORT_AS("strtoll", _strtoi64),
    WIN32_EXPORT_AS("strtoull", _strtoui64), WIN32_EXPORT_AS("strtol", strtol_), WIN32_EXPORT(strtoul),
    WIN32_EXPORT_AS("strtoimax", _strtoi64), WIN32_EXPORT_AS("strtoumax", _strtoui64),
    WIN32_EXPORT(atoi), WIN32_EXPORT(atol), WIN32_EXPORT(_atoi64), WIN32_EXPORT_AS("atoll", _atoi64),
    WIN32_EXPORT(strtod), WIN32_EXPORT(strtof), WIN32_EXPORT(atof), WIN32_EXPORT_AS("strtold", strtod),
    WIN32_EXPORT(_wcstoi64), WIN32_EXPORT(_wcstoui64), WIN32_EXPORT_AS("wcstoll", _wcstoi64),
    WIN32_EXPORT_AS("wcstoull", _wcstoui64), WIN32_EXPORT_AS("wcstoimax", _wcstoi64),
    WIN32_EXPORT_AS("wcstoumax", _wcstoui64), WIN32_EXPORT(wcstol), WIN32_EXPORT(wcstoul), WIN32_EXPORT(_wtoi),
    WIN32_EXPORT(_wtol), WIN32_EXPORT(_wtoi64), WIN32_EXPORT_AS("_wtoll", _wtoi64), WIN32_EXPORT(wcstod),
    WIN32_EXPORT(wcstof), WIN32_EXPORT_AS("wcstold", wcstod), WIN32_EXPORT(_wtof),
    WIN32_EXPORT(_strtoi64_l), WIN32_EXPORT(_strtoui64_l), WIN32_EXPORT_AS("_strtoll_l", _strtoi64_l),
    WIN32_EXPORT_AS("_strtoull_l", _strtoui64_l), WIN32_EXPORT(_strtol_l), WIN32_EXPORT(_strtoul_l),
    WIN32_EXPORT(_strtod_l), WIN32_EXPORT(_strtof_l), WIN32_EXPORT_AS("_strtold_l", _strtod_l),
    WIN32_EXPORT(_atof_l), WIN32_EXPORT(_atoi_l), WIN32_EXPORT(_atol_l), WIN32_EXPORT(_atoi64_l),
    WIN32_EXPORT_AS("_atoll_l", _atoi64_l), WIN32_EXPORT(_wcstoi64_l), WIN32_EXPORT(_wcstoui64_l),
    WIN32_EXPORT_AS("_wcstoll_l", _wcstoi64_l), WIN32_EXPORT_AS("_wcstoull_l", _wcstoui64_l),
    WIN32_EXPORT(_wcstol_l), WIN32_EXPORT(_wcstoul_l), WIN32_EXPORT(_wcstod_l),
    WIN32_EXPORT(_itoa), WIN32_EXPORT(_ultoa), WIN32_EXPORT(_i64toa), WIN32_EXPORT(_ui64toa),
    WIN32_EXPORT_AS("_ltoa", _itoa), WIN32_EXPORT_AS("itoa", _itoa), WIN32_EXPORT_AS("ltoa", _itoa),
    WIN32_EXPORT(_itow), WIN32_EXPORT(_ultow), WIN32_EXPORT(_i64tow), WIN32_EXPORT(_ui64tow),
    WIN32_EXPORT_AS("_ltow", _itow), WIN32_EXPORT(_itoa_s), WIN32_EXPORT(_ultoa_s),
    WIN32_EXPORT_AS("_ltoa_s", _itoa_s), WIN32_EXPORT(_i64toa_s), WIN32_EXPORT(_ui64toa_s),
    WIN32_EXPORT(_itow_s), WIN32_EXPORT_AS("_ltow_s", _itow_s), WIN32_EXPORT(_i64tow_s),
    WIN32_EXPORT(_ecvt), WIN32_EXPORT(_fcvt), WIN32_EXPORT(_gcvt), WIN32_EXPORT(_ecvt_s), WIN32_EXPORT(_fcvt_s),
    WIN32_EXPORT(_gcvt_s), WIN32_EXPORT_AS("ecvt", _ecvt), WIN32_EXPORT_AS("fcvt", _fcvt),
    WIN32_EXPORT_AS("gcvt", _gcvt));

}  // namespace win32::crt
