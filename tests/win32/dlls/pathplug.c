// pathplug.dll: a plugin pathload.exe loads by path from a -v share (or a copy in the guest's
// in-memory C:\tmp). It imports pathdep.dll from its own folder; its static data starts fresh
// on every load (FreeLibrary to zero unloads it).
#include <windows.h>

__declspec(dllimport) int pathdep_base(void);

static int attaches;

__declspec(dllexport) int pathplug_value(int x) { return pathdep_base() + x; }
__declspec(dllexport) int pathplug_attaches(void) { return attaches; }

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    (void)instance;
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) ++attaches;
    return TRUE;
}
