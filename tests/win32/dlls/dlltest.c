// A program that ships its own DLLs (probe.dll -> helper.dll, plugin.dll, failinit.dll,
// middle.dll) and checks what Windows documents for them, one PASS/FAIL line per check, exit 1
// on any failure:
//  - imports by name and by ordinal (probe.def exports probe_secret/probe_mul NONAME, so the
//    import library imports them by ordinal), forwarded exports (probe_pid -> KERNEL32,
//    probe_triple -> helper.dll);
//  - DLL_PROCESS_ATTACH dependencies first with lpReserved != NULL for static loads; each DLL's
//    DllMain sees DLL_THREAD_ATTACH/DETACH on the thread CreateThread starts;
//  - LoadLibrary/GetProcAddress by name and by ordinal (MAKEINTRESOURCE)/FreeLibrary: a DLL
//    freed to zero references is unloaded (GetModuleHandle fails, its data starts afresh);
//  - GetProcAddress by ordinal on a built-in system DLL: ERROR_PROC_NOT_FOUND;
//  - LoadLibrary of a DLL whose DllMain fails: NULL, ERROR_DLL_INIT_FAILED (1114); of a DLL
//    whose dependency is missing: NULL, ERROR_MOD_NOT_FOUND (126);
//  - GetModuleFileName of a DLL: the program's folder (DLLs are found beside the .exe), and the
//    file is there for CreateFile and FindFirstFile.
// DLL_PROCESS_DETACH (after the atexit handler, newest DLL first) is checked by cases.sh.
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__declspec(dllimport) int probe_add(int a, int b);
__declspec(dllimport) int probe_secret(void);
__declspec(dllimport) int probe_mul(int a, int b);
__declspec(dllimport) int probe_attach_count(void);
__declspec(dllimport) int probe_uses_helper(int x);
__declspec(dllimport) DWORD probe_pid(void);
__declspec(dllimport) int probe_triple(int x);
__declspec(dllimport) const char* helper_events(void);
__declspec(dllimport) void helper_clear(void);

static int failures;

static void check(int ok, const char* what) {
    printf("%s: %s\n", ok ? "PASS" : "FAIL", what);
    if (!ok) ++failures;
}

static DWORD WINAPI worker(void* arg) {
    (void)arg;
    return 7;
}

static void at_exit(void) { printf("atexit handler\n"); fflush(stdout); }

typedef int (*IntFn)(void);
typedef int (*IntIntFn)(int, int);

