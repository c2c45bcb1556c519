// A small console "tool" the way real ones use the C runtime: a word-frequency counter over a
// file it writes itself, a tiny expression calculator, number parsing and formatting, time,
// environment, wide strings, file status and directory listing. Built against msvcrt and
// against ucrt (-D_UCRT); the expected output (tests/win32/expected/crt_tool_*.txt) follows the
// C standard and the Microsoft runtimes' documented formatting: msvcrt writes 3-digit
// exponents and 1.#INF/1.#QNAN/1.#IND, ucrt 2-digit exponents and inf/nan/nan(ind). The msvcrt
// build uses -D__USE_MINGW_ANSI_STDIO=0 so that printf is msvcrt.dll's, not mingw's own.
#include <ctype.h>
#include <direct.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <wchar.h>

// GCC checks these formats against C99, not the Microsoft runtime (%I64d).
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-truncation"

static const char* kText =
    "the quick brown fox jumps over the lazy dog\n"
    "The dog sleeps; the fox runs, and the dog dreams.\n"
    "A fox, a dog, a cat.\n";

struct Word {
    char* text;
    int count;
};

static struct Word* words;
static int word_count, word_capacity;

static int by_text(const void* a, const void* b) {
    return strcmp(((const struct Word*)a)->text, ((const struct Word*)b)->text);
}
static int by_count_then_text(const void* a, const void* b) {
    const struct Word* x = a;
    const struct Word* y = b;
    if (x->count != y->count) return y->count - x->count;
    return strcmp(x->text, y->text);
}

static void add_word(const char* token) {
    char lowered[64];
    size_t n = strlen(token);
    if (n >= sizeof lowered) n = sizeof lowered - 1;
    for (size_t i = 0; i < n; ++i) lowered[i] = (char)tolower((unsigned char)token[i]);
    lowered[n] = 0;
    for (int i = 0; i < word_count; ++i)
        if (strcmp(words[i].text, lowered) == 0) {
            words[i].count++;
            return;
        }
    if (word_count == word_capacity) {
        word_capacity = word_capacity ? word_capacity * 2 : 2;
        words = realloc(words, (size_t)word_capacity * sizeof *words);
    }
    words[word_count].text = _strdup(lowered);
    words[word_count].count = 1;
    word_count++;
}

static void word_frequencies(void) {
    FILE* out = fopen("words.txt", "w");
    fputs(kText, out);
    fclose(out);
    FILE* in = fopen("words.txt", "r");
    char line[256];
    int lines = 0;
    while (fgets(line, sizeof line, in)) {
        ++lines;
        for (char* token = strtok(line, " \t\r\n.,;"); token; token = strtok(NULL, " \t\r\n.,;")) add_word(token);
    }
    fclose(in);
    qsort(words, (size_t)word_count, sizeof *words, by_count_then_text);
    printf("words: %d distinct in %d lines\n", word_count, lines);
    for (int i = 0; i < 5; ++i) printf("  %-8s|%3d|\n", words[i].text, words[i].count);
    qsort(words, (size_t)word_count, sizeof *words, by_text);
    struct Word key = {"lazy", 0};
    struct Word* hit = bsearch(&key, words, (size_t)word_count, sizeof *words, by_text);
    key.text = "zebra";
    struct Word* miss = bsearch(&key, words, (size_t)word_count, sizeof *words, by_text);
    printf("bsearch lazy=%d zebra=%s first=%s last=%s\n", hit ? hit->count : -1, miss ? "found" : "missing",
           words[0].text, words[word_count - 1].text);
    for (int i = 0; i < word_count; ++i) free(words[i].text);
    free(words);
}

// A recursive-descent calculator: + - * / % ^, parentheses, unary minus, functions.
static const char* cursor;

static double expression(void);

static void skip_spaces(void) {
    while (isspace((unsigned char)*cursor)) ++cursor;
}

