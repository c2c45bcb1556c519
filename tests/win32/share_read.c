// share_read: files from a host directory shared with `celda run -v HOSTDIR:/data`.
// Reads C:\data\<name> (argv[1], any case), lists C:\data, then tries to write C:\data\out.txt
// (works on a read-write share; ERROR_ACCESS_DENIED (5) on a :ro share). On a read-write share
// it then reopens that file for writing (a file the program made is writable) and makes
// C:\data\new.txt with CREATE_NEW twice: created, then ERROR_FILE_EXISTS (80).
#include <stdio.h>
#include <string.h>
#include <windows.h>

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    HANDLE f = CreateFileA(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (f == INVALID_HANDLE_VALUE) {
        printf("open %s: error %lu\n", argv[1], GetLastError());
        return 1;
    }
    char buffer[256];
    DWORD n = 0;
    ReadFile(f, buffer, sizeof buffer - 1, &n, NULL);
    buffer[n] = 0;
    LARGE_INTEGER size;
    GetFileSizeEx(f, &size);
    CloseHandle(f);
    printf("read %lu of %lld bytes: %s", n, size.QuadPart, buffer);

    WIN32_FIND_DATAA data;
    HANDLE find = FindFirstFileA("C:\\data\\*", &data);
    printf("listing:");
    if (find != INVALID_HANDLE_VALUE) {
        do {
            if (strcmp(data.cFileName, ".") && strcmp(data.cFileName, "..")) printf(" %s", data.cFileName);
        } while (FindNextFileA(find, &data));
        FindClose(find);
    }
    printf("\n");

    FILE* out = fopen("C:\\data\\out.txt", "wb");
    if (!out) {
        printf("write: error %lu\n", GetLastError());
        return 0;
    }
    fputs("written by a Windows program\n", out);
    fclose(out);
    printf("write: ok\n");
    out = fopen("C:\\data\\out.txt", "ab");
    printf("reopen: %s\n", out ? "ok" : "failed");
    if (out) fclose(out);
    for (int i = 0; i < 2; ++i) {
        HANDLE h = CreateFileA("C:\\data\\new.txt", GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
        if (h == INVALID_HANDLE_VALUE) {
            printf("CREATE_NEW: error %lu\n", GetLastError());
        } else {
            printf("CREATE_NEW: ok\n");
            CloseHandle(h);
        }
    }
    return 0;
}
