// Wide character input (fgetwc, getwc, ungetwc, fgetws), gets, and the conio reads (_getch,
// _getche) the way msvcrt does them on a stream that is not in a Unicode mode: bytes are read
// and decoded as multibyte text, UTF-8 here (the C locale's code page, see locale.cpp). A
// character beyond U+FFFF comes back as U+FFFD (one wchar_t cannot hold it); ungetwc pushes
// back ASCII only (the stream keeps one byte of push-back, like ungetc).
#include <libos/libc.h>

#include "dlls/kernel32/kernel32.h"
#include "dlls/msvcrt/crt.h"
#include "registry/registry.h"

namespace win32::crt {

WINAPI int fgetc(File* file);              // stdio.cpp
WINAPI int ungetc(int c, File* file);      // stdio.cpp
WINAPI int fputwc(int c, File* file);      // wide_stdio.cpp

namespace {
constexpr int kEof = -1;
constexpr int kWeof = 0xffff;
constexpr int kEilseq = 42;
}  // namespace

WINAPI int fgetwc(File* file) {
    int c = fgetc(file);
    if (c == kEof) return kWeof;
    if (c < 0x80) return c;
    int length = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (!length) {
        *errno_location() = kEilseq;
        return kWeof;
    }
    uint32_t code = static_cast<uint32_t>(c) & (0x7fu >> length);
    for (int i = 1; i < length; ++i) {
        int next = fgetc(file);
        if (next == kEof || (next & 0xc0) != 0x80) {
            *errno_location() = kEilseq;
            return kWeof;
        }
        code = (code << 6) | (static_cast<uint32_t>(next) & 0x3f);
    }
    return code > 0xffff ? 0xfffd : static_cast<int>(code);
}
WINAPI int getwc(File* file) { return fgetwc(file); }
WINAPI int getwchar() { return fgetwc(&iob()[0]); }
WINAPI int ungetwc(int c, File* file) {
    if (c == kWeof || c >= 0x80) return kWeof;
    return ungetc(c, file) == kEof ? kWeof : c;
}
WINAPI WCHAR* fgetws(WCHAR* buffer, int size, File* file) {
    int n = 0;
    while (n < size - 1) {
        int c = fgetwc(file);
        if (c == kWeof) break;
        buffer[n++] = static_cast<WCHAR>(c);
        if (c == '\n') break;
    }
    if (n == 0) return nullptr;
    buffer[n] = 0;
    return buffer;
}
// gets: a line from stdin without its newline (no bounds: C11 removed it; programs still import it).
WINAPI char* gets(char* buffer) {
    int n = 0, c;
    while ((c = fgetc(&iob()[0])) != kEof && c != '\n') buffer[n++] = static_cast<char>(c);
    if (c == kEof && n == 0) return nullptr;
    buffer[n] = 0;
    return buffer;
}
WINAPI WCHAR* _getws(WCHAR* buffer) {
    int n = 0, c;
    while ((c = fgetwc(&iob()[0])) != kWeof && c != '\n') buffer[n++] = static_cast<WCHAR>(c);
    if (c == kWeof && n == 0) return nullptr;
    buffer[n] = 0;
    return buffer;
}

// conio: the console's bytes as they come (celda's stdin is a pipe or file, so there is no
// raw keyboard mode and no echo to suppress); end of input reads as EOF. _kbhit polls.
namespace {
constinit int pushed_back = -1;
}
WINAPI int _getch() {
    if (pushed_back >= 0) {
        int c = pushed_back;
        pushed_back = -1;
        return c;
    }
    unsigned char c;
    return kernel32::console_read(&c, 1) == 1 ? c : kEof;
}
WINAPI int _getche() {
    int c = _getch();
    if (c != kEof) {
        char byte = static_cast<char>(c);
        kernel32::console_write(1, &byte, 1);
    }
    return c;
}
// _kbhit: is a byte waiting on stdin? One is read ahead (without waiting) and kept for _getch.
WINAPI int _kbhit() {
    if (pushed_back >= 0) return 1;
    unsigned char c;
    if (kernel32::console_try_read(&c, 1) != 1) return 0;
    pushed_back = c;
    return 1;
}
WINAPI int _ungetch(int c) { return pushed_back >= 0 ? kEof : (pushed_back = c & 0xff); }
WINAPI int _putch(int c) {
    char byte = static_cast<char>(c);
    return kernel32::console_write(1, &byte, 1) == 1 ? c & 0xff : kEof;
}
WINAPI int _cputs(const char* text) {
    size_t n = ::strlen(text);
    return kernel32::console_write(1, text, n) == static_cast<int64_t>(n) ? 0 : -1;
}

WIN32_EXPORT_TABLE(msvcrt_wide_input_exports,
    WIN32_EXPORT(fgetwc), WIN32_EXPORT(getwc), WIN32_EXPORT(getwchar), WIN32_EXPORT_AS("_fgetwchar", getwchar),
    WIN32_EXPORT(ungetwc), WIN32_EXPORT(fgetws), WIN32_EXPORT(gets), WIN32_EXPORT(_getws), WIN32_EXPORT(_getch),
    WIN32_EXPORT(_getche), WIN32_EXPORT(_kbhit), WIN32_EXPORT_AS("kbhit", _kbhit), WIN32_EXPORT(_ungetch), WIN32_EXPORT(_putch), WIN32_EXPORT(_cputs),
    WIN32_EXPORT_AS("getch", _getch), WIN32_EXPORT_AS("getche", _getche), WIN32_EXPORT_AS("putch", _putch),
    WIN32_EXPORT_AS("_fgetwc_nolock", fgetwc), WIN32_EXPORT_AS("_getwc_nolock", fgetwc));

}  // namespace win32::crt
