// failinit.dll: its DllMain refuses DLL_PROCESS_ATTACH. Windows then does not start a program
// importing it (STATUS_DLL_INIT_FAILED), and LoadLibrary of it fails with
// ERROR_DLL_INIT_FAILED (1114) after calling DllMain again with DLL_PROCESS_DETACH.
#include <windows.h>

__declspec(dllexport) int failinit_value(void) { return 1; }

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    (void)instance;
    (void)reserved;
    return reason != DLL_PROCESS_ATTACH;
}
