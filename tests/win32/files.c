// files: Win32 file I/O in C:\tmp. Every line states what Windows does for the call (error
// codes from winerror.h: 2 FILE_NOT_FOUND, 3 PATH_NOT_FOUND, 5 ACCESS_DENIED, 18
// NO_MORE_FILES, 80 FILE_EXISTS, 131 NEGATIVE_SEEK, 145 DIR_NOT_EMPTY, 183 ALREADY_EXISTS).
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void check(const char* what, BOOL ok) {
    if (ok) printf("%s: ok\n", what);
    else printf("%s: error %lu\n", what, GetLastError());
}

static void list(const char* pattern) {
    WIN32_FIND_DATAA data;
    HANDLE find = FindFirstFileA(pattern, &data);
    printf("find %s:", pattern);
    if (find == INVALID_HANDLE_VALUE) {
        printf(" error %lu\n", GetLastError());
        return;
    }
    do {
        if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) printf(" [%s]", data.cFileName);
        else printf(" %s(%lu)", data.cFileName, data.nFileSizeLow);
    } while (FindNextFileA(find, &data));
    printf(" end=%lu\n", GetLastError());
    FindClose(find);
}

int main(void) {
    char buffer[256];
    DWORD n = 0;

    // Temp path and the current directory. With neither TMP nor TEMP set, celda's GetTempPath
    // gives C:\tmp\ (7 characters; abi/win32-subset/README.md) where Windows would give the
    // user's temp folder.
    n = GetTempPathA(sizeof buffer, buffer);
    printf("temp: %s (%lu)\n", buffer, n);
    check("cd C:\\tmp", SetCurrentDirectoryA("C:\\tmp"));
    GetCurrentDirectoryA(sizeof buffer, buffer);
    printf("cwd: %s\n", buffer);

    // Create, write, read back.
    HANDLE f = CreateFileA("C:\\tmp\\data.txt", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_NEW,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    printf("create new: %s, last error %lu\n", f != INVALID_HANDLE_VALUE ? "ok" : "failed", GetLastError());
    const char* text = "Hello, file!\r\nSecond line\r\n";
    check("write", WriteFile(f, text, (DWORD)strlen(text), &n, NULL));
    printf("written %lu\n", n);
    LARGE_INTEGER size, position, zero = {0};
    GetFileSizeEx(f, &size);
    printf("size %lld\n", size.QuadPart);
    SetFilePointerEx(f, zero, &position, FILE_BEGIN);
    memset(buffer, 0, sizeof buffer);
    check("read", ReadFile(f, buffer, 5, &n, NULL));
    printf("read %lu: [%s]\n", n, buffer);
    LARGE_INTEGER nine = {.QuadPart = 9};
    SetFilePointerEx(f, nine, &position, FILE_CURRENT);
    printf("pointer %lld\n", position.QuadPart);
    memset(buffer, 0, sizeof buffer);
    ReadFile(f, buffer, sizeof buffer - 1, &n, NULL);
    printf("rest %lu: [%.11s]\n", n, buffer);
    check("read at end", ReadFile(f, buffer, 10, &n, NULL));
    printf("read at end gives %lu bytes\n", n);
    LARGE_INTEGER back = {.QuadPart = -100};
    check("seek before start", SetFilePointerEx(f, back, &position, FILE_CURRENT));
    LARGE_INTEGER minus6 = {.QuadPart = -6};
    SetFilePointerEx(f, minus6, &position, FILE_END);
    check("overwrite", WriteFile(f, "LINE\r\n", 6, &n, NULL));
    SetFilePointer(f, 100, NULL, FILE_BEGIN);
    check("extend", SetEndOfFile(f));
    printf("size now %lu\n", GetFileSize(f, NULL));
    SetFilePointer(f, 27, NULL, FILE_BEGIN);
    SetEndOfFile(f);
    check("flush", FlushFileBuffers(f));
    check("close", CloseHandle(f));
    check("close again", CloseHandle(f));

    // Dispositions.
    f = CreateFileA("C:\\tmp\\data.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    printf("create new again: %s %lu\n", f == INVALID_HANDLE_VALUE ? "failed" : "ok", GetLastError());
    f = CreateFileA("C:\\tmp\\DATA.TXT", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_ALWAYS, 0, NULL);
    printf("open always existing (other case): %s %lu\n", f == INVALID_HANDLE_VALUE ? "failed" : "ok",
           GetLastError());
    ReadFile(f, buffer, sizeof buffer, &n, NULL);
    buffer[n] = 0;
    printf("content %lu: %s", n, buffer);
    CloseHandle(f);
    f = CreateFileA("C:\\tmp\\missing.txt", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    printf("open missing: %lu\n", f == INVALID_HANDLE_VALUE ? GetLastError() : 0);
    f = CreateFileA("C:\\tmp\\nodir\\x.txt", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    printf("open in missing dir: %lu\n", f == INVALID_HANDLE_VALUE ? GetLastError() : 0);
    f = CreateFileA("C:/tmp/second.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    printf("create always new (forward slashes): %lu\n", GetLastError());
    WriteFile(f, "12345", 5, &n, NULL);
    CloseHandle(f);
    f = CreateFileA("second.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD error = GetLastError();
    printf("create always existing (relative): %lu size %lu\n", error, GetFileSize(f, NULL));
    WriteFile(f, "abc", 3, &n, NULL);
    CloseHandle(f);
    f = CreateFileA("\\tmp\\second.txt", FILE_APPEND_DATA, 0, NULL, OPEN_EXISTING, 0, NULL);
    SetFilePointer(f, 0, NULL, FILE_BEGIN);
    WriteFile(f, "def", 3, &n, NULL);   // append access: always at the end
    CloseHandle(f);
    printf("attributes of second.txt: 0x%lx\n", GetFileAttributesA("C:\\tmp\\second.txt"));

    // Directories and FindFirstFile.
    check("mkdir sub", CreateDirectoryA("C:\\tmp\\sub", NULL));
    check("mkdir sub again", CreateDirectoryA("C:\\tmp\\sub", NULL));
    check("mkdir in missing", CreateDirectoryA("C:\\tmp\\no\\such", NULL));
    f = CreateFileA("C:\\tmp\\sub\\inner.log", GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    CloseHandle(f);
    printf("attributes of sub: 0x%lx\n", GetFileAttributesA("C:\\TMP\\SUB"));
    DWORD attributes = GetFileAttributesA("C:\\tmp\\nope");
    printf("attributes of missing: 0x%lx %lu\n", attributes, GetLastError());
    list("C:\\tmp\\*");
    list("C:\\tmp\\*.txt");
    list("C:\\tmp\\s?cond.*");
    list("C:\\tmp\\*.none");
    list("C:\\nowhere\\*");

    // Copy, move, delete.
    check("copy", CopyFileA("C:\\tmp\\data.txt", "C:\\tmp\\sub\\copy.txt", TRUE));
    check("copy onto existing (fail if exists)", CopyFileA("C:\\tmp\\data.txt", "C:\\tmp\\sub\\copy.txt", TRUE));
    check("move onto existing", MoveFileExA("C:\\tmp\\second.txt", "C:\\tmp\\data.txt", 0));
    check("move with replace", MoveFileExA("C:\\tmp\\second.txt", "C:\\tmp\\data.txt", MOVEFILE_REPLACE_EXISTING));
    check("move missing", MoveFileA("C:\\tmp\\second.txt", "C:\\tmp\\third.txt"));
    check("rename dir", MoveFileA("C:\\tmp\\sub", "C:\\tmp\\Renamed"));
    list("C:\\tmp\\renamed\\*");
    WIN32_FILE_ATTRIBUTE_DATA info;
    check("attributes ex", GetFileAttributesExA("C:\\tmp\\data.txt", GetFileExInfoStandard, &info));
    printf("data.txt: size %lu attributes 0x%lx\n", info.nFileSizeLow, info.dwFileAttributes);
    check("remove non-empty dir", RemoveDirectoryA("C:\\tmp\\renamed"));
    check("delete dir as file", DeleteFileA("C:\\tmp\\renamed"));
    check("delete copy", DeleteFileA("C:\\tmp\\renamed\\copy.txt"));
    check("delete inner", DeleteFileA("C:\\tmp\\renamed\\inner.log"));
    check("delete missing", DeleteFileA("C:\\tmp\\renamed\\inner.log"));
    check("remove dir", RemoveDirectoryA("C:\\tmp\\renamed"));
    check("delete data", DeleteFileA("data.txt"));
    list("C:\\tmp\\*");

    // Full path names (string work, relative to the current directory).
    char* part = NULL;
    GetFullPathNameA("a\\..\\b\\c.txt", sizeof buffer, buffer, &part);
    printf("full: %s part %s\n", buffer, part);
    GetFullPathNameA("\\x/y", sizeof buffer, buffer, &part);
    printf("full: %s part %s\n", buffer, part);
    n = GetFullPathNameA("C:\\tmp\\file", 4, buffer, NULL);
    printf("full (small buffer): needs %lu\n", n);

    // Wide names.
    HANDLE w = CreateFileW(L"C:\\tmp\\wide-\u00e9t\u00e9.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    WriteFile(w, "w", 1, &n, NULL);
    CloseHandle(w);
    WIN32_FIND_DATAW wdata;
    HANDLE wf = FindFirstFileW(L"C:\\tmp\\wide*", &wdata);
    printf("wide find: %s, name length %d, first non-ASCII U+%04X\n", wf != INVALID_HANDLE_VALUE ? "ok" : "failed",
           (int)wcslen(wdata.cFileName), (unsigned)wdata.cFileName[5]);
    FindClose(wf);
    check("delete wide", DeleteFileW(L"C:\\tmp\\WIDE-\u00e9t\u00e9.txt"));
    return 0;
}
