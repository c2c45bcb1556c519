// plugin.dll: loaded only by LoadLibrary. Its static data must start fresh on every load
// (FreeLibrary to zero unloads it), and DllMain sees lpReserved == NULL (a dynamic load).
#include <windows.h>

static int calls;
static int attached_dynamically;

__declspec(dllexport) int plugin_next(void) { return ++calls; }
__declspec(dllexport) int plugin_dynamic(void) { return attached_dynamically; }
// Exported NONAME as ordinal 5 by plugin.def.
int plugin_hidden(void) { return 55; }

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    (void)instance;
    if (reason == DLL_PROCESS_ATTACH) attached_dynamically = reserved == NULL;
    return TRUE;
}
