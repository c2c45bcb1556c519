// stdio: printf family, puts/fputs/fputc/fwrite, fread/fgetc, and the buffering rules of the
// Microsoft CRT. Output to a stream is fully buffered (4096 bytes, or setvbuf's size; flushed
// when full, by fflush/fclose, and when the process exits, never by _exit): so fopen'd files,
// and stdout unless it is a terminal; stderr is never buffered. So `tool.exe > file` makes one
// write where Windows would make one WriteFile, stdout/stderr interleave on a shared pipe as
// they do on Windows, and mingw's printf (one fputc per character) costs one write per 4096
// bytes. A stream's buffered output is written before anything else moves or reads its file:
// fseek/ftell/rewind/fgetpos/fsetpos (files.cpp), fread/fgetc and the reads built on them, and
// _close/_commit of its descriptor. Input of fopen'd streams is buffered too (see fread).
//
// Unbuffered stdout/stderr get the CRT's temporary buffering (_stbuf/_ftbuf): one printf,
// fputs or fwrite reaches the OS as one write. Our own printf family gathers each call itself
// (FileSink); mingw's C99 printf (__USE_MINGW_ANSI_STDIO, the default for C99 programs) is
// code inside the .exe that calls fputc once per character between _lock_file and
// _unlock_file, so for stdout/stderr that lock window is the call and is buffered as a whole.
#include <libos/boot_info.h>
#include <libos/hypercall.h>
#include <libos/libc.h>

#include "dlls/kernel32/kernel32.h"
#include "dlls/msvcrt/crt.h"
#include "process/thread.h"
#include "registry/registry.h"

