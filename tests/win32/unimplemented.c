/* unimplemented: imports a kernel32 function celda does not provide. The program must still
 * load and run up to the call, which ends it naming the function. */
#include <stdio.h>
#include <windows.h>
#include <tlhelp32.h>

int main(void) {
    printf("before the call\n");
    fflush(stdout);
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    printf("after the call %p\n", snapshot);
    return 0;
}
