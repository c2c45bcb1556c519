// The C runtime shared by msvcrt.dll and ucrtbase.dll: they differ in names and startup
// protocol, not in what printf or malloc do. FILE is msvcrt's 48-byte _iobuf so that code
// compiled against msvcrt's headers (stdout = &__iob_func()[1]) finds the right object;
// ucrt treats FILE as opaque, so the same objects serve both.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "support/printf.h"
#include "support/winabi.h"

namespace win32::crt {

struct File {
    char* ptr;
    int cnt;
    char* base;
    int flag;
    int fd;        // the lowio descriptor
    int charbuf;
    int bufsiz;
    char* tmpfname;
};

// kFileCount streams: the first kIobCount are msvcrt's _iob array (__iob_func(), contiguous
// FILEs, 0..2 stdin, stdout, stderr); the others are laid out as msvcrt's _FILEX, each FILE
// followed by its lock (see stdio.cpp), because mingw's _lock_file expects that of any FILE
// outside _iob[0..19].
inline constexpr int kFileCount = 64;
inline constexpr int kIobCount = 20;
File* iob();                   // _iob: kIobCount entries
File* stream_at(int index);    // 0 <= index < kFileCount
int* errno_location();

// Lowio (dlls/msvcrt/files.cpp): descriptors 0..2 are the console; the others are kernel32
// file handles, in text mode (CRLF <-> LF, Ctrl-Z ends input) unless opened binary.
int lowio_write(int fd, const void* data, size_t length);
int lowio_read(int fd, void* data, size_t length);
int lowio_close(int fd);
int lowio_read_raw(int fd, void* data, size_t length);   // no text translation (stream buffers)
bool lowio_is_text(int fd);
int64_t lowio_seek(int fd, int64_t offset, int origin);
// _fmode: _O_TEXT (0x4000, or 0) or _O_BINARY (0x8000) for files opened without either.
int default_open_mode();
// A Win32 error as the CRT's errno (what _dosmaperr does), stored in errno.
void set_errno_from_win32(DWORD error);

// Stdio core: output buffered as the Microsoft CRT does (see stdio.cpp).
size_t file_write(File* file, const void* data, size_t length);
int flush_file(File* file);   // 0 or EOF
int flush_all_files();        // how many streams had output waiting
void flush_streams_of(int fd);   // the streams on descriptor fd (before _close/_commit)
void release_buffer(File* file);   // frees a buffer the CRT allocated (fclose, setvbuf)
// Input buffering (stdio.cpp): how many file bytes the stream's read buffer holds ahead of
// the program (the descriptor is that far past the stream's position); dropping the buffer
// forgets them (before the descriptor is moved: fseek, freopen).
int64_t read_ahead(File* file);
void drop_read_buffer(File* file);
// The stream locks (_lock_file, msvcrt's _lock(_STREAM_LOCKS + n)): a recursive critical
// section per stream, held across a call that may block (a fiber switches then); on unbuffered
// stdout/stderr the outermost lock/unlock also brackets one temporary buffering (stdio.cpp), so
// mingw's printf, which locks and then puts each character, is one write.
void lock_stream(File* file);
void unlock_stream(File* file);
// Writes what waits in the temporary buffers (the process ends without returning to them).
void flush_temporary_buffers();
int file_vprintf(File* file, const char* format, WinArgs args, bool wide_strings = false,
                 PrintfFlavor flavor = kMsvcrtFlavor);
// clock()'s zero: called once when the CRT starts.
void start_clock();

[[noreturn]] void crt_exit(int status);
// Ends the process now: no atexit handlers (_exit, abort).
[[noreturn]] void libos_exit_now(int status);
bool init_crt_globals();
void register_atexit(void (*function)());
int call_onexit(void* table);

extern char** main_argv;
extern int main_argc;
extern WCHAR** main_wargv;

}  // namespace win32::crt
