/* env: reads the environment through the CRT and kernel32, sets a variable, reads it back. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

int main(void) {
    const char* greeting = getenv("GREETING");
    printf("getenv: %s\n", greeting ? greeting : "(unset)");
    char buffer[64];
    DWORD n = GetEnvironmentVariableA("greeting", buffer, sizeof buffer); /* names ignore case */
    printf("GetEnvironmentVariableA: %lu %s\n", (unsigned long)n, n ? buffer : "(unset)");
    n = GetEnvironmentVariableA("MISSING", buffer, sizeof buffer);
    printf("missing: %lu error=%lu\n", (unsigned long)n, (unsigned long)GetLastError());
    SetEnvironmentVariableA("ADDED", "yes");
    n = GetEnvironmentVariableA("ADDED", buffer, sizeof buffer);
    printf("added: %s\n", buffer);
    return 0;
}
