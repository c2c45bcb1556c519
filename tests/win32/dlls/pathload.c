// pathload.exe: LoadLibrary of DLLs that are not beside the program (dll_cases.sh
// dll_load_by_path). argv[1] is a folder (a -v share) holding plugins\pathplug.dll,
// plugins\pathdep.dll (its dependency) and pe32.dll (a 32-bit PE). As Windows documents: a
// name with a folder part is loaded from exactly there; the DLL's own imports are also found
// in its folder; a plain name not otherwise found is looked for in the current directory;
// a missing file is ERROR_MOD_NOT_FOUND (126), a non-PE or 32-bit file ERROR_BAD_EXE_FORMAT
// (193). Prints PASS/FAIL per check; exit 1 on any failure.
#include <windows.h>
#include <stdio.h>
#include <string.h>

typedef int (*IntFn)(int);
typedef int (*CountFn)(void);
static int failures;

static void check(int ok, const char* what) {
    printf("%s: %s\n", ok ? "PASS" : "FAIL", what);
    if (!ok) ++failures;
}

static int value_of(HMODULE dll, int x) {
    IntFn fn = dll ? (IntFn)GetProcAddress(dll, "pathplug_value") : NULL;
    return fn ? fn(x) : -1;
}

static int attaches_of(HMODULE dll) {
    CountFn fn = dll ? (CountFn)GetProcAddress(dll, "pathplug_attaches") : NULL;
    return fn ? fn() : -1;
}

static int file_name_is(HMODULE dll, const char* expected) {
    char path[MAX_PATH];
    DWORD n = GetModuleFileNameA(dll, path, sizeof path);
    return n > 0 && _stricmp(path, expected) == 0;
}

// Makes C:\tmp\notpe.dll: text, not an image.
static void write_text_file(const char* path) {
    HANDLE file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD written = 0;
    if (file != INVALID_HANDLE_VALUE) {
        WriteFile(file, "just text, not a DLL\r\n", 22, &written, NULL);
        CloseHandle(file);
    }
}

int main(int argc, char** argv) {
    if (argc < 2) {
        printf("usage: pathload <folder with plugins\\>\n");
        return 2;
    }
    char share[MAX_PATH], plugin[MAX_PATH], dep[MAX_PATH], path[MAX_PATH];
    snprintf(share, sizeof share, "%s", argv[1]);
    snprintf(plugin, sizeof plugin, "%s\\plugins\\pathplug.dll", share);
    snprintf(dep, sizeof dep, "%s\\plugins\\pathdep.dll", share);

    // By absolute path, from the share.
    HMODULE dll = LoadLibraryA(plugin);
    check(dll != NULL, "LoadLibrary by absolute path");
    check(value_of(dll, 5) == 1005, "export calls into its dependency (found in the DLL's folder)");
    check(attaches_of(dll) == 1, "DllMain ran once");
    check(file_name_is(dll, plugin), "GetModuleFileName: the DLL's Windows path");
    HMODULE dep_module = GetModuleHandleA("pathdep.dll");
    check(dep_module != NULL && file_name_is(dep_module, dep), "dependency loaded from the DLL's folder");
    check(dll != NULL && GetModuleHandleA("pathplug") == dll, "GetModuleHandle by file name");
    check(dll != NULL && LoadLibraryA(plugin) == dll, "same path again: the same module");
    check(FreeLibrary(dll) && GetModuleHandleA("pathplug.dll") == dll, "still loaded after one FreeLibrary");
    check(FreeLibrary(dll) && GetModuleHandleA("pathplug.dll") == NULL, "unloaded after the last FreeLibrary");

    // By relative path, from the current directory.
    SetCurrentDirectoryA(share);
    dll = LoadLibraryA("plugins\\pathplug.dll");
    check(dll != NULL && value_of(dll, 7) == 1007, "LoadLibrary by relative path");
    check(attaches_of(dll) == 1, "loaded afresh: static data new, DllMain once");
    check(dll != NULL && LoadLibraryA(".\\plugins\\PATHPLUG.DLL") == dll, "another spelling of the same file: the same module");
    check(file_name_is(dll, plugin), "GetModuleFileName after a relative load");
    FreeLibrary(dll);
    FreeLibrary(dll);

    // A plain name: searched in the current directory after the program's own DLLs.
    snprintf(path, sizeof path, "%s\\plugins", share);
    SetCurrentDirectoryA(path);
    dll = LoadLibraryA("pathplug");
    check(dll != NULL && value_of(dll, 1) == 1001, "plain name found in the current directory (.dll implied)");
    FreeLibrary(dll);
    SetCurrentDirectoryA("C:\\");

    // A copy in the guest's in-memory file system is a module of its own (another path).
    CreateDirectoryA("C:\\tmp\\copy", NULL);
    if (!CopyFileA(plugin, "C:\\tmp\\copy\\pathplug.dll", FALSE)) printf("note: CopyFile failed\n");
    dll = LoadLibraryA("C:\\tmp\\copy\\pathplug.dll");
    check(dll != NULL && value_of(dll, 2) == 1002, "LoadLibrary from the in-memory file system");
    check(file_name_is(dll, "C:\\tmp\\copy\\pathplug.dll"), "GetModuleFileName of the copy");
    FreeLibrary(dll);

    // Errors. A path names exactly one file: not the loaded module of the same file name.
    SetLastError(0);
    snprintf(path, sizeof path, "%s\\pathload.exe", share);
    check(LoadLibraryA(path) == NULL && GetLastError() == ERROR_MOD_NOT_FOUND,
          "missing file (named like the program): ERROR_MOD_NOT_FOUND");
    write_text_file("C:\\tmp\\notpe.dll");
    SetLastError(0);
    check(LoadLibraryA("C:\\tmp\\notpe.dll") == NULL && GetLastError() == ERROR_BAD_EXE_FORMAT,
          "not a PE file: ERROR_BAD_EXE_FORMAT");
    SetLastError(0);
    snprintf(path, sizeof path, "%s\\pe32.dll", share);
    check(LoadLibraryA(path) == NULL && GetLastError() == ERROR_BAD_EXE_FORMAT, "32-bit PE: ERROR_BAD_EXE_FORMAT");
    // Wide form, after the failures: nothing of them lingers.
    WCHAR wide[MAX_PATH];
    MultiByteToWideChar(CP_UTF8, 0, plugin, -1, wide, MAX_PATH);
    dll = LoadLibraryExW(wide, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
    check(dll != NULL && value_of(dll, 3) == 1003, "LoadLibraryExW(LOAD_WITH_ALTERED_SEARCH_PATH)");
    FreeLibrary(dll);

    printf(failures ? "%d checks failed\n" : "all checks passed\n", failures);
    return failures ? 1 : 0;
}
