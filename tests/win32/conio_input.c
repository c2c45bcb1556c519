// Console input the conio way, fed through a pipe by cases.sh (a pause, then "xy"): _kbhit
// reports a waiting byte without consuming it (Microsoft's _kbhit docs: "checks the console
// for a recent keystroke"), _getch returns it, _ungetch pushes one back for the next _getch,
// and at the end of the pipe _kbhit stays 0. Celda reads stdin (there is no keyboard), so
// _getch echoes nothing and returns EOF at the end of input. PASS/FAIL per check, exit 1 on failure.
#include <conio.h>
#include <stdio.h>
#include <windows.h>

static int failures;
static void check(const char* what, int ok) {
    printf("%s %s\n", ok ? "PASS" : "FAIL", what);
    failures += !ok;
}

int main(void) {
    int polls = 0;
    while (!_kbhit() && polls < 1000) {
        Sleep(5);
        ++polls;
    }
    check("_kbhit saw input", polls < 1000);
    check("_kbhit again: still waiting", _kbhit() != 0);
    check("_getch x", _getch() == 'x');
    check("_ungetch", _ungetch('q') == 'q' && _kbhit() && _getch() == 'q');
    check("_getch y", _getch() == 'y');
    polls = 0;
    while (_kbhit() == 0 && polls < 20) {
        Sleep(5);
        ++polls;
    }
    check("_kbhit 0 at the end of input", polls == 20);
    printf("conio_input: %d failed\n", failures);
    return failures ? 1 : 0;
}
