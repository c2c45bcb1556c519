// kernel32 file and system functions databases and runtimes use, checked against Microsoft's
// documentation: byte-range locks between two handles of one file (LockFileEx conflicts,
// ERROR_LOCK_VIOLATION, ERROR_NOT_LOCKED for a range never locked, locks dropped when the
// handle closes), GetFileInformationByHandleEx (standard info, the name without the drive),
// SetFileInformationByHandle (end of file, delete disposition), GetFinalPathNameByHandle
// ("\\?\C:\..." and VOLUME_NAME_NONE), file mappings (views of a mapping share memory, writes
// reach the file after UnmapViewOfFile, ERROR_FILE_INVALID for an empty file, 64 KiB offset
// granularity, read-only mappings refuse FILE_MAP_WRITE), GlobalMemoryStatusEx, lstrcpynA,
// CharUpperW (string and single character), wsprintfW, InitOnceBeginInitialize/Complete,
// ExpandEnvironmentStringsW. One PASS/FAIL line per check, summary "kernel32_files: N checks, 0 failed".
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

static int checks, failures;
static void check(const char* what, int ok) {
    ++checks;
    if (ok) printf("PASS %s\n", what);
    else ++failures, printf("FAIL %s (error %lu)\n", what, GetLastError());
}

static HANDLE open_shared(const char* path, DWORD disposition) {
    return CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                       disposition, FILE_ATTRIBUTE_NORMAL, NULL);
}

static void locks(void) {
    HANDLE a = open_shared("C:\\tmp\\locked.db", CREATE_ALWAYS), b = open_shared("C:\\tmp\\locked.db", OPEN_EXISTING);
    check("two handles", a != INVALID_HANDLE_VALUE && b != INVALID_HANDLE_VALUE);
    OVERLAPPED at = {0};
    check("exclusive lock 0..100", LockFileEx(a, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 100, 0, &at));
    at.Offset = 50;
    SetLastError(0);
    check("other handle's shared lock conflicts", !LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &at) &&
                                                      GetLastError() == ERROR_LOCK_VIOLATION);
    at.Offset = 100;
    check("adjacent range is free", LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &at));
    at.Offset = 0;
    SetLastError(0);
    check("unlock of a range never locked", !UnlockFileEx(a, 0, 50, 0, &at) && GetLastError() == ERROR_NOT_LOCKED);
    check("unlock the exact range", UnlockFileEx(a, 0, 100, 0, &at));
    at.Offset = 20;
    check("shared + shared", LockFileEx(a, LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &at) &&
                                 LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &at));
    check("exclusive over another's shared fails", !LockFileEx(a, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0,
                                                                10, 0, &at));
    check("LockFile", LockFile(b, 500, 0, 10, 0));
    check("LockFile conflict", !LockFile(a, 505, 0, 1, 0) && GetLastError() == ERROR_LOCK_VIOLATION);
    CloseHandle(b);
    check("closing the handle dropped its locks", LockFile(a, 505, 0, 1, 0));
    CloseHandle(a);
}

