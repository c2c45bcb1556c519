// fgets_bench: writes LINES lines (default 100000, CRLF text) to FILE (default C:\tmp\bench.txt,
// the in-memory file system; C:\data\... on a -v share is a host file) with one fwrite, then
// reads them back with fgets on a fopen'd text stream ("r") and prints the lines and characters
// read. The write is one call; the time is in the reads. See bench/README.md.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
    int lines = argc > 1 ? atoi(argv[1]) : 100000;
    const char* name = argc > 2 ? argv[2] : "C:\\tmp\\bench.txt";
    char* text = malloc((size_t)lines * 48 + 1);
    if (!text) return 1;
    size_t n = 0;
    for (int i = 0; i < lines; ++i) n += (size_t)sprintf(text + n, "line %d of the bench: %f\r\n", i, i * 0.5);
    FILE* f = fopen(name, "wb");
    if (!f || fwrite(text, 1, n, f) != n || fclose(f) != 0) return 2;
    free(text);
    f = fopen(name, "r");
    if (!f) return 3;
    char line[256];
    long count = 0, chars = 0;
    while (fgets(line, sizeof line, f)) {
        ++count;
        chars += (long)strlen(line);
    }
    fclose(f);
    printf("%ld lines, %ld characters\n", count, chars);
    return count == lines ? 0 : 4;
}
