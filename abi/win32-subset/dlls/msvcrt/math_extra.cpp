// The rest of C99's <math.h> that ucrtbase exports (api-ms-win-crt-math): the error and gamma
// functions, remquo, nan, scalbln, nexttoward, and the float forms math.cpp does not have.
// erf: its Maclaurin series below |x| = 2.5, erfc's continued fraction above; tgamma/lgamma:
// Lanczos (g = 7, 9 terms) with the reflection formula below 0.5 and Stirling's series for
// large arguments; all in 80-bit long double, rounded once. Within a few ulps of the correctly
// rounded result (tests allow 1e-14 relative). The float forms compute in double and round once.
#include <libos/libc.h>

#include "dlls/msvcrt/crt.h"
#include "registry/registry.h"

namespace win32::crt {

// math.cpp, by their C++ names.
WINAPI double expm1_(double);
WINAPI double exp2_(double);
WINAPI double log1p_(double);
WINAPI double rint_(double);
WINAPI int32_t lround_(double);
WINAPI int64_t llround_(double);
WINAPI int32_t lrint_(double);
WINAPI int64_t llrint_(double);
WINAPI double remainder_(double, double);
WINAPI double nextafter_(double, double);
WINAPI double scalbn_(double, int);
WINAPI double logb_(double);
WINAPI int ilogb_(double);
WINAPI double acosh_(double);
WINAPI double asinh_(double);
WINAPI double atanh_(double);
WINAPI double copysign_(double, double);
WINAPI double fdim_(double, double);
WINAPI double fmax_(double, double);
WINAPI double fmin_(double, double);

namespace {

using ld = long double;
constexpr int kEdom = 33, kErange = 34;
constexpr ld kPi = 3.14159265358979323846264338327950288L;
constexpr ld kTwoOverSqrtPi = 1.12837916709551257389615890312154517L;
constexpr ld kOneOverSqrtPi = 0.56418958354775628694807945156077259L;
constexpr ld kHalfLogTwoPi = 0.91893853320467274178032973640561764L;

// x87: e^x = 2^(x log2 e), split into integer and fraction parts.
ld exp_ld(ld x) {
    if (x < -20000) return 0;
    if (x > 20000) return __builtin_infl();
    ld t;
    asm("fldl2e; fmulp" : "=t"(t) : "0"(x));
    ld n;
    asm("frndint" : "=t"(n) : "0"(t));
    ld f = t - n, p;
    asm("f2xm1" : "=t"(p) : "0"(f));
    ld r;
    asm("fscale" : "=t"(r) : "0"(p + 1), "u"(n));
    return r;
}
ld log_ld(ld x) {   // ln x = log2(x) * ln 2
    ld r;
    asm("fldln2; fxch; fyl2x" : "=t"(r) : "0"(x) : "st(1)");
    return r;
}
ld sin_ld(ld x) {
    ld r;
    asm("fsin" : "=t"(r) : "0"(x));
    return r;
}

double range_checked(ld value) {
    auto d = static_cast<double>(value);
    if (__builtin_isinf(d) || (d == 0 && value != 0)) *errno_location() = kErange;
    return d;
}

// erf(x) for |x| < 2.5: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)).
ld erf_series(ld x) {
    ld x2 = x * x, term = x, sum = x;
    for (int n = 1; n < 300; ++n) {
        term *= -x2 / n;
        ld add = term / (2 * n + 1);
        sum += add;
        if (__builtin_fabsl(add) < 1e-21L * __builtin_fabsl(sum)) break;
    }
    return kTwoOverSqrtPi * sum;
}
// erfc(x) for x >= 2.5: exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))).
ld erfc_fraction(ld x) {
    ld f = x;
    for (int k = 200; k >= 1; --k) f = x + (k / 2.0L) / f;
    return exp_ld(-x * x) * kOneOverSqrtPi / f;
}

// Lanczos, g = 7 (Godfrey's coefficients): Gamma(x + 1) for x >= -0.5.
constexpr ld kLanczos[] = {0.99999999999980993227684700473478L,  676.520368121885098567009190444019L,
                           -1259.13921672240287047156078755283L, 771.32342877765307884865282379925L,
                           -176.615029162140599065845513540L,    12.507343278686904814458936853L,
                           -0.13857109526572011689554707L,       9.984369578019570859563e-6L,
                           1.50563273514931155834e-7L};
ld lanczos_log_gamma_plus_one(ld x) {   // ln Gamma(x + 1)
    ld sum = kLanczos[0];
    for (int i = 1; i < 9; ++i) sum += kLanczos[i] / (x + i);
    ld t = x + 7.5L;
    return kHalfLogTwoPi + (x + 0.5L) * log_ld(t) - t + log_ld(sum);
}
// ln|Gamma(x)| for x > 0.
ld log_gamma_positive(ld x) {
    if (x >= 20) {
        // Stirling: (x-1/2)ln x - x + ln(2pi)/2 + 1/(12x) - 1/(360x^3) + 1/(1260x^5) - 1/(1680x^7)
        ld inv = 1 / x, inv2 = inv * inv;
        ld series = inv * (1.0L / 12 - inv2 * (1.0L / 360 - inv2 * (1.0L / 1260 - inv2 / 1680)));
        return (x - 0.5L) * log_ld(x) - x + kHalfLogTwoPi + series;
    }
    if (x < 0.5L) return lanczos_log_gamma_plus_one(x) - log_ld(x);   // Gamma(x) = Gamma(x+1)/x
    return lanczos_log_gamma_plus_one(x - 1);
}

}  // namespace

WINAPI double erf(double x) {
    if (__builtin_isnan(x)) return x;
    ld v = x;
    if (__builtin_fabsl(v) < 2.5L) return static_cast<double>(erf_series(v));
    ld c = erfc_fraction(__builtin_fabsl(v));
    return static_cast<double>(v > 0 ? 1 - c : c - 1);
}
WINAPI double erfc(double x) {
    if (__builtin_isnan(x)) return x;
    ld v = x;
    if (v >= 2.5L) return range_checked(erfc_fraction(v));
    if (v <= -2.5L) return static_cast<double>(2 - erfc_fraction(-v));
    return static_cast<double>(1 - erf_series(v));
}
WINAPI double tgamma(double x) {
    if (__builtin_isnan(x)) return x;
    if (x == 0) {
        *errno_location() = kErange;
        return __builtin_copysign(__builtin_inf(), x);
    }
    if (__builtin_isinf(x)) {
        if (x > 0) return x;
        *errno_location() = kEdom;
        return __builtin_nan("");
    }
    if (x < 0 && x == static_cast<double>(static_cast<int64_t>(x))) {   // negative integers: poles
        *errno_location() = kEdom;
        return __builtin_nan("");
    }
    if (x > 171.7) {
        *errno_location() = kErange;
        return __builtin_inf();
    }
    ld v = x;
    // Small positive integers: exact factorials.
    if (v == static_cast<int>(v) && v >= 1 && v <= 30) {
        ld f = 1;
        for (int i = 2; i < static_cast<int>(v); ++i) f *= i;
        return static_cast<double>(f);
    }
    if (v < 0.5L) {
        // Reflection: Gamma(x) Gamma(1-x) = pi / sin(pi x).
        ld g = exp_ld(log_gamma_positive(1 - v));
        return range_checked(kPi / (sin_ld(kPi * v) * g));
    }
    return range_checked(exp_ld(log_gamma_positive(v)));
}
WINAPI double lgamma(double x) {
    if (__builtin_isnan(x)) return x;
    if (__builtin_isinf(x)) return __builtin_inf();
    if (x <= 0 && x == static_cast<double>(static_cast<int64_t>(x))) {
        *errno_location() = kErange;
        return __builtin_inf();
    }
    ld v = x;
    if (v == 1 || v == 2) return 0;
    if (v < 0.5L) {
        ld s = sin_ld(kPi * v);
        return range_checked(log_ld(kPi / __builtin_fabsl(s)) - log_gamma_positive(1 - v));
    }
    return range_checked(log_gamma_positive(v));
}

// remquo: the remainder of x/y rounded to nearest, and the quotient's sign with its low 3 bits.
WINAPI double remquo(double x, double y, int* quotient) {
    double r = remainder_(x, y);
    double q = (x - r) / y;
    double magnitude = __builtin_fabs(q);   // an integer; above 2^63 its low 3 bits are 0
    long long n = magnitude < 9.2e18 ? static_cast<long long>(static_cast<unsigned long long>(magnitude) & 7) : 0;
    *quotient = static_cast<int>(q < 0 ? -n : n);
    return r;
}
WINAPI double nan(const char*) { return __builtin_nan(""); }
WINAPI float nanf(const char*) { return __builtin_nanf(""); }
WINAPI double scalbln(double x, LONG n) {   // long: 32 bits on Windows
    if (n > 100000) n = 100000;
    if (n < -100000) n = -100000;
    return scalbn_(x, static_cast<int>(n));
}
// long double is double in the Microsoft ABI.
WINAPI double nexttoward(double x, double y) { return nextafter_(x, y); }
WINAPI float nextafterf(float x, float y) {
    if (__builtin_isnan(x) || __builtin_isnan(y)) return x + y;
    if (x == y) return y;
    if (x == 0) return __builtin_copysignf(1e-45f, y);   // the smallest subnormal
    uint32_t bits;
    __builtin_memcpy(&bits, &x, 4);
    bits += ((x < y) == (x > 0)) ? 1 : -1;
    float r;
    __builtin_memcpy(&r, &bits, 4);
    if (__builtin_isinf(r) || r == 0 || __builtin_fabsf(r) < 1.17549435e-38f) *errno_location() = kErange;
    return r;
}
WINAPI float nexttowardf(float x, double y) {
    return y > x ? nextafterf(x, __builtin_inff()) : y < x ? nextafterf(x, -__builtin_inff()) : static_cast<float>(y);
}

// Float forms: computed in double, rounded once.
#define CELDA_FLOAT_OF(name, base) \
    WINAPI float name(float x) { return static_cast<float>(base(x)); }
CELDA_FLOAT_OF(acoshf, acosh_)
CELDA_FLOAT_OF(asinhf, asinh_)
CELDA_FLOAT_OF(atanhf, atanh_)
CELDA_FLOAT_OF(exp2f, exp2_)
CELDA_FLOAT_OF(expm1f, expm1_)
CELDA_FLOAT_OF(log1pf, log1p_)
CELDA_FLOAT_OF(logbf, logb_)
CELDA_FLOAT_OF(rintf, rint_)
CELDA_FLOAT_OF(nearbyintf, rint_)
CELDA_FLOAT_OF(erff, erf)
CELDA_FLOAT_OF(erfcf, erfc)
CELDA_FLOAT_OF(tgammaf, tgamma)
CELDA_FLOAT_OF(lgammaf, lgamma)
#undef CELDA_FLOAT_OF
WINAPI int ilogbf(float x) { return ilogb_(x); }
WINAPI int32_t lrintf(float x) { return lrint_(x); }
WINAPI int64_t llrintf(float x) { return llrint_(x); }
WINAPI int32_t lroundf(float x) { return lround_(x); }
WINAPI int64_t llroundf(float x) { return llround_(x); }
WINAPI float scalbnf(float x, int n) { return static_cast<float>(scalbn_(x, n)); }
WINAPI float scalblnf(float x, LONG n) { return static_cast<float>(scalbln(x, n)); }
WINAPI float remainderf(float x, float y) { return static_cast<float>(remainder_(x, y)); }
WINAPI float remquof(float x, float y, int* q) { return static_cast<float>(remquo(x, y, q)); }
WINAPI float copysignf(float x, float y) { return __builtin_copysignf(x, y); }
WINAPI float fdimf(float x, float y) { return static_cast<float>(fdim_(x, y)); }
WINAPI float fmaxf(float x, float y) { return static_cast<float>(fmax_(x, y)); }
WINAPI float fminf(float x, float y) { return static_cast<float>(fmin_(x, y)); }
// x*y is exact in double for floats (24+24 bits), so fmaf rounds twice only in rare ties.
WINAPI float fmaf(float x, float y, float z) {
    return static_cast<float>(static_cast<double>(x) * static_cast<double>(y) + static_cast<double>(z));
}
WINAPI int _isnanf(float x) { return __builtin_isnan(x); }
WINAPI int _finitef(float x) { return __builtin_isfinite(x); }

WIN32_EXPORT_TABLE(msvcrt_math_extra_exports,
    WIN32_EXPORT(erf), WIN32_EXPORT(erfc), WIN32_EXPORT(tgamma), WIN32_EXPORT(lgamma), WIN32_EXPORT(remquo),
    WIN32_EXPORT(nan), WIN32_EXPORT(nanf), WIN32_EXPORT(scalbln), WIN32_EXPORT(nexttoward), WIN32_EXPORT(nextafterf),
    WIN32_EXPORT(nexttowardf), WIN32_EXPORT(acoshf), WIN32_EXPORT(asinhf), WIN32_EXPORT(atanhf), WIN32_EXPORT(exp2f),
    WIN32_EXPORT(expm1f), WIN32_EXPORT(log1pf), WIN32_EXPORT(logbf), WIN32_EXPORT(rintf), WIN32_EXPORT(nearbyintf),
    WIN32_EXPORT(erff), WIN32_EXPORT(erfcf), WIN32_EXPORT(tgammaf), WIN32_EXPORT(lgammaf), WIN32_EXPORT(ilogbf),
    WIN32_EXPORT(lrintf), WIN32_EXPORT(llrintf), WIN32_EXPORT(lroundf), WIN32_EXPORT(llroundf), WIN32_EXPORT(scalbnf),
    WIN32_EXPORT(scalblnf), WIN32_EXPORT(remainderf), WIN32_EXPORT(remquof), WIN32_EXPORT(copysignf),
    WIN32_EXPORT(fdimf), WIN32_EXPORT(fmaxf), WIN32_EXPORT(fminf), WIN32_EXPORT(fmaf), WIN32_EXPORT(_isnanf),
    WIN32_EXPORT(_finitef), WIN32_EXPORT_AS("_copysignf", copysignf), WIN32_EXPORT_AS("_logbf", logbf),
    WIN32_EXPORT_AS("_nextafterf", nextafterf), WIN32_EXPORT_AS("nexttowardl", nexttoward),
    WIN32_EXPORT_AS("erfl", erf), WIN32_EXPORT_AS("erfcl", erfc), WIN32_EXPORT_AS("tgammal", tgamma),
    WIN32_EXPORT_AS("lgammal", lgamma));

}  // namespace win32::crt