static double primary(void) {
    skip_spaces();
    if (*cursor == '(') {
        ++cursor;
        double v = expression();
        skip_spaces();
        if (*cursor == ')') ++cursor;
        return v;
    }
    if (*cursor == '-') {
        ++cursor;
        return -primary();
    }
    if (isalpha((unsigned char)*cursor)) {
        char name[16];
        int n = 0;
        while (isalnum((unsigned char)*cursor) && n < 15) name[n++] = *cursor++;
        name[n] = 0;
        if (strcmp(name, "pi") == 0) return acos(-1.0);
        double a = primary(), b = 0;
        skip_spaces();
        if (*cursor == ',') {
            ++cursor;
            b = expression();
            skip_spaces();
            if (*cursor == ')') ++cursor;
        }
        if (!strcmp(name, "sqrt")) return sqrt(a);
        if (!strcmp(name, "sin")) return sin(a);
        if (!strcmp(name, "cos")) return cos(a);
        if (!strcmp(name, "tan")) return tan(a);
        if (!strcmp(name, "atan")) return atan(a);
        if (!strcmp(name, "exp")) return exp(a);
        if (!strcmp(name, "log")) return log(a);
        if (!strcmp(name, "log10")) return log10(a);
        if (!strcmp(name, "floor")) return floor(a);
        if (!strcmp(name, "ceil")) return ceil(a);
        if (!strcmp(name, "fabs")) return fabs(a);
        if (!strcmp(name, "pow")) return pow(a, b);
        if (!strcmp(name, "fmod")) return fmod(a, b);
        if (!strcmp(name, "atan2")) return atan2(a, b);
        return NAN;
    }
    char* end;
    double v = strtod(cursor, &end);
    cursor = end;
    return v;
}

static double power(void) {
    double base = primary();
    skip_spaces();
    if (*cursor == '^') {
        ++cursor;
        return pow(base, power());
    }
    return base;
}

static double term(void) {
    double v = power();
    for (;;) {
        skip_spaces();
        char op = *cursor;
        if (op != '*' && op != '/' && op != '%') return v;
        ++cursor;
        double rhs = power();
        v = op == '*' ? v * rhs : op == '/' ? v / rhs : fmod(v, rhs);
    }
}

static double expression(void) {
    double v = term();
    for (;;) {
        skip_spaces();
        char op = *cursor;
        if (op != '+' && op != '-') return v;
        ++cursor;
        double rhs = term();
        v = op == '+' ? v + rhs : v - rhs;
    }
}

static void calculator(void) {
    static const char* inputs[] = {
        "1 + 2 * 3",        "(1 + 2) * 3",     "2 ^ 10",          "sqrt(2)",       "10 / 4",
        "7 % 3",            "-2.5 * 4",        "pow(2, 0.5)",     "floor(-2.5)",   "ceil(2.1)",
        "fmod(-7, 3)",      "exp(1)",          "log(10)",         "log10(1000)",   "sin(pi / 6)",
        "cos(pi)",          "atan2(1, 1) * 4", "1e300 * 1e10",    "1 / 3",         "fabs(-0.125)",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; ++i) {
        cursor = inputs[i];
        double v = expression();
        printf("%-18s = %.10g\n", inputs[i], v);
    }
}

static void numbers(void) {
    char* end;
    errno = 0;
    long a = strtol("  -0x1fz", &end, 16);
    printf("strtol hex: %ld rest='%s'\n", a, end);
    long b = strtol("0755", NULL, 0);
    long c = strtol("99999999999", &end, 10);
    printf("strtol octal: %ld overflow: %ld errno=%s\n", b, c, errno == ERANGE ? "ERANGE" : "other");
    unsigned long d = strtoul("4294967295", NULL, 10);
    long long e = strtoll("-9223372036854775807", NULL, 10);
    unsigned long long f = strtoull("18446744073709551615", NULL, 10);
    printf("strtoul: %lu strtoll: %lld strtoull: %llu\n", d, e, f);
    double g = strtod("  6.02214076e23xyz", &end);
    printf("strtod: %.8e rest='%s' atof=%g\n", g, end, atof("-0.000125"));
    printf("atoi=%d atol=%ld _atoi64=%I64d\n", atoi("  42abc"), atol("-17"), _atoi64("123456789012"));
}

