// The CRT's <math.h>: what msvcrt.dll and ucrtbase.dll (api-ms-win-crt-math) export. The
// transcendental functions use the x87 unit (fsin, fpatan, fyl2x, f2xm1, fscale, fprem) in
// 80-bit precision and round once to double, so results are within an ulp of the correctly
// rounded value, like the Microsoft runtime's. Domain errors give NaN and errno EDOM, range
// errors +-HUGE_VAL and ERANGE, as the CRT documents.
#include <libos/libc.h>

#include "dlls/msvcrt/crt.h"
#include "registry/registry.h"

namespace win32::crt {
namespace {

using ld = long double;

constexpr int kEdom = 33, kErange = 34;

double nan_value() { return __builtin_nan(""); }
double inf_value() { return __builtin_inf(); }
bool is_nan(double x) { return __builtin_isnan(x); }
bool is_inf(double x) { return __builtin_isinf(x); }

double domain_error() {
    *errno_location() = kEdom;
    return -nan_value();   // the x86 "indefinite" NaN the CRT returns
}
double range_check(ld value) {
    auto d = static_cast<double>(value);
    if (is_inf(d) || (d == 0 && value != 0)) *errno_location() = kErange;
    return d;
}

ld x87_sin(ld x) { ld r; asm("fsin" : "=t"(r) : "0"(x)); return r; }
ld x87_cos(ld x) { ld r; asm("fcos" : "=t"(r) : "0"(x)); return r; }
ld x87_atan2(ld y, ld x) { ld r; asm("fpatan" : "=t"(r) : "0"(x), "u"(y) : "st(1)"); return r; }
ld x87_yl2x(ld x, ld y) { ld r; asm("fyl2x" : "=t"(r) : "0"(x), "u"(y) : "st(1)"); return r; }   // y*log2(x)
ld x87_sqrt(ld x) { ld r; asm("fsqrt" : "=t"(r) : "0"(x)); return r; }
ld x87_rndint(ld x) { ld r; asm("frndint" : "=t"(r) : "0"(x)); return r; }
ld x87_scale(ld x, ld e) { ld r; asm("fscale" : "=t"(r) : "0"(x), "u"(e)); return r; }
ld x87_f2xm1(ld x) { ld r; asm("f2xm1" : "=t"(r) : "0"(x)); return r; }
ld x87_prem(ld x, ld y) {   // fmod: x - trunc(x/y)*y, exact
    ld r;
    asm("1: fprem\n\tfnstsw %%ax\n\ttestw $0x400, %%ax\n\tjnz 1b" : "=t"(r) : "0"(x), "u"(y) : "ax", "cc");
    return r;
}
ld x87_prem1(ld x, ld y) {   // remainder: x - round_even(x/y)*y
    ld r;
    asm("1: fprem1\n\tfnstsw %%ax\n\ttestw $0x400, %%ax\n\tjnz 1b" : "=t"(r) : "0"(x), "u"(y) : "ax", "cc");
    return r;
}

// Arguments beyond 2^63 are outside fsin/fcos's range: reduce by 2*pi first (exact with fprem
// for the magnitudes the CRT meets in practice).
ld reduce(ld x) {
    if (x > 0x1p62L || x < -0x1p62L) {
        const ld two_pi = 6.283185307179586476925286766559005768L;
        x = x87_prem(x, two_pi);
    }
    return x;
}

ld exp2_long(ld x) {   // 2^x for any finite x
    ld integer = x87_rndint(x);
    ld fraction = x - integer;   // |fraction| <= 0.5
    return x87_scale(x87_f2xm1(fraction) + 1, integer);
}
constexpr ld kLog2e = 1.442695040888963407359924681001892137L;
constexpr ld kLn2 = 0.693147180559945309417232121458176568L;
constexpr ld kLog10_2 = 0.301029995663981195213738894724493027L;

ld exp_long(ld x) { return exp2_long(x * kLog2e); }

// Rounding to integers without libm (GCC lowers __builtin_floor to a call without SSE4.1).
double trunc_double(double x) {
    if (!(__builtin_fabs(x) < 0x1p52)) return x;   // already integral, or NaN/inf
    double t = static_cast<double>(static_cast<int64_t>(x));
    return t == 0 ? __builtin_copysign(0.0, x) : t;
}
double floor_double(double x) {
    double t = trunc_double(x);
    return t > x ? t - 1 : t;
}
double ceil_double(double x) {
    double t = trunc_double(x);
    if (t < x) t += 1;
    return t == 0 ? __builtin_copysign(0.0, x) : t;
}
double round_double(double x) {   // halves away from zero
    if (!(__builtin_fabs(x) < 0x1p52)) return x;
    double t = trunc_double(x);
    if (__builtin_fabs(x - t) >= 0.5) t += x < 0 ? -1 : 1;
    return t == 0 ? __builtin_copysign(0.0, x) : t;
}
double rint_double(double x) {    // current rounding mode (to nearest even)
    if (!(__builtin_fabs(x) < 0x1p52)) return x;
    double big = __builtin_copysign(0x1p52, x);
    double r = (x + big) - big;
    return r == 0 ? __builtin_copysign(0.0, x) : r;
}

}  // namespace

WINAPI double sqrt_(double x) {
    if (x < 0) return domain_error();
    return static_cast<double>(x87_sqrt(x));
}
WINAPI double fabs_(double x) { return __builtin_fabs(x); }
WINAPI double sin_(double x) {
    if (is_inf(x)) return domain_error();
    return static_cast<double>(x87_sin(reduce(x)));
}
WINAPI double cos_(double x) {
    if (is_inf(x)) return domain_error();
    return static_cast<double>(x87_cos(reduce(x)));
}
WINAPI double tan_(double x) {
    if (is_inf(x)) return domain_error();
    ld r = reduce(x);
    return static_cast<double>(x87_sin(r) / x87_cos(r));
}
WINAPI double atan2_(double y, double x) {
    if (is_nan(x) || is_nan(y)) return x + y;
    return static_cast<double>(x87_atan2(y, x));
}
WINAPI double atan_(double x) {
    if (is_nan(x)) return x;
    return static_cast<double>(x87_atan2(x, 1.0L));
}
WINAPI double asin_(double x) {
    if (is_nan(x)) return x;
    if (x > 1 || x < -1) return domain_error();
    ld v = x;
    return static_cast<double>(x87_atan2(v, x87_sqrt((1 - v) * (1 + v))));
}
WINAPI double acos_(double x) {
    if (is_nan(x)) return x;
    if (x > 1 || x < -1) return domain_error();
    ld v = x;
    return static_cast<double>(x87_atan2(x87_sqrt((1 - v) * (1 + v)), v));
}
WINAPI double exp_(double x) {
    if (is_nan(x)) return x;
    if (is_inf(x)) return x > 0 ? x : 0.0;
    if (x > 709.8) return range_check(inf_value());
    if (x < -745.2) return range_check(0.0L * 0 + 1e-4000L);
    return range_check(exp_long(x));
}
WINAPI double exp2_(double x) {
    if (is_nan(x)) return x;
    if (is_inf(x)) return x > 0 ? x : 0.0;
    if (x > 1024) return range_check(inf_value());
    if (x < -1080) return range_check(1e-4000L);
    return range_check(exp2_long(x));
}
WINAPI double log_(double x) {
    if (is_nan(x)) return x;
    if (x < 0) return domain_error();
    if (x == 0) return *errno_location() = kErange, -inf_value();
    if (is_inf(x)) return x;
    return static_cast<double>(x87_yl2x(x, kLn2));
}
WINAPI double log10_(double x) {
    if (is_nan(x)) return x;
    if (x < 0) return domain_error();
    if (x == 0) return *errno_location() = kErange, -inf_value();
    if (is_inf(x)) return x;
    return static_cast<double>(x87_yl2x(x, kLog10_2));
}
WINAPI double log2_(double x) {
    if (is_nan(x)) return x;
    if (x < 0) return domain_error();
    if (x == 0) return *errno_location() = kErange, -inf_value();
    if (is_inf(x)) return x;
    return static_cast<double>(x87_yl2x(x, 1.0L));
}
WINAPI double log1p_(double x) {
    if (x == -1) return *errno_location() = kErange, -inf_value();
    if (x < -1) return domain_error();
    if (__builtin_fabs(x) < 1e-4) {   // series keeps the low bits fyl2x(1+x) would lose
        ld v = x;
        return static_cast<double>(v - v * v / 2 + v * v * v / 3 - v * v * v * v / 4);
    }
    return log_(1 + x);
}
WINAPI double expm1_(double x) {
    if (__builtin_fabs(x) < 1e-5) {
        ld v = x;
        return static_cast<double>(v + v * v / 2 + v * v * v / 6);
    }
    if (x < -40) return -1.0;
    return range_check(exp_long(x) - 1);
}
WINAPI double floor_(double x) { return floor_double(x); }
WINAPI double ceil_(double x) { return ceil_double(x); }
WINAPI double trunc_(double x) { return trunc_double(x); }
WINAPI double round_(double x) { return round_double(x); }
WINAPI double rint_(double x) { return rint_double(x); }
WINAPI double nearbyint_(double x) { return rint_double(x); }
WINAPI int32_t lround_(double x) { return static_cast<int32_t>(round_double(x)); }
WINAPI int64_t llround_(double x) { return static_cast<int64_t>(round_double(x)); }
WINAPI int32_t lrint_(double x) { return static_cast<int32_t>(rint_double(x)); }
WINAPI int64_t llrint_(double x) { return static_cast<int64_t>(rint_double(x)); }
WINAPI double fmod_(double x, double y) {
    if (is_nan(x) || is_nan(y)) return x + y;
    if (is_inf(x) || y == 0) return domain_error();
    if (is_inf(y)) return x;
    return static_cast<double>(x87_prem(x, y));
}
WINAPI double remainder_(double x, double y) {
    if (is_nan(x) || is_nan(y)) return x + y;
    if (is_inf(x) || y == 0) return domain_error();
    if (is_inf(y)) return x;
    return static_cast<double>(x87_prem1(x, y));
}
WINAPI double modf_(double x, double* integer) {
    double t = trunc_double(x);
    *integer = t;
    if (is_inf(x)) return __builtin_copysign(0.0, x);
    return x - t;
}
WINAPI double frexp_(double x, int* exponent) {
    *exponent = 0;
    if (x == 0 || is_nan(x) || is_inf(x)) return x;
    uint64_t bits;
    memcpy(&bits, &x, 8);
    int e = static_cast<int>((bits >> 52) & 0x7ff);
    if (e == 0) {   // subnormal: scale into the normal range first
        x *= 0x1p64;
        memcpy(&bits, &x, 8);
        e = static_cast<int>((bits >> 52) & 0x7ff) - 64;
    }
    *exponent = e - 1022;
    bits = (bits & ~(0x7ffull << 52)) | (1022ull << 52);
    memcpy(&x, &bits, 8);
    return x;
}
WINAPI double ldexp_(double x, int exponent) {
    if (x == 0 || is_nan(x) || is_inf(x)) return x;
    return range_check(x87_scale(x, exponent));
}
WINAPI double scalbn_(double x, int exponent) { return ldexp_(x, exponent); }
WINAPI double pow_(double x, double y) {
    if (y == 0) return 1;
    if (x == 1) return 1;
    if (is_nan(x) || is_nan(y)) return x + y;
    if (is_inf(y)) {
        double ax = __builtin_fabs(x);
        if (ax == 1) return 1;
        return (ax > 1) == (y > 0) ? inf_value() : 0.0;
    }
    bool integer_y = trunc_double(y) == y;
    bool odd_y = integer_y && __builtin_fabs(y) < 0x1p53 && x87_prem(y, 2.0L) != 0;
    if (x == 0) {
        if (y < 0) {
            *errno_location() = kErange;
            return odd_y ? __builtin_copysign(inf_value(), x) : inf_value();
        }
        return odd_y ? x : 0.0;
    }
    if (is_inf(x)) {
        if (x > 0) return y > 0 ? inf_value() : 0.0;
        return y > 0 ? (odd_y ? -inf_value() : inf_value()) : (odd_y ? -0.0 : 0.0);
    }
    bool negate = false;
    ld base = x;
    if (x < 0) {
        if (!integer_y) return domain_error();
        base = -base;
        negate = odd_y;
    }
    ld result;
    if (integer_y && __builtin_fabs(y) <= 64) {
        // Exact powers for small integer exponents (2^10 is 1024, not 1023.9999…).
        uint64_t n = static_cast<uint64_t>(__builtin_fabs(y));
        result = 1;
        for (ld b = base; n; n >>= 1, b *= b)
            if (n & 1) result *= b;
        if (y < 0) result = 1 / result;
    } else {
        ld exponent = x87_yl2x(base, 1.0L) * y;   // log2(base) * y
        if (exponent > 1100) result = 0x1p1100L * 0x1p1100L;
        else if (exponent < -1200) result = 0;
        else result = exp2_long(exponent);
    }
    return range_check(negate ? -result : result);
}
WINAPI double cbrt_(double x) {
    if (x == 0 || is_nan(x) || is_inf(x)) return x;
    ld a = __builtin_fabs(x);
    ld r = exp2_long(x87_yl2x(a, 1.0L) / 3);
    r = r - (r * r * r - a) / (3 * r * r);   // one Newton step in long double
    return static_cast<double>(x < 0 ? -r : r);
}
WINAPI double hypot_(double x, double y) {
    if (is_inf(x) || is_inf(y)) return inf_value();
    ld a = x, b = y;
    return range_check(x87_sqrt(a * a + b * b));
}
WINAPI double sinh_(double x) {
    if (is_nan(x) || is_inf(x) || x == 0) return x;
    if (__builtin_fabs(x) < 1e-5) return x;
    ld e = exp_long(x);
    return range_check((e - 1 / e) / 2);
}
WINAPI double cosh_(double x) {
    if (is_nan(x)) return x;
    if (is_inf(x)) return inf_value();
    ld e = exp_long(x);
    return range_check((e + 1 / e) / 2);
}
WINAPI double tanh_(double x) {
    if (is_nan(x) || x == 0) return x;
    if (x > 22) return 1.0;
    if (x < -22) return -1.0;
    ld e = exp_long(2.0L * x);
    return static_cast<double>((e - 1) / (e + 1));
}
WINAPI double asinh_(double x) {
    if (is_nan(x) || is_inf(x) || x == 0) return x;
    ld a = __builtin_fabs(x);
    ld r = x87_yl2x(a + x87_sqrt(a * a + 1), kLn2);
    return static_cast<double>(x < 0 ? -r : r);
}
WINAPI double acosh_(double x) {
    if (x < 1) return domain_error();
    if (is_inf(x)) return x;
    ld a = x;
    return static_cast<double>(x87_yl2x(a + x87_sqrt(a * a - 1), kLn2));
}
WINAPI double atanh_(double x) {
    if (x > 1 || x < -1) return domain_error();
    if (x == 1 || x == -1) return *errno_location() = kErange, __builtin_copysign(inf_value(), x);
    ld a = x;
    return static_cast<double>(x87_yl2x((1 + a) / (1 - a), kLn2) / 2);
}
WINAPI double copysign_(double x, double y) { return __builtin_copysign(x, y); }
WINAPI double fmax_(double x, double y) { return is_nan(x) ? y : is_nan(y) ? x : x > y ? x : y; }
WINAPI double fmin_(double x, double y) { return is_nan(x) ? y : is_nan(y) ? x : x < y ? x : y; }
WINAPI double fdim_(double x, double y) { return x > y ? x - y : 0.0; }
WINAPI double fma_(double x, double y, double z) {
    // 64-bit product: not always the exact fused result.
    return static_cast<double>(static_cast<ld>(x) * y + z);
}
WINAPI double logb_(double x) {
    if (x == 0) return -inf_value();
    int e;
    frexp_(x, &e);
    return e - 1;
}
WINAPI int ilogb_(double x) {
    if (x == 0) return INT32_MIN;
    int e;
    frexp_(x, &e);
    return e - 1;
}
WINAPI double nextafter_(double x, double y) {
    if (is_nan(x) || is_nan(y)) return x + y;
    if (x == y) return y;
    if (x == 0) return __builtin_copysign(0x1p-1074, y);
    uint64_t bits;
    memcpy(&bits, &x, 8);
    if ((x < y) == (x > 0)) ++bits;
    else --bits;
    memcpy(&x, &bits, 8);
    return x;
}
// The Microsoft names for classification and the C99 ones.
WINAPI int _finite(double x) { return !is_nan(x) && !is_inf(x); }
WINAPI int _isnan(double x) { return is_nan(x); }
WINAPI double _copysign(double x, double y) { return __builtin_copysign(x, y); }
WINAPI double _chgsign(double x) { return -x; }
WINAPI double _hypot(double x, double y) { return hypot_(x, y); }
WINAPI double _logb(double x) { return logb_(x); }
WINAPI double _nextafter(double x, double y) { return nextafter_(x, y); }
WINAPI int _fpclass(double x) {
    // _FPCLASS_*: SNAN 1, QNAN 2, NINF 4, NN 8, ND 0x10, NZ 0x20, PZ 0x40, PD 0x80, PN 0x100, PINF 0x200
    bool negative = __builtin_signbit(x);
    if (is_nan(x)) {
        uint64_t bits;
        memcpy(&bits, &x, 8);
        return (bits & 0x0008000000000000ull) ? 2 : 1;
    }
    if (is_inf(x)) return negative ? 4 : 0x200;
    if (x == 0) return negative ? 0x20 : 0x40;
    bool subnormal = __builtin_fabs(x) < 0x1p-1022;
    return negative ? (subnormal ? 0x10 : 8) : (subnormal ? 0x80 : 0x100);
}
// ucrt's classification helpers that <math.h>'s fpclassify/signbit macros call.
WINAPI short _dclass(double x) {
    // FP_INFINITE 1, FP_NAN 2, FP_NORMAL -1, FP_SUBNORMAL -2, FP_ZERO 0 (ucrt's corecrt_math.h)
    if (is_nan(x)) return 2;
    if (is_inf(x)) return 1;
    if (x == 0) return 0;
    return __builtin_fabs(x) < 0x1p-1022 ? -2 : -1;
}
WINAPI int _dsign(double x) { return __builtin_signbit(x) ? 0x8000 : 0; }
WINAPI short _fdclass(float x) { return _dclass(x); }
WINAPI int _fdsign(float x) { return __builtin_signbit(x) ? 0x8000 : 0; }
WINAPI int _dtest(double* x) { return _dclass(*x); }

// float variants (ucrt exports them; x64 msvcrt too).
WINAPI float sqrtf_(float x) { return static_cast<float>(sqrt_(x)); }
WINAPI float sinf_(float x) { return static_cast<float>(sin_(x)); }
WINAPI float cosf_(float x) { return static_cast<float>(cos_(x)); }
WINAPI float tanf_(float x) { return static_cast<float>(tan_(x)); }
WINAPI float atanf_(float x) { return static_cast<float>(atan_(x)); }
WINAPI float atan2f_(float y, float x) { return static_cast<float>(atan2_(y, x)); }
WINAPI float asinf_(float x) { return static_cast<float>(asin_(x)); }
WINAPI float acosf_(float x) { return static_cast<float>(acos_(x)); }
WINAPI float expf_(float x) { return static_cast<float>(exp_(x)); }
WINAPI float logf_(float x) { return static_cast<float>(log_(x)); }
WINAPI float log10f_(float x) { return static_cast<float>(log10_(x)); }
WINAPI float log2f_(float x) { return static_cast<float>(log2_(x)); }
WINAPI float powf_(float x, float y) { return static_cast<float>(pow_(x, y)); }
WINAPI float fmodf_(float x, float y) { return static_cast<float>(fmod_(x, y)); }
WINAPI float floorf_(float x) { return static_cast<float>(floor_double(x)); }
WINAPI float ceilf_(float x) { return static_cast<float>(ceil_double(x)); }
WINAPI float truncf_(float x) { return static_cast<float>(trunc_double(x)); }
WINAPI float roundf_(float x) { return static_cast<float>(round_double(x)); }
WINAPI float fabsf_(float x) { return __builtin_fabsf(x); }
WINAPI float sinhf_(float x) { return static_cast<float>(sinh_(x)); }
WINAPI float coshf_(float x) { return static_cast<float>(cosh_(x)); }
WINAPI float tanhf_(float x) { return static_cast<float>(tanh_(x)); }
WINAPI float hypotf_(float x, float y) { return static_cast<float>(hypot_(x, y)); }
WINAPI float cbrtf_(float x) { return static_cast<float>(cbrt_(x)); }
WINAPI float modff_(float x, float* integer) {
    double i;
    double f = modf_(x, &i);
    *integer = static_cast<float>(i);
    return static_cast<float>(f);
}
WINAPI float frexpf_(float x, int* e) { return static_cast<float>(frexp_(x, e)); }
WINAPI float ldexpf_(float x, int e) { return static_cast<float>(ldexp_(x, e)); }

WIN32_EXPORT_TABLE(msvcrt_math_exports,
    WIN32_EXPORT_AS("sqrt", sqrt_), WIN32_EXPORT_AS("fabs", fabs_), WIN32_EXPORT_AS("sin", sin_),
    WIN32_EXPORT_AS("cos", cos_), WIN32_EXPORT_AS("tan", tan_), WIN32_EXPORT_AS("atan2", atan2_),
    WIN32_EXPORT_AS("atan", atan_), WIN32_EXPORT_AS("asin", asin_), WIN32_EXPORT_AS("acos", acos_),
    WIN32_EXPORT_AS("exp", exp_), WIN32_EXPORT_AS("exp2", exp2_), WIN32_EXPORT_AS("log", log_),
    WIN32_EXPORT_AS("log10", log10_), WIN32_EXPORT_AS("log2", log2_), WIN32_EXPORT_AS("log1p", log1p_),
    WIN32_EXPORT_AS("expm1", expm1_), WIN32_EXPORT_AS("floor", floor_), WIN32_EXPORT_AS("ceil", ceil_),
    WIN32_EXPORT_AS("trunc", trunc_), WIN32_EXPORT_AS("round", round_), WIN32_EXPORT_AS("rint", rint_),
    WIN32_EXPORT_AS("nearbyint", nearbyint_), WIN32_EXPORT_AS("lround", lround_),
    WIN32_EXPORT_AS("llround", llround_), WIN32_EXPORT_AS("lrint", lrint_), WIN32_EXPORT_AS("llrint", llrint_),
    WIN32_EXPORT_AS("fmod", fmod_), WIN32_EXPORT_AS("remainder", remainder_), WIN32_EXPORT_AS("modf", modf_),
    WIN32_EXPORT_AS("frexp", frexp_), WIN32_EXPORT_AS("ldexp", ldexp_), WIN32_EXPORT_AS("scalbn", scalbn_),
    WIN32_EXPORT_AS("pow", pow_), WIN32_EXPORT_AS("cbrt", cbrt_), WIN32_EXPORT_AS("hypot", hypot_),
    WIN32_EXPORT_AS("sinh", sinh_), WIN32_EXPORT_AS("cosh", cosh_), WIN32_EXPORT_AS("tanh", tanh_),
    WIN32_EXPORT_AS("asinh", asinh_), WIN32_EXPORT_AS("acosh", acosh_), WIN32_EXPORT_AS("atanh", atanh_),
    WIN32_EXPORT_AS("copysign", copysign_), WIN32_EXPORT_AS("fmax", fmax_), WIN32_EXPORT_AS("fmin", fmin_),
    WIN32_EXPORT_AS("fdim", fdim_), WIN32_EXPORT_AS("fma", fma_), WIN32_EXPORT_AS("logb", logb_),
    WIN32_EXPORT_AS("ilogb", ilogb_), WIN32_EXPORT_AS("nextafter", nextafter_), WIN32_EXPORT(_finite),
    WIN32_EXPORT(_isnan), WIN32_EXPORT(_copysign), WIN32_EXPORT(_chgsign), WIN32_EXPORT(_hypot),
    WIN32_EXPORT(_logb), WIN32_EXPORT(_nextafter), WIN32_EXPORT(_fpclass), WIN32_EXPORT(_dclass),
    WIN32_EXPORT(_dsign), WIN32_EXPORT(_fdclass), WIN32_EXPORT(_fdsign), WIN32_EXPORT(_dtest),
    WIN32_EXPORT_AS("sqrtf", sqrtf_), WIN32_EXPORT_AS("sinf", sinf_), WIN32_EXPORT_AS("cosf", cosf_),
    WIN32_EXPORT_AS("tanf", tanf_), WIN32_EXPORT_AS("atanf", atanf_), WIN32_EXPORT_AS("atan2f", atan2f_),
    WIN32_EXPORT_AS("asinf", asinf_), WIN32_EXPORT_AS("acosf", acosf_), WIN32_EXPORT_AS("expf", expf_),
    WIN32_EXPORT_AS("logf", logf_), WIN32_EXPORT_AS("log10f", log10f_), WIN32_EXPORT_AS("log2f", log2f_),
    WIN32_EXPORT_AS("powf", powf_), WIN32_EXPORT_AS("fmodf", fmodf_), WIN32_EXPORT_AS("floorf", floorf_),
    WIN32_EXPORT_AS("ceilf", ceilf_), WIN32_EXPORT_AS("truncf", truncf_), WIN32_EXPORT_AS("roundf", roundf_),
    WIN32_EXPORT_AS("fabsf", fabsf_), WIN32_EXPORT_AS("sinhf", sinhf_), WIN32_EXPORT_AS("coshf", coshf_),
    WIN32_EXPORT_AS("tanhf", tanhf_), WIN32_EXPORT_AS("hypotf", hypotf_), WIN32_EXPORT_AS("cbrtf", cbrtf_),
    WIN32_EXPORT_AS("modff", modff_), WIN32_EXPORT_AS("frexpf", frexpf_), WIN32_EXPORT_AS("ldexpf", ldexpf_));

}  // namespace win32::crt
