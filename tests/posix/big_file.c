/* Big writes in the directory argv[1]: 64 MiB in pieces from 1 byte to 8 MiB (one write call
 * each), then read back with read() and pread() in other piece sizes; prints sizes and
 * checksums so the output can be compared with a native run. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long mix(unsigned long sum, const unsigned char* p, long n) {
    for (long i = 0; i < n; ++i) sum = sum * 1099511628211ul + p[i];
    return sum;
}

int main(int argc, char** argv) {
    if (argc < 2 || chdir(argv[1]) != 0) { perror("chdir"); return 2; }
    const long pieces[] = {1, 4095, 4097, 65536, 1 << 20, 3 << 20, 8 << 20, 123457};
    unsigned char* buffer = malloc(8 << 20);
    int fd = open("big.dat", O_CREAT | O_TRUNC | O_RDWR, 0644);
    if (fd < 0 || !buffer) { perror("open"); return 1; }
    long total = 0;
    unsigned long written_sum = 0;
    for (int round = 0; total < (64l << 20); ++round) {
        long n = pieces[round % 8];
        if (total + n > (64l << 20)) n = (64l << 20) - total;
        if (n <= 0) break;   // never: the loop ends at 64 MiB; tells GCC n is positive
        for (long i = 0; i < n; ++i) buffer[i] = (unsigned char)(total + i * 7 + round);
        ssize_t w = write(fd, buffer, n);
        if (w != n) { printf("short write %ld of %ld\n", (long)w, n); return 1; }
        written_sum = mix(written_sum, buffer, n);
        total += n;
    }
    struct stat st;
    fstat(fd, &st);
    printf("wrote %ld bytes, size %ld, sum %lx\n", total, (long)st.st_size, written_sum);
    lseek(fd, 0, SEEK_SET);
    unsigned long read_sum = 0;
    long got = 0;
    ssize_t n;
    while ((n = read(fd, buffer, 5 << 20)) > 0) { read_sum = mix(read_sum, buffer, n); got += n; }
    printf("read %ld bytes, sum %lx, %s\n", got, read_sum, read_sum == written_sum ? "same" : "DIFFERENT");
    unsigned long pread_sum = 0;
    for (long at = 0; at < total; at += 7 << 20) {
        n = pread(fd, buffer, 7 << 20, at);
        if (n <= 0) { perror("pread"); return 1; }
        pread_sum = mix(pread_sum, buffer, n);
    }
    printf("pread sum %lx, %s\n", pread_sum, pread_sum == written_sum ? "same" : "DIFFERENT");
    printf("pread past end = %ld\n", (long)pread(fd, buffer, 10, total + 5));
    close(fd);
    printf("unlink = %d\n", unlink("big.dat"));
    return 0;
}
