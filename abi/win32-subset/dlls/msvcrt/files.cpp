// The CRT's files: lowio descriptors (_open/_read/_write/_lseek/_close) over kernel32 file
// handles, and stdio's fopen family on top of them; remove/rename/_mkdir/_chdir and friends.
// As on Windows, a file opened without 'b' (or _O_BINARY) is in text mode: "\n" is written as
// "\r\n", "\r\n" reads back as "\n", and Ctrl-Z ends the input. The console descriptors 0..2
// pass bytes through unchanged (celda's stdout is a pipe or file on the host).
#include <libos/libc.h>

#include "dlls/kernel32/files.h"
#include "dlls/kernel32/kernel32.h"
#include "dlls/msvcrt/crt.h"
#include "process/thread.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::crt {
namespace {

// _O_* flags (fcntl.h of the Microsoft CRT).
constexpr int kReadOnly = 0, kWriteOnly = 1, kReadWrite = 2, kAppend = 0x8, kTemporary = 0x40, kCreate = 0x100,
              kTruncate = 0x200, kExclusive = 0x400, kText = 0x4000, kBinary = 0x8000, kWtext = 0x10000,
              kU16text = 0x20000, kU8text = 0x40000;
// errno values of the Microsoft CRT.
constexpr int kENOENT = 2, kEBADF = 9, kEACCES = 13, kEEXIST = 17, kEXDEV = 18, kEINVAL = 22, kEMFILE = 24,
              kENOSPC = 28, kENOTEMPTY = 41;

constexpr int kDescriptorCount = 512;

struct Descriptor {
    HANDLE handle;
    bool used;
    bool text;
    bool append;
    bool at_eof;   // text mode saw Ctrl-Z
    bool borrowed; // a console std handle (_dup of 0..2): not ours to close
};
constinit Descriptor descriptors[kDescriptorCount] = {};

// 0..2 are the console unless _dup2 made them something else (then they are descriptors too).
bool is_console(int fd) { return fd >= 0 && fd < 3 && !descriptors[fd].used; }

Descriptor* descriptor(int fd) {
    if (fd < 0 || fd >= kDescriptorCount || !descriptors[fd].used) {
        *errno_location() = kEBADF;
        return nullptr;
    }
    return &descriptors[fd];
}

int raw_write(Descriptor& d, const void* data, size_t length) {
    if (d.append) kernel32::SetFilePointerEx(d.handle, 0, nullptr, 2);
    DWORD written = 0;
    if (!kernel32::WriteFile(d.handle, data, static_cast<DWORD>(length), &written, nullptr)) {
        set_errno_from_win32(kernel32::GetLastError());
        return -1;
    }
    return static_cast<int>(written);
}

int raw_read(Descriptor& d, void* data, size_t length) {
    DWORD got = 0;
    if (!kernel32::ReadFile(d.handle, data, static_cast<DWORD>(length), &got, nullptr)) {
        DWORD error = kernel32::GetLastError();
        if (error == ERROR_BROKEN_PIPE) return 0;
        set_errno_from_win32(error);
        return -1;
    }
    return static_cast<int>(got);
}

int to_access(int flags) { return flags & 3; }

// _open's body on a UTF-8 name.
int open_file(const char* name, int flags) {
    if (!name) {
        *errno_location() = kEINVAL;
        return -1;
    }
    DWORD access = 0;
    switch (to_access(flags)) {
        case kReadOnly: access = 0x80000000; break;
        case kWriteOnly: access = 0x40000000; break;
        case kReadWrite: access = 0xc0000000; break;
        default: *errno_location() = kEINVAL; return -1;
    }
    DWORD disposition = 3;   // OPEN_EXISTING
    if (flags & kCreate) {
        if (flags & kExclusive) disposition = 1;        // CREATE_NEW
        else if (flags & kTruncate) disposition = 2;    // CREATE_ALWAYS
        else disposition = 4;                           // OPEN_ALWAYS
    } else if (flags & kTruncate) {
        disposition = 5;                                // TRUNCATE_EXISTING
    }
    int fd = 3;
    while (fd < kDescriptorCount && descriptors[fd].used) ++fd;
    if (fd == kDescriptorCount) {
        *errno_location() = kEMFILE;
        return -1;
    }
    DWORD attributes = 0x80 | ((flags & kTemporary) ? 0x04000000 : 0);
    HANDLE handle = kernel32::CreateFileA(name, access, 3, nullptr, disposition, attributes, nullptr);
    if (handle == kInvalidHandle) {
        set_errno_from_win32(kernel32::GetLastError());
        return -1;
    }
    bool text = (flags & (kText | kWtext | kU16text | kU8text)) ||
                (!(flags & kBinary) && !(default_open_mode() & kBinary));
    descriptors[fd] = {handle, true, text, (flags & kAppend) != 0, false, false};
    return fd;
}

// Writes `data` with "\n" -> "\r\n"; returns `length` (the caller's bytes) or -1.
int text_write(Descriptor& d, const char* data, size_t length) {
    char chunk[1024];
    size_t used = 0;
    for (size_t i = 0; i < length; ++i) {
        if (data[i] == '\n') chunk[used++] = '\r';
        chunk[used++] = data[i];
        if (used >= sizeof chunk - 1 || i + 1 == length) {
            if (raw_write(d, chunk, used) != static_cast<int>(used)) return -1;
            used = 0;
        }
    }
    return static_cast<int>(length);
}

// Reads with "\r\n" -> "\n" and Ctrl-Z as the end of the data.
int text_read(Descriptor& d, char* out, size_t length) {
    if (d.at_eof || length == 0) return 0;
    for (;;) {
        int n = raw_read(d, out, length);
        if (n <= 0) return n;
        size_t produced = 0;
        for (int i = 0; i < n; ++i) {
            char c = out[i];
            if (c == 0x1a) {   // Ctrl-Z: end of text; leave the file pointer at it
                kernel32::SetFilePointerEx(d.handle, i - n, nullptr, 1);
                d.at_eof = true;
                return static_cast<int>(produced);
            }
            if (c == '\r') {
                if (i + 1 < n) {
                    if (out[i + 1] == '\n') continue;   // drop the '\r' of "\r\n"
                } else {
                    // '\r' ends the chunk: peek at the next byte.
                    char next = 0;
                    int m = raw_read(d, &next, 1);
                    if (m == 1 && next == '\n') c = '\n';
                    else if (m == 1) kernel32::SetFilePointerEx(d.handle, -1, nullptr, 1);
                }
            }
            out[produced++] = c;
        }
        if (produced) return static_cast<int>(produced);
    }
}

}  // namespace

