// Number conversions of the C runtime, checked against the C standard (C11 7.22.1: strto*
// rounding to nearest, ERANGE, end pointers), IEEE 754 (the exact doubles written as bit
// patterns below: each decimal input's nearest double, ties to even) and Microsoft's
// documentation (_ecvt/_fcvt/_gcvt examples, _itoa's two's-complement rule, the _s functions'
// error returns). Built against msvcrt and ucrt; one PASS/FAIL line per check, exit status 1
// on any failure, a summary line "crt_convert: N checks, 0 failed".
//   [strtod]  Correct rounding for long inputs: "2.2250738585072011e-308" is the largest
//             subnormal 0x000fffffffffffff; 9007199254740993 (2^53+1) is a tie and goes to the
//             even 2^53, while any non-zero digit far behind it breaks the tie upwards.
//   [strtof]  (ucrt build: msvcrt.dll has no strtof) 1 + 2^-24 + 1e-24 must round up to 0x3f800001: converting through double first
//             would land exactly on the tie and round to 1.0.
//   [ecvt]    Microsoft's examples: _ecvt(3.1415926535, 10) = "3141592654", dec 1;
//             _fcvt(3.141592654, 5) = "314159", dec 1; _gcvt(-3.1415e5, 7) = "-314150." (the
//             point stays when the fraction's zeros are dropped); _gcvt(-1234567890.123, 12)
//             = "-1234567890.12".
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"

static int checks, failures;

static void check(const char* what, int ok, const char* detail) {
    ++checks;
    if (ok) printf("PASS %s\n", what);
    else ++failures, printf("FAIL %s: %s\n", what, detail);
}
static void check_str(const char* what, const char* got, const char* want) {
    char detail[300];
    snprintf(detail, sizeof detail, "got '%s', expected '%s'", got, want);
    check(what, strcmp(got, want) == 0, detail);
}
static void check_int(const char* what, long long got, long long want) {
    char detail[120];
    snprintf(detail, sizeof detail, "got %I64d, expected %I64d", got, want);
    check(what, got == want, detail);
}
static uint64_t bits_of(double d) {
    uint64_t b;
    memcpy(&b, &d, 8);
    return b;
}
static void check_bits(const char* what, double got, uint64_t want) {
    char detail[120];
    snprintf(detail, sizeof detail, "got 0x%016I64x, expected 0x%016I64x", bits_of(got), want);
    check(what, bits_of(got) == want, detail);
}

static void strtod_rounding(void) {
    char* end;
    check_bits("strtod largest subnormal [strtod]", strtod("2.2250738585072011e-308", NULL), 0x000fffffffffffffull);
    check_bits("strtod 0.1 with 34 digits", strtod("0.1000000000000000055511151231257827", NULL),
               0x3fb999999999999aull);
    check_bits("strtod tie to even 2^53+1", strtod("9007199254740993", NULL), 0x4340000000000000ull);
    check_bits("strtod tie broken by a far digit",
               strtod("9007199254740993.000000000000000000000000000000000000001", NULL), 0x4340000000000001ull);
    check_bits("strtod 1e23", strtod("1e23", NULL), 0x44b52d02c7e14af6ull);
    check_bits("strtod 30 digits e-10", strtod("123456789012345678901234567890e-10", NULL), 0x43e56a95319d63e1ull);
    check_bits("strtod smallest subnormal", strtod("4.9406564584124654e-324", NULL), 1);
    check_bits("strtod just above half the smallest subnormal", strtod("2.4703282292062328e-324", NULL), 1);
    check_bits("strtod DBL_MAX", strtod("1.7976931348623157e308", NULL), 0x7fefffffffffffffull);
    errno = 0;
    double big = strtod("1e400", &end);
    check("strtod 1e400 is HUGE_VAL with ERANGE", big > 1e308 && errno == ERANGE && *end == 0, "");
    errno = 0;
    double tiny = strtod("1e-400", &end);
    check("strtod 1e-400 is 0 with ERANGE", tiny == 0 && errno == ERANGE && *end == 0, "");
    const char* text = "  -12.5e+2xyz";
    check_bits("strtod sign/exponent", strtod(text, &end), bits_of(-1250.0));
    check("strtod end pointer", end == text + 10, "");
    text = "abc";
    strtod(text, &end);
    check("strtod no digits: end = start", end == text, "");
#ifdef _UCRT
    // mingw links its own strtof into programs; ask the DLL for the runtime's.
    float (*dll_strtof)(const char*, char**) =
        (float (*)(const char*, char**))GetProcAddress(LoadLibraryA("ucrtbase.dll"), "strtof");
    float f = dll_strtof ? dll_strtof("1.000000059604644775390626", NULL) : 0;
    uint32_t fb;
    memcpy(&fb, &f, 4);
    check_int("strtof rounds once [strtof]", fb, 0x3f800001);
#endif
    check_bits("atof", atof("  3.25"), bits_of(3.25));
}

