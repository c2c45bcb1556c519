/* The smallest real program: argv, environment, stdout and stderr, exit status. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
    printf("hello from %s\n", argc > 1 ? argv[1] : "nobody");
    for (int i = 2; i < argc; ++i) printf("arg %d: %s\n", i, argv[i]);
    const char* greeting = getenv("GREETING");
    printf("GREETING=%s\n", greeting ? greeting : "(unset)");
    fprintf(stderr, "to stderr\n");
    return argc > 3 ? 7 : 0;
}