void set_errno_from_win32(DWORD error) {
    int value = kEINVAL;
    switch (error) {
        case ERROR_FILE_NOT_FOUND:
        case ERROR_PATH_NOT_FOUND:
        case ERROR_INVALID_NAME:
        case ERROR_BAD_NETPATH:
        case ERROR_FILENAME_EXCED_RANGE: value = kENOENT; break;
        case ERROR_ACCESS_DENIED:
        case ERROR_SHARING_VIOLATION:
        case ERROR_DIRECTORY: value = kEACCES; break;
        case ERROR_FILE_EXISTS:
        case ERROR_ALREADY_EXISTS: value = kEEXIST; break;
        case ERROR_DIR_NOT_EMPTY: value = kENOTEMPTY; break;
        case ERROR_INVALID_HANDLE: value = kEBADF; break;
        case ERROR_TOO_MANY_OPEN_FILES: value = kEMFILE; break;
        case ERROR_DISK_FULL: value = kENOSPC; break;
        case ERROR_NOT_SAME_DEVICE: value = kEXDEV; break;
        default: break;
    }
    *errno_location() = value;
}

int lowio_write(int fd, const void* data, size_t length) {
    if ((fd == 1 || fd == 2) && is_console(fd)) {
        int64_t n = kernel32::console_write(static_cast<uint32_t>(fd), data, length);
        return n < 0 ? -1 : static_cast<int>(n);
    }
    Descriptor* d = descriptor(fd);
    if (!d) return -1;
    if (length == 0) return 0;
    return d->text ? text_write(*d, static_cast<const char*>(data), length) : raw_write(*d, data, length);
}

