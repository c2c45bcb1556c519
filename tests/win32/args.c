/* args: prints argc and each argv in brackets, so quoting round-trips are visible. */
#include <stdio.h>

int main(int argc, char** argv) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; ++i) printf("[%s]\n", argv[i]);
    return 0;
}
