// More of what real programs import from the C runtime, each against the C standard or
// Microsoft's documentation: setjmp/longjmp (C11 7.13: setjmp returns the longjmp value, 1 for
// 0; also out of a qsort comparator), _dup/_dup2 redirecting stdout into a file and back
// (_dup2 docs), freopen on a stream, _fullpath/_splitpath/_makepath (path syntax as
// documented), _mktemp ("XXXXXX" replaced, the name is free), tmpnam, fgetwc/ungetwc on a text
// file (ASCII), _getpid equal to GetCurrentProcessId. Built against msvcrt and ucrt; one
// PASS/FAIL line per check, exit 1 on failure, summary "crt_process: N checks, 0 failed".
#include <direct.h>
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <io.h>
#include <process.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>
#include <windows.h>
#include <time.h>
#include <mbstring.h>
#include <malloc.h>

static int checks, failures;

static void check(const char* what, int ok) {
    ++checks;
    if (ok) printf("PASS %s\n", what);
    else ++failures, printf("FAIL %s\n", what);
}
static void check_str(const char* what, const char* got, const char* want) {
    ++checks;
    if (got && strcmp(got, want) == 0) printf("PASS %s: %s\n", what, got);
    else ++failures, printf("FAIL %s: got '%s', expected '%s'\n", what, got ? got : "(null)", want);
}

static jmp_buf jump;
static volatile int depth_reached;
static void dive(int depth) {
    depth_reached = depth;
    if (depth == 5) longjmp(jump, 0);   // 0 arrives as 1
    if (depth < 100) dive(depth + 1);
}
static int compare_calls;
static int __cdecl escaping_compare(const void* a, const void* b) {
    if (++compare_calls == 3) longjmp(jump, 7);
    return *(const int*)a - *(const int*)b;
}
static int __cdecl plain_compare(const void* a, const void* b) { return *(const int*)a - *(const int*)b; }

static void jumps(void) {
    volatile int local = 10;
    int value = setjmp(jump);
    if (value == 0) {
        local = 20;
        dive(0);
        check("longjmp returned past setjmp", 0);
        return;
    }
    check("setjmp returns 1 for longjmp(..., 0)", value == 1);
    check("volatile local kept", local == 20);
    check("dived to depth 5", depth_reached == 5);
    int numbers[8] = {8, 7, 6, 5, 4, 3, 2, 1};
    value = setjmp(jump);
    if (value == 0) {
        qsort(numbers, 8, sizeof numbers[0], escaping_compare);
        check("longjmp out of qsort comparator", 0);
        return;
    }
    check("longjmp out of a qsort comparator", value == 7);
    qsort(numbers, 8, sizeof numbers[0], plain_compare);
    int ordered = 1;
    for (int i = 0; i < 8; ++i) ordered &= numbers[i] == i + 1;
    check("qsort works after the escape", ordered);
}

static void redirection(void) {
    const char* path = "C:\\tmp\\redirected.txt";
    int saved = _dup(1);
    check("_dup(1)", saved >= 3);
    int fd = _open(path, _O_WRONLY | _O_CREAT | _O_TRUNC, _S_IREAD | _S_IWRITE);
    check("_open", fd >= 0);
    fflush(stdout);
    int redirected = _dup2(fd, 1);
    printf("into the file\n");
    fflush(stdout);
    _dup2(saved, 1);
    check("_dup2(fd, 1)", redirected == 0);
    _close(saved);
    _close(fd);
    FILE* f = fopen(path, "r");
    char line[64] = "";
    if (f) fgets(line, sizeof line, f), fclose(f);
    size_t length = strlen(line);
    int had_newline = length > 0 && line[length - 1] == '\n';
    if (had_newline) line[length - 1] = 0;
    check_str("stdout went to the file", line, "into the file");
    check("... as one line", had_newline);
    errno = 0;
    check("_dup2 bad fd", _dup2(99, 5) == -1 && errno == EBADF);

    FILE* stream = fopen("C:\\tmp\\first.txt", "w");
    FILE* again = freopen("C:\\tmp\\second.txt", "w", stream);
    check("freopen keeps the FILE", again == stream);
    fputs("second", again);
    fclose(again);
    f = fopen("C:\\tmp\\second.txt", "r");
    line[0] = 0;
    if (f) fgets(line, sizeof line, f), fclose(f);
    check_str("freopen wrote the new file", line, "second");
}

