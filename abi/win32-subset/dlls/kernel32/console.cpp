// Console handles: GetStdHandle, WriteFile/ReadFile on the console, WriteConsoleA/W, modes and
// code pages. Output goes to `celda run`'s stdout/stderr; input comes from its stdin.
#include <libos/libc.h>
#include <libos/hypercall.h>

#include "registry/registry.h"
#include "dlls/kernel32/kernel32.h"
#include "process/objects.h"
#include "process/thread.h"
#include "support/text.h"

namespace win32::kernel32 {

constinit UINT console_output_code_page = 65001;

int64_t console_write(uint32_t stream, const void* data, size_t length) {
    return libos::hypercall::console_write(stream == 2 ? libos::hypercall::Stream::err : libos::hypercall::Stream::out,
                                           data, length);
}

namespace {

int64_t read_stdin(void* buffer, size_t length) {
    // CONSOLE_READ never blocks; a Windows program's read does (the whole guest idles in BLOCK
    // until stdin has input).
    for (;;) {
        celda_hc_console_read args{reinterpret_cast<uint64_t>(buffer), length};
        auto n = static_cast<int64_t>(libos::hypercall::raw(CELDA_HC_CONSOLE_READ, &args));
        if (n != -CELDA_EAGAIN) return n;
        libos::hypercall::block(UINT64_MAX, CELDA_EVENT_CONSOLE_IN);
    }
}

// Bytes read from stdin by ReadConsole beyond the line it returned: every later read of the
// console (ReadConsole, ReadFile, the CRT's) gets them first.
constinit char pending[4096] = {};
constinit size_t pending_start = 0, pending_end = 0;

size_t take_pending(void* out, size_t length) {
    size_t n = pending_end - pending_start;
    if (n > length) n = length;
    memcpy(out, pending + pending_start, n);
    pending_start += n;
    if (pending_start == pending_end) pending_start = pending_end = 0;
    return n;
}

}  // namespace

int64_t console_read(void* buffer, size_t length) {
    if (pending_end > pending_start) return static_cast<int64_t>(take_pending(buffer, length));
    return read_stdin(buffer, length);
}

int64_t console_try_read(void* buffer, size_t length) {
    if (pending_end > pending_start) return static_cast<int64_t>(take_pending(buffer, length));
    celda_hc_console_read args{reinterpret_cast<uint64_t>(buffer), length};
    return static_cast<int64_t>(libos::hypercall::raw(CELDA_HC_CONSOLE_READ, &args));
}

// ReadConsole in line-input mode (what GetConsoleMode reports, the default): returns when a
// line has been entered, with its line end ("\r\n" as typed, or "\n"); a line longer than the
// buffer comes in pieces; 0 bytes at the end of input.
int64_t console_read_line(void* buffer, size_t length) {
    for (;;) {
        size_t available = pending_end - pending_start;
        const char* start = pending + pending_start;
        for (size_t i = 0; i < available && i < length; ++i)
            if (start[i] == '\n') return static_cast<int64_t>(take_pending(buffer, i + 1));
        if (available >= length) return static_cast<int64_t>(take_pending(buffer, length));
        if (pending_start) {
            memmove(pending, start, available);
            pending_start = 0;
            pending_end = available;
        }
        if (pending_end == sizeof pending) return static_cast<int64_t>(take_pending(buffer, length));
        int64_t n = read_stdin(pending + pending_end, sizeof pending - pending_end);
        if (n <= 0) return available ? static_cast<int64_t>(take_pending(buffer, length)) : n;
        pending_end += static_cast<size_t>(n);
    }
}

WINAPI HANDLE GetStdHandle(DWORD which) {
    int index = which == static_cast<DWORD>(-10) ? 0 : which == static_cast<DWORD>(-11) ? 1
              : which == static_cast<DWORD>(-12) ? 2 : -1;
    if (index < 0) {
        last_error() = ERROR_INVALID_HANDLE;
        return kInvalidHandle;
    }
    return std_handle(index);
}

WINAPI BOOL SetStdHandle(DWORD which, HANDLE handle) {
    int index = which == static_cast<DWORD>(-10) ? 0 : which == static_cast<DWORD>(-11) ? 1
              : which == static_cast<DWORD>(-12) ? 2 : -1;
    if (index < 0) return kFalse;
    set_std_handle(index, handle);
    return kTrue;
}

WINAPI BOOL WriteConsoleA(HANDLE console, const void* buffer, DWORD length, DWORD* written, void*) {
    Object* object = object_of(console);
    if (!object || object->kind != ObjectKind::console_output) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    int64_t n = console_write(object->stream, buffer, length);
    if (written) *written = n > 0 ? static_cast<DWORD>(n) : 0;
    return n >= 0 ? kTrue : kFalse;
}

WINAPI BOOL WriteConsoleW(HANDLE console, const void* buffer, DWORD length, DWORD* written, void*) {
    Object* object = object_of(console);
    if (!object || object->kind != ObjectKind::console_output) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    const auto* text = static_cast<const wchar*>(buffer);
    size_t bytes = utf16_to_utf8(text, length, nullptr, 0);
    auto* utf8 = static_cast<char*>(malloc(bytes ? bytes : 1));
    if (!utf8) {
        last_error() = ERROR_NOT_ENOUGH_MEMORY;
        return kFalse;
    }
    utf16_to_utf8(text, length, utf8, bytes);
    int64_t n = console_write(object->stream, utf8, bytes);
    free(utf8);
    if (written) *written = n >= 0 ? length : 0;   // counts characters, not bytes
    return n >= 0 ? kTrue : kFalse;
}

WINAPI BOOL GetConsoleMode(HANDLE console, DWORD* mode) {
    Object* object = object_of(console);
    // Output is not a real console (it is celda's stdout, usually a pipe or file): programs
    // that check this fall back to WriteFile with bytes, which is what we want.
    if (!object || (object->kind != ObjectKind::console_output && object->kind != ObjectKind::console_input)) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    if (mode) *mode = object->kind == ObjectKind::console_input ? 0x7 : 0x3;
    return kTrue;
}

WINAPI BOOL SetConsoleMode(HANDLE, DWORD) { return kTrue; }
WINAPI UINT GetConsoleOutputCP() { return console_output_code_page; }
WINAPI UINT GetConsoleCP() { return console_output_code_page; }
WINAPI BOOL SetConsoleOutputCP(UINT cp) {
    console_output_code_page = cp;
    return kTrue;
}
WINAPI BOOL SetConsoleCP(UINT) { return kTrue; }
WINAPI BOOL SetConsoleCtrlHandler(void*, BOOL) { return kTrue; }
WINAPI BOOL FlushConsoleInputBuffer(HANDLE) { return kTrue; }

WINAPI BOOL ReadConsoleA(HANDLE console, void* buffer, DWORD length, DWORD* read, void*) {
    Object* object = object_of(console);
    if (!object || object->kind != ObjectKind::console_input) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    int64_t n = console_read_line(buffer, length);
    if (read) *read = n > 0 ? static_cast<DWORD>(n) : 0;
    return n >= 0 ? kTrue : kFalse;
}

// The export table of this file (registry/registry.h).
WIN32_EXPORT_TABLE(kernel32_console_exports,
    WIN32_EXPORT(GetStdHandle),
    WIN32_EXPORT(SetStdHandle),
    WIN32_EXPORT(WriteConsoleA),
    WIN32_EXPORT(WriteConsoleW),
    WIN32_EXPORT(GetConsoleMode),
    WIN32_EXPORT(SetConsoleMode),
    WIN32_EXPORT(GetConsoleOutputCP),
    WIN32_EXPORT(GetConsoleCP),
    WIN32_EXPORT(SetConsoleOutputCP),
    WIN32_EXPORT(SetConsoleCP),
    WIN32_EXPORT(SetConsoleCtrlHandler),
    WIN32_EXPORT(FlushConsoleInputBuffer),
    WIN32_EXPORT(ReadConsoleA));

}  // namespace win32::kernel32