namespace win32::crt {
namespace {

// The streams. _iob (__iob_func()) is an array of kIobCount FILEs that programs index; their
// locks are kept beside it (msvcrt's _lock(_STREAM_LOCKS + index), which mingw's _lock_file
// takes for these). Every other stream is msvcrt's _FILEX, a FILE followed by its
// CRITICAL_SECTION: mingw's _lock_file (linked into the .exe) calls EnterCriticalSection 48
// bytes past any FILE outside _iob[0..19], so that lock has to be the stream's own (in one flat
// table it was the next FILE, whose fields the lock then overwrote).
struct FileX {
    File file;
    kernel32::CriticalSection lock;
};
static_assert(sizeof(File) == 48 && offsetof(FileX, lock) == 48, "msvcrt's _FILEX layout");
constinit File files[kIobCount] = {};
constinit kernel32::CriticalSection iob_locks[kIobCount] = {};
constinit FileX more_files[kFileCount - kIobCount] = {};
constinit bool files_ready = false;
constinit int errno_value = 0;

constexpr int kEof = -1;
constexpr int kFlagWrite = 0x02, kFlagReadWrite = 0x80;   // _IOWRT, _IORW
constexpr int kFlagNoBuffer = 0x04;   // _IONBF
constexpr int kFlagMyBuffer = 0x08;   // _IOMYBUF: base was allocated by the CRT
constexpr int kFlagEof = 0x10;
constexpr int kFlagError = 0x20;
constexpr int kBufferSize = 4096;     // msvcrt's _INTERNAL_BUFSIZ
constexpr int kSetbufSize = 512;      // BUFSIZ, the buffer setbuf gives
constexpr int kModeFull = 0x0000, kModeLine = 0x0040, kModeNone = 0x0004;   // setvbuf's _IO*BF

// Buffered output of `file` so far. cnt/ptr keep msvcrt's meaning (bytes still free, next
// byte) so that programs built with old putc macros see a consistent _iobuf.
size_t buffered_bytes(const File* file) {
    return file->base ? static_cast<size_t>(file->ptr - file->base) : 0;
}

// Temporary buffering of stdout (index 0) and stderr (1) while the program holds the stream's
// lock (see the top of this file). Bytes only ever wait here until the next write to the OS,
// which sends them first, so the order of output is what Windows would write; one buffer per
// stream, appended to in call order (fibers switch only when a call blocks, never inside an
// append). `flushing` keeps writes that come while the buffer is being written (another fiber,
// should a write ever block) from touching it: they go straight out instead.
struct TemporaryBuffer {
    int locks;      // nesting of _lock_file/_lock(_STREAM_LOCKS + n) on the stream
    bool flushing;
    size_t used;
    char data[kBufferSize];
};
constinit TemporaryBuffer temporary[2] = {};

TemporaryBuffer* temporary_of(File* file) {
    if (file == &files[1]) return &temporary[0];
    if (file == &files[2]) return &temporary[1];
    return nullptr;
}

int flush_temporary(File* file, TemporaryBuffer* t) {
    if (!t->used || t->flushing) return 0;
    t->flushing = true;
    size_t pending = t->used;
    int n = lowio_write(file->fd, t->data, pending);
    t->used = 0;
    t->flushing = false;
    if (n < 0 || static_cast<size_t>(n) != pending) {
        file->flag |= kFlagError;
        return kEof;
    }
    return 0;
}

// Before anything of any stream goes to the OS: what waits in a temporary buffer was written
// earlier, so it goes first.
void flush_temporaries() {
    flush_temporary(&files[1], &temporary[0]);
    flush_temporary(&files[2], &temporary[1]);
}

size_t write_through(File* file, const void* data, size_t length) {
    flush_temporaries();
    int n = lowio_write(file->fd, data, length);
    if (n < 0) {
        file->flag |= kFlagError;
        return 0;
    }
    return static_cast<size_t>(n);
}

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
    char buffer_[kBufferSize];   // the size of msvcrt's temporary buffer
    size_t used_ = 0;
};

WinArgs args_of(__builtin_ms_va_list list) { return WinArgs{reinterpret_cast<const uint64_t*>(list)}; }
WinArgs args_of_pointer(const void* list) { return WinArgs{static_cast<const uint64_t*>(list)}; }

kernel32::CriticalSection* lock_of(File* file) {
    if (file >= files && file < files + kIobCount) return &iob_locks[file - files];
    auto* x = reinterpret_cast<FileX*>(file);
    if (x >= more_files && x < more_files + (kFileCount - kIobCount)) return &x->lock;
    return nullptr;
}

// Holds a stream's lock for one call, as every stdio function of the Microsoft CRT does: a
// fiber that blocks inside the call (a write to a full pipe) keeps other threads' output to
// that stream out, and a program's _lock_file on the stream keeps them waiting.
class StreamGuard {
public:
    explicit StreamGuard(File* file) : lock_(lock_of(file)) {
        if (lock_) kernel32::EnterCriticalSection(lock_);
    }
    ~StreamGuard() {
        if (lock_) kernel32::LeaveCriticalSection(lock_);
    }
    StreamGuard(const StreamGuard&) = delete;
    StreamGuard& operator=(const StreamGuard&) = delete;

private:
    kernel32::CriticalSection* lock_;
};


// A stream's read buffer: raw bytes of the file (text mode is translated as they are taken,
// so the bytes not yet taken are file offsets: ftell is the descriptor's position less them).
// Kept beside the FILE (whose ptr/cnt/base describe the output buffer), one per stream.
struct ReadBuffer {
    char* data;
    int size;
    int pos;    // next byte
    int end;    // bytes read
    bool text;  // the descriptor's mode when filled
};
constinit ReadBuffer read_buffers[kFileCount] = {};

int stream_index(const File* file) {
    if (file >= files && file < files + kIobCount) return static_cast<int>(file - files);
    auto* x = reinterpret_cast<const FileX*>(file);
    if (x >= more_files && x < more_files + (kFileCount - kIobCount)) return kIobCount + static_cast<int>(x - more_files);
    return -1;
}

// The read buffer of a stream that reads buffered: not stdin, not the console descriptors,
// not _IONBF.
ReadBuffer* read_buffer_of(File* file) {
    int index = stream_index(file);
    if (index <= 0 || file->fd < 3 || (file->flag & kFlagNoBuffer)) return nullptr;
    ReadBuffer& rb = read_buffers[index];
    if (!rb.data) {
        int size = file->bufsiz > 0 ? file->bufsiz : kBufferSize;
        rb.data = static_cast<char*>(malloc(static_cast<size_t>(size)));
        if (!rb.data) return nullptr;
        rb.size = size;
        rb.pos = rb.end = 0;
    }
    return &rb;
}

// Reads into rb.data + keep (after `keep` bytes already there); false at the end or an error.
bool refill(File* file, ReadBuffer& rb, int keep) {
    flush_temporaries();
    int n = lowio_read_raw(file->fd, rb.data + keep, static_cast<size_t>(rb.size - keep));
    rb.pos = 0;
    rb.end = keep + (n > 0 ? n : 0);
    rb.text = lowio_is_text(file->fd);
    if (n <= 0 && !keep) {
        file->flag |= n == 0 ? kFlagEof : kFlagError;
        return false;
    }
    return true;
}

// Up to `want` bytes for the program, from the buffer and the file; fewer at the end of the
// file, an error, or (text mode) a Ctrl-Z, which stays in the buffer so that every later
// read ends there too until the stream is moved.
size_t read_buffered(File* file, ReadBuffer& rb, char* out, size_t want) {
    size_t got = 0;
    while (got < want) {
        if (rb.pos == rb.end) {
            size_t left = want - got, size = static_cast<size_t>(rb.size);
            if (left >= size) {
                // Microsoft's fread: whole buffers straight into the caller's memory
                // (lowio translates text mode).
                size_t direct = left - left % size;
                if (direct > 0x7fffffff) direct = 0x7fffffff - 0x7fffffff % size;
                flush_temporaries();
                int n = lowio_read(file->fd, out + got, direct);
                if (n <= 0) {
                    file->flag |= n == 0 ? kFlagEof : kFlagError;
                    break;
                }
                got += static_cast<size_t>(n);
                continue;
            }
            if (!refill(file, rb, 0)) break;
        }
        if (!rb.text) {
            size_t n = want - got < static_cast<size_t>(rb.end - rb.pos) ? want - got : static_cast<size_t>(rb.end - rb.pos);
            if (n == 1) out[got] = rb.data[rb.pos];
            else memcpy(out + got, rb.data + rb.pos, n);
            rb.pos += static_cast<int>(n);
            got += n;
            continue;
        }
        // Text mode: "\r\n" -> "\n", Ctrl-Z ends the data (as lowio's text reads).
        while (got < want && rb.pos < rb.end) {
            char c = rb.data[rb.pos];
            if (c == 0x1a) {
                file->flag |= kFlagEof;
                return got;
            }
            if (c == '\r') {
                if (rb.pos + 1 == rb.end) {
                    // A '\r' that ends the buffer: see what follows it.
                    rb.data[0] = c;
                    refill(file, rb, 1);
                    if (rb.end > 1) continue;
                } else if (rb.data[rb.pos + 1] == '\n') {
                    ++rb.pos;
                    continue;
                }
            }
            out[got++] = c;
            ++rb.pos;
        }
    }
    return got;
}

// Before a write, setvbuf or anything that moves the descriptor through another way: the
// descriptor goes back to the stream's position (what was read ahead is read again later).
void unread_ahead(File* file) {
    int index = stream_index(file);
    if (index < 0) return;
    ReadBuffer& rb = read_buffers[index];
    if (rb.end > rb.pos) lowio_seek(file->fd, rb.pos - rb.end, 1);
    rb.pos = rb.end = 0;
}

}  // namespace