static void paths(void) {
    char buffer[MAX_PATH];
    _chdir("C:\\tmp");
    check_str("_fullpath relative", _fullpath(buffer, "a\\..\\b.txt", sizeof buffer), "C:\\tmp\\b.txt");
    char* allocated = _fullpath(NULL, "x", 0);
    check_str("_fullpath malloc", allocated, "C:\\tmp\\x");
    free(allocated);
    char tiny[4];
    errno = 0;
    check("_fullpath ERANGE", _fullpath(tiny, "long-name", sizeof tiny) == NULL && errno == ERANGE);
    wchar_t wide[MAX_PATH];
    check("_wfullpath", _wfullpath(wide, L"w", MAX_PATH) && wcscmp(wide, L"C:\\tmp\\w") == 0);
    check("_wgetcwd", _wgetcwd(wide, MAX_PATH) && wcscmp(wide, L"C:\\tmp") == 0);
    char drive[8], dir[MAX_PATH], name[MAX_PATH], ext[MAX_PATH];
    _splitpath("C:\\dir\\sub\\file.tar.gz", drive, dir, name, ext);
    check_str("_splitpath drive", drive, "C:");
    check_str("_splitpath dir", dir, "\\dir\\sub\\");
    check_str("_splitpath name", name, "file.tar");
    check_str("_splitpath ext", ext, ".gz");
    _splitpath("noext", drive, dir, name, ext);
    check("_splitpath bare name", !drive[0] && !dir[0] && !strcmp(name, "noext") && !ext[0]);
    _makepath(buffer, "c", "\\sample\\crt", "makepath", "c");
    check_str("_makepath (docs example)", buffer, "c:\\sample\\crt\\makepath.c");
    char pattern[] = "C:\\tmp\\fnXXXXXX";
    char* made = _mktemp(pattern);
    check("_mktemp", made && strncmp(made, "C:\\tmp\\fn", 9) == 0 && !strstr(made, "XXXXXX") &&
                         GetFileAttributesA(made) == INVALID_FILE_ATTRIBUTES);
    char bad[] = "noXs";
    check("_mktemp EINVAL", _mktemp(bad) == NULL);
    char* temp = tmpnam(NULL);
    check("tmpnam gives a free name", temp && GetFileAttributesA(temp) == INVALID_FILE_ATTRIBUTES);
    check("_getpid", _getpid() == (int)GetCurrentProcessId());
}

static void wide_input(void) {
    FILE* f = fopen("C:\\tmp\\wide.txt", "w");
    fputs("hi\n", f);
    fclose(f);
    f = fopen("C:\\tmp\\wide.txt", "r");
    wint_t a = fgetwc(f), b = fgetwc(f);
    check("fgetwc", a == L'h' && b == L'i');
    check("ungetwc", ungetwc(L'x', f) == L'x' && fgetwc(f) == L'x');
    check("fgetwc newline (text mode)", fgetwc(f) == L'\n');
    check("fgetwc WEOF", fgetwc(f) == WEOF);
    fclose(f);
    f = fopen("C:\\tmp\\wide.txt", "r");
    wchar_t line[16];
    check("fgetws", fgetws(line, 16, f) && wcscmp(line, L"hi\n") == 0);
    fclose(f);
    f = fopen("C:\\tmp\\wide.txt", "r");
    wchar_t word[16] = L"";
    check("fwscanf %ls", fwscanf(f, L"%ls", word) == 1 && wcscmp(word, L"hi") == 0);
    fclose(f);
    struct tm when = {30, 31, 23, 13, 1, 109, 5, 43, 0};   // Fri 2009-02-13 23:31:30
    check("_wasctime (C's asctime format)", wcscmp(_wasctime(&when), L"Fri Feb 13 23:31:30 2009\n") == 0);
    wchar_t clock_text[9];
    check("_wstrtime", _wstrtime(clock_text) && wcslen(clock_text) == 8 && clock_text[2] == L':' && clock_text[5] == L':');
    int value = 0;
    check("_snscanf stops at the length", _snscanf("12345", 3, "%d", &value) == 1 && value == 123);
}

