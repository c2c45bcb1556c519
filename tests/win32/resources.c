// resources: reads this program's own resources (resources.rc) through kernel32
// (FindResource(Ex), LoadResource, LockResource, SizeofResource, EnumResourceTypes/Names),
// user32 (LoadString) and version.dll (GetFileVersionInfo(Size)(Ex), VerQueryValue), and
// checks each value against what resources.rc wrote; error codes are the ones Microsoft's
// documentation gives. `resources.exe PATH` also reads the version block of the .exe at PATH
// (a copy of this program on a share). One PASS/FAIL line per check; exit 1 if any failed.
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

static int failures = 0;

static void check(int ok, const char* what) {
    printf("%s: %s\n", ok ? "PASS" : "FAIL", what);
    if (!ok) ++failures;
}

// The bytes of resource name/type in `language` (0: FindResource), or NULL.
static const unsigned char* resource(const char* name, const char* type, WORD language, DWORD* size) {
    HRSRC found = language ? FindResourceExA(NULL, type, name, language) : FindResourceA(NULL, name, type);
    if (!found) return NULL;
    HGLOBAL loaded = LoadResource(NULL, found);
    *size = SizeofResource(NULL, found);
    return loaded ? (const unsigned char*)LockResource(loaded) : NULL;
}

static void check_resources(void) {
    DWORD size = 0;
    const unsigned char* data = resource("MYDATA", (const char*)RT_RCDATA, 0, &size);
    // "hello rcdata" (12 bytes, no NUL), WORD 0x1234, DWORD 0x89abcdef, little-endian.
    static const unsigned char rcdata[] = {'h', 'e', 'l', 'l', 'o', ' ', 'r', 'c', 'd', 'a', 't', 'a',
                                           0x34, 0x12, 0xef, 0xcd, 0xab, 0x89};
    check(data && size == sizeof rcdata && memcmp(data, rcdata, sizeof rcdata) == 0,
          "FindResource/LoadResource/LockResource/SizeofResource: MYDATA RCDATA");
    data = resource("mydata", (const char*)RT_RCDATA, 0, &size);
    check(data && size == sizeof rcdata, "resource names match case-insensitively");
    data = resource("MYDATA", (const char*)RT_RCDATA, MAKELANGID(LANG_GERMAN, SUBLANG_GERMAN), &size);
    check(data && size == 5 && memcmp(data, "hallo", 5) == 0, "FindResourceEx picks the German MYDATA");
    data = resource("MYDATA", (const char*)RT_RCDATA, MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), &size);
    check(data && size == sizeof rcdata, "FindResourceEx picks the English MYDATA");
    SetLastError(0);
    HRSRC none = FindResourceExA(NULL, (const char*)RT_RCDATA, "MYDATA", MAKELANGID(LANG_FRENCH, SUBLANG_FRENCH));
    check(!none && GetLastError() == ERROR_RESOURCE_LANG_NOT_FOUND, "a language it lacks: ERROR_RESOURCE_LANG_NOT_FOUND");

    HRSRC settings = FindResourceW(GetModuleHandleW(NULL), L"Settings", L"celdacfg");
    DWORD settings_size = SizeofResource(NULL, settings);
    const char* text = settings ? (const char*)LockResource(LoadResource(NULL, settings)) : NULL;
    check(text && settings_size == 9 && memcmp(text, "mode=fast", 9) == 0, "FindResourceW: named type CELDACFG");

    data = resource(MAKEINTRESOURCEA(42), MAKEINTRESOURCEA(300), 0, &size);
    static const unsigned char numbers[] = {0x02, 0x01, 0x04, 0x03};
    check(data && size == 4 && memcmp(data, numbers, 4) == 0, "integer name and type (42, 300)");
    data = resource("#42", "#300", 0, &size);
    check(data && size == 4, "\"#42\"/\"#300\" mean the integers 42 and 300");

    SetLastError(0);
    check(!FindResourceA(NULL, "NOPE", (const char*)RT_RCDATA) && GetLastError() == ERROR_RESOURCE_NAME_NOT_FOUND,
          "a missing name: ERROR_RESOURCE_NAME_NOT_FOUND");
    SetLastError(0);
    check(!FindResourceA(NULL, "MYDATA", "NOTYPE") && GetLastError() == ERROR_RESOURCE_TYPE_NOT_FOUND,
          "a missing type: ERROR_RESOURCE_TYPE_NOT_FOUND");

    char string[32];
    check(LoadStringA(NULL, 17, string, sizeof string) == 9 && strcmp(string, "seventeen") == 0,
          "LoadString 17 (STRINGTABLE)");
}