int64_t read_ahead(File* file) {
    int index = stream_index(file);
    return index < 0 ? 0 : read_buffers[index].end - read_buffers[index].pos;
}

void drop_read_buffer(File* file) {
    int index = stream_index(file);
    if (index >= 0) read_buffers[index].pos = read_buffers[index].end = 0;
}

namespace {
}  // namespace

File* iob() {
    if (!files_ready) {
        files_ready = true;
        for (int i = 0; i < kIobCount; ++i) {
            files[i].fd = i < 3 ? i : -1;
            kernel32::InitializeCriticalSection(&iob_locks[i]);
        }
        for (FileX& x : more_files) {
            x.file.fd = -1;
            kernel32::InitializeCriticalSection(&x.lock);
        }
        files[0].flag = 0x01;   // _IOREAD
        files[1].flag = files[2].flag = 0x02;   // _IOWRT
        files[2].flag |= kFlagNoBuffer;
        // A terminal stdout is not buffered (each printf is one write, as with msvcrt's
        // temporary buffering on a console); a pipe or file is, with a buffer made on first use.
        if (libos::boot_info().devices[0].flags & CELDA_CONSOLE_STDOUT_TTY) files[1].flag |= kFlagNoBuffer;
    }
    return files;
}

File* stream_at(int index) {
    File* table = iob();
    return index < kIobCount ? &table[index] : &more_files[index - kIobCount].file;
}

void lock_stream(File* file) {
    if (kernel32::CriticalSection* lock = lock_of(file)) kernel32::EnterCriticalSection(lock);
    if (TemporaryBuffer* t = temporary_of(file)) ++t->locks;
}

