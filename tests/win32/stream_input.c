// stream_input: reading fopen'd streams, which the Microsoft CRT buffers (_filbuf): one read of
// the buffer's size (4096, _INTERNAL_BUFSIZ, or setvbuf's) per refill; _IONBF streams read what
// they are asked for. Text mode ("r", "rt") turns "\r\n" into "\n", keeps a lone '\r', and ends
// the input at a Ctrl-Z (0x1A); ftell/fgetpos give the file offset (a "\n" that was "\r\n"
// counts 2; a lone "\n" counts 1 here, where Microsoft's ftell, which counts every "\n" still in
// its buffer as 2, can be off). Not part of the stream: lowio (_read/_tell on _fileno(f)) sees the descriptor,
// which is past what the buffer read ahead; Microsoft's CRT does not share its buffer with
// lowio. An fread of at least a buffer with the buffer empty reads whole buffers straight into
// the caller's memory. Between reads and writes on an update stream ("r+", "w+", "a+") comes a
// positioning call (C11 7.21.5.3), after which a write lands at the stream's position.
// Self-checking: PASS/FAIL lines, a summary, exit status 1 on any failure. `stream_input DIR`
// uses files in DIR (cases.sh: a -v share), C:\tmp otherwise. Built against msvcrt and ucrt.
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int checks, failures;
static void check(int ok, const char* what) {
    ++checks;
    if (!ok) ++failures;
    printf("%s %s\n", ok ? "PASS" : "FAIL", what);
}
static void checkf(int ok, const char* format, long a, long b) {
    char text[200];
    snprintf(text, sizeof text, format, a, b);
    check(ok, text);
}

static char dir[260];
static char* path(const char* name) {
    char* p = malloc(300);
    snprintf(p, 300, "%s\\%s", dir, name);
    return p;
}

static void write_file(const char* name, const char* data, size_t length) {
    FILE* f = fopen(name, "wb");
    fwrite(data, 1, length, f);
    fclose(f);
}

// What text mode makes of `raw`: "\r\n" -> "\n", up to a Ctrl-Z; `offsets[i]` is the file
// offset after output byte i.
static size_t translate(const char* raw, size_t length, char* out, long* offsets) {
    size_t n = 0;
    for (size_t i = 0; i < length; ++i) {
        if (raw[i] == 0x1a) break;
        if (raw[i] == '\r' && i + 1 < length && raw[i + 1] == '\n') continue;
        out[n] = raw[i];
        offsets[n++] = (long)i + 1;
    }
    return n;
}

static char raw[40000], expected[40000], got[40000];
static long offsets[40000];

// fgets over the text file with each buffer size; ftell after every line.
static void text_lines(const char* name, size_t raw_length, int bufsize, const char* label) {
    size_t n = translate(raw, raw_length, expected, offsets);
    FILE* f = fopen(name, "r");
    if (bufsize > 0) setvbuf(f, NULL, _IOFBF, (size_t)bufsize);
    if (bufsize < 0) setvbuf(f, NULL, _IONBF, 0);
    char line[300];
    size_t at = 0;
    int lines_ok = 1, tell_ok = 1;
    while (fgets(line, sizeof line, f)) {
        size_t len = strlen(line);
        if (at + len > n || memcmp(line, expected + at, len) != 0) lines_ok = 0;
        at += len;
        if (at > 0 && at <= n && ftell(f) != offsets[at - 1]) tell_ok = 0;
    }
    char what[200];
    snprintf(what, sizeof what, "%s: fgets lines (buffer %d)", label, bufsize);
    check(lines_ok && at == n, what);
    snprintf(what, sizeof what, "%s: ftell after each line is the file offset (buffer %d)", label, bufsize);
    check(tell_ok, what);
    snprintf(what, sizeof what, "%s: feof at the end (buffer %d)", label, bufsize);
    check(feof(f) && !ferror(f), what);
    fclose(f);
    // fgetc gives the same characters.
    f = fopen(name, "rt");
    if (bufsize > 0) setvbuf(f, NULL, _IOFBF, (size_t)bufsize);
    if (bufsize < 0) setvbuf(f, NULL, _IONBF, 0);
    size_t k = 0;
    int c, chars_ok = 1;
    while ((c = fgetc(f)) != EOF) {
        if (k >= n || c != (unsigned char)expected[k]) chars_ok = 0;
        ++k;
    }
    snprintf(what, sizeof what, "%s: fgetc characters (buffer %d)", label, bufsize);
    check(chars_ok && k == n, what);
    fclose(f);
}