int lowio_read(int fd, void* data, size_t length) {
    if (fd == 0 && is_console(fd)) {
        int64_t n = kernel32::console_read(data, length);
        resume_current_thread();
        return n < 0 ? 0 : static_cast<int>(n);
    }
    Descriptor* d = descriptor(fd);
    if (!d) return -1;
    return d->text ? text_read(*d, static_cast<char*>(data), length) : raw_read(*d, data, length);
}

// The bytes of the file as they are, for a stream's read buffer (stdio.cpp translates text
// mode itself as it consumes them, so the buffer's bytes count as file offsets). A text
// descriptor whose _read met a Ctrl-Z stays at its end until it is moved.
int lowio_read_raw(int fd, void* data, size_t length) {
    Descriptor* d = descriptor(fd);
    if (!d) return -1;
    if (d->text && d->at_eof) return 0;
    return raw_read(*d, data, length);
}

bool lowio_is_text(int fd) {
    Descriptor* d = is_console(fd) ? nullptr : descriptor(fd);
    return d && d->text;
}

int lowio_close(int fd) {
    if (is_console(fd)) return 0;
    Descriptor* d = descriptor(fd);
    if (!d) return -1;
    if (!d->borrowed) kernel32::CloseHandle(d->handle);
    *d = {};
    return 0;
}

int64_t lowio_seek(int fd, int64_t offset, int origin) {
    Descriptor* d = descriptor(fd);
    if (!d) return -1;
    int64_t position = 0;
    if (origin < 0 || origin > 2 || !kernel32::SetFilePointerEx(d->handle, offset, &position, static_cast<DWORD>(origin))) {
        *errno_location() = kEINVAL;
        return -1;
    }
    d->at_eof = false;
    return position;
}

// ---- lowio exports ----------------------------------------------------------------------

