// fprintf_bench: LINES lines (default 100000) written with fprintf to FILE (default
// C:\tmp\bench.txt, the in-memory file system; C:\data\... on a -v share goes to the host), then
// the file's size on stdout. Built twice (bench/CMakeLists.txt): fprintf_bench.exe with mingw's
// own printf (the C99 default: one fputc per character under the stream lock) and
// fprintf_bench_crt.exe with the CRT's fprintf (-D__USE_MINGW_ANSI_STDIO=0). See bench/README.md.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
    int lines = argc > 1 ? atoi(argv[1]) : 100000;
    const char* name = argc > 2 ? argv[2] : "C:\\tmp\\bench.txt";
    FILE* f = fopen(name, "w");
    if (!f) return 1;
    for (int i = 0; i < lines; ++i) fprintf(f, "line %d of %s: %f\n", i, "the bench", i * 0.5);
    if (fclose(f) != 0) return 2;
    f = fopen(name, "rb");
    if (!f) return 3;
    fseek(f, 0, SEEK_END);
    printf("%ld bytes\n", ftell(f));
    fclose(f);
    return 0;
}
