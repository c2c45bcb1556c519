// Bessel functions of the first and second kind, integer order: _j0 _j1 _jn _y0 _y1 _yn
// (msvcrt.dll; libgfortran imports them). In 80-bit long double:
//  - small |x| (< 12): the power series (A&S 9.1.10, and 9.1.11 for Y with the digamma sums);
//  - 12 <= |x| < 25: J by Miller's backward recurrence normalised with J0 + 2(J2 + J4 + ...) = 1,
//    Y0 by Neumann's series over those J (A&S 9.1.88), Y1 as -Y0' of that series term by term;
//  - |x| >= 25: Hankel's asymptotic expansion (A&S 9.2.5-9.2.10);
//  - other orders by recurrence: forward for Y, and for J while n < |x|; else Miller.
// Absolute accuracy about 1e-16 (relative accuracy is lower next to the functions' zeros);
// Y of a negative argument is a domain error (EDOM, -HUGE_VAL), Y(0) is -HUGE_VAL with ERANGE.
#include <libos/libc.h>

#include "dlls/msvcrt/crt.h"
#include "registry/registry.h"

namespace win32::crt {
namespace {

using ld = long double;
constexpr int kEdom = 33, kErange = 34;
constexpr ld kPi = 3.14159265358979323846264338327950288L;
constexpr ld kEulerGamma = 0.57721566490153286060651209008240243L;

ld log_ld(ld x) {
    ld r;
    asm("fldln2; fxch; fyl2x" : "=t"(r) : "0"(x) : "st(1)");
    return r;
}
ld sqrt_ld(ld x) {
    ld r;
    asm("fsqrt" : "=t"(r) : "0"(x));
    return r;
}
ld sin_ld(ld x) {
    ld r;
    asm("fsin" : "=t"(r) : "0"(x));
    return r;
}
ld cos_ld(ld x) {
    ld r;
    asm("fcos" : "=t"(r) : "0"(x));
    return r;
}

// J_n(x) by its power series, n >= 0.
ld j_series(int n, ld x) {
    ld half = x / 2, term = 1;
    for (int i = 1; i <= n; ++i) term *= half / i;
    ld sum = term, q = -half * half;
    for (int k = 1; k < 500; ++k) {
        term *= q / (static_cast<ld>(k) * (k + n));
        sum += term;
        if (__builtin_fabsl(term) < 1e-21L * __builtin_fabsl(sum)) break;
    }
    return sum;
}

// Y_n(x) for n = 0, 1 by A&S 9.1.11: the logarithmic term plus digamma-weighted series.
ld y_series(int n, ld x) {
    ld half = x / 2, q = -half * half;
    ld psi_k = -kEulerGamma;                       // psi(k + 1), k = 0
    ld psi_nk = -kEulerGamma + (n == 1 ? 1 : 0);   // psi(n + k + 1)
    ld term = n == 1 ? half : 1;                   // (x/2)^n (-x^2/4)^k / (k! (n+k)!)
    ld sum = (psi_k + psi_nk) * term;
    for (int k = 1; k < 500; ++k) {
        term *= q / (static_cast<ld>(k) * (k + n));
        psi_k += 1.0L / k;
        psi_nk += 1.0L / (k + n);
        ld add = (psi_k + psi_nk) * term;
        sum += add;
        if (__builtin_fabsl(add) < 1e-21L * __builtin_fabsl(sum) && k > 4) break;
    }
    ld result = (2 / kPi) * log_ld(half) * j_series(n, x) - sum / kPi;
    if (n == 1) result -= 2 / (kPi * x);
    return result;
}

// Hankel's expansion for x >= 25: J_n and Y_n together.
void hankel(int n, ld x, ld& j, ld& y) {
    ld mu = 4.0L * n * n, eight_x = 8 * x;
    ld p = 1, q = 0, term = 1;
    for (int k = 1; k < 200; ++k) {
        ld next = term * (mu - static_cast<ld>(2 * k - 1) * (2 * k - 1)) / (k * eight_x);
        if (__builtin_fabsl(next) > __builtin_fabsl(term) && k > 2) break;   // the series turned
        term = next;
        switch (k % 4) {
            case 1: q += term; break;
            case 2: p -= term; break;
            case 3: q -= term; break;
            case 0: p += term; break;
        }
        if (__builtin_fabsl(term) < 1e-22L) break;
    }
    ld chi = x - (n / 2.0L + 0.25L) * kPi;
    ld scale = sqrt_ld(2 / (kPi * x));
    j = scale * (p * cos_ld(chi) - q * sin_ld(chi));
    y = scale * (p * sin_ld(chi) + q * cos_ld(chi));
}

// Miller: J_0 .. J_want (want >= 1) for 0 < x < ~1000 into out[]; returns false if too large.
constexpr int kMillerMax = 1200;
bool miller(ld x, int want, ld* out) {
    int start = static_cast<int>(x) + want + 40;
    start += start & 1;   // even
    if (start >= kMillerMax) return false;
    static ld values[kMillerMax + 2];
    ld next = 0, current = 1e-30L, norm = 0;
    for (int k = start; k >= 0; --k) {
        values[k] = current;
        if (k % 2 == 0) norm += k == 0 ? current : 2 * current;
        ld previous = (k > 0) ? (2 * k / x) * current - next : 0;
        next = current;
        current = previous;
        if (__builtin_fabsl(current) > 1e300L) {   // rescale what is kept so far
            for (int i = k; i <= start; ++i) values[i] *= 1e-300L;
            norm *= 1e-300L;
            current *= 1e-300L;
            next *= 1e-300L;
        }
    }
    for (int i = 0; i <= want; ++i) out[i] = values[i] / norm;
    return true;
}

ld j01(int n, ld x) {   // n = 0 or 1, x >= 0
    if (x < 12) return j_series(n, x);
    if (x < 25) {
        ld j[2];
        miller(x, 1, j);
        return j[n];
    }
    ld j, y;
    hankel(n, x, j, y);
    return j;
}

ld y01(int n, ld x) {   // x > 0
    if (x < 12) return y_series(n, x);
    if (x >= 25) {
        ld j, y;
        hankel(n, x, j, y);
        return y;
    }
    // Neumann: Y0 = (2/pi)(ln(x/2) + gamma) J0 - (4/pi) sum_{k>=1} (-1)^k J_2k / k.
    static ld j[kMillerMax + 2];
    int terms = static_cast<int>(x) + 40;
    miller(x, 2 * terms, j);
    ld sum = 0;
    for (int k = 1; k <= terms; ++k) sum += ((k & 1) ? -1.0L : 1.0L) * j[2 * k] / k;
    ld y0 = (2 / kPi) * (log_ld(x / 2) + kEulerGamma) * j[0] - (4 / kPi) * sum;
    if (n == 0) return y0;
    // Y1 = -Y0', term by term (J0' = -J1, J_2k' = (J_2k-1 - J_2k+1)/2): every term is bounded.
    ld sum1 = 0;
    for (int k = 1; k < terms; ++k) sum1 += ((k & 1) ? -1.0L : 1.0L) * (j[2 * k - 1] - j[2 * k + 1]) / k;
    return -(2 / kPi) * j[0] / x + (2 / kPi) * (log_ld(x / 2) + kEulerGamma) * j[1] + (2 / kPi) * sum1;
}

}  // namespace

WINAPI double _j0(double x) { return static_cast<double>(j01(0, __builtin_fabsl(x))); }
WINAPI double _j1(double x) {
    ld v = j01(1, __builtin_fabsl(x));
    return static_cast<double>(x < 0 ? -v : v);
}
WINAPI double _jn(int n, double x) {
    bool negate = false;
    if (n < 0) {
        n = -n;
        negate = n & 1;
    }
    if (x < 0) {
        x = -x;
        negate ^= n & 1;
    }
    ld result;
    if (n <= 1) {
        result = j01(n, x);
    } else if (x == 0) {
        result = 0;
    } else if (x > n) {
        ld a = j01(0, x), b = j01(1, x);   // forward recurrence is stable while k < x
        for (int k = 1; k < n; ++k) {
            ld c = (2 * k / static_cast<ld>(x)) * b - a;
            a = b;
            b = c;
        }
        result = b;
    } else if (x < 12 || n > 400) {
        result = j_series(n, x);
    } else {
        static ld j[kMillerMax + 2];
        result = miller(x, n, j) ? j[n] : j_series(n, x);
    }
    return static_cast<double>(negate ? -result : result);
}

namespace {
double y_domain(double x) {
    if (x < 0) {
        *errno_location() = kEdom;
        return -__builtin_inf();
    }
    *errno_location() = kErange;   // x == 0: the pole
    return -__builtin_inf();
}
}  // namespace

WINAPI double _y0(double x) { return x > 0 ? static_cast<double>(y01(0, x)) : __builtin_isnan(x) ? x : y_domain(x); }
WINAPI double _y1(double x) { return x > 0 ? static_cast<double>(y01(1, x)) : __builtin_isnan(x) ? x : y_domain(x); }
WINAPI double _yn(int n, double x) {
    if (!(x > 0)) return __builtin_isnan(x) ? x : y_domain(x);
    bool negate = false;
    if (n < 0) {
        n = -n;
        negate = n & 1;
    }
    ld a = y01(0, x), b = y01(1, x);
    if (n == 0) return static_cast<double>(a);
    for (int k = 1; k < n; ++k) {   // forward recurrence is stable for Y
        ld c = (2 * k / static_cast<ld>(x)) * b - a;
        a = b;
        b = c;
        if (__builtin_isinf(b)) break;
    }
    double result = static_cast<double>(negate ? -b : b);
    if (__builtin_isinf(result)) *errno_location() = kErange;
    return result;
}

WIN32_EXPORT_TABLE(msvcrt_bessel_exports, WIN32_EXPORT(_j0), WIN32_EXPORT(_j1), WIN32_EXPORT(_jn), WIN32_EXPORT(_y0),
                   WIN32_EXPORT(_y1), WIN32_EXPORT(_yn), WIN32_EXPORT_AS("j0", _j0), WIN32_EXPORT_AS("j1", _j1),
                   WIN32_EXPORT_AS("jn", _jn), WIN32_EXPORT_AS("y0", _y0), WIN32_EXPORT_AS("y1", _y1),
                   WIN32_EXPORT_AS("yn", _yn));

}  // namespace win32::crt
