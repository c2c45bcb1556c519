// The C runtime's "everything else" that real programs import, each checked against the C
// standard or Microsoft's documentation: _beginthreadex/_beginthread/_endthreadex,
// qsort_s/bsearch_s with a context, setlocale/localeconv/_create_locale and `_l` functions
// ("C" locale), the bounds-checked string functions (strcpy_s, strncpy_s with _TRUNCATE,
// sprintf_s, _snprintf_s, memcpy_s) and multibyte conversion (ASCII; UTF-8 only where the
// ".UTF-8" locale is accepted, as ucrt on Windows 10 1803+ does). Built against msvcrt and ucrt;
// one PASS/FAIL line per check, exit status 1 on any failure, summary "crt_runtime: N checks, 0 failed".
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <process.h>
#include <search.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-truncation"

static int checks, failures;

static void check(const char* what, int ok, const char* detail) {
    ++checks;
    if (ok) printf("PASS %s\n", what);
    else ++failures, printf("FAIL %s: %s\n", what, detail);
}
static void check_str(const char* what, const char* got, const char* want) {
    char detail[300];
    snprintf(detail, sizeof detail, "got '%s', expected '%s'", got ? got : "(null)", want);
    check(what, got && strcmp(got, want) == 0, detail);
}
static void check_int(const char* what, long long got, long long want) {
    char detail[120];
    snprintf(detail, sizeof detail, "got %I64d, expected %I64d", got, want);
    check(what, got == want, detail);
}

// ---- threads ----
static volatile LONG simple_runs;
static HANDLE simple_done;
static unsigned __stdcall worker(void* argument) {
    int* value = argument;
    *value *= 2;
    if (*value == 42) _endthreadex(7);   // exit code through _endthreadex
    return 5;
}
static void __cdecl simple_worker(void* argument) {
    InterlockedIncrement(&simple_runs);
    SetEvent((HANDLE)argument);
}
static void threads(void) {
    int value = 21;
    unsigned id = 0;
    HANDLE thread = (HANDLE)_beginthreadex(NULL, 0, worker, &value, 0, &id);
    check("_beginthreadex handle", thread != NULL && id != 0, "");
    check_int("_beginthreadex wait", WaitForSingleObject(thread, 5000), WAIT_OBJECT_0);
    DWORD code = 0;
    GetExitCodeThread(thread, &code);
    check_int("_endthreadex exit code", code, 7);
    check_int("thread ran", value, 42);
    CloseHandle(thread);
    value = 1;
    thread = (HANDLE)_beginthreadex(NULL, 0, worker, &value, 0, NULL);
    WaitForSingleObject(thread, 5000);
    GetExitCodeThread(thread, &code);
    check_int("return value is the exit code", code, 5);
    CloseHandle(thread);
    simple_done = CreateEventA(NULL, TRUE, FALSE, NULL);
    uintptr_t simple = _beginthread(simple_worker, 0, simple_done);
    check("_beginthread handle", simple != (uintptr_t)-1, "");
    check_int("_beginthread ran", WaitForSingleObject(simple_done, 5000), WAIT_OBJECT_0);
    check_int("_beginthread once", simple_runs, 1);
    CloseHandle(simple_done);
}

// ---- qsort_s / bsearch_s ----
static int __cdecl by_direction(void* context, const void* a, const void* b) {
    int direction = *(int*)context;
    int x = *(const int*)a, y = *(const int*)b;
    return direction * ((x > y) - (x < y));
}
static void sorting(void) {
    int numbers[20] = {5, 3, 19, 1, 0, 7, 12, 18, 2, 4, 6, 8, 10, 9, 11, 13, 15, 14, 17, 16};
    int down = -1, up = 1;
    qsort_s(numbers, 20, sizeof numbers[0], by_direction, &down);
    int ordered = 1;
    for (int i = 0; i < 20; ++i) ordered &= numbers[i] == 19 - i;
    check("qsort_s descending with context", ordered, "");
    qsort_s(numbers, 20, sizeof numbers[0], by_direction, &up);
    ordered = 1;
    for (int i = 0; i < 20; ++i) ordered &= numbers[i] == i;
    check("qsort_s ascending with context", ordered, "");
    int key = 13;
    int* found = bsearch_s(&key, numbers, 20, sizeof numbers[0], by_direction, &up);
    check("bsearch_s finds", found == &numbers[13], "");
    key = 40;
    check("bsearch_s misses", bsearch_s(&key, numbers, 20, sizeof numbers[0], by_direction, &up) == NULL, "");
}

