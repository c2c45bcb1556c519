// C99 math functions of the ucrt (api-ms-win-crt-math), taken from ucrtbase.dll itself (mingw
// links its own versions of many into programs): erf/erfc/tgamma/lgamma against reference
// values (the functions' mathematical values, rounded to double; 1e-14 relative allowed),
// poles and overflow with errno (C11 7.12.8: EDOM/ERANGE, HUGE_VAL), remquo's quotient bits
// (7.12.10.3), nextafterf, the float forms. One PASS/FAIL line per check, exit 1 on failure,
// summary "crt_math: N checks, 0 failed".
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

static int checks, failures;
static HMODULE ucrt;

static void check(const char* what, int ok) {
    ++checks;
    if (ok) printf("PASS %s\n", what);
    else ++failures, printf("FAIL %s\n", what);
}
static void check_near(const char* what, double got, double want) {
    ++checks;
    double error = want == 0 ? fabs(got) : fabs((got - want) / want);
    if (error <= 1e-14) printf("PASS %s\n", what);
    else ++failures, printf("FAIL %s: got %.17g, expected %.17g\n", what, got, want);
}

typedef double (*D1)(double);
typedef float (*F1)(float);
static D1 d1(const char* name) { return (D1)GetProcAddress(ucrt, name); }

int main(void) {
    ucrt = LoadLibraryA("ucrtbase.dll");
    check("ucrtbase.dll", ucrt != NULL);
    D1 erf_ = d1("erf"), erfc_ = d1("erfc"), tgamma_ = d1("tgamma"), lgamma_ = d1("lgamma");
    check("exports", erf_ && erfc_ && tgamma_ && lgamma_);
    if (!erf_ || !erfc_ || !tgamma_ || !lgamma_) return 1;
    check_near("erf(0.5)", erf_(0.5), 0.5204998778130465);
    check_near("erf(2)", erf_(2), 0.9953222650189527);
    check_near("erf(3)", erf_(3), 0.9999779095030014);
    check_near("erf(-0.1)", erf_(-0.1), -0.1124629160182849);
    check_near("erfc(0.7)", erfc_(0.7), 0.32219880616258156);
    check_near("erfc(3)", erfc_(3), 2.2090496998585438e-05);
    check_near("erfc(10)", erfc_(10), 2.088487583762545e-45);
    check_near("erfc(-1)", erfc_(-1), 1.842700792949715);
    check("erf(inf) = 1", erf_(INFINITY) == 1 && erf_(-INFINITY) == -1);
    check("tgamma(5) = 24", tgamma_(5) == 24);
    check_near("tgamma(0.5) = sqrt(pi)", tgamma_(0.5), 1.7724538509055159);
    check_near("tgamma(-0.5)", tgamma_(-0.5), -3.544907701811032);
    check_near("tgamma(10.3)", tgamma_(10.3), 716430.6890623765);
    check_near("tgamma(1e-5)", tgamma_(1e-5), 99999.42279422554);
    check_near("tgamma(-3.3)", tgamma_(-3.3), 0.4385173921987632);
    check_near("tgamma(171.5)", tgamma_(171.5), 9.483367566824801e+307);
    errno = 0;
    check("tgamma(172) overflows", isinf(tgamma_(172)) && errno == ERANGE);
    errno = 0;
    check("tgamma(-2) is a domain error", isnan(tgamma_(-2)) && errno == EDOM);
    errno = 0;
    check("tgamma(0) is a pole", tgamma_(0.0) == INFINITY && tgamma_(-0.0) == -INFINITY && errno == ERANGE);
    check_near("lgamma(100)", lgamma_(100), 359.1342053695754);
    check_near("lgamma(0.5)", lgamma_(0.5), 0.5723649429247004);
    check_near("lgamma(-0.5)", lgamma_(-0.5), 1.265512123484645);
    check_near("lgamma(3.7)", lgamma_(3.7), 1.4280723266653883);
    check_near("lgamma(1e10)", lgamma_(1e10), 220258509288.81058);
    check("lgamma(1) = lgamma(2) = 0", lgamma_(1) == 0 && lgamma_(2) == 0);
    errno = 0;
    check("lgamma(-3) is a pole", lgamma_(-3) == INFINITY && errno == ERANGE);
    double (*remquo_)(double, double, int*) = (double (*)(double, double, int*))GetProcAddress(ucrt, "remquo");
    int q = 99;
    check("remquo(10, 3)", remquo_ && remquo_(10, 3, &q) == 1 && (q & 7) == 3 && q > 0);
    check("remquo(-7, 2): ties to even quotient -4", remquo_(-7, 2, &q) == 1 && q < 0 && (-q & 7) == 4);
    float (*nextafterf_)(float, float) = (float (*)(float, float))GetProcAddress(ucrt, "nextafterf");
    check("nextafterf(1, 2)", nextafterf_ && nextafterf_(1.0f, 2.0f) == 1.00000011920928955078125f);
    check("nextafterf(0, -1)", nextafterf_(0.0f, -1.0f) < 0 && nextafterf_(0.0f, -1.0f) > -1e-44f);
    F1 exp2f_ = (F1)GetProcAddress(ucrt, "exp2f"), erff_ = (F1)GetProcAddress(ucrt, "erff");
    check("exp2f(10) = 1024", exp2f_ && exp2f_(10) == 1024.0f);
    check("erff(0.5)", erff_ && erff_(0.5f) == 0.520499877813f);
    double (*nan_)(const char*) = (double (*)(const char*))GetProcAddress(ucrt, "nan");
    check("nan(\"\") is a NaN", nan_ && isnan(nan_("")));
    printf("crt_math: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
