// Calls into helper.dll with a bad pointer: the access violation happens inside the DLL.
#include <stdio.h>
__declspec(dllimport) int helper_poke(volatile int* p);
int main(void) {
    printf("calling helper_poke\n");
    fflush(stdout);
    return helper_poke((volatile int*)0x10);
}