// ---- locale ----
static void locales(void) {
    check_str("setlocale query", setlocale(LC_ALL, NULL), "C");
    check_str("setlocale C", setlocale(LC_ALL, "C"), "C");
    check("setlocale \"\" accepted", setlocale(LC_ALL, "") != NULL, "");
    setlocale(LC_ALL, "C");
    check("setlocale bad category", setlocale(99, "C") == NULL, "");
    struct lconv* lc = localeconv();
    check_str("localeconv decimal_point", lc->decimal_point, ".");
    check_str("localeconv thousands_sep", lc->thousands_sep, "");
    check_int("localeconv int_frac_digits is CHAR_MAX", lc->int_frac_digits, CHAR_MAX);
    check_int("localeconv n_sign_posn is CHAR_MAX", lc->n_sign_posn, CHAR_MAX);
    _locale_t c = _create_locale(LC_ALL, "C");
    check("_create_locale C", c != NULL, "");
    check("_strtod_l", _strtod_l("1.5", NULL, c) == 1.5, "");
    check_int("_strtol_l", _strtol_l("-77", NULL, 10, c), -77);
    check_int("_stricmp_l", _stricmp_l("HeLLo", "hello", c), 0);
    check("_strnicmp_l", _strnicmp_l("ABCx", "abcy", 3, c) == 0, "");
    check_int("_tolower_l", _tolower_l('Q', c), 'q');
    check_int("_toupper_l", _toupper_l('q', c), 'Q');
    check("_isctype_l alpha", _isctype_l('a', _ALPHA, c) != 0 && _isctype_l('1', _ALPHA, c) == 0, "");
    check("_isdigit_l", _isdigit_l('7', c) != 0 && _isdigit_l('x', c) == 0, "");
    check("_wcsicmp_l", _wcsicmp_l(L"ABC", L"abc", c) == 0, "");
    char buffer[64];
    _sprintf_l(buffer, "%d-%s", c, 42, "x");
    check_str("_sprintf_l", buffer, "42-x");
    _snprintf_l(buffer, sizeof buffer, "%05.1f", c, 2.25);
    check("_snprintf_l", strcmp(buffer, "002.2") == 0 || strcmp(buffer, "002.3") == 0, buffer);
    _free_locale(c);
    check("_get_current_locale", _get_current_locale() != NULL, "");
    check("MB_CUR_MAX >= 1", MB_CUR_MAX >= 1, "");
    check("_isctype space", _isctype(' ', _SPACE) && _isctype('\t', _BLANK) && !_isctype('x', _SPACE), "");
    check("iswctype", iswctype(L'A', _UPPER) && !iswctype(L'a', _UPPER), "");
    check("strcoll C order", strcoll("abc", "abd") < 0 && strcoll("b", "a") > 0, "");
    check_int("strxfrm length", strxfrm(buffer, "hello", sizeof buffer), 5);
}

// ---- bounds-checked functions ----
static void secure(void) {
    char small[6];
    check_int("strcpy_s fits", strcpy_s(small, sizeof small, "hello"), 0);
    check_str("strcpy_s text", small, "hello");
    check_int("strcpy_s too long", strcpy_s(small, sizeof small, "hello!"), ERANGE);
    check_str("strcpy_s too long empties", small, "");
    strcpy_s(small, sizeof small, "ab");
    check_int("strcat_s fits", strcat_s(small, sizeof small, "cde"), 0);
    check_str("strcat_s text", small, "abcde");
    check_int("strncpy_s _TRUNCATE", strncpy_s(small, sizeof small, "truncated", _TRUNCATE), STRUNCATE);
    check_str("strncpy_s _TRUNCATE text", small, "trunc");
    check_int("strncpy_s count", strncpy_s(small, sizeof small, "abcdef", 2), 0);
    check_str("strncpy_s count text", small, "ab");
    char buffer[16];
    check_int("sprintf_s", sprintf_s(buffer, sizeof buffer, "%d:%s", 7, "ok"), 4);
    check_str("sprintf_s text", buffer, "7:ok");
    check_int("_snprintf_s _TRUNCATE", _snprintf_s(small, sizeof small, _TRUNCATE, "%s", "overflowing"), -1);
    check_str("_snprintf_s _TRUNCATE text", small, "overf");
    char block[4] = {1, 2, 3, 4};
    check_int("memcpy_s too big", memcpy_s(block, sizeof block, "123456", 6), ERANGE);
    check("memcpy_s too big zero-fills", block[0] == 0 && block[3] == 0, "");
    check_int("memcpy_s ok", memcpy_s(block, sizeof block, "xyz", 3), 0);
    wchar_t wide[8];
    check_int("wcscpy_s", wcscpy_s(wide, 8, L"wide"), 0);
    check("wcscpy_s text", wcscmp(wide, L"wide") == 0, "");
    check_int("wcscat_s too long", wcscat_s(wide, 8, L"-long"), ERANGE);
    int err = -1;
    errno = 0;
    _set_errno(EDOM);
    _get_errno(&err);
    check_int("_set_errno/_get_errno", err, EDOM);
    char message[64];
    check_int("strerror_s", strerror_s(message, sizeof message, ENOENT), 0);
    check_str("strerror_s ENOENT", message, "No such file or directory");
    char* context = NULL;
    char tokens[] = "a,b;;c";
    char* first = strtok_s(tokens, ",;", &context);
    char* second = strtok_s(NULL, ",;", &context);
    char* third = strtok_s(NULL, ",;", &context);
    check("strtok_s", first && second && third && !strcmp(first, "a") && !strcmp(second, "b") && !strcmp(third, "c") &&
                          strtok_s(NULL, ",;", &context) == NULL, "");
}

