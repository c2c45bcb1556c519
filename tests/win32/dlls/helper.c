// helper.dll: a dependency of probe.dll. Keeps the event log both DLLs write to, so the test
// program can check the order Windows documents: a DLL's dependencies get DLL_PROCESS_ATTACH
// before it; every thread CreateThread starts and ends is announced to each DLL's DllMain.
#include <windows.h>
#include <stdio.h>
#include <string.h>

static char events[1024];

__declspec(dllexport) void helper_log(const char* event) {
    if (strlen(events) + strlen(event) + 2 < sizeof events) {
        if (events[0]) strcat(events, " ");
        strcat(events, event);
    }
}

__declspec(dllexport) const char* helper_events(void) { return events; }
__declspec(dllexport) void helper_clear(void) { events[0] = 0; }
__declspec(dllexport) int helper_triple(int x) { return 3 * x; }
// Reads *p: dll_crash.exe passes a bad pointer, so the fault happens inside helper.dll.
__declspec(dllexport) int helper_poke(volatile int* p) { return *p; }
#ifdef HELPER_NEWER
// Only in a newer helper.dll (built into dlls-newer/ for its import library): needs_newer.exe
// imports it and meets the older helper.dll shipped in dlls/, a version mismatch users hit.
__declspec(dllexport) int helper_newer_only(void) { return 1; }
#endif

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    (void)instance;
    switch (reason) {
        // lpReserved is non-NULL for a DLL loaded because the program imports it.
        case DLL_PROCESS_ATTACH: helper_log(reserved ? "helper:attach(static)" : "helper:attach(dynamic)"); break;
        case DLL_THREAD_ATTACH: helper_log("helper:thread_attach"); break;
        case DLL_THREAD_DETACH: helper_log("helper:thread_detach"); break;
        // After the program's atexit handlers (they run in exit(), before ExitProcess).
        case DLL_PROCESS_DETACH: printf("helper: process detach\n"); fflush(stdout); break;
    }
    return TRUE;
}
