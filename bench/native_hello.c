/* The native peer for the cold-start benchmark: what celda's hello guest does, as a plain
 * static Linux program. */
#include <stdio.h>
int main(int argc, char **argv) {
    printf("Hello from a native process!\n");
    for (int i = 0; i < argc; ++i) printf("argv[%d] = %s\n", i, argv[i]);
    return 0;
}