static void file_information(void) {
    HANDLE h = open_shared("C:\\tmp\\info.txt", CREATE_ALWAYS);
    DWORD n;
    WriteFile(h, "0123456789", 10, &n, NULL);
    FILE_STANDARD_INFO standard;
    check("FileStandardInfo", GetFileInformationByHandleEx(h, FileStandardInfo, &standard, sizeof standard) &&
                                  standard.EndOfFile.QuadPart == 10 && !standard.Directory && standard.NumberOfLinks == 1);
    BYTE name_buffer[sizeof(FILE_NAME_INFO) + MAX_PATH * sizeof(WCHAR)];
    FILE_NAME_INFO* name = (FILE_NAME_INFO*)name_buffer;
    check("FileNameInfo", GetFileInformationByHandleEx(h, FileNameInfo, name, sizeof name_buffer) &&
                              name->FileNameLength == wcslen(L"\\tmp\\info.txt") * sizeof(WCHAR) &&
                              wcsncmp(name->FileName, L"\\tmp\\info.txt", 13) == 0);
    FILE_BASIC_INFO basic;
    check("FileBasicInfo", GetFileInformationByHandleEx(h, FileBasicInfo, &basic, sizeof basic) &&
                               (basic.FileAttributes & FILE_ATTRIBUTE_ARCHIVE) && basic.LastWriteTime.QuadPart > 0);
    FILE_END_OF_FILE_INFO end = {{.QuadPart = 3}};
    check("FileEndOfFileInfo", SetFileInformationByHandle(h, FileEndOfFileInfo, &end, sizeof end) &&
                                   GetFileSize(h, NULL) == 3);
    char path[MAX_PATH];
    DWORD length = GetFinalPathNameByHandleA(h, path, sizeof path, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    check("GetFinalPathNameByHandle", length == strlen("\\\\?\\C:\\tmp\\info.txt") && strcmp(path, "\\\\?\\C:\\tmp\\info.txt") == 0);
    GetFinalPathNameByHandleA(h, path, sizeof path, VOLUME_NAME_NONE);
    check("GetFinalPathNameByHandle VOLUME_NAME_NONE", strcmp(path, "\\tmp\\info.txt") == 0);
    check("size query", GetFinalPathNameByHandleA(h, path, 4, 0) == strlen("\\\\?\\C:\\tmp\\info.txt") + 1);
    FILE_DISPOSITION_INFO disposition = {TRUE};
    check("FileDispositionInfo", SetFileInformationByHandle(h, FileDispositionInfo, &disposition, sizeof disposition));
    CloseHandle(h);
    check("deleted on close", GetFileAttributesA("C:\\tmp\\info.txt") == INVALID_FILE_ATTRIBUTES);
}

static void mappings(void) {
    HANDLE f = open_shared("C:\\tmp\\mapped.txt", CREATE_ALWAYS);
    DWORD n;
    WriteFile(f, "hello world", 11, &n, NULL);
    HANDLE m = CreateFileMappingA(f, NULL, PAGE_READWRITE, 0, 0, NULL);
    check("CreateFileMapping", m != NULL);
    char* view = (char*)MapViewOfFile(m, FILE_MAP_ALL_ACCESS, 0, 0, 0);
    char* second = (char*)MapViewOfFile(m, FILE_MAP_READ, 0, 0, 5);
    check("view shows the file", view && memcmp(view, "hello world", 11) == 0);
    view[0] = 'H';
    check("views share memory", second && second[0] == 'H');
    check("UnmapViewOfFile", UnmapViewOfFile(view) && UnmapViewOfFile(second));
    check("unmapping twice fails", !UnmapViewOfFile(view));
    CloseHandle(m);
    char text[16] = "";
    SetFilePointer(f, 0, NULL, FILE_BEGIN);
    ReadFile(f, text, 11, &n, NULL);
    check("writes reached the file", strcmp(text, "Hello world") == 0);
    SetLastError(0);
    check("offset granularity", CreateFileMappingA(f, NULL, PAGE_READWRITE, 0, 0, NULL) != NULL);
    HANDLE m2 = CreateFileMappingA(f, NULL, PAGE_READONLY, 0, 0, NULL);
    check("FILE_MAP_WRITE on a read-only mapping", MapViewOfFile(m2, FILE_MAP_WRITE, 0, 0, 0) == NULL &&
                                                       GetLastError() == ERROR_ACCESS_DENIED);
    check("unaligned offset", MapViewOfFile(m2, FILE_MAP_READ, 0, 4096, 0) == NULL);
    CloseHandle(m2);
    CloseHandle(f);
    HANDLE empty = open_shared("C:\\tmp\\empty.bin", CREATE_ALWAYS);
    SetLastError(0);
    check("empty file", CreateFileMappingA(empty, NULL, PAGE_READONLY, 0, 0, NULL) == NULL &&
                            GetLastError() == ERROR_FILE_INVALID);
    CloseHandle(empty);
    HANDLE anonymous = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 8192, NULL);
    int* shared = (int*)MapViewOfFile(anonymous, FILE_MAP_ALL_ACCESS, 0, 0, 0);
    check("paging-file mapping is zeroed", shared && shared[0] == 0 && shared[2047] == 0);
    UnmapViewOfFile(shared);
    CloseHandle(anonymous);
}

static void system_and_strings(void) {
    MEMORYSTATUSEX status = {sizeof status};
    check("GlobalMemoryStatusEx", GlobalMemoryStatusEx(&status) && status.ullTotalPhys > 0 &&
                                      status.ullAvailPhys <= status.ullTotalPhys && status.dwMemoryLoad <= 100);
    char buffer[16];
    lstrcpynA(buffer, "abcdef", 4);
    check("lstrcpynA", strcmp(buffer, "abc") == 0);
    check("lstrcmpiW", lstrcmpiW(L"abc", L"ABC") == 0 && lstrcmpW(L"a", L"b") < 0);
    WCHAR wide[32] = L"mixed Case";
    CharUpperW(wide);
    check("CharUpperW string", wcscmp(wide, L"MIXED CASE") == 0);
    check("CharUpperW character", (ULONG_PTR)CharUpperW((LPWSTR)(ULONG_PTR)L'q') == L'Q');
    check("wsprintfW", wsprintfW(wide, L"%d-%s", 5, L"x") == 3 && wcscmp(wide, L"5-x") == 0);
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    BOOL pending = FALSE;
    check("InitOnceBeginInitialize first", InitOnceBeginInitialize(&once, 0, &pending, NULL) && pending);
    check("InitOnceComplete", InitOnceComplete(&once, 0, NULL));
    check("InitOnceBeginInitialize done", InitOnceBeginInitialize(&once, 0, &pending, NULL) && !pending);
    SetEnvironmentVariableW(L"CELDA_TEST_VALUE", L"bar");
    check("ExpandEnvironmentStringsW", ExpandEnvironmentStringsW(L"%CELDA_TEST_VALUE%-x", wide, 32) == 6 &&
                                           wcscmp(wide, L"bar-x") == 0);
    char directory[MAX_PATH];
    check("GetSystemDirectoryA", GetSystemDirectoryA(directory, MAX_PATH) > 0 && directory[1] == ':');
}

int main(void) {
    locks();
    file_information();
    mappings();
    system_and_strings();
    printf("kernel32_files: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