void unlock_stream(File* file) {
    TemporaryBuffer* t = temporary_of(file);
    if (t && t->locks > 0 && --t->locks == 0) flush_temporary(file, t);
    if (kernel32::CriticalSection* lock = lock_of(file)) kernel32::LeaveCriticalSection(lock);
}

void flush_temporary_buffers() { flush_temporaries(); }

int flush_file(File* file) {
    if (TemporaryBuffer* t = temporary_of(file)) flush_temporary(file, t);
    size_t pending = buffered_bytes(file);
    if (!pending) return 0;
    file->ptr = file->base;
    file->cnt = file->bufsiz;
    return write_through(file, file->base, pending) == pending ? 0 : kEof;
}

void flush_streams_of(int fd) {
    for (int i = 0; i < kFileCount; ++i) {
        File* file = stream_at(i);
        if (file->flag && file->fd == fd && buffered_bytes(file)) flush_file(file);
    }
}

void release_buffer(File* file) {
    int index = stream_index(file);
    if (index >= 0) {
        free(read_buffers[index].data);
        read_buffers[index] = {};
    }
    if (file->flag & kFlagMyBuffer) free(file->base);
    file->base = file->ptr = nullptr;
    file->cnt = file->bufsiz = 0;
    file->flag &= ~kFlagMyBuffer;
}

int flush_all_files() {
    int flushed = 0;
    for (int i = 0; i < 2; ++i)
        if (temporary[i].used && flush_temporary(&files[i + 1], &temporary[i]) == 0) ++flushed;
    for (int i = 0; i < kFileCount; ++i)
        if (buffered_bytes(stream_at(i)) && flush_file(stream_at(i)) == 0) ++flushed;
    return flushed;
}

int* errno_location() { return &errno_value; }

size_t file_write(File* file, const void* data, size_t length) {
    if (!file || length == 0) return 0;
    StreamGuard guard(file);
    // A write after reads lands at the stream's position, not after what was read ahead.
    if (read_ahead(file)) unread_ahead(file);
    // Unbuffered, or a stream not open for writing (stdin; the write fails in lowio).
    if ((file->flag & kFlagNoBuffer) || !(file->flag & (kFlagWrite | kFlagReadWrite))) {
        TemporaryBuffer* t = temporary_of(file);
        if (!t || t->locks == 0 || t->flushing) return write_through(file, data, length);
        // Inside a lock window: gather, writing only a full buffer. Only one stream holds
        // bytes at a time (the other's go first), so the order across streams is kept.
        if (t == &temporary[0]) flush_temporary(&files[2], &temporary[1]);
        else flush_temporary(&files[1], &temporary[0]);
        const auto* bytes = static_cast<const char*>(data);
        for (size_t done = 0; done < length;) {
            if (t->used == sizeof t->data && flush_temporary(file, t) != 0) return done;
            size_t n = length - done < sizeof t->data - t->used ? length - done : sizeof t->data - t->used;
            memcpy(t->data + t->used, bytes + done, n);
            t->used += n;
            done += n;
        }
        return length;
    }
    if (!file->base) {
        // The buffer is made on first use: setvbuf's size, or the CRT's 4096 bytes.
        int size = file->bufsiz > 0 ? file->bufsiz : kBufferSize;
        file->base = static_cast<char*>(malloc(static_cast<size_t>(size)));
        if (!file->base) return write_through(file, data, length);
        file->flag |= kFlagMyBuffer;
        file->bufsiz = size;
        file->ptr = file->base;
        file->cnt = size;
    }
    // Microsoft's fwrite/_flsbuf: fill the buffer; a full buffer is written when the next
    // byte comes; with an empty buffer, whole multiples of the buffer size go straight out.
    const auto* bytes = static_cast<const char*>(data);
    size_t done = 0, size = static_cast<size_t>(file->bufsiz);
    while (done < length) {
        size_t pending = buffered_bytes(file), left = length - done;
        if (pending == size) {
            if (flush_file(file) != 0) break;
        } else if (pending == 0 && left >= size) {
            size_t direct = left - left % size;
            size_t n = write_through(file, bytes + done, direct);
            done += n;
            if (n != direct) break;
        } else {
            size_t n = left < size - pending ? left : size - pending;
            // One byte at a time is how mingw's printf writes (fputc per character).
            if (n == 1) *file->ptr = bytes[done];
            else memcpy(file->ptr, bytes + done, n);
            file->ptr += n;
            file->cnt -= static_cast<int>(n);
            done += n;
        }
    }
    return done;
}

