// What Wine's console tools needed beyond the rest, checked against Microsoft's documentation:
// IsBadReadPtr/IsBadStringPtr (TRUE for memory the process cannot read: NULL, PAGE_NOACCESS;
// FALSE for ucchMax 0 and for readable strings, even unterminated ones within ucchMax),
// GetUserNameEx (NameSamCompatible "MACHINE\user"; ERROR_MORE_DATA with the size including the
// NUL; without a domain the directory formats fail with ERROR_NONE_MAPPED), FindExecutable (>32
// and the path for a program; SE_ERR_NOASSOC 31 for a file without association; SE_ERR_FNF 2),
// SHGetFileInfo SHGFI_EXETYPE (a console PE: MAKELONG('PE', 0); a batch file: 'MZ'),
// SHFileOperation FO_DELETE (a tree, wildcards, a missing name fails and deletes nothing else),
// CharNextExA, SetVolumeLabel/GetVolumeInformation, FillConsoleOutputCharacter on a file
// handle (ERROR_INVALID_HANDLE), the registry's predefined keys (open with an empty subkey,
// nothing to enumerate; sign-extended HKEY values).
// One PASS/FAIL line per check, exit 1 on failure, summary "tool_support: N checks, 0 failed".
#define SECURITY_WIN32
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <security.h>
#include <shellapi.h>

static int checks, failures;

static void check(const char* what, int ok) {
    ++checks;
    if (ok) printf("PASS %s\n", what);
    else ++failures, printf("FAIL %s\n", what);
}
static void check_int(const char* what, long long got, long long want) {
    ++checks;
    if (got == want) printf("PASS %s\n", what);
    else ++failures, printf("FAIL %s: got %lld, expected %lld\n", what, got, want);
}

