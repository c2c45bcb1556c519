// msvcrt.dll's Bessel functions (_j0 _j1 _jn _y0 _y1 _yn), taken from the DLL (mingw could link
// others), against reference values computed to 30 digits with an arbitrary-precision library
// (mpmath) and rounded to 17: relative error <= 1e-13, or absolute <= 1e-15 next to a zero.
// Covers every method the implementation switches between (series, Miller's recurrence,
// Neumann's series, Hankel's expansion, forward recurrence) and Y's domain errors.
// One PASS/FAIL line per check, summary "crt_bessel: N checks, 0 failed".
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <windows.h>

static int checks, failures;
static void check(const char* what, int ok) {
    ++checks;
    if (ok) printf("PASS %s\n", what);
    else ++failures, printf("FAIL %s\n", what);
}
static void close_to(const char* what, double got, double want) {
    ++checks;
    double error = fabs(got - want);
    if (error <= 1e-15 || error <= 1e-13 * fabs(want)) printf("PASS %s\n", what);
    else ++failures, printf("FAIL %s: got %.17g, expected %.17g\n", what, got, want);
}

typedef double (*F)(double);
typedef double (*Fn)(int, double);

int main(void) {
    HMODULE crt = LoadLibraryA("msvcrt.dll");
    F bj0 = (F)GetProcAddress(crt, "_j0"), bj1 = (F)GetProcAddress(crt, "_j1");
    F by0 = (F)GetProcAddress(crt, "_y0"), by1 = (F)GetProcAddress(crt, "_y1");
    Fn bjn = (Fn)GetProcAddress(crt, "_jn"), byn = (Fn)GetProcAddress(crt, "_yn");
    check("exports", bj0 && bj1 && by0 && by1 && bjn && byn);
    if (!(bj0 && bj1 && by0 && by1 && bjn && byn)) return 1;
    close_to("J0(1)", bj0(1), 0.76519768655796655);
    close_to("J1(1)", bj1(1), 0.44005058574493352);
    close_to("J0(0.5)", bj0(0.5), 0.9384698072408129);
    close_to("J0(5)", bj0(5), -0.1775967713143383);
    close_to("J1(7.5)", bj1(7.5), 0.13524842757970551);
    close_to("J0(10)", bj0(10), -0.24593576445134834);
    close_to("J0(15)", bj0(15), -0.014224472826780773);
    close_to("J1(20)", bj1(20), 0.066833124175850046);
    close_to("J0(30)", bj0(30), -0.086367983581040211);
    close_to("J1(100)", bj1(100), -0.077145352014112158);
    close_to("J0 at its first zero", bj0(2.404825557695773), -6.1087652597367304e-17);
    close_to("J1(-1) is odd", bj1(-1), -0.44005058574493352);
    close_to("J5(3)", bjn(5, 3), 0.043028434877047584);
    close_to("J5(10)", bjn(5, 10), -0.23406152818679364);
    close_to("J20(5)", bjn(20, 5), 2.7703300521289417e-11);
    close_to("J3(50)", bjn(3, 50), 0.092734804061634432);
    close_to("J2(-4)", bjn(2, -4), 0.3641281458520728);
    close_to("J-1(1) = -J1(1)", bjn(-1, 1), -0.44005058574493352);
    close_to("Y0(1)", by0(1), 0.088256964215676958);
    close_to("Y1(1)", by1(1), -0.78121282130028872);
    close_to("Y0(0.1)", by0(0.1), -1.5342386513503668);
    close_to("Y1(0.1)", by1(0.1), -6.4589510947020266);
    close_to("Y0(5)", by0(5), -0.30851762524903378);
    close_to("Y1(7.5)", by1(7.5), -0.25912851048611625);
    close_to("Y0(15)", by0(15), 0.20546429603891826);
    close_to("Y1(20)", by1(20), -0.1655116143625213);
    close_to("Y0(30)", by0(30), -0.11729573168666403);
    close_to("Y1(100)", by1(100), -0.020372312002759793);
    close_to("Y5(3)", byn(5, 3), -1.9059459538286737);
    close_to("Y3(50)", byn(3, 50), 0.064459122060222487);
    close_to("Y2(10)", byn(2, 10), -0.0058680824422086146);
    errno = 0;
    check("Y0(-1) is a domain error", by0(-1) == -HUGE_VAL && errno == EDOM);
    errno = 0;
    check("Y1(0) is -HUGE_VAL", by1(0) == -HUGE_VAL && errno == ERANGE);
    printf("crt_bessel: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
