// crt_files: the C runtime's files on Windows semantics: text mode writes "\n" as "\r\n" and
// reads it back as "\n"; binary mode sees the bytes; lowio (_open/_read/_write/_lseek); errno
// values of the Microsoft CRT (2 ENOENT, 13 EACCES, 17 EEXIST). Built against msvcrt and ucrt.
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <direct.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int main(void) {
    char line[128];
    FILE* f = fopen("C:\\tmp\\crt.txt", "w");
    fprintf(f, "first %d\n", 1);
    fputs("second\n", f);
    fwrite("third\n", 1, 6, f);
    printf("ftell after text writes: %ld\n", ftell(f));   // 3 lines + 3 CRs
    fclose(f);

    f = fopen("C:\\tmp\\crt.txt", "rb");
    size_t n = fread(line, 1, sizeof line, f);
    printf("binary size %u, has CRLF: %s\n", (unsigned)n, memchr(line, '\r', n) ? "yes" : "no");
    fclose(f);

    f = fopen("c:/TMP/CRT.TXT", "r");
    while (fgets(line, sizeof line, f)) printf("text line: [%.*s]\n", (int)strcspn(line, "\n"), line);
    printf("feof: %d\n", feof(f) != 0);
    fseek(f, 9, SEEK_SET);
    int c = fgetc(f);
    printf("after seek: [%c] ftell %ld\n", c, ftell(f));
    rewind(f);
    printf("after rewind: [%c]\n", fgetc(f));
    fclose(f);

    f = fopen("C:\\tmp\\crt.txt", "a+");
    fputs("fourth\n", f);
    fseek(f, 0, SEEK_SET);
    int lines = 0;
    while (fgets(line, sizeof line, f)) ++lines;
    printf("lines after append: %d\n", lines);
    fclose(f);

    int fd = _open("C:\\tmp\\low.bin", _O_CREAT | _O_EXCL | _O_RDWR | _O_BINARY, _S_IREAD | _S_IWRITE);
    printf("_open: %s\n", fd >= 3 ? "ok" : "failed");
    printf("_write: %d\n", _write(fd, "0123456789\n", 11));
    printf("_lseek end: %ld\n", _lseek(fd, 0, SEEK_END));
    _lseek(fd, 3, SEEK_SET);
    memset(line, 0, sizeof line);
    printf("_read: %d [%s]\n", _read(fd, line, 4), line);
    printf("_filelength: %ld\n", _filelength(fd));
    _close(fd);
    fd = _open("C:\\tmp\\low.bin", _O_CREAT | _O_EXCL | _O_RDWR, 0);
    printf("_open existing with _O_EXCL: %d errno %d\n", fd, errno);

    FILE* missing = fopen("C:\\tmp\\missing", "r");
    printf("fopen missing: %s errno %d\n", missing ? "opened" : "NULL", errno);
    printf("_mkdir: %d\n", _mkdir("C:\\tmp\\crtdir"));
    int rc = _mkdir("C:\\tmp\\crtdir");
    printf("_mkdir again: %d errno %d\n", rc, errno);
    rc = rename("C:\\tmp\\low.bin", "C:\\tmp\\crt.txt");
    printf("rename onto existing: %d errno %d\n", rc, errno);
    printf("rename: %d\n", rename("C:\\tmp\\low.bin", "C:\\tmp\\crtdir\\moved.bin"));
    printf("_access moved: %d\n", _access("C:\\tmp\\crtdir\\moved.bin", 0));
    printf("_chdir: %d\n", _chdir("C:\\tmp\\crtdir"));
    char cwd[260];
    printf("_getcwd: %s\n", _getcwd(cwd, sizeof cwd));
    printf("remove relative: %d\n", remove("moved.bin"));
    rc = remove("moved.bin");
    printf("remove again: %d errno %d\n", rc, errno);
    _chdir("..");
    printf("_rmdir: %d\n", _rmdir("crtdir"));
    printf("remove crt.txt: %d\n", remove("crt.txt"));

    FILE* t = tmpfile();
    fputs("scratch", t);
    rewind(t);
    printf("tmpfile: [%s]\n", fgets(line, sizeof line, t));
    fclose(t);
    return 0;
}
