// probe.dll: exports by name and, NONAME, by ordinal only (probe.def), a forwarder to
// kernel32 and one to helper.dll; imports helper.dll (so it attaches after it).
#include <windows.h>
#include <stdio.h>

void helper_log(const char* event);
int helper_triple(int x);

static int attach_count;   // 1 after a single DLL_PROCESS_ATTACH

int probe_add(int a, int b) { return a + b; }
int probe_secret(void) { return 4242; }        // NONAME @3
int probe_mul(int a, int b) { return a * b; }  // NONAME @7
int probe_attach_count(void) { return attach_count; }
int probe_uses_helper(int x) { return helper_triple(x) + 1; }

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    (void)instance;
    switch (reason) {
        case DLL_PROCESS_ATTACH:
            ++attach_count;
            helper_log(reserved ? "probe:attach(static)" : "probe:attach(dynamic)");
            break;
        case DLL_THREAD_ATTACH: helper_log("probe:thread_attach"); break;
        case DLL_THREAD_DETACH: helper_log("probe:thread_detach"); break;
        case DLL_PROCESS_DETACH: printf("probe: process detach\n"); fflush(stdout); break;
    }
    return TRUE;
}