WINAPI int _open(const char* name, int flags, ...) { return open_file(name, flags); }
WINAPI int _wopen(const WCHAR* name, int flags, ...) {
    char* utf8 = to_utf8(name);
    int fd = open_file(utf8, flags);
    free(utf8);
    return fd;
}
WINAPI int _sopen(const char* name, int flags, int, ...) { return open_file(name, flags); }
WINAPI int _wsopen(const WCHAR* name, int flags, int, ...) { return _wopen(name, flags); }
WINAPI int _sopen_s(int* fd, const char* name, int flags, int, int) {
    *fd = open_file(name, flags);
    return *fd < 0 ? *errno_location() : 0;
}
WINAPI int _wsopen_s(int* fd, const WCHAR* name, int flags, int, int) {
    *fd = _wopen(name, flags);
    return *fd < 0 ? *errno_location() : 0;
}
WINAPI int _creat(const char* name, int) { return open_file(name, kWriteOnly | kCreate | kTruncate); }
WINAPI int _write(int fd, const void* data, unsigned length) { return lowio_write(fd, data, length); }
WINAPI int _read(int fd, void* data, unsigned length) { return lowio_read(fd, data, length); }
// A stream's buffered output on fd is written before the descriptor closes or commits (the
// Microsoft CRT would write it later, to a closed or reused descriptor).
WINAPI int _close(int fd) {
    flush_streams_of(fd);
    return lowio_close(fd);
}
// `long` is 32 bits on Windows (LONG): the upper half of its register is not part of the value.
WINAPI LONG _lseek(int fd, LONG offset, int origin) { return static_cast<LONG>(lowio_seek(fd, offset, origin)); }
WINAPI int64_t _lseeki64(int fd, int64_t offset, int origin) { return lowio_seek(fd, offset, origin); }
WINAPI LONG _tell(int fd) { return static_cast<LONG>(lowio_seek(fd, 0, 1)); }
WINAPI int64_t _telli64(int fd) { return lowio_seek(fd, 0, 1); }
WINAPI int64_t _filelengthi64(int fd) {
    Descriptor* d = descriptor(fd);
    int64_t size = 0;
    if (!d || !kernel32::GetFileSizeEx(d->handle, &size)) return -1;
    return size;
}
WINAPI LONG _filelength(int fd) { return static_cast<LONG>(_filelengthi64(fd)); }
WINAPI int _eof(int fd) {
    Descriptor* d = descriptor(fd);
    if (!d) return -1;
    int64_t here = lowio_seek(fd, 0, 1), size = _filelengthi64(fd);
    return here >= size || d->at_eof ? 1 : 0;
}
WINAPI int _chsize_s(int fd, int64_t size) {
    Descriptor* d = descriptor(fd);
    if (!d) return kEBADF;
    int64_t here = lowio_seek(fd, 0, 1);
    lowio_seek(fd, size, 0);
    BOOL ok = kernel32::SetEndOfFile(d->handle);
    lowio_seek(fd, here, 0);
    if (!ok) set_errno_from_win32(kernel32::GetLastError());
    return ok ? 0 : *errno_location();
}
WINAPI int _chsize(int fd, LONG size) { return _chsize_s(fd, size) ? -1 : 0; }
WINAPI int _commit(int fd) {
    flush_streams_of(fd);
    Descriptor* d = descriptor(fd);
    return d ? 0 : -1;
}
namespace {
// A copy of descriptor `fd` (its handle duplicated; a console descriptor borrows the std
// handle) stored at `target`.
bool copy_descriptor(int fd, int target) {
    Descriptor copy{};
    if (is_console(fd)) {
        copy = {kernel32::GetStdHandle(static_cast<DWORD>(-10 - fd)), true, false, false, false, true};
    } else {
        Descriptor* d = descriptor(fd);
        if (!d) return false;
        copy = *d;
        if (!d->borrowed && !kernel32::DuplicateHandle(nullptr, d->handle, nullptr, &copy.handle, 0, 0, 2)) {
            *errno_location() = kEMFILE;
            return false;
        }
    }
    descriptors[target] = copy;
    return true;
}
}  // namespace

WINAPI int _dup(int fd) {
    if (!is_console(fd) && !descriptor(fd)) return -1;
    int copy = 3;
    while (copy < kDescriptorCount && descriptors[copy].used) ++copy;
    if (copy == kDescriptorCount) {
        *errno_location() = kEMFILE;
        return -1;
    }
    return copy_descriptor(fd, copy) ? copy : -1;
}
// _dup2(fd, 1) redirects the program's stdout (printf included) into fd's file.
WINAPI int _dup2(int fd, int target) {
    if (target < 0 || target >= kDescriptorCount || (!is_console(fd) && !descriptor(fd))) {
        *errno_location() = kEBADF;
        return -1;
    }
    if (fd == target) return 0;
    if (descriptors[target].used) lowio_close(target);
    return copy_descriptor(fd, target) ? 0 : -1;
}
WINAPI intptr_t _get_osfhandle(int fd) {
    if (is_console(fd)) return reinterpret_cast<intptr_t>(kernel32::GetStdHandle(static_cast<DWORD>(-10 - fd)));
    Descriptor* d = descriptor(fd);
    return d ? reinterpret_cast<intptr_t>(d->handle) : -1;
}
WINAPI int _open_osfhandle(intptr_t handle, int flags) {
    int fd = 3;
    while (fd < kDescriptorCount && descriptors[fd].used) ++fd;
    if (fd == kDescriptorCount) {
        *errno_location() = kEMFILE;
        return -1;
    }
    descriptors[fd] = {reinterpret_cast<HANDLE>(handle), true, !(flags & kBinary) && (flags & kText), (flags & kAppend) != 0,
                       false, false};
    return fd;
}
// The previous mode; text/binary switching applies to files (the console passes bytes).
WINAPI int _setmode(int fd, int mode) {
    if (is_console(fd)) return kText;
    Descriptor* d = descriptor(fd);
    if (!d) return -1;
    int previous = d->text ? kText : kBinary;
    d->text = !(mode & kBinary);
    return previous;
}