static void bad_pointers(void) {
    check_int("IsBadReadPtr NULL", IsBadReadPtr(NULL, 4), TRUE);
    check_int("IsBadReadPtr 0 bytes", IsBadReadPtr(NULL, 0), FALSE);
    int local = 5;
    check_int("IsBadReadPtr stack", IsBadReadPtr(&local, sizeof local), FALSE);
    check_int("IsBadStringPtrW NULL", IsBadStringPtrW(NULL, 10), TRUE);
    check_int("IsBadStringPtrW max 0", IsBadStringPtrW(NULL, 0), FALSE);
    check_int("IsBadStringPtrW literal", IsBadStringPtrW(L"hello", (UINT_PTR)-1), FALSE);
    check_int("IsBadStringPtrA literal", IsBadStringPtrA("hello", 100), FALSE);
    char* page = VirtualAlloc(NULL, 8192, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    memset(page, 'x', 8192);   // no terminator at all
    DWORD old;
    check("VirtualProtect second page NOACCESS", VirtualProtect(page + 4096, 4096, PAGE_NOACCESS, &old));
    check_int("IsBadStringPtrA stops at max", IsBadStringPtrA(page, 100), FALSE);
    check_int("IsBadStringPtrA runs into NOACCESS", IsBadStringPtrA(page + 4000, 200), TRUE);
    check_int("IsBadStringPtrW straddling into NOACCESS", IsBadStringPtrW((const WCHAR*)(page + 4095), 10), TRUE);
    check_int("IsBadStringPtrW up to the NOACCESS page", IsBadStringPtrW((const WCHAR*)(page + 4094), 1), FALSE);
    check_int("IsBadReadPtr NOACCESS page", IsBadReadPtr(page + 4096, 1), TRUE);
    check_int("IsBadReadPtr range crossing into it", IsBadReadPtr(page + 4090, 10), TRUE);
    check_int("IsBadReadPtr readable part", IsBadReadPtr(page, 4096), FALSE);
    VirtualFree(page, 0, MEM_RELEASE);
}

static void user_names(void) {
    WCHAR wide[64];
    ULONG size = 0;
    SetLastError(0);
    check_int("GetUserNameExW sizing call fails", GetUserNameExW(NameSamCompatible, NULL, &size), FALSE);
    check_int("  ERROR_MORE_DATA", GetLastError(), ERROR_MORE_DATA);
    check_int("  size includes the NUL", size, 12);   // "CELDA\celda"
    size = 64;
    check_int("GetUserNameExW NameSamCompatible", GetUserNameExW(NameSamCompatible, wide, &size), TRUE);
    check("  CELDA\\celda", wcscmp(wide, L"CELDA\\celda") == 0);
    check_int("  size without the NUL", size, 11);
    char narrow[64];
    size = 5;
    check_int("GetUserNameExA small buffer", GetUserNameExA(NameSamCompatible, narrow, &size), FALSE);
    check_int("  needed", size, 12);
    size = sizeof narrow;
    check("GetUserNameExA", GetUserNameExA(NameSamCompatible, narrow, &size) && strcmp(narrow, "CELDA\\celda") == 0);
    size = 64;
    SetLastError(0);
    check_int("GetUserNameExW NameFullyQualifiedDN without a domain", GetUserNameExW(NameFullyQualifiedDN, wide, &size),
              FALSE);
    check_int("  ERROR_NONE_MAPPED", GetLastError(), ERROR_NONE_MAPPED);
    check_int("GetUserNameExW NameUnknown", GetUserNameExW(NameUnknown, wide, &size), FALSE);
    check_int("  ERROR_INVALID_PARAMETER", GetLastError(), ERROR_INVALID_PARAMETER);
}

static void shell(void) {
    WCHAR self[MAX_PATH], found[MAX_PATH];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    INT_PTR r = (INT_PTR)FindExecutableW(self, NULL, found);
    check("FindExecutableW program > 32", r > 32);
    check("  result is the program", _wcsicmp(found, self) == 0);
    HANDLE f = CreateFileW(L"C:\\tmp\\notes.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CloseHandle(f);
    check_int("FindExecutableW .txt: no association", (INT_PTR)FindExecutableW(L"notes.txt", L"C:\\tmp", found),
              SE_ERR_NOASSOC);
    check_int("FindExecutableW missing file", (INT_PTR)FindExecutableW(L"C:\\tmp\\none.exe", NULL, found), SE_ERR_FNF);
    SHFILEINFOW info;
    check_int("SHGetFileInfoW EXETYPE console PE", SHGetFileInfoW(self, 0, &info, sizeof info, SHGFI_EXETYPE), 0x4550);
    f = CreateFileW(L"C:\\tmp\\run.bat", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CloseHandle(f);
    check_int("SHGetFileInfoW EXETYPE batch", SHGetFileInfoW(L"C:\\tmp\\run.bat", 0, &info, sizeof info, SHGFI_EXETYPE),
              0x5a4d);
    check_int("SHGetFileInfoW EXETYPE text", SHGetFileInfoW(L"C:\\tmp\\notes.txt", 0, &info, sizeof info, SHGFI_EXETYPE),
              0);

    CreateDirectoryW(L"C:\\tmp\\tree", NULL);
    CreateDirectoryW(L"C:\\tmp\\tree\\sub", NULL);
    CloseHandle(CreateFileW(L"C:\\tmp\\tree\\a.log", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL));
    CloseHandle(CreateFileW(L"C:\\tmp\\tree\\b.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL));
    CloseHandle(CreateFileW(L"C:\\tmp\\tree\\sub\\c.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL));
    SetFileAttributesW(L"C:\\tmp\\tree\\sub\\c.txt", FILE_ATTRIBUTE_READONLY);
    SHFILEOPSTRUCTW op = {0};
    op.wFunc = FO_DELETE;
    op.pFrom = L"C:\\tmp\\tree\\*.log\0";
    op.fFlags = FOF_NOCONFIRMATION | FOF_SILENT | FOF_NOERRORUI;
    check_int("SHFileOperationW delete *.log", SHFileOperationW(&op), 0);
    check("  a.log gone, b.txt kept", GetFileAttributesW(L"C:\\tmp\\tree\\a.log") == INVALID_FILE_ATTRIBUTES &&
                                          GetFileAttributesW(L"C:\\tmp\\tree\\b.txt") != INVALID_FILE_ATTRIBUTES);
    op.pFrom = L"C:\\tmp\\tree\0";
    check_int("SHFileOperationW delete a tree (read-only file inside)", SHFileOperationW(&op), 0);
    check("  tree gone", GetFileAttributesW(L"C:\\tmp\\tree") == INVALID_FILE_ATTRIBUTES);
    op.pFrom = L"C:\\tmp\\nothing\0";
    check("SHFileOperationW missing name fails", SHFileOperationW(&op) != 0);
    op.wFunc = FO_COPY;
    op.pFrom = L"C:\\tmp\\notes.txt\0";
    op.pTo = L"C:\\tmp\\copy.txt\0";
    check("SHFileOperationW FO_COPY is refused", SHFileOperationW(&op) != 0 &&
                                                     GetFileAttributesW(L"C:\\tmp\\copy.txt") == INVALID_FILE_ATTRIBUTES);
}

static void misc(void) {
    const char* text = "a\xc3\xa9z";   // a, U+00E9 in UTF-8 (the ANSI code page), z
    check("CharNextExA CP_ACP steps over a sequence", CharNextExA(CP_ACP, text + 1, 0) == text + 3);
    check("CharNextExA 1252 steps one byte", CharNextExA(1252, text + 1, 0) == text + 2);
    check("CharNextExA at the end stays", CharNextExA(CP_ACP, text + 4, 0) == text + 4);

    WCHAR label[64] = L"?";
    check("SetVolumeLabelW", SetVolumeLabelW(L"C:\\", L"WORK"));
    check("GetVolumeInformationW label", GetVolumeInformationW(L"C:\\", label, 64, NULL, NULL, NULL, NULL, 0) &&
                                             wcscmp(label, L"WORK") == 0);
    check_int("SetVolumeLabelW refuses '*'", SetVolumeLabelW(L"C:\\", L"a*b"), FALSE);
    check_int("  ERROR_INVALID_NAME", GetLastError(), ERROR_INVALID_NAME);
    check("SetVolumeLabelW NULL removes it", SetVolumeLabelW(L"C:\\", NULL) &&
                                                 GetVolumeInformationW(L"C:\\", label, 64, NULL, NULL, NULL, NULL, 0) &&
                                                 label[0] == 0);

    HANDLE file = CreateFileW(L"C:\\tmp\\notes.txt", GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    DWORD written = 7;
    COORD origin = {0, 0};
    check_int("FillConsoleOutputCharacterW on a file", FillConsoleOutputCharacterW(file, L' ', 10, origin, &written),
              FALSE);
    check_int("  ERROR_INVALID_HANDLE", GetLastError(), ERROR_INVALID_HANDLE);
    CloseHandle(file);

    HKEY key = NULL;
    check_int("RegOpenKeyExW(HKEY_CLASSES_ROOT, \"\")", RegOpenKeyExW(HKEY_CLASSES_ROOT, L"", 0, KEY_READ, &key),
              ERROR_SUCCESS);
    check("  gives the root", key == HKEY_CLASSES_ROOT);
    WCHAR name[64];
    DWORD name_size = 64;
    check_int("RegEnumKeyExW: nothing", RegEnumKeyExW(HKEY_CLASSES_ROOT, 0, name, &name_size, NULL, NULL, NULL, NULL),
              ERROR_NO_MORE_ITEMS);
    check_int("RegOpenKeyExW(.txt) absent", RegOpenKeyExW(HKEY_CLASSES_ROOT, L".txt", 0, KEY_READ, &key),
              ERROR_FILE_NOT_FOUND);
    HKEY created;
    check("RegCreateKeyExW refused", RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\x", 0, NULL, 0, KEY_WRITE, NULL,
                                                     &created, NULL) != ERROR_SUCCESS);
}

int main(void) {
    bad_pointers();
    user_names();
    shell();
    misc();
    printf("tool_support: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
