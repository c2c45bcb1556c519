/* Writes then reads back 100 MiB in 1 MiB pieces in the directory argv[1]; prints MB/s for
 * each direction (bench/README.md). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

int main(int argc, char** argv) {
    char path[4096];
    snprintf(path, sizeof path, "%s/io-bench.dat", argc > 1 ? argv[1] : "/tmp");
    static char block[1 << 20];
    memset(block, 7, sizeof block);
    int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0600);
    if (fd < 0) { perror("open"); return 1; }
    double t0 = now();
    for (int i = 0; i < 100; ++i) if (write(fd, block, sizeof block) != (ssize_t)sizeof block) { perror("write"); return 1; }
    fsync(fd);
    double t1 = now();
    lseek(fd, 0, SEEK_SET);
    long total = 0; ssize_t n;
    while ((n = read(fd, block, sizeof block)) > 0) total += n;
    double t2 = now();
    close(fd);
    unlink(path);
    printf("write %.0f MB/s, read %.0f MB/s (%ld bytes)\n", 104.8576 / (t1 - t0), total / 1e6 / (t2 - t1), total);
    return 0;
}