#ifdef _UCRT
int __cdecl _callnewh(size_t);
#else
typedef void (__cdecl* Vfn)(void);
Vfn __cdecl __dllonexit(Vfn, Vfn**, Vfn**);   // msvcrt.dll's, for DLLs' atexit tables
static void __cdecl nothing(void) {}
#endif

static void runtime(void) {
    check_str("strerror EILSEQ", strerror(EILSEQ), "Illegal byte sequence");
    check_str("strerror EDOM", strerror(EDOM), "Domain error");
    check_str("strerror unknown", strerror(999), "Unknown error");
    check("_rotl", _rotl(0x80000001u, 1) == 3u && _rotr(3u, 1) == 0x80000001u);
    check("_rotl64", _rotl64(0x8000000000000001ull, 4) == 0x18ull);
    check("_byteswap_ulong", _byteswap_ulong(0x12345678u) == 0x78563412u && _byteswap_ushort(0x1234) == 0x3412);
    div_t d = div(7, -2);
    check("div truncates", d.quot == -3 && d.rem == 1);
    lldiv_t ld = lldiv(-7000000000LL, 2);
    check("lldiv", ld.quot == -3500000000LL && ld.rem == 0);
    char swapped[5] = "";
    _swab((char*)"abcd", swapped, 4);
    check_str("_swab", swapped, "badc");
    char* aligned = (char*)_aligned_malloc(10, 64);
    strcpy(aligned, "keepme");
    aligned = (char*)_aligned_realloc(aligned, 1000, 64);
    check("_aligned_realloc", aligned && ((uintptr_t)aligned & 63) == 0 && strcmp(aligned, "keepme") == 0);
    _aligned_free(aligned);
#ifdef _UCRT   // not in mingw's msvcrt import library (newer msvcrt.dll exports them)
    int* grown = (int*)_recalloc(NULL, 2, sizeof(int));
    grown[0] = 5;
    grown = (int*)_recalloc(grown, 8, sizeof(int));
    check("_recalloc keeps and zeroes", grown && grown[0] == 5 && grown[7] == 0);
    free(grown);
    char* offset = (char*)_aligned_offset_malloc(100, 32, 8);
    check("_aligned_offset_malloc", offset && ((uintptr_t)(offset + 8) & 31) == 0);
    check("_callnewh without a handler", _callnewh(16) == 0);
    char* program = NULL;
    check("_get_pgmptr", _get_pgmptr(&program) == 0 && program && strstr(program, "crt_process"));
#endif
    check("_getmaxstdio", _getmaxstdio() == 512);
    check("_mbslen", _mbslen((const unsigned char*)"abc") == 3);
    check("_mbsicmp", _mbsicmp((const unsigned char*)"ABC", (const unsigned char*)"abc") == 0);
    const unsigned char* text = (const unsigned char*)"xy";
    check("_mbsinc/_mbsdec", _mbsinc(text) == text + 1 && _mbsdec(text, text + 1) == text);
#ifndef _UCRT
    Vfn* begin = NULL;
    Vfn* end = NULL;
    check("__dllonexit", __dllonexit(nothing, &begin, &end) == nothing && end - begin == 1 && begin[0] == nothing);
    __dllonexit(nothing, &begin, &end);
    check("__dllonexit grows", end - begin == 2);
    free(begin);
#endif
}

int main(void) {
    runtime();
    jumps();
    redirection();
    paths();
    wide_input();
    printf("crt_process: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