// ---- multibyte ----
static void multibyte(void) {
    wchar_t wide[16];
    check_int("mbstowcs ASCII", mbstowcs(wide, "abc", 16), 3);
    check("mbstowcs text", wcscmp(wide, L"abc") == 0, "");
    char narrow[16];
    check_int("wcstombs ASCII", wcstombs(narrow, L"xyz", sizeof narrow), 3);
    check_str("wcstombs text", narrow, "xyz");
    size_t converted = 0;
    check_int("mbstowcs_s", mbstowcs_s(&converted, wide, 16, "hello", _TRUNCATE), 0);
    check_int("mbstowcs_s count includes NUL", converted, 6);
    check_int("wcstombs_s", wcstombs_s(&converted, narrow, sizeof narrow, L"hi", _TRUNCATE), 0);
    check_int("wcstombs_s count includes NUL", converted, 3);
    wchar_t one = 0;
    check_int("mbtowc ASCII", mbtowc(&one, "Q", 1), 1);
    check_int("mbtowc value", one, L'Q');
    check_int("wctomb ASCII", wctomb(narrow, L'R'), 1);
    check_int("mblen NUL", mblen("", 1), 0);
    if (setlocale(LC_ALL, ".UTF-8")) {
        check_int("UTF-8 mbstowcs", mbstowcs(wide, "\xc3\xa9t\xc3\xa9", 16), 3);
        check("UTF-8 mbstowcs text", wide[0] == 0xe9 && wide[1] == L't' && wide[2] == 0xe9, "");
        check_int("UTF-8 wcstombs", wcstombs(narrow, L"\x20ac", sizeof narrow), 3);
        check_str("UTF-8 wcstombs bytes", narrow, "\xe2\x82\xac");
        setlocale(LC_ALL, "C");
    } else {
        printf("SKIP UTF-8 locale not available\n");
    }
}

// `long` is 32 bits on Windows: the upper half of a long argument's 64-bit register is not
// part of the value (called through unsigned types here, so that half is zero, as it often is
// after a 32-bit move), and an `unsigned long*` points at 4 bytes (the next 4 are the caller's).
typedef int (*fseek_unsigned)(FILE*, unsigned long, int);
typedef long (*lseek_unsigned)(int, unsigned long, int);
typedef void (*any_function)(void);
static void long_arguments(void) {
    FILE* f = fopen("C:\\tmp\\long.bin", "w+b");
    fwrite("0123456789", 1, 10, f);
    fseek_unsigned volatile seek = (fseek_unsigned)(any_function)fseek;
    lseek_unsigned volatile lseek = (lseek_unsigned)(any_function)_lseek;
    check_int("fseek negative long", seek(f, 0xfffffffe, SEEK_END), 0);
    check_int("position after fseek -2 from the end", _ftelli64(f), 8);   // 64-bit: nothing truncated
    lseek(_fileno(f), 0xfffffffd, SEEK_END);
    check_int("position after _lseek -3 from the end", _telli64(_fileno(f)), 7);
    fclose(f);
#ifdef _UCRT   // mingw's msvcrt import library has no _get_doserrno
    struct {
        unsigned long value;
        unsigned long next;
    } doserrno_pair = {0, 0x5a5a5a5a};
    _set_doserrno(5);
    check_int("_get_doserrno", _get_doserrno(&doserrno_pair.value), 0);
    check_int("_get_doserrno value", doserrno_pair.value, 5);
    check_int("_get_doserrno writes 4 bytes", doserrno_pair.next, 0x5a5a5a5a);
#endif
}

int main(void) {
    long_arguments();
    threads();
    sorting();
    locales();
    secure();
    multibyte();
    printf("crt_runtime: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
