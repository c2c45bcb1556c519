// Imports middle.dll, which imports absent.dll (not shipped): must never reach main.
#include <stdio.h>
__declspec(dllimport) int middle_value(void);
int main(void) {
    printf("main ran\n");
    return middle_value();
}
