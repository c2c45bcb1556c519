// Imports failinit.dll, whose DllMain returns FALSE: must never reach main.
#include <stdio.h>
__declspec(dllimport) int failinit_value(void);
int main(void) {
    printf("main ran\n");
    return failinit_value();
}
