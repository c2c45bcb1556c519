/* Why share files reach the sandboxed child as descriptors: compares writing N bytes to a
 * host file directly (what the child does with a passed descriptor: one pwrite) with the
 * alternative design, where the child sends the bytes over a socketpair to the parent, which
 * pwrites them and replies (two context switches and two copies per call). Prints MB/s for a
 * few piece sizes; bench/README.md has the numbers. Usage: broker_copy_bench DIR [MiB] */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

int main(int argc, char** argv) {
    const char* dir = argc > 1 ? argv[1] : "/tmp";
    long total = (argc > 2 ? atol(argv[2]) : 256) << 20;
    char path[4096];
    snprintf(path, sizeof path, "%s/broker-copy-bench.dat", dir);
    const long pieces[] = {4096, 65536, 1 << 20};
    char* buffer = malloc(1 << 20);
    memset(buffer, 7, 1 << 20);
    printf("%10s %14s %14s %8s\n", "piece", "direct MB/s", "copied MB/s", "ratio");
    for (int p = 0; p < 3; ++p) {
        long piece = pieces[p];
        int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0600);
        double t0 = now();
        for (long at = 0; at < total; at += piece) pwrite(fd, buffer, piece, at);
        double direct = total / 1e6 / (now() - t0);

        int pair[2];
        socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
        ftruncate(fd, 0);
        pid_t child = fork();
        if (child == 0) {  /* the sandboxed side: sends data, waits for the result */
            close(pair[0]);
            for (long at = 0; at < total; at += piece) {
                for (long done = 0; done < piece;) done += write(pair[1], buffer + done, piece - done);
                long result;
                read(pair[1], &result, sizeof result);
            }
            _exit(0);
        }
        close(pair[1]);
        char* incoming = malloc(1 << 20);
        t0 = now();
        long at = 0;
        while (at < total) {  /* the parent: receives a piece, writes it, replies */
            long n = 0;
            while (n < piece) {
                ssize_t got = read(pair[0], incoming + n, piece - n);
                if (got <= 0) break;
                n += got;
            }
            long result = pwrite(fd, incoming, n, at);
            at += n;
            write(pair[0], &result, sizeof result);
        }
        waitpid(child, NULL, 0);
        double copied = total / 1e6 / (now() - t0);
        printf("%10ld %14.0f %14.0f %7.2fx\n", piece, direct, copied, direct / copied);
        fflush(stdout);
        close(pair[0]);
        close(fd);
        free(incoming);
    }
    unlink(path);
    return 0;
}