static void wide_conversions(void) {
    wchar_t* end;
    const wchar_t* text = L"  -0x1Az";
    check_int("wcstol base 16", wcstol(text, &end, 16), -26);
    check("wcstol end pointer", end == text + 7, "");
    errno = 0;
    check_int("wcstoul overflow", wcstoul(L"4294967296", NULL, 10), 4294967295LL);
    check_int("wcstoul overflow errno", errno, ERANGE);
    errno = 0;
    check_int("wcstol overflow [llp64]", wcstol(L"2147483648", NULL, 10), 2147483647LL);
    check_int("wcstol overflow errno", errno, ERANGE);
    check_int("wcstoul negates", wcstoul(L"-1", NULL, 10), 4294967295LL);
    check_int("_wcstoi64 min", _wcstoi64(L"-9223372036854775808", NULL, 10), LLONG_MIN);
    check("_wcstoui64 max", _wcstoui64(L"18446744073709551615", NULL, 10) == ULLONG_MAX, "");
    check_int("wcstoll octal", wcstoll(L"0755", NULL, 0), 493);
    check("wcstoull hex", wcstoull(L"0xffffffffffffffff", NULL, 0) == ULLONG_MAX, "");
    check_int("_wtoi", _wtoi(L" 123abc"), 123);
    check_int("_wtol", _wtol(L"-42"), -42);
    check_int("_wtoi64", _wtoi64(L"1234567890123"), 1234567890123LL);
    check_bits("_wtof", _wtof(L"2.5e3"), bits_of(2500.0));
    text = L"0.1000000000000000055511151231257827 rest";
    check_bits("wcstod long input", wcstod(text, &end), 0x3fb999999999999aull);
    check("wcstod end pointer", end == text + 36, "");
    check_bits("wcstod 1e23", wcstod(L"1e23", NULL), 0x44b52d02c7e14af6ull);
    float f = wcstof(L"0.5", NULL);
    check("wcstof", f == 0.5f, "");
}

static void legacy_digits(void) {
    int dec = -99, sign = -99;
    char* digits = _ecvt(3.1415926535, 10, &dec, &sign);
    check_str("_ecvt digits [ecvt]", digits, "3141592654");
    check("_ecvt dec/sign", dec == 1 && sign == 0, "");
    digits = _fcvt(3.141592654, 5, &dec, &sign);
    check_str("_fcvt digits", digits, "314159");
    check("_fcvt dec/sign", dec == 1 && sign == 0, "");
    digits = _ecvt(-0.00123, 3, &dec, &sign);
    check_str("_ecvt small", digits, "123");
    check("_ecvt small dec/sign", dec == -2 && sign != 0, "");
    digits = _ecvt(12.0, 5, &dec, &sign);
    check_str("_ecvt pads with zeros", digits, "12000");
    digits = _fcvt(99.96, 1, &dec, &sign);
    check_str("_fcvt carry", digits, "1000");
    check("_fcvt carry dec", dec == 3, "");
    char buffer[64];
    check_str("_gcvt -3.1415e5", _gcvt(-3.1415e5, 7, buffer), "-314150.");
    check_str("_gcvt -1234567890.123", _gcvt(-1234567890.123, 12, buffer), "-1234567890.12");
    check_str("_gcvt 0.5", _gcvt(0.5, 6, buffer), "0.5");
    char small[4];
    check_int("_ecvt_s ERANGE", _ecvt_s(small, sizeof small, 1.5, 10, &dec, &sign), ERANGE);
    check_int("_ecvt_s ok", _ecvt_s(buffer, sizeof buffer, 1.5, 3, &dec, &sign), 0);
    check_str("_ecvt_s digits", buffer, "150");
    check_int("_fcvt_s ok", _fcvt_s(buffer, sizeof buffer, 2.25, 1, &dec, &sign), 0);
    check("_fcvt_s digits", strcmp(buffer, "22") == 0 || strcmp(buffer, "23") == 0, buffer);
    check_int("_gcvt_s ok", _gcvt_s(buffer, sizeof buffer, 42.0, 5), 0);
    check_str("_gcvt_s digits", buffer, "42.");
}

#ifdef _UCRT
#define MS(msvcrt, ucrt) ucrt
#else
#define MS(msvcrt, ucrt) msvcrt
#endif

// [printf] The DLL's printf (the msvcrt build uses __USE_MINGW_ANSI_STDIO=0): ucrt prints the
// exact value of the double at any magnitude; msvcrt its first 17 significant digits, then zeros.
static void printf_digits(void) {
    char buffer[128];
    sprintf(buffer, "%.0f", 1e23);
    check_str("%.0f of 1e23 [printf]", buffer, MS("99999999999999992000000", "99999999999999991611392"));
    sprintf(buffer, "%.20e", 1e-300);
    check_str("%.20e of 1e-300", buffer, MS("1.00000000000000000000e-300", "1.00000000000000002506e-300"));
    sprintf(buffer, "%.0f", 1180591620717411303424.0);   // 2^70
    check_str("%.0f of 2^70", buffer, MS("1180591620717411300000", "1180591620717411303424"));
    sprintf(buffer, "%.3e", 4.9406564584124654e-324);
    check_str("%.3e of the smallest subnormal", buffer, "4.941e-324");
}

static void integer_text(void) {
    char buffer[80];
    wchar_t wide[80];
    check_str("_itoa base 10", _itoa(-255, buffer, 10), "-255");
    check_str("_itoa base 16 two's complement", _itoa(-255, buffer, 16), "ffffff01");
    check_str("_ultoa base 2", _ultoa(255, buffer, 2), "11111111");
    check_str("_i64toa -1 base 16", _i64toa(-1, buffer, 16), "ffffffffffffffff");
    check_str("_ui64toa", _ui64toa(18446744073709551615ull, buffer, 10), "18446744073709551615");
    check_str("_ltoa base 36", _ltoa(35, buffer, 36), "z");
    _itow(-77, wide, 10);
    check("_itow", wcscmp(wide, L"-77") == 0, "");
    char tiny[3];
    check_int("_itoa_s ERANGE", _itoa_s(1234, tiny, sizeof tiny, 10), ERANGE);
    check_int("_itoa_s EINVAL radix", _itoa_s(1, buffer, sizeof buffer, 1), EINVAL);
    check_int("_i64toa_s ok", _i64toa_s(-5, buffer, sizeof buffer, 10), 0);
    check_str("_i64toa_s text", buffer, "-5");
}

int main(void) {
    strtod_rounding();
    wide_conversions();
    legacy_digits();
    integer_text();
    printf_digits();
    printf("crt_convert: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