// EnumResourceTypes/Names: what was seen.
static int seen_string, seen_rcdata, seen_version, seen_300, seen_celdacfg, type_calls, seen_mydata;

static BOOL CALLBACK on_type(HMODULE module, LPSTR type, LONG_PTR param) {
    (void)module;
    ++type_calls;
    if (IS_INTRESOURCE(type)) {
        seen_string |= type == (LPSTR)RT_STRING;
        seen_rcdata |= type == (LPSTR)RT_RCDATA;
        seen_version |= type == (LPSTR)RT_VERSION;
        seen_300 |= type == MAKEINTRESOURCEA(300);
    } else {
        seen_celdacfg |= strcmp(type, "CELDACFG") == 0;  // rc stores names upper-cased
    }
    return param == 0 || type_calls < param;  // param: stop after that many
}

static BOOL CALLBACK on_name(HMODULE module, LPCSTR type, LPSTR name, LONG_PTR param) {
    (void)module, (void)param;
    if (type == (LPCSTR)RT_RCDATA && !IS_INTRESOURCE(name)) seen_mydata |= strcmp(name, "MYDATA") == 0;
    return TRUE;
}

static void check_enumeration(void) {
    check(EnumResourceTypesA(NULL, on_type, 0) && seen_string && seen_rcdata && seen_version && seen_300 &&
              seen_celdacfg,
          "EnumResourceTypesA: STRING, RCDATA, VERSION, 300, CELDACFG");
    type_calls = 0;
    SetLastError(0);
    check(!EnumResourceTypesA(NULL, on_type, 1) && type_calls == 1 && GetLastError() == ERROR_RESOURCE_ENUM_USER_STOP,
          "a callback returning FALSE stops enumeration: ERROR_RESOURCE_ENUM_USER_STOP");
    check(EnumResourceNamesA(NULL, (LPCSTR)RT_RCDATA, on_name, 0) && seen_mydata, "EnumResourceNamesA: RCDATA MYDATA");
    SetLastError(0);
    check(!EnumResourceNamesA(NULL, "NOTYPE", on_name, 0) && GetLastError() == ERROR_RESOURCE_TYPE_NOT_FOUND,
          "EnumResourceNames of a missing type: ERROR_RESOURCE_TYPE_NOT_FOUND");
}