int file_vprintf(File* file, const char* format, WinArgs args, bool wide_strings, PrintfFlavor flavor) {
    StreamGuard guard(file);
    FileSink sink(file);
    size_t n = format_windows(sink, format, args, wide_strings, flavor);
    sink.flush();
    return static_cast<int>(n);
}

WINAPI File* __iob_func() { return iob(); }
WINAPI File* __acrt_iob_func(unsigned index) { return index < kFileCount ? stream_at(static_cast<int>(index)) : nullptr; }
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
WINAPI int fflush(File* file) {
    if (!file) {
        flush_all_files();
        return 0;
    }
    StreamGuard guard(file);
    return flush_file(file);
}
WINAPI int _flushall() { return flush_all_files(); }
// Microsoft's rules: _IOLBF is the same as _IOFBF; a size outside [2, INT_MAX] is EINVAL, and
// it is rounded down to even. The program's own buffer is not used (ours, of the size asked
// for, is allocated on first write), which only changes where the bytes wait, not when they
// are written.
WINAPI int setvbuf(File* file, char*, int mode, size_t size) {
    if (!file || (mode != kModeFull && mode != kModeLine && mode != kModeNone) ||
        (mode != kModeNone && (size < 2 || size > 0x7fffffff))) {
        *errno_location() = 22;   // EINVAL
        return -1;
    }
    StreamGuard guard(file);
    flush_file(file);
    unread_ahead(file);
    release_buffer(file);
    file->flag &= ~kFlagNoBuffer;
    if (mode == kModeNone) file->flag |= kFlagNoBuffer;
    else file->bufsiz = static_cast<int>(size & ~static_cast<size_t>(1));
    return 0;
}
// setbuf(f, buffer) is setvbuf(f, buffer, _IOFBF, BUFSIZ); setbuf(f, NULL) turns buffering off.
WINAPI void setbuf(File* file, char* buffer) {
    setvbuf(file, buffer, buffer ? kModeFull : kModeNone, kSetbufSize);
}
WINAPI int _fileno(File* file) { return file ? file->fd : -1; }
WINAPI int _isatty(int fd) {
    uint32_t flags = libos::boot_info().devices[0].flags;
    return (fd == 0 && (flags & CELDA_CONSOLE_STDIN_TTY)) || (fd == 1 && (flags & CELDA_CONSOLE_STDOUT_TTY)) ||
           (fd == 2 && (flags & CELDA_CONSOLE_STDERR_TTY));
}
WINAPI int ferror(File* file) { return file->flag & kFlagError; }
WINAPI int feof(File* file) { return file->flag & kFlagEof; }
WINAPI void clearerr(File* file) { file->flag &= ~(kFlagEof | kFlagError); }


// Input of a stream (Microsoft's _filbuf/fread): the read-ahead buffer of a buffered stream
// is filled with one read of its size (4096, or setvbuf's); a read of at least a buffer's
// size with the buffer empty goes straight into the caller's memory, whole buffers of it.
// stdin, the console descriptors and _IONBF streams read directly as before (stdin's
// line reads and _kbhit/_getch need no bytes held back in the CRT).
WINAPI size_t fread(void* data, size_t size, size_t count, File* file) {
    if (size == 0 || count == 0) return 0;
    StreamGuard guard(file);
    // Output waiting in the buffer goes to the file first: the read sees it, and starts
    // where the writes ended.
    if (buffered_bytes(file) && flush_file(file) != 0) return 0;
    size_t want = size * count, got = 0;
    auto* out = static_cast<char*>(data);
    if (file->charbuf > 0 && got < want) {   // a pushed-back character
        out[got++] = static_cast<char>(file->charbuf - 1);
        file->charbuf = 0;
    }
    if (ReadBuffer* rb = read_buffer_of(file)) return (got + read_buffered(file, *rb, out + got, want - got)) / size;
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
    StreamGuard guard(file);   // one lock for the line (recursive: fgetc takes it again)
    int n = 0;
    ReadBuffer* rb = file->charbuf > 0 || buffered_bytes(file) ? nullptr : read_buffer_of(file);
    while (n < size - 1) {
        int c;
        if (rb) {
            // The common case without a call per character: a byte from the buffer.
            char ch;
            if (read_buffered(file, *rb, &ch, 1) != 1) break;
            c = static_cast<unsigned char>(ch);
        } else {
            c = fgetc(file);
            if (c == kEof) break;
        }
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