// ---- stdio on files ---------------------------------------------------------------------

namespace {

constexpr int kIoRead = 0x1, kIoWrite = 0x2, kIoReadWrite = 0x80, kIoEof = 0x10, kIoError = 0x20;

// fopen's mode string -> _O_* flags, or -1.
int open_flags_of(const char* mode) {
    int flags = 0;
    switch (*mode++) {
        case 'r': flags = kReadOnly; break;
        case 'w': flags = kWriteOnly | kCreate | kTruncate; break;
        case 'a': flags = kWriteOnly | kCreate | kAppend; break;
        default: return -1;
    }
    for (; *mode && *mode != ','; ++mode) {
        switch (*mode) {
            case '+': flags = (flags & ~3) | kReadWrite; break;
            case 'b': flags |= kBinary; break;
            case 't': flags |= kText; break;
            case 'x': flags |= kExclusive; break;
            case 'D': flags |= kTemporary; break;
            case ' ': case 'N': case 'T': case 'S': case 'R': case 'c': case 'n': break;
            default: return -1;
        }
    }
    return flags;
}

File* open_stream(const char* name, const char* mode) {
    int flags = mode ? open_flags_of(mode) : -1;
    if (flags < 0 || !name) {
        *errno_location() = kEINVAL;
        return nullptr;
    }
    int slot = 3;
    while (slot < kFileCount && stream_at(slot)->flag) ++slot;
    if (slot == kFileCount) {
        *errno_location() = kEMFILE;
        return nullptr;
    }
    int fd = open_file(name, flags);
    if (fd < 0) return nullptr;
    File& file = *stream_at(slot);
    memset(&file, 0, sizeof file);
    file.fd = fd;
    file.flag = to_access(flags) == kReadWrite ? kIoReadWrite : to_access(flags) == kWriteOnly ? kIoWrite : kIoRead;
    return &file;
}

}  // namespace

