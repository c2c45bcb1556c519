// Imports helper_newer_only, which the helper.dll shipped beside it lacks: must never reach main.
#include <stdio.h>
__declspec(dllimport) int helper_newer_only(void);
int main(void) {
    printf("main ran\n");
    return helper_newer_only();
}