static void formatting(void) {
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%*d] [%-*d]\n", 42, 42, 42, 42, 42, 42, 6, 7, 4, 8);
    printf("[%x] [%X] [%#x] [%o] [%#o] [%u] [%hd]\n", 255, 255, 255, 8, 8, 3000000000u, 70000);
    printf("[%I64d] [%I64u] [%lld] [%llu] [%I64x]\n", (long long)-1234567890123, 18446744073709551615ull,
           (long long)INT64_MIN, 12345678901234567890ull, 0xdeadbeefcafeull);
    printf("[%s] [%10s] [%-10s] [%.3s] [%c] [%5c] [%%]\n", "tool", "right", "left", "truncate", 'x', 'y');
    printf("[%f] [%.2f] [%10.3f] [%-10.1f] [%+.0f] [%.0f] [%.0f] [%#.0f]\n", 3.14159265, 2.675, -1.5, 9.96,
           2.5, 3.5, 0.5, 1.0);
    printf("[%e] [%.2e] [%E] [%e] [%e]\n", 12345.678, 0.000123456, 1e100, 0.0, 1e-300);
    printf("[%g] [%g] [%g] [%g] [%g] [%g] [%G]\n", 0.0001, 0.00001, 123456.0, 1234567.0, 100.0, 1e-10, 2.5e-7);
    printf("[%.3g] [%#g] [%.0g] [%g] [%.15g] [%.17g]\n", 3.14159, 1.0, 25.0, 0.1 + 0.2, 0.1 + 0.2, 0.1);
    double zero = 0.0;
    double inf = 1.0 / zero;
    printf("[%f] [%f] [%g] [%e]\n", inf, -inf, inf, inf);
    printf("[%f] [%f] [%5.1f]\n", (double)NAN, -(double)NAN, 1e15);
    char buffer[64];
    int n = sprintf(buffer, "%s-%04d-%.1f", "id", 7, 0.25);
    printf("sprintf: %s (%d)\n", buffer, n);
    n = snprintf(buffer, 8, "%s", "abcdefghijkl");
    printf("snprintf: %s (%d)\n", buffer, n);
    memset(buffer, '*', sizeof buffer);
    n = _snprintf(buffer, 4, "%d", 123456);
    printf("_snprintf: %d %.4s%c\n", n, buffer, buffer[4]);
}

static void scanning(void) {
    int i = 0, x = 0, consumed = 0;
    double v = 0;
    char word[32] = "", letters[32] = "", c = 0;
    long long big = 0;
    int got = sscanf("  -17 3.25e2 token ff abcXYZ Q 8589934592 tail", "%d %lf %31s %x %31[a-z]%*s %c %lld%n", &i, &v,
                     word, &x, letters, &c, &big, &consumed);
    printf("sscanf: %d fields i=%d v=%g word=%s x=%d letters=%s c=%c big=%lld consumed=%d\n", got, i, v, word, x,
           letters, c, big, consumed);
    int h = 0, m = 0, s = 0;
    got = sscanf("12:34:56", "%d:%d:%d", &h, &m, &s);
    printf("sscanf time: %d %02d-%02d-%02d\n", got, h, m, s);
    got = sscanf("", "%d", &h);
    printf("sscanf empty: %d\n", got);
    char key[16], value[16];
    got = sscanf("name=celda,ver", "%15[^=]=%15[^,]", key, value);
    printf("sscanf kv: %d %s %s\n", got, key, value);
}

static void times(void) {
    time_t fixed = 1700000000;   // 2023-11-14 22:13:20 UTC, a Tuesday
    struct tm* utc = gmtime(&fixed);
    char text[128];
    strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %a %A %b %B %j %y %p %I %%", utc);
    printf("gmtime: %s wday=%d yday=%d\n", text, utc->tm_wday, utc->tm_yday);
    struct tm broken = {0};
    broken.tm_year = 2000 - 1900;
    broken.tm_mon = 1;
    broken.tm_mday = 29;
    broken.tm_hour = 12;
    broken.tm_isdst = 0;
    _putenv("TZ=UTC0");
    _tzset();
    time_t made = mktime(&broken);
    printf("mktime: %lld wday=%d yday=%d\n", (long long)made, broken.tm_wday, broken.tm_yday);
    broken.tm_mday = 31;   // 2000-02-31 normalises to 2000-03-02
    made = mktime(&broken);
    struct tm* local = localtime(&made);
    strftime(text, sizeof text, "%d.%m.%Y %H:%M", local);
    printf("normalised: %s\n", text);
    time_t now = time(NULL);
    printf("time: %s\n", now > 1600000000 ? "plausible" : "wrong");
    clock_t ticks = clock();
    printf("clock: %s CLOCKS_PER_SEC=%ld\n", ticks >= 0 ? "ok" : "bad", (long)CLOCKS_PER_SEC);
}

static void environment_and_wide(void) {
    _putenv("CRT_TOOL=hello world");
    printf("getenv: %s missing=%s\n", getenv("CRT_TOOL"), getenv("CRT_TOOL_MISSING") ? "set" : "(null)");
    const wchar_t* wide = _wgetenv(L"CRT_TOOL");
    printf("_wgetenv: %d chars\n", wide ? (int)wcslen(wide) : -1);
    wchar_t copy[64];
    wcscpy(copy, L"caf\u00e9 ");
    wcscat(copy, L"na\u00efve");
    wprintf(L"wprintf: %ls len=%d %d%%\n", copy, (int)wcslen(copy), 50);
    wchar_t formatted[64];
    int n = swprintf(formatted, 64, L"%d-%ls-%.2f", 9, L"x", 1.5);
    printf("swprintf: %d %ls cmp=%d\n", n, formatted, wcscmp(formatted, L"9-x-1.50"));
    FILE* out = _wfopen(L"wide.txt", L"w");
    fprintf(out, "line one\nline two\n");
    fclose(out);
    FILE* in = _wfopen(L"wide.txt", L"rb");
    char raw[64];
    size_t got = fread(raw, 1, sizeof raw, in);
    fclose(in);
    printf("_wfopen: %u bytes on disk (text mode writes CRLF)\n", (unsigned)got);
}