WINAPI File* fopen(const char* name, const char* mode) { return open_stream(name, mode); }
WINAPI File* _wfopen(const WCHAR* name, const WCHAR* mode) {
    char* n = to_utf8(name);
    char* m = to_utf8(mode);
    File* file = open_stream(n, m);
    free(n);
    free(m);
    return file;
}
WINAPI int fopen_s(File** out, const char* name, const char* mode) {
    *out = open_stream(name, mode);
    return *out ? 0 : *errno_location();
}
WINAPI int _wfopen_s(File** out, const WCHAR* name, const WCHAR* mode) {
    *out = _wfopen(name, mode);
    return *out ? 0 : *errno_location();
}
// freopen: the stream keeps its FILE object (so `stdout` itself is redirected) and gets the new
// file's descriptor; for stdin/stdout/stderr that is descriptor 0..2 via _dup2.
WINAPI int _dup2(int fd, int target);
WINAPI int fflush(File* file);   // stdio.cpp
WINAPI File* freopen(const char* name, const char* mode, File* stream) {
    if (!stream || !name || !mode) {
        *errno_location() = kEINVAL;
        return nullptr;
    }
    int flags = open_flags_of(mode);
    if (flags < 0) {
        *errno_location() = kEINVAL;
        return nullptr;
    }
    fflush(stream);   // what was written to the old file goes there
    int old_fd = stream->fd;
    bool standard = stream >= iob() && stream < iob() + 3;
    if (!standard && old_fd >= 0) lowio_close(old_fd);
    int fd = open_file(name, flags);
    if (fd < 0) {
        if (!standard) memset(stream, 0, sizeof *stream), stream->fd = -1;
        return nullptr;
    }
    if (standard) {
        int target = static_cast<int>(stream - iob());
        _dup2(fd, target);
        lowio_close(fd);
        fd = target;
    }
    int flag = to_access(flags) == kReadWrite ? kIoReadWrite : to_access(flags) == kWriteOnly ? kIoWrite : kIoRead;
    // The stream's buffer (stdio.cpp's buffering fields) stays; access and state are new.
    stream->fd = fd;
    stream->flag = (stream->flag & ~(kIoRead | kIoWrite | kIoReadWrite | kIoEof | kIoError)) | flag;
    stream->charbuf = 0;
    drop_read_buffer(stream);
    return stream;
}
WINAPI File* _wfreopen(const WCHAR* name, const WCHAR* mode, File* stream) {
    char* n = name ? to_utf8(name) : nullptr;
    char* m = mode ? to_utf8(mode) : nullptr;
    File* file = freopen(n, m, stream);
    free(n);
    free(m);
    return file;
}
WINAPI int freopen_s(File** out, const char* name, const char* mode, File* stream) {
    File* file = freopen(name, mode, stream);
    if (out) *out = file;
    return file ? 0 : *errno_location();
}
WINAPI File* _fsopen(const char* name, const char* mode, int) { return open_stream(name, mode); }
WINAPI File* _wfsopen(const WCHAR* name, const WCHAR* mode, int) { return _wfopen(name, mode); }
WINAPI File* _fdopen(int fd, const char* mode) {
    int slot = 3;
    while (slot < kFileCount && stream_at(slot)->flag) ++slot;
    if (slot == kFileCount || (fd >= 3 && !descriptor(fd))) return nullptr;
    File* file = stream_at(slot);
    memset(file, 0, sizeof *file);
    file->fd = fd;
    // "r" reads; "w"/"a" and anything with '+' ("r+", "rb+") write (and so are buffered).
    bool update = false;
    for (const char* m = mode; m && *m; ++m) update = update || *m == '+';
    file->flag = mode && mode[0] == 'r' && !update ? kIoRead : kIoReadWrite;
    return file;
}

WINAPI int fclose(File* file) {
    if (!file) return -1;
    if (file >= iob() && file < iob() + 3) return flush_file(file);   // the console streams stay
    int flushed = flush_file(file);
    int rc = lowio_close(file->fd);
    release_buffer(file);
    memset(file, 0, sizeof *file);
    file->fd = -1;
    return flushed != 0 ? -1 : rc;
}
WINAPI int _fcloseall() {
    int closed = 0;
    for (int i = 3; i < kFileCount; ++i)
        if (stream_at(i)->flag) {
            fclose(stream_at(i));
            ++closed;
        }
    return closed;
}

// Buffered output is written before the file position moves or is read (stdio.cpp), so the
// position is the file's own, with text mode's CRs counted as on Windows.
WINAPI int _fseeki64(File* file, int64_t offset, int origin) {
    if (!file) return -1;
    if (flush_file(file) != 0) return -1;
    if (origin == 1 && file->charbuf > 0) --offset;   // the pushed-back character was not consumed
    if (origin == 1) offset -= read_ahead(file);   // nor were the bytes read ahead into the buffer
    drop_read_buffer(file);
    file->charbuf = 0;
    file->flag &= ~kIoEof;
    if (file->fd < 3) return 0;
    return lowio_seek(file->fd, offset, origin) < 0 ? -1 : 0;
}
WINAPI int fseek(File* file, LONG offset, int origin) { return _fseeki64(file, offset, origin); }
WINAPI int64_t _ftelli64(File* file) {
    if (!file || file->fd < 3) return file ? 0 : -1;
    if (flush_file(file) != 0) return -1;
    int64_t position = lowio_seek(file->fd, 0, 1);
    // Microsoft's ftell: the descriptor's position less what the buffer read ahead (raw file
    // bytes here, so a "\r\n" still in the buffer counts 2, as Microsoft counts it).
    return position < 0 ? -1 : position - read_ahead(file) - (file->charbuf > 0 ? 1 : 0);
}
WINAPI LONG ftell(File* file) { return static_cast<LONG>(_ftelli64(file)); }
WINAPI void rewind(File* file) {
    _fseeki64(file, 0, 0);
    if (file) file->flag &= ~kIoError;
}
WINAPI int fgetpos(File* file, int64_t* position) {
    *position = _ftelli64(file);
    return *position < 0 ? -1 : 0;
}
WINAPI int fsetpos(File* file, const int64_t* position) { return _fseeki64(file, *position, 0); }

