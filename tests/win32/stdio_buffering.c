/* stdio_buffering: when the Microsoft CRT's stdout reaches the pipe or file behind it.
 * stdout that is not a console is fully buffered (4096 bytes, msvcrt's _INTERNAL_BUFSIZ),
 * stderr never is; the buffer is written by fflush, when full, and when the process exits
 * normally (exit, return from main, ExitProcess), never by _exit. cases.sh runs each mode
 * with stdout and stderr sent to the same file (2>&1), so the order of the bytes there shows
 * when each write happened:
 *   order  -> "BAC\n"   (A and C wait in stdout's buffer until exit; B is written at once)
 *   fflush -> "ABC\n"
 *   nobuf  -> "ABC\n"   (setvbuf(stdout, NULL, _IONBF, 0))
 *   _exit  -> "B\n"     (the buffered "lost" is never written), exit status 3
 *   big    -> 8192 x's, "E\n", 1808 x's: fwrite of 10000 bytes on an empty 4096-byte buffer
 *             writes the largest multiple of the buffer size at once and buffers the rest
 *             (the CRT's fwrite algorithm). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
    const char* mode = argc > 1 ? argv[1] : "order";
    if (strcmp(mode, "big") == 0) {
        static char x[10000];
        memset(x, 'x', sizeof x);
        fwrite(x, 1, sizeof x, stdout);
        fputs("E\n", stderr);
        return 0;
    }
    if (strcmp(mode, "nobuf") == 0 && setvbuf(stdout, NULL, _IONBF, 0) != 0) return 10;
    if (strcmp(mode, "_exit") == 0) {
        fputs("lost", stdout);
        fputs("B\n", stderr);
        _exit(3);
    }
    fputs("A", stdout);
    if (strcmp(mode, "fflush") == 0) fflush(stdout);
    fputs("B", stderr);
    fputs("C\n", stdout);
    return 0;
}