// The version block of `path` as resources.rc wrote it.
static void check_version_of(const char* path, const char* label) {
    char what[200];
    DWORD handle = 77;
    DWORD size = GetFileVersionInfoSizeA(path, &handle);
    snprintf(what, sizeof what, "%s: GetFileVersionInfoSizeA > 0, handle set to 0", label);
    check(size > 0 && handle == 0, what);
    if (size == 0) return;
    void* block = malloc(size);
    snprintf(what, sizeof what, "%s: GetFileVersionInfoA", label);
    check(GetFileVersionInfoA(path, 0, size, block), what);

    VS_FIXEDFILEINFO* fixed = NULL;
    UINT length = 0;
    snprintf(what, sizeof what, "%s: VerQueryValue \\ is VS_FIXEDFILEINFO 1.2.3.4 / 5.6.7.8, VFT_APP", label);
    check(VerQueryValueA(block, "\\", (void**)&fixed, &length) && length == sizeof *fixed &&
              fixed->dwSignature == 0xfeef04bd && fixed->dwFileVersionMS == 0x00010002 &&
              fixed->dwFileVersionLS == 0x00030004 && fixed->dwProductVersionMS == 0x00050006 &&
              fixed->dwProductVersionLS == 0x00070008 && fixed->dwFileType == VFT_APP &&
              fixed->dwFileOS == VOS_NT_WINDOWS32 && fixed->dwFileFlagsMask == 0x3f,
          what);

    WORD* translation = NULL;
    snprintf(what, sizeof what, "%s: \\VarFileInfo\\Translation is 0x409, 1200", label);
    check(VerQueryValueA(block, "\\VarFileInfo\\Translation", (void**)&translation, &length) && length == 4 &&
              translation[0] == 0x409 && translation[1] == 1200,
          what);

    char key[100];
    snprintf(key, sizeof key, "\\StringFileInfo\\%04x%04x\\ProductName", translation ? translation[0] : 0,
             translation ? translation[1] : 0);
    char* product = NULL;
    snprintf(what, sizeof what, "%s: VerQueryValueA %s = Celda Resources", label, key);
    check(VerQueryValueA(block, key, (void**)&product, &length) && strcmp(product, "Celda Resources") == 0 &&
              length >= strlen("Celda Resources"),
          what);
    char* version = NULL;
    snprintf(what, sizeof what, "%s: keys match case-insensitively (productversion = 5.6.7.8)", label);
    check(VerQueryValueA(block, "\\stringfileinfo\\040904B0\\productversion", (void**)&version, &length) &&
              strcmp(version, "5.6.7.8") == 0,
          what);
    wchar_t* company = NULL;
    snprintf(what, sizeof what, "%s: VerQueryValueW CompanyName = Celda Test Works", label);
    check(VerQueryValueW(block, L"\\StringFileInfo\\040904b0\\CompanyName", (void**)&company, &length) &&
              wcscmp(company, L"Celda Test Works") == 0,
          what);
    void* missing = NULL;
    snprintf(what, sizeof what, "%s: a value it lacks: FALSE", label);
    check(!VerQueryValueA(block, "\\StringFileInfo\\040904b0\\LegalTrademarks", &missing, &length), what);
    free(block);

    wchar_t wide_path[MAX_PATH];
    MultiByteToWideChar(CP_UTF8, 0, path, -1, wide_path, MAX_PATH);
    DWORD wide_size = GetFileVersionInfoSizeExW(FILE_VER_GET_NEUTRAL, wide_path, &handle);
    snprintf(what, sizeof what, "%s: GetFileVersionInfoSizeExW and GetFileVersionInfoW agree with the A forms", label);
    block = malloc(wide_size ? wide_size : 1);
    check(wide_size == size && GetFileVersionInfoExW(FILE_VER_GET_NEUTRAL, wide_path, 0, wide_size, block) &&
              VerQueryValueW(block, L"\\", (void**)&fixed, &length) && fixed->dwFileVersionMS == 0x00010002,
          what);
    free(block);
}

int main(int argc, char** argv) {
    check_resources();
    check_enumeration();

    char self[MAX_PATH];
    GetModuleFileNameA(NULL, self, sizeof self);
    check_version_of(self, "own file");
    if (argc > 1) check_version_of(argv[1], "copy on a share");

    SetLastError(0);
    check(GetFileVersionInfoSizeA("C:\\no-such-program.exe", NULL) == 0 && GetLastError() == ERROR_FILE_NOT_FOUND,
          "a file that does not exist: ERROR_FILE_NOT_FOUND");
    HANDLE plain = CreateFileA("C:\\tmp\\plain.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD written = 0;
    WriteFile(plain, "not a program\n", 14, &written, NULL);
    CloseHandle(plain);
    check(GetFileVersionInfoSizeA("C:\\tmp\\plain.txt", NULL) == 0, "a file that is not a program: no version");

    printf("%s\n", failures ? "some checks FAILED" : "all checks passed");
    return failures ? 1 : 0;
}