// A new file in the temporary directory, deleted when closed.
WINAPI File* tmpfile() {
    char directory[260], name[300];
    kernel32::GetTempPathA(sizeof directory, directory);
    if (!kernel32::GetTempFileNameA(directory, "t", 0, name)) {
        set_errno_from_win32(kernel32::GetLastError());
        return nullptr;
    }
    return open_stream(name, "w+bD");
}

// ---- file system calls --------------------------------------------------------------------

namespace {
int result_of(BOOL ok) {
    if (ok) return 0;
    set_errno_from_win32(kernel32::GetLastError());
    return -1;
}
template <typename F>
int with_utf8(const WCHAR* wide, F body) {
    char* text = to_utf8(wide);
    int rc = body(text);
    free(text);
    return rc;
}
}  // namespace

WINAPI int remove(const char* name) { return result_of(kernel32::DeleteFileA(name)); }
WINAPI int _unlink(const char* name) { return remove(name); }
WINAPI int rename(const char* from, const char* to) {
    // The CRT's rename never replaces an existing file (EACCES, as MoveFileEx without flags).
    if (kernel32::MoveFileExA(from, to, 2)) return 0;
    DWORD error = kernel32::GetLastError();
    set_errno_from_win32(error == ERROR_ALREADY_EXISTS ? ERROR_ACCESS_DENIED : error);
    return -1;
}
WINAPI int _mkdir(const char* name) { return result_of(kernel32::CreateDirectoryA(name, nullptr)); }
WINAPI int _rmdir(const char* name) { return result_of(kernel32::RemoveDirectoryA(name)); }
WINAPI int _chdir(const char* name) { return result_of(kernel32::SetCurrentDirectoryA(name)); }
WINAPI char* _getcwd(char* buffer, int size) {
    char path[4096];
    DWORD n = kernel32::GetCurrentDirectoryA(sizeof path, path);
    if (!buffer) {
        size_t need = n + 1 > static_cast<size_t>(size) ? n + 1 : static_cast<size_t>(size);
        buffer = static_cast<char*>(malloc(need));
        if (!buffer) return nullptr;
    } else if (n + 1 > static_cast<DWORD>(size)) {
        *errno_location() = 34;   // ERANGE
        return nullptr;
    }
    memcpy(buffer, path, n + 1);
    return buffer;
}
WINAPI int _access(const char* name, int mode) {
    DWORD attributes = kernel32::GetFileAttributesA(name);
    if (attributes == 0xffffffff) return result_of(kFalse);
    if ((mode & 2) && (attributes & 1)) {
        *errno_location() = kEACCES;
        return -1;
    }
    return 0;
}
WINAPI int _wremove(const WCHAR* name) { return with_utf8(name, [](char* n) { return remove(n); }); }
WINAPI int _wunlink(const WCHAR* name) { return _wremove(name); }
WINAPI int _wmkdir(const WCHAR* name) { return with_utf8(name, [](char* n) { return _mkdir(n); }); }
WINAPI int _wrmdir(const WCHAR* name) { return with_utf8(name, [](char* n) { return _rmdir(n); }); }
WINAPI int _wchdir(const WCHAR* name) { return with_utf8(name, [](char* n) { return _chdir(n); }); }
WINAPI int _waccess(const WCHAR* name, int mode) {
    return with_utf8(name, [mode](char* n) { return _access(n, mode); });
}
WINAPI int _wrename(const WCHAR* from, const WCHAR* to) {
    char* f = to_utf8(from);
    char* t = to_utf8(to);
    int rc = rename(f, t);
    free(f);
    free(t);
    return rc;
}