static void file_status(void) {
    struct _stat st;
    int r = _stat("words.txt", &st);
    printf("_stat: %d size=%ld reg=%d dir=%d\n", r, (long)st.st_size, (st.st_mode & _S_IFREG) != 0,
           (st.st_mode & _S_IFDIR) != 0);
    errno = 0;
    r = _stat("no-such-file.txt", &st);
    printf("_stat missing: %d errno=%d (%s)\n", r, errno, strerror(errno));
    _mkdir("listing");
    r = _stat("listing", &st);
    printf("_stat dir: %d dir=%d\n", r, (st.st_mode & _S_IFDIR) != 0);
    struct _stat64 st64;
    r = _wstat64(L"wide.txt", &st64);
    printf("_wstat64: %d size=%lld\n", r, (long long)st64.st_size);
    FILE* f = fopen("words.txt", "rb");
    r = _fstat(_fileno(f), &st);
    printf("_fstat: %d size=%ld\n", r, (long)st.st_size);
    fclose(f);

    const char* names[] = {"listing/b.dat", "listing/a.txt", "listing/c.txt"};
    for (int i = 0; i < 3; ++i) {
        FILE* g = fopen(names[i], "w");
        fprintf(g, "%*s", (i + 1) * 10, "");
        fclose(g);
    }
    struct _finddata_t found;
    intptr_t search = _findfirst("listing\\*.txt", &found);
    int count = 0;
    if (search != -1) {
        do {
            printf("  found %s size=%lu subdir=%d\n", found.name, (unsigned long)found.size,
                   (found.attrib & _A_SUBDIR) != 0);
            ++count;
        } while (_findnext(search, &found) == 0);
        _findclose(search);
    }
    printf("_findfirst: %d matches\n", count);
    printf("_findfirst none: %d errno=%d\n", (int)_findfirst("listing\\*.none", &found), errno);
}

static void memory(void) {
    int* values = NULL;
    size_t capacity = 0;
    long long sum = 0;
    for (int i = 0; i < 100000; ++i) {
        if ((size_t)i == capacity) {
            capacity = capacity ? capacity * 2 : 16;
            values = realloc(values, capacity * sizeof *values);
        }
        values[i] = i;
    }
    for (int i = 0; i < 100000; ++i) sum += values[i];
    free(values);
    int* zeros = calloc(1000, sizeof *zeros);
    int nonzero = 0;
    for (int i = 0; i < 1000; ++i) nonzero += zeros[i] != 0;
    free(zeros);
    void* blocks[200];
    for (int i = 0; i < 200; ++i) blocks[i] = malloc((size_t)(i * 37 % 4096) + 1);
    for (int i = 0; i < 200; i += 2) free(blocks[i]);
    for (int i = 1; i < 200; i += 2) free(blocks[i]);
    printf("memory: sum=%lld calloc nonzero=%d\n", sum, nonzero);
}

static void on_exit_handler(void) { printf("atexit: done\n"); }
static void on_interrupt(int sig) { (void)sig; }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    atexit(on_exit_handler);
    void (*previous)(int) = signal(SIGINT, on_interrupt);
    void (*again)(int) = signal(SIGINT, SIG_DFL);
    printf("signal: first=%s second=%s\n", previous == SIG_DFL ? "SIG_DFL" : "other",
           again == on_interrupt ? "handler" : "other");
    printf("_isatty(stdout)=%d\n", _isatty(_fileno(stdout)) != 0);
    int mode = _setmode(_fileno(stdin), _O_BINARY);
    printf("_setmode: previous %s\n", mode == _O_TEXT ? "_O_TEXT" : "other");
    srand(42);
    int r1 = rand(), r2 = rand(), r3 = rand();
    printf("rand: %d %d %d RAND_MAX=%d\n", r1, r2, r3, RAND_MAX);
    errno = 0;
    FILE* missing = fopen("does-not-exist.txt", "r");
    printf("fopen missing: %s errno=%d strerror=%s\n", missing ? "opened" : "NULL", errno, strerror(errno));
    word_frequencies();
    calculator();
    numbers();
    formatting();
    scanning();
    times();
    environment_and_wide();
    file_status();
    memory();
    return 0;
}
