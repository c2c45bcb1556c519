/* File semantics in the directory given as argv[1]: create, seek, pread/pwrite, O_APPEND,
 * truncate, rename, unlink, mkdir/rmdir, readdir, stat, and big writes, printing what it sees so
 * the output can be compared with a native run. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void check(const char* what, long rc) { printf("%s = %ld%s%s\n", what, rc, rc < 0 ? " " : "", rc < 0 ? strerror(errno) : ""); }

static int by_name(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

int main(int argc, char** argv) {
    if (argc < 2 || chdir(argv[1]) != 0) { perror("chdir"); return 2; }
    mkdir("work", 0755);
    check("mkdir again", mkdir("work", 0755));
    int fd = open("work/a.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    check("open", fd >= 0 ? 0 : -1);
    check("write", write(fd, "0123456789", 10));
    check("lseek end", lseek(fd, 0, SEEK_END));
    check("lseek past", lseek(fd, 20, SEEK_SET));
    check("write past", write(fd, "X", 1));
    struct stat st;
    fstat(fd, &st);
    printf("size %ld regular %d\n", (long)st.st_size, S_ISREG(st.st_mode));
    char buf[64] = {0};
    check("pread", pread(fd, buf, 5, 3));
    printf("pread got %.5s\n", buf);
    check("pwrite", pwrite(fd, "ab", 2, 1));
    check("pread hole", pread(fd, buf, 21, 0));
    for (int i = 0; i < 21; ++i) putchar(buf[i] ? buf[i] : '.');
    putchar('\n');
    check("ftruncate", ftruncate(fd, 4));
    fstat(fd, &st);
    printf("size after truncate %ld\n", (long)st.st_size);
    close(fd);
    fd = open("work/a.txt", O_WRONLY | O_APPEND);
    lseek(fd, 0, SEEK_SET);
    check("append write", write(fd, "END", 3));
    close(fd);
    fd = open("work/a.txt", O_RDONLY);
    memset(buf, 0, sizeof buf);
    check("read", read(fd, buf, sizeof buf));
    printf("content %s\n", buf);
    check("write to O_RDONLY", write(fd, "x", 1));
    close(fd);
    check("rename", rename("work/a.txt", "work/b.txt"));
    check("open old name", open("work/a.txt", O_RDONLY));
    check("stat new name", stat("work/b.txt", &st));
    /* big write: 8 MiB in odd-sized pieces, read back and checksummed */
    fd = open("work/big", O_CREAT | O_RDWR | O_TRUNC, 0600);
    static char block[65537];
    unsigned long sum = 0;
    for (int i = 0; i < 128; ++i) {
        for (size_t j = 0; j < sizeof block; ++j) block[j] = (char)(i * 31 + j);
        if (write(fd, block, sizeof block) != (ssize_t)sizeof block) { perror("big write"); return 3; }
    }
    lseek(fd, 0, SEEK_SET);
    ssize_t n;
    long total = 0;
    while ((n = read(fd, block, 4096)) > 0) { for (ssize_t j = 0; j < n; ++j) sum = sum * 131 + (unsigned char)block[j]; total += n; }
    printf("big total %ld sum %lu\n", total, sum);
    close(fd);
    mkdir("work/sub", 0755);
    close(open("work/sub/f", O_CREAT | O_WRONLY, 0600));
    check("rmdir non-empty", rmdir("work/sub"));
    check("unlink dir", unlink("work/sub"));
    DIR* d = opendir("work");
    char* names[16];
    int count = 0;
    struct dirent* e;
    while ((e = readdir(d)) && count < 16) names[count++] = strdup(e->d_name);
    closedir(d);
    qsort(names, count, sizeof names[0], by_name);
    for (int i = 0; i < count; ++i) printf("entry %s\n", names[i]);
    check("unlink", unlink("work/sub/f"));
    check("rmdir", rmdir("work/sub"));
    check("unlink missing", unlink("work/nothing"));
    check("open dir for write", open("work", O_WRONLY));
    check("unlink big", unlink("work/big"));
    check("unlink b", unlink("work/b.txt"));
    check("rmdir work", rmdir("work"));
    return 0;
}
