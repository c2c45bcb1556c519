/* exit_process: the three ways out. "p": ExitProcess(42) skips the rest of main; msvcrt.dll
 * still runs the atexit table when it detaches, as on Windows. "e": exit(7). Otherwise main
 * returns 9. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

static void on_exit_handler(void) { printf("atexit handler\n"); }

int main(int argc, char** argv) {
    atexit(on_exit_handler);
    if (argc > 1 && argv[1][0] == 'p') ExitProcess(42);
    if (argc > 1 && argv[1][0] == 'e') exit(7);
    printf("returning 9\n");
    return 9;
}
