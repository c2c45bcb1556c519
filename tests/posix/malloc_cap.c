/* Allocates 1 MiB blocks (touching each) until malloc fails: inside celda the --memory cap
 * must show up as a NULL from malloc, not as a crash. Prints whether it saw the failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
    long limit_mb = argc > 1 ? atol(argv[1]) : 1L << 20;
    long got = 0;
    for (; got < limit_mb; ++got) {
        char* p = malloc(1 << 20);
        if (!p) break;
        memset(p, 0xab, 1 << 20);
    }
    printf(got < limit_mb ? "malloc failed after some MiB\n" : "no failure\n");
    return got < limit_mb ? 0 : 1;
}
