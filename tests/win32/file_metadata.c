// File times and the read-only attribute, through kernel32 and the CRT, on the in-memory
// C:\tmp. Expectations from Microsoft's documentation: SetFileTime needs a handle with
// FILE_WRITE_ATTRIBUTES (GENERIC_WRITE includes it) else ERROR_ACCESS_DENIED, and a zero
// FILETIME leaves that time unchanged; _utime sets st_atime/st_mtime (NULL: the current time),
// opens the file for writing and so fails with EACCES on a read-only file, ENOENT when missing;
// _chmod(_S_IREAD) makes a file read-only (GetFileAttributes has FILE_ATTRIBUTE_READONLY,
// st_mode loses _S_IWRITE); a read-only file cannot be opened for writing (EACCES,
// ERROR_ACCESS_DENIED) or deleted (DeleteFile: ERROR_ACCESS_DENIED, _unlink: EACCES) and
// _access(path, 2) fails with EACCES. FILETIME = (unix seconds + 11644473600) * 10^7.
// Built against msvcrt and ucrt; one PASS/FAIL line per check, exit 1 on failure, summary
// "file_metadata: N checks, 0 failed".
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utime.h>
#include <time.h>
#include <windows.h>

#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"

static int checks, failures;

static void check(const char* what, int ok) {
    ++checks;
    if (ok) printf("PASS %s\n", what);
    else ++failures, printf("FAIL %s\n", what);
}
static void check_int(const char* what, long long got, long long want) {
    ++checks;
    if (got == want) printf("PASS %s: %I64d\n", what, got);
    else ++failures, printf("FAIL %s: got %I64d, expected %I64d\n", what, got, want);
}

static FILETIME filetime_of(long long unix_seconds) {
    unsigned long long t = (unsigned long long)(unix_seconds + 11644473600LL) * 10000000ULL;
    FILETIME f = {(DWORD)t, (DWORD)(t >> 32)};
    return f;
}
static long long ticks(FILETIME f) { return (long long)(((unsigned long long)f.dwHighDateTime << 32) | f.dwLowDateTime); }

static void win32_times(void) {
    const char* path = "C:\\tmp\\times.txt";
    HANDLE h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    check("CreateFile", h != INVALID_HANDLE_VALUE);
    DWORD written;
    WriteFile(h, "data", 4, &written, NULL);
    FILETIME access = filetime_of(981173106);   // 2001-02-03 04:05:06 UTC
    FILETIME write = filetime_of(1234567890);   // 2009-02-13 23:31:30 UTC
    check("SetFileTime", SetFileTime(h, NULL, &access, &write));
    FILETIME got_access, got_write;
    check("GetFileTime", GetFileTime(h, NULL, &got_access, &got_write));
    check_int("last write time round trip", ticks(got_write), ticks(write));
    check_int("last access time round trip", ticks(got_access), ticks(access));
    FILETIME zero = {0, 0}, later = filetime_of(1300000000);
    check("SetFileTime zero keeps access", SetFileTime(h, NULL, &zero, &later));
    GetFileTime(h, NULL, &got_access, &got_write);
    check_int("zero FILETIME left access alone", ticks(got_access), ticks(access));
    check_int("write time changed", ticks(got_write), ticks(later));
    CloseHandle(h);
    WIN32_FILE_ATTRIBUTE_DATA data;
    check("GetFileAttributesEx", GetFileAttributesExA(path, GetFileExInfoStandard, &data));
    check_int("GetFileAttributesEx write time", ticks(data.ftLastWriteTime), ticks(later));
    WIN32_FIND_DATAA found;
    HANDLE find = FindFirstFileA(path, &found);
    check("FindFirstFile", find != INVALID_HANDLE_VALUE);
    check_int("FindFirstFile write time", ticks(found.ftLastWriteTime), ticks(later));
    FindClose(find);
    h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0);
    check("SetFileTime on a read-only handle fails", !SetFileTime(h, NULL, NULL, &write));
    check_int("... with ERROR_ACCESS_DENIED", GetLastError(), ERROR_ACCESS_DENIED);
    CloseHandle(h);
    h = CreateFileA(path, FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    check("SetFileTime with FILE_WRITE_ATTRIBUTES", SetFileTime(h, NULL, NULL, &write));
    CloseHandle(h);
    GetFileAttributesExA(path, GetFileExInfoStandard, &data);
    check_int("FILE_WRITE_ATTRIBUTES handle set the time", ticks(data.ftLastWriteTime), ticks(write));
}

