/* hello: the smallest console program; built against msvcrt and against ucrt. */
#include <stdio.h>

int main(void) {
    printf("Hello from Windows, %d + %d = %d\n", 2, 3, 2 + 3);
    fprintf(stderr, "to stderr %s %.2f\n", "ok", 1.5);
    return 0;
}
