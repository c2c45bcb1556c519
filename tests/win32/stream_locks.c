// stream_locks: many fopen'd streams and their locks. mingw-w64's _lock_file for msvcrt
// (libmsvcrt.a, mingw_lock.o, linked into this .exe) takes _lock(16 + index) for a FILE inside
// __iob_func()[0..19]; for any other FILE it assumes msvcrt's _FILEX layout (the FILE followed
// by a CRITICAL_SECTION) and calls EnterCriticalSection((char*)file + 48). So from the 18th
// fopen'd stream on, 40 bytes after each FILE must be that stream's own critical section and not
// the next stream's FILE. mingw's printf takes the lock around every call. With ucrt the .exe
// imports _lock_file from the CRT, which locks its own (opaque) FILE. Self-checking: one PASS or
// FAIL line per check, the summary last, exit status 1 on any failure. Built against both CRTs.
#include <stdio.h>
#include <string.h>
#include <windows.h>

enum { kStreams = 40, kRounds = 5, kFileBytes = 48 };   // 48: msvcrt's sizeof(struct _iobuf)

static int checks, failures;
static void check(int ok, const char* what, int index) {
    ++checks;
    if (!ok) ++failures;
    printf("%s %s %d\n", ok ? "PASS" : "FAIL", what, index);
}

static FILE* streams[kStreams];
static unsigned char before[kStreams][kFileBytes];

static void name_of(int i, char* name) { sprintf(name, "C:\\tmp\\lock%02d.txt", i); }

// Another thread writes to a stream the main thread holds locked: its line must wait for the
// unlock (Windows' stream locks exclude threads; here the main thread blocks in Sleep meanwhile).
static DWORD WINAPI locked_writer(void* stream) {
    fprintf((FILE*)stream, "second\n");
    return 0;
}

int main(void) {
    char name[64], line[128], expected[128];
    for (int i = 0; i < kStreams; ++i) {
        name_of(i, name);
        streams[i] = fopen(name, "w");
        if (!streams[i]) {
            printf("FAIL fopen %d\n", i);
            return 1;
        }
    }
    // Taking one stream's lock leaves every other stream's FILE as it was (for a stream at
    // index >= 20 the old table put the next FILE where the lock's critical section goes).
    for (int i = 0; i < kStreams; ++i) memcpy(before[i], streams[i], kFileBytes);
    for (int i = 0; i < kStreams; ++i) {
        _lock_file(streams[i]);
        int same = 1;
        for (int j = 0; j < kStreams; ++j)
            if (j != i && memcmp(before[j], streams[j], kFileBytes) != 0) same = 0;
        _unlock_file(streams[i]);
        check(same, "lock leaves other FILEs alone", i);
    }
    // Writes through mingw's printf (lock, one fputc per character, unlock), interleaved so that
    // each stream's lock is taken while the others have output.
    for (int round = 0; round < kRounds; ++round)
        for (int i = 0; i < kStreams; ++i) fprintf(streams[i], "stream %d round %d %s\n", i, round, "text");
    // The lock is recursive: printf inside a locked region, and fflush(NULL) there (which walks
    // every stream's FILE).
    for (int i = 0; i < kStreams; ++i) {
        _lock_file(streams[i]);
        fprintf(streams[i], "locked %d\n", i);
        fflush(NULL);
        _unlock_file(streams[i]);
    }
    // Exclusion between threads on a stream past index 20.
    int late = kStreams - 5;
    _lock_file(streams[late]);
    HANDLE thread = CreateThread(NULL, 0, locked_writer, streams[late], 0, NULL);
    Sleep(50);
    fprintf(streams[late], "first\n");
    _unlock_file(streams[late]);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);

    for (int i = 0; i < kStreams; ++i) check(fclose(streams[i]) == 0, "fclose", i);
    // Every line landed in its own file, in order.
    for (int i = 0; i < kStreams; ++i) {
        name_of(i, name);
        FILE* f = fopen(name, "r");
        int ok = f != NULL;
        for (int round = 0; ok && round < kRounds; ++round) {
            sprintf(expected, "stream %d round %d text\n", i, round);
            ok = fgets(line, sizeof line, f) && strcmp(line, expected) == 0;
        }
        sprintf(expected, "locked %d\n", i);
        ok = ok && fgets(line, sizeof line, f) && strcmp(line, expected) == 0;
        if (ok && i == late)
            ok = fgets(line, sizeof line, f) && strcmp(line, "first\n") == 0 && fgets(line, sizeof line, f) &&
                 strcmp(line, "second\n") == 0;
        ok = ok && !fgets(line, sizeof line, f);
        if (f) fclose(f);
        check(ok, "content", i);
    }
    printf("stream_locks: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