static void crt_times(void) {
    const char* path = "C:\\tmp\\utime.txt";
    FILE* f = fopen(path, "w");
    fputs("x", f);
    fclose(f);
    struct _utimbuf times = {1000000000, 1234567890};
    check_int("_utime", _utime(path, &times), 0);
    struct _stat st;
    check_int("_stat", _stat(path, &st), 0);
    check_int("st_mtime", (long long)st.st_mtime, 1234567890);
    check_int("st_atime", (long long)st.st_atime, 1000000000);
    time_t before = time(NULL);
    check_int("_utime(NULL)", _utime(path, NULL), 0);
    _stat(path, &st);
    check("_utime(NULL) is now", st.st_mtime >= before && st.st_mtime <= time(NULL) + 1);
    int fd = _open(path, _O_RDWR);
    struct __utimbuf64 times64 = {1500000000, 1600000000};
    check_int("_futime64", _futime64(fd, &times64), 0);
    _close(fd);
    struct _stat64 st64;
    _stat64(path, &st64);
    check_int("_futime64 st_mtime", st64.st_mtime, 1600000000);
    check_int("_wutime64", _wutime64(L"C:\\tmp\\utime.txt", &times64), 0);
    errno = 0;
    check_int("_utime missing file", _utime("C:\\tmp\\no such file", &times), -1);
    check_int("_utime missing file errno", errno, ENOENT);
    errno = 0;
    check_int("_futime bad fd", _futime(99, &times), -1);
    check_int("_futime bad fd errno", errno, EBADF);
}

static void read_only(void) {
    const char* path = "C:\\tmp\\locked.txt";
    FILE* f = fopen(path, "w");
    fputs("keep", f);
    fclose(f);
    check_int("_chmod _S_IREAD", _chmod(path, _S_IREAD), 0);
    DWORD attributes = GetFileAttributesA(path);
    check("FILE_ATTRIBUTE_READONLY set", attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_READONLY));
    struct _stat st;
    _stat(path, &st);
    check("st_mode lost _S_IWRITE", !(st.st_mode & _S_IWRITE) && (st.st_mode & _S_IREAD));
    errno = 0;
    check("fopen for writing fails", fopen(path, "w") == NULL);
    check_int("fopen errno EACCES", errno, EACCES);
    errno = 0;
    check_int("_access write", _access(path, 2), -1);
    check_int("_access errno", errno, EACCES);
    check_int("_access read", _access(path, 4), 0);
    HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    check("CreateFile GENERIC_WRITE fails", h == INVALID_HANDLE_VALUE);
    check_int("... ERROR_ACCESS_DENIED", GetLastError(), ERROR_ACCESS_DENIED);
    h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    check("CreateFile GENERIC_READ works", h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    check("DeleteFile fails", !DeleteFileA(path));
    check_int("DeleteFile ERROR_ACCESS_DENIED", GetLastError(), ERROR_ACCESS_DENIED);
    errno = 0;
    check_int("_unlink fails", _unlink(path), -1);
    check_int("_unlink errno EACCES", errno, EACCES);
    struct _utimbuf times = {1, 2};
    errno = 0;
    check_int("_utime on read-only", _utime(path, &times), -1);
    check_int("_utime on read-only errno", errno, EACCES);
    check("SetFileAttributes NORMAL", SetFileAttributesA(path, FILE_ATTRIBUTE_NORMAL));
    check("writable again", !(GetFileAttributesA(path) & FILE_ATTRIBUTE_READONLY));
    check_int("_wchmod _S_IREAD", _wchmod(L"C:\\tmp\\locked.txt", _S_IREAD), 0);
    check_int("_chmod _S_IWRITE", _chmod(path, _S_IREAD | _S_IWRITE), 0);
    check("DeleteFile after clearing", DeleteFileA(path));
    errno = 0;
    check_int("_chmod missing", _chmod(path, _S_IREAD), -1);
    check_int("_chmod missing errno", errno, ENOENT);
    h = CreateFileA("C:\\tmp\\born_ro.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_READONLY, NULL);
    DWORD w;
    check("CREATE_NEW read-only handle writes", h != INVALID_HANDLE_VALUE && WriteFile(h, "ab", 2, &w, NULL));
    CloseHandle(h);
    check("created read-only", GetFileAttributesA("C:\\tmp\\born_ro.txt") & FILE_ATTRIBUTE_READONLY);
}

int main(void) {
    win32_times();
    crt_times();
    read_only();
    printf("file_metadata: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
