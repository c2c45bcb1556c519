// stdio and lowio on the console: printf family, puts/fputs/fputc/fwrite, reading stdin.
// Files on disk join when the VFS-backed file layer lands.
#include <libos/hypercall.h>
#include <libos/libc.h>

#include "dlls/kernel32/kernel32.h"
#include "dlls/msvcrt/crt.h"
#include "process/thread.h"
#include "registry/registry.h"

namespace win32::crt {
namespace {

constinit File files[kFileCount] = {};
constinit bool files_ready = false;
constinit int errno_value = 0;

constexpr int kEof = -1;
constexpr int kFlagEof = 0x10;
constexpr int kFlagError = 0x20;

class FileSink final : public TextSink {
public:
    explicit FileSink(File* file) : file_(file) {}
    void put(const char* text, size_t length) override {
        // Gather into one write per call where it fits, so lines stay whole.
        while (length) {
            size_t n = length < sizeof buffer_ - used_ ? length : sizeof buffer_ - used_;
            memcpy(buffer_ + used_, text, n);
            used_ += n;
            text += n;
            length -= n;
            if (used_ == sizeof buffer_) flush();
        }
    }
    void flush() {
        if (used_) file_write(file_, buffer_, used_);
        used_ = 0;
    }

private:
    File* file_;
    char buffer_[1024];
    size_t used_ = 0;
};

WinArgs args_of(__builtin_ms_va_list list) { return WinArgs{reinterpret_cast<const uint64_t*>(list)}; }
WinArgs args_of_pointer(const void* list) { return WinArgs{static_cast<const uint64_t*>(list)}; }

}  // namespace

File* iob() {
    if (!files_ready) {
        files_ready = true;
        for (int i = 0; i < kFileCount; ++i) files[i].fd = i < 3 ? i : -1;
        files[0].flag = 0x01;   // _IOREAD
        files[1].flag = files[2].flag = 0x02;   // _IOWRT
    }
    return files;
}

int* errno_location() { return &errno_value; }

size_t file_write(File* file, const void* data, size_t length) {
    if (!file || length == 0) return 0;
    int n = lowio_write(file->fd, data, length);
    if (n < 0) {
        file->flag |= kFlagError;
        return 0;
    }
    return static_cast<size_t>(n);
}

int file_vprintf(File* file, const char* format, WinArgs args, bool wide_strings, PrintfFlavor flavor) {
    FileSink sink(file);
    size_t n = format_windows(sink, format, args, wide_strings, flavor);
    sink.flush();
    return static_cast<int>(n);
}

WINAPI File* __iob_func() { return iob(); }
WINAPI File* __acrt_iob_func(unsigned index) { return index < kFileCount ? &iob()[index] : nullptr; }
WINAPI int* _errno() { return &errno_value; }

WINAPI int printf(const char* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = file_vprintf(&iob()[1], format, args_of(list));
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int fprintf(File* file, const char* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = file_vprintf(file, format, args_of(list));
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int vprintf(const char* format, const void* list) { return file_vprintf(&iob()[1], format, args_of_pointer(list)); }
WINAPI int vfprintf(File* file, const char* format, const void* list) {
    return file_vprintf(file, format, args_of_pointer(list));
}
WINAPI int sprintf(char* buffer, const char* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    size_t n = format_to_buffer(buffer, SIZE_MAX, format, args_of(list));
    __builtin_ms_va_end(list);
    return static_cast<int>(n);
}
WINAPI int vsprintf(char* buffer, const char* format, const void* list) {
    return static_cast<int>(format_to_buffer(buffer, SIZE_MAX, format, args_of_pointer(list)));
}
// C99 snprintf (ucrt and msvcrt's snprintf export): the full length, always terminated.
WINAPI int vsnprintf(char* buffer, size_t size, const char* format, const void* list) {
    return static_cast<int>(format_to_buffer(buffer, size, format, args_of_pointer(list)));
}
WINAPI int snprintf(char* buffer, size_t size, const char* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = static_cast<int>(format_to_buffer(buffer, size, format, args_of(list)));
    __builtin_ms_va_end(list);
    return n;
}
// Microsoft's _snprintf: -1 and no terminator when the text does not fit.
WINAPI int _vsnprintf(char* buffer, size_t size, const char* format, const void* list) {
    size_t n = format_to_buffer(nullptr, 0, format, args_of_pointer(list));
    if (n >= size) {
        char* scratch = static_cast<char*>(malloc(n + 1));
        if (scratch) {
            format_to_buffer(scratch, n + 1, format, args_of_pointer(list));
            memcpy(buffer, scratch, size);
            free(scratch);
        }
        return n == size ? static_cast<int>(n) : -1;
    }
    return static_cast<int>(format_to_buffer(buffer, size, format, args_of_pointer(list)));
}
WINAPI int _snprintf(char* buffer, size_t size, const char* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = _vsnprintf(buffer, size, format, list);
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int _vscprintf(const char* format, const void* list) {
    return static_cast<int>(format_to_buffer(nullptr, 0, format, args_of_pointer(list)));
}

WINAPI int fputc(int c, File* file) {
    char ch = static_cast<char>(c);
    return file_write(file, &ch, 1) == 1 ? (c & 0xff) : kEof;
}
WINAPI int putc(int c, File* file) { return fputc(c, file); }
WINAPI int putchar(int c) { return fputc(c, &iob()[1]); }
WINAPI int _putchar_nolock(int c) { return putchar(c); }
WINAPI int fputs(const char* text, File* file) {
    size_t n = strlen(text);
    return file_write(file, text, n) == n ? 0 : kEof;
}
WINAPI int puts(const char* text) {
    // One write: "text\n".
    size_t n = strlen(text);
    char stack_buffer[512];
    char* line = n + 1 <= sizeof stack_buffer ? stack_buffer : static_cast<char*>(malloc(n + 1));
    if (!line) return kEof;
    memcpy(line, text, n);
    line[n] = '\n';
    size_t written = file_write(&iob()[1], line, n + 1);
    if (line != stack_buffer) free(line);
    return written == n + 1 ? 0 : kEof;
}
WINAPI size_t fwrite(const void* data, size_t size, size_t count, File* file) {
    if (size == 0 || count == 0) return 0;
    return file_write(file, data, size * count) / size;
}
WINAPI int fflush(File*) { return 0; }
WINAPI int _flushall() { return 0; }
WINAPI int setvbuf(File*, char*, int, size_t) { return 0; }
WINAPI void setbuf(File*, char*) {}
WINAPI int _fileno(File* file) { return file ? file->fd : -1; }
WINAPI int _isatty(int fd) { return fd >= 0 && fd < 3 ? 0 : 0; }   // the console is a pipe or file to us
WINAPI int ferror(File* file) { return file->flag & kFlagError; }
WINAPI int feof(File* file) { return file->flag & kFlagEof; }
WINAPI void clearerr(File* file) { file->flag &= ~(kFlagEof | kFlagError); }


WINAPI size_t fread(void* data, size_t size, size_t count, File* file) {
    if (size == 0 || count == 0) return 0;
    size_t want = size * count, got = 0;
    auto* out = static_cast<char*>(data);
    if (file->charbuf > 0 && got < want) {   // a pushed-back character
        out[got++] = static_cast<char>(file->charbuf - 1);
        file->charbuf = 0;
    }
    while (got < want) {
        int n = lowio_read(file->fd, out + got, want - got);
        if (n <= 0) {
            file->flag |= n == 0 ? kFlagEof : kFlagError;
            break;
        }
        got += static_cast<size_t>(n);
    }
    return got / size;
}
WINAPI int fgetc(File* file) {
    unsigned char c;
    return fread(&c, 1, 1, file) == 1 ? c : kEof;
}
WINAPI int getc(File* file) { return fgetc(file); }
WINAPI int getchar() { return fgetc(&iob()[0]); }
WINAPI int ungetc(int c, File* file) {
    if (c == kEof) return kEof;
    file->charbuf = (c & 0xff) + 1;
    file->flag &= ~kFlagEof;
    return c & 0xff;
}
WINAPI char* fgets(char* buffer, int size, File* file) {
    int n = 0;
    while (n < size - 1) {
        int c = fgetc(file);
        if (c == kEof) break;
        buffer[n++] = static_cast<char>(c);
        if (c == '\n') break;
    }
    if (n == 0) return nullptr;
    buffer[n] = 0;
    return buffer;
}

WIN32_EXPORT_TABLE(msvcrt_stdio_exports,
    WIN32_EXPORT(__iob_func), WIN32_EXPORT(__acrt_iob_func), WIN32_EXPORT(_errno), WIN32_EXPORT(printf),
    WIN32_EXPORT(fprintf), WIN32_EXPORT(vprintf), WIN32_EXPORT(vfprintf), WIN32_EXPORT(sprintf),
    WIN32_EXPORT(vsprintf), WIN32_EXPORT(vsnprintf), WIN32_EXPORT(snprintf), WIN32_EXPORT(_vsnprintf),
    WIN32_EXPORT(_snprintf), WIN32_EXPORT(_vscprintf), WIN32_EXPORT(fputc), WIN32_EXPORT(putc),
    WIN32_EXPORT(putchar), WIN32_EXPORT(_putchar_nolock), WIN32_EXPORT(fputs), WIN32_EXPORT(puts),
    WIN32_EXPORT(fwrite), WIN32_EXPORT(fflush), WIN32_EXPORT(_flushall), WIN32_EXPORT(setvbuf),
    WIN32_EXPORT(setbuf), WIN32_EXPORT(_fileno), WIN32_EXPORT(_isatty),
    WIN32_EXPORT(ferror), WIN32_EXPORT(feof), WIN32_EXPORT(clearerr), WIN32_EXPORT(fread), WIN32_EXPORT(fgetc),
    WIN32_EXPORT(getc), WIN32_EXPORT(getchar), WIN32_EXPORT(ungetc), WIN32_EXPORT(fgets),
    WIN32_EXPORT_AS("fileno", _fileno), WIN32_EXPORT_AS("isatty", _isatty));

}  // namespace win32::crt
