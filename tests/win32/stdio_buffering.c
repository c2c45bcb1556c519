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
 *             (the CRT's fwrite algorithm).
 *   stbuf  -> unbuffered stdout and stderr: each printf/fprintf/fwprintf/fputs/fwrite call is
 *             one write (the CRT's temporary buffering, _stbuf), a call longer than the
 *             4096-byte temporary buffer is chunked, fputc is a write per character; cases.sh
 *             counts the console writes with --trace=hypercalls. Built as C99, the msvcrt
 *             build's printf family is mingw's own (__USE_MINGW_ANSI_STDIO), which puts each
 *             character with fputc inside _lock_file/_unlock_file.
 *             Output: "out 1,err two 3.50,out three\nwide four 5\nfputs\nfwrite\n",
 *             5000 y's, "\n!\n"; 2 writes to stdout, 8 to stderr (the y's line is 4096 + 905). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int main(int argc, char** argv) {
    const char* mode = argc > 1 ? argv[1] : "order";
    if (strcmp(mode, "big") == 0) {
        static char x[10000];
        memset(x, 'x', sizeof x);
        fwrite(x, 1, sizeof x, stdout);
        fputs("E\n", stderr);
        return 0;
    }
    if (strcmp(mode, "stbuf") == 0) {
        static char y[5000];
        memset(y, 'y', sizeof y);
        if (setvbuf(stdout, NULL, _IONBF, 0) != 0) return 10;
        printf("out %d,", 1);
        fprintf(stderr, "err %s %.2f,", "two", 3.5);
        printf("out %s\n", "three");
        fwprintf(stderr, L"wide %ls %d\n", L"four", 5);
        fputs("fputs\n", stderr);
        fwrite("fwrite\n", 1, 7, stderr);
        fprintf(stderr, "%.*s\n", (int)sizeof y, y);
        fputc('!', stderr);
        fputc('\n', stderr);
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