int main(void) {
    atexit(at_exit);
    // Imports.
    check(probe_add(2, 3) == 5, "import by name");
    check(probe_secret() == 4242, "import by ordinal (@3 NONAME)");
    check(probe_mul(6, 7) == 42, "import by ordinal (@7 NONAME)");
    check(probe_pid() == GetCurrentProcessId(), "forwarded export to KERNEL32");
    check(probe_triple(5) == 15, "forwarded export to helper.dll");
    check(probe_uses_helper(2) == 7, "probe.dll's own import from helper.dll");
    check(probe_attach_count() == 1, "DLL_PROCESS_ATTACH delivered once");
    check(strcmp(helper_events(), "helper:attach(static) probe:attach(static)") == 0,
          "dependencies attach first, lpReserved non-NULL for static loads");
    if (strcmp(helper_events(), "helper:attach(static) probe:attach(static)") != 0)
        printf("  events: %s\n", helper_events());

    // Threads.
    helper_clear();
    HANDLE thread = CreateThread(NULL, 0, worker, NULL, 0, NULL);
    WaitForSingleObject(thread, INFINITE);
    DWORD code = 0;
    GetExitCodeThread(thread, &code);
    CloseHandle(thread);
    const char* events = helper_events();
    check(code == 7, "thread ran");
    check(strstr(events, "helper:thread_attach") && strstr(events, "probe:thread_attach"),
          "DLL_THREAD_ATTACH to each DLL");
    check(strstr(events, "helper:thread_detach") && strstr(events, "probe:thread_detach"),
          "DLL_THREAD_DETACH to each DLL");
    check(strstr(events, "thread_attach") < strstr(events, "thread_detach"), "attach before detach");
    printf("  events: %s\n", events);

    // Module handles and GetProcAddress on a static DLL.
    HMODULE probe = GetModuleHandleA("probe.dll");
    check(probe != NULL, "GetModuleHandle(probe.dll)");
    check(GetModuleHandleA("PROBE") == probe, "GetModuleHandle: case-insensitive, .dll implied");
    check((IntIntFn)GetProcAddress(probe, "probe_add") == (IntIntFn)probe_add, "GetProcAddress by name = import");
    check(GetProcAddress(probe, MAKEINTRESOURCEA(1)) == GetProcAddress(probe, "probe_add"),
          "GetProcAddress by ordinal 1 = by name");
    IntFn secret = (IntFn)GetProcAddress(probe, MAKEINTRESOURCEA(3));
    check(secret && secret() == 4242, "GetProcAddress of a NONAME export by ordinal");
    SetLastError(0);
    check(GetProcAddress(probe, "probe_secret") == NULL && GetLastError() == ERROR_PROC_NOT_FOUND,
          "a NONAME export has no name");
    SetLastError(0);
    check(GetProcAddress(probe, MAKEINTRESOURCEA(4)) == NULL && GetLastError() == ERROR_PROC_NOT_FOUND,
          "an unused ordinal is not found");
    HMODULE from_address = NULL;
    check(GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                             (const char*)probe_add, &from_address) && from_address == probe,
          "GetModuleHandleEx from an address inside the DLL");
    HMODULE kernel32 = GetModuleHandleA("kernel32.dll");
    SetLastError(0);
    check(kernel32 && GetProcAddress(kernel32, MAKEINTRESOURCEA(1)) == NULL && GetLastError() == ERROR_PROC_NOT_FOUND,
          "GetProcAddress by ordinal on a system DLL: ERROR_PROC_NOT_FOUND");
    check(GetProcAddress(kernel32, "GetCurrentProcessId") != NULL, "GetProcAddress by name on a system DLL");

    // File names: DLLs sit beside the program.
    char exe_path[MAX_PATH], dll_path[MAX_PATH];
    DWORD exe_length = GetModuleFileNameA(NULL, exe_path, sizeof exe_path);
    DWORD dll_length = GetModuleFileNameA(probe, dll_path, sizeof dll_path);
    char* exe_slash = strrchr(exe_path, '\\');
    char* dll_slash = strrchr(dll_path, '\\');
    check(exe_length > 0 && dll_length > 0 && exe_slash && dll_slash, "GetModuleFileName of the program and a DLL");
    if (exe_slash && dll_slash) {
        check(_stricmp(dll_slash + 1, "probe.dll") == 0, "a DLL's file name");
        check(exe_slash - exe_path == dll_slash - dll_path && _strnicmp(exe_path, dll_path, exe_slash - exe_path) == 0,
              "a DLL's folder is the program's");
    }
    HANDLE file = CreateFileA(dll_path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    char magic[2] = {0};
    DWORD got = 0;
    check(file != INVALID_HANDLE_VALUE && ReadFile(file, magic, 2, &got, NULL) && got == 2 && magic[0] == 'M' &&
              magic[1] == 'Z',
          "the DLL's file can be opened and read (MZ)");
    if (file != INVALID_HANDLE_VALUE) CloseHandle(file);
    char pattern[MAX_PATH];
    snprintf(pattern, sizeof pattern, "%.*s\\*.dll", (int)(exe_slash ? exe_slash - exe_path : 0), exe_path);
    WIN32_FIND_DATAA found;
    int dlls = 0, saw_plugin = 0;
    HANDLE find = FindFirstFileA(pattern, &found);
    if (find != INVALID_HANDLE_VALUE) {
        do {
            ++dlls;
            if (_stricmp(found.cFileName, "plugin.dll") == 0) saw_plugin = 1;
        } while (FindNextFileA(find, &found));
        FindClose(find);
    }
    check(dlls >= 5 && saw_plugin, "FindFirstFile lists the DLLs beside the program");

    // A plugin: LoadLibrary, by name and by ordinal, FreeLibrary unloads.
    check(GetModuleHandleA("plugin.dll") == NULL, "plugin.dll is not loaded before LoadLibrary");
    HMODULE plugin = LoadLibraryA("plugin.dll");
    check(plugin != NULL, "LoadLibrary(plugin.dll)");
    IntFn next = (IntFn)GetProcAddress(plugin, "plugin_next");
    IntFn dynamic = (IntFn)GetProcAddress(plugin, MAKEINTRESOURCEA(2));
    IntFn hidden = (IntFn)GetProcAddress(plugin, MAKEINTRESOURCEA(5));
    check(next && next() == 1 && next() == 2, "plugin function by name");
    check(dynamic && dynamic() == 1, "plugin DllMain saw lpReserved == NULL (dynamic load)");
    check(hidden && hidden() == 55, "plugin NONAME function by ordinal");
    HMODULE again = LoadLibraryW(L"PLUGIN.DLL");
    check(again == plugin, "a second LoadLibrary returns the same module");
    check(FreeLibrary(again), "FreeLibrary (one reference left)");
    check(GetModuleHandleA("plugin.dll") == plugin, "still loaded with one reference");
    check(FreeLibrary(plugin), "FreeLibrary (last reference)");
    check(GetModuleHandleA("plugin.dll") == NULL, "unloaded after the last FreeLibrary");
    plugin = LoadLibraryA("plugin.dll");
    next = plugin ? (IntFn)GetProcAddress(plugin, "plugin_next") : NULL;
    check(next && next() == 1, "reloaded plugin starts with fresh data");
    if (plugin) FreeLibrary(plugin);

    // Failures.
    SetLastError(0);
    check(LoadLibraryA("failinit.dll") == NULL && GetLastError() == ERROR_DLL_INIT_FAILED,
          "LoadLibrary of a DLL whose DllMain fails: ERROR_DLL_INIT_FAILED");
    check(GetModuleHandleA("failinit.dll") == NULL, "the failed DLL is not left loaded");
    SetLastError(0);
    check(LoadLibraryA("middle.dll") == NULL && GetLastError() == ERROR_MOD_NOT_FOUND,
          "LoadLibrary of a DLL whose dependency is missing: ERROR_MOD_NOT_FOUND");
    check(GetModuleHandleA("middle.dll") == NULL, "nothing of the failed load stays loaded");
    SetLastError(0);
    check(LoadLibraryA("nosuch.dll") == NULL && GetLastError() == ERROR_MOD_NOT_FOUND,
          "LoadLibrary of a missing DLL: ERROR_MOD_NOT_FOUND");

    printf("%s\n", failures ? "SOME CHECKS FAILED" : "all checks passed");
    fflush(stdout);
    return failures ? 1 : 0;
}