WIN32_EXPORT_TABLE(msvcrt_files_exports,
    WIN32_EXPORT(_open), WIN32_EXPORT(_wopen), WIN32_EXPORT(_sopen), WIN32_EXPORT(_wsopen), WIN32_EXPORT(_sopen_s),
    WIN32_EXPORT(_wsopen_s), WIN32_EXPORT(_creat), WIN32_EXPORT(_write), WIN32_EXPORT(_read), WIN32_EXPORT(_close),
    WIN32_EXPORT(_lseek), WIN32_EXPORT(_lseeki64), WIN32_EXPORT(_tell), WIN32_EXPORT(_telli64),
    WIN32_EXPORT(_filelength), WIN32_EXPORT(_filelengthi64), WIN32_EXPORT(_eof), WIN32_EXPORT(_chsize),
    WIN32_EXPORT(_chsize_s), WIN32_EXPORT(_commit), WIN32_EXPORT(_dup), WIN32_EXPORT(_dup2), WIN32_EXPORT(freopen), WIN32_EXPORT(_wfreopen), WIN32_EXPORT(freopen_s), WIN32_EXPORT_AS("dup2", _dup2), WIN32_EXPORT(_get_osfhandle),
    WIN32_EXPORT(_open_osfhandle), WIN32_EXPORT(_setmode), WIN32_EXPORT(fopen), WIN32_EXPORT(_wfopen),
    WIN32_EXPORT(fopen_s), WIN32_EXPORT(_wfopen_s), WIN32_EXPORT(_fsopen), WIN32_EXPORT(_wfsopen),
    WIN32_EXPORT(_fdopen), WIN32_EXPORT(fclose), WIN32_EXPORT(_fcloseall), WIN32_EXPORT(fseek),
    WIN32_EXPORT(_fseeki64), WIN32_EXPORT(ftell), WIN32_EXPORT(_ftelli64), WIN32_EXPORT(rewind),
    WIN32_EXPORT(fgetpos), WIN32_EXPORT(fsetpos), WIN32_EXPORT(tmpfile), WIN32_EXPORT(remove), WIN32_EXPORT(_unlink),
    WIN32_EXPORT(rename), WIN32_EXPORT(_mkdir), WIN32_EXPORT(_rmdir), WIN32_EXPORT(_chdir), WIN32_EXPORT(_getcwd),
    WIN32_EXPORT(_access), WIN32_EXPORT(_wremove), WIN32_EXPORT(_wunlink), WIN32_EXPORT(_wmkdir),
    WIN32_EXPORT(_wrmdir), WIN32_EXPORT(_wchdir), WIN32_EXPORT(_waccess), WIN32_EXPORT(_wrename),
    WIN32_EXPORT_AS("open", _open), WIN32_EXPORT_AS("write", _write), WIN32_EXPORT_AS("read", _read),
    WIN32_EXPORT_AS("close", _close), WIN32_EXPORT_AS("lseek", _lseek), WIN32_EXPORT_AS("setmode", _setmode),
    WIN32_EXPORT_AS("unlink", _unlink), WIN32_EXPORT_AS("mkdir", _mkdir), WIN32_EXPORT_AS("rmdir", _rmdir),
    WIN32_EXPORT_AS("chdir", _chdir), WIN32_EXPORT_AS("getcwd", _getcwd), WIN32_EXPORT_AS("access", _access),
    WIN32_EXPORT_AS("dup", _dup), WIN32_EXPORT_AS("fdopen", _fdopen), WIN32_EXPORT_AS("creat", _creat));

}  // namespace win32::crt