int main(int argc, char** argv) {
    snprintf(dir, sizeof dir, "%s", argc > 1 ? argv[1] : "C:\\tmp");
    const char* text_name = path("input_text.txt");

    // CRLF text: lines of varying length so that "\r\n" pairs straddle buffer boundaries, lone
    // '\r's, an empty line, a last line without a newline.
    size_t r = 0;
    for (int i = 0; r < 12000; ++i) {
        r += (size_t)sprintf(raw + r, "line %d %.*s", i, i % 37, "abcdefghijklmnopqrstuvwxyz0123456789.");
        if (i % 11 == 5) raw[r++] = '\r';   // a lone CR inside a line
        if (i % 13 == 7) raw[r++] = '\n';   // a lone LF ends a line as well
        else raw[r++] = '\r', raw[r++] = '\n';
    }
    r += (size_t)sprintf(raw + r, "\r\n\r\nlast line, no newline\r");
    write_file(text_name, raw, r);
    int sizes[] = {0, -1, 2, 3, 7, 64, 4095, 4097};
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; ++i) text_lines(text_name, r, sizes[i], "CRLF text");

    // Ctrl-Z ends text input; ftell stays at it; binary mode reads through it.
    const char* z_name = path("input_ctrlz.txt");
    write_file(z_name, "ab\r\ncd\x1a" "ef\r\n", 11);
    FILE* f = fopen(z_name, "r");
    char line[100];
    check(fgets(line, sizeof line, f) && strcmp(line, "ab\n") == 0, "Ctrl-Z: first line");
    check(fgets(line, sizeof line, f) && strcmp(line, "cd") == 0, "Ctrl-Z: the line before Ctrl-Z");
    check(!fgets(line, sizeof line, f) && feof(f), "Ctrl-Z: then the end of the file");
    checkf(ftell(f) == 6, "Ctrl-Z: ftell is the offset of Ctrl-Z (%ld, want %ld)", ftell(f), 6);
    check(fgetc(f) == EOF, "Ctrl-Z: fgetc after it is EOF");
    fseek(f, 1, SEEK_SET);
    check(fgetc(f) == 'b' && fgetc(f) == '\n', "Ctrl-Z: fseek back clears it and reads again");
    fclose(f);
    f = fopen(z_name, "rb");
    size_t zn = fread(line, 1, sizeof line, f);
    check(zn == 11 && line[6] == 0x1a && memcmp(line + 7, "ef\r\n", 4) == 0, "Ctrl-Z: binary mode reads all 11 bytes");
    fclose(f);

    // Binary data, 10000 bytes.
    const char* bin_name = path("input_binary.bin");
    for (int i = 0; i < 10000; ++i) raw[i] = (char)(i * 7 + i / 256);
    write_file(bin_name, raw, 10000);
    f = fopen(bin_name, "rb");
    int c = fgetc(f);
    check(c == (unsigned char)raw[0], "binary: first byte");
    // The behaviour of the buffer: one read of 4096 bytes; the descriptor is there.
    checkf(_tell(_fileno(f)) == 4096, "binary: after one fgetc the descriptor is at %ld (want %ld: one 4096-byte read)",
           _tell(_fileno(f)), 4096);
    checkf(ftell(f) == 1, "binary: ftell is %ld (want %ld)", ftell(f), 1);
    // ungetc
    check(ungetc(c, f) == c, "ungetc returns the character");
    checkf(ftell(f) == 0, "ungetc: ftell is %ld (want %ld)", ftell(f), 0);
    check(fgetc(f) == c && fgetc(f) == (unsigned char)raw[1], "ungetc: the character, then the next");
    check(ungetc('Q', f) == 'Q' && fgetc(f) == 'Q' && fgetc(f) == (unsigned char)raw[2],
          "ungetc of another character: it, then the file goes on");
    // fread larger than the buffer: what is buffered, then whole buffers straight, then a refill.
    size_t n = fread(got, 1, 9000, f);
    checkf(n == 9000 && memcmp(got, raw + 3, 9000) == 0, "fread of 9000 bytes: %ld bytes (want %ld), right data", (long)n, 9000);
    checkf(ftell(f) == 9003, "fread: ftell is %ld (want %ld)", ftell(f), 9003);
    checkf(_tell(_fileno(f)) == 10000, "fread: the descriptor read ahead to %ld (want %ld)", _tell(_fileno(f)), 10000);
    // fseek back and read again.
    check(fseek(f, 10, SEEK_SET) == 0 && fgetc(f) == (unsigned char)raw[10], "fseek(10, SEEK_SET) and read");
    check(fseek(f, -5, SEEK_CUR) == 0 && ftell(f) == 6 && fgetc(f) == (unsigned char)raw[6], "fseek(-5, SEEK_CUR) from the buffered position");
    check(fseek(f, 4100, SEEK_CUR) == 0 && fgetc(f) == (unsigned char)raw[4107], "fseek(4100, SEEK_CUR) past the buffer");
    fpos_t pos;
    fgetpos(f, &pos);
    fread(got, 1, 100, f);
    check(fsetpos(f, &pos) == 0 && ftell(f) == 4108 && fgetc(f) == (unsigned char)raw[4108], "fgetpos/fsetpos");
    rewind(f);
    n = fread(got, 1, 20000, f);
    checkf(n == 10000 && memcmp(got, raw, 10000) == 0 && feof(f) && !ferror(f), "rewind, fread all: %ld (want %ld), feof",
           (long)n, 10000);
    check(fgetc(f) == EOF, "fgetc at the end");
    clearerr(f);
    check(!feof(f), "clearerr");
    // lowio is not the stream: _read goes on where the descriptor is.
    fseek(f, 0, SEEK_SET);
    fgetc(f);
    char lowio[4];
    check(_read(_fileno(f), lowio, 4) == 4 && memcmp(lowio, raw + 4096, 4) == 0,
          "_read on the stream's descriptor after fgetc reads at 4096 (after the buffer)");
    check(fgetc(f) == (unsigned char)raw[1], "and the stream goes on from its buffer");
    fclose(f);

    // setvbuf's size and _IONBF decide how far a read goes.
    f = fopen(bin_name, "rb");
    setvbuf(f, NULL, _IOFBF, 100);
    fgetc(f);
    checkf(_tell(_fileno(f)) == 100, "setvbuf 100: the descriptor is at %ld (want %ld)", _tell(_fileno(f)), 100);
    n = fread(got, 1, 350, f);
    checkf(n == 350 && memcmp(got, raw + 1, 350) == 0 && ftell(f) == 351, "setvbuf 100: fread 350, ftell %ld (want %ld)",
           ftell(f), 351);
    fclose(f);
    f = fopen(bin_name, "rb");
    setvbuf(f, NULL, _IONBF, 0);
    fgetc(f);
    checkf(_tell(_fileno(f)) == 1, "_IONBF: the descriptor is at %ld (want %ld)", _tell(_fileno(f)), 1);
    fclose(f);

    // r+: read, fseek, write: the write lands at the stream's position.
    const char* up_name = path("input_update.txt");
    write_file(up_name, raw, 10000);
    f = fopen(up_name, "rb+");
    fread(got, 1, 3, f);
    fseek(f, 0, SEEK_CUR);
    fputs("XYZ", f);
    fseek(f, 0, SEEK_CUR);
    c = fgetc(f);
    fclose(f);
    check(c == (unsigned char)raw[6], "r+: read after the write goes on after it");
    f = fopen(up_name, "rb");
    n = fread(got, 1, 20000, f);
    fclose(f);
    check(n == 10000 && memcmp(got, raw, 3) == 0 && memcmp(got + 3, "XYZ", 3) == 0 && memcmp(got + 6, raw + 6, 9994) == 0,
          "r+: read 3, fseek(0, SEEK_CUR), write 3: bytes 3..5 replaced, nothing else");
    // w+ (text): write, rewind, read back, write more at the end.
    f = fopen(up_name, "w+");
    fputs("one\ntwo\nthree\n", f);
    rewind(f);
    check(fgets(line, sizeof line, f) && strcmp(line, "one\n") == 0 && ftell(f) == 5, "w+: rewind, first line, ftell 5");
    fseek(f, 0, SEEK_CUR);
    fputs("2\n", f);
    fseek(f, 0, SEEK_SET);
    n = fread(got, 1, 100, f);
    got[n] = 0;
    check(strcmp(got, "one\n2\n\nthree\n") == 0, "w+: a write after reading a line lands after it");
    fclose(f);
    // a+: reads anywhere, writes at the end.
    f = fopen(up_name, "a+");
    fseek(f, 0, SEEK_SET);
    check(fgets(line, sizeof line, f) && strcmp(line, "one\n") == 0, "a+: read from the start");
    fseek(f, 0, SEEK_CUR);
    fputs("four\n", f);
    fseek(f, 0, SEEK_SET);
    n = fread(got, 1, 100, f);
    got[n] = 0;
    check(strcmp(got, "one\n2\n\nthree\nfour\n") == 0, "a+: the write went to the end");
    fclose(f);

    // fscanf over buffered text.
    const char* num_name = path("input_numbers.txt");
    r = 0;
    for (int i = 0; i < 2000; ++i) r += (size_t)sprintf(raw + r, "%d %d\r\n", i, i * i);
    write_file(num_name, raw, r);
    f = fopen(num_name, "r");
    int a, b, ok = 1, count = 0;
    while (fscanf(f, "%d %d", &a, &b) == 2) {
        if (a != count || b != count * count) ok = 0;
        ++count;
    }
    checkf(ok && count == 2000, "fscanf: %ld pairs (want %ld)", count, 2000);
    fclose(f);

    remove(text_name);
    remove(z_name);
    remove(bin_name);
    remove(up_name);
    remove(num_name);
    printf("stream_input: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
