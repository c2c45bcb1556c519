// user32.dll for console programs: MessageBox writes to stderr, wsprintf formats, LoadString
// reads string resources.
#include <libos/format.h>
#include <libos/libc.h>

#include "dlls/kernel32/kernel32.h"
#include "registry/registry.h"
#include "support/printf.h"
#include "support/text.h"

namespace win32::user32 {

WINAPI int MessageBoxA(void*, const char* text, const char* caption, UINT) {
    char line[1024];
    size_t n = libos::format(line, sizeof line, "%s: %s\n", caption ? caption : "Error", text ? text : "");
    kernel32::console_write(2, line, n < sizeof line ? n : sizeof line - 1);
    return 1;   // IDOK
}
WINAPI int MessageBoxW(void* owner, const WCHAR* text, const WCHAR* caption, UINT type) {
    char* t = to_utf8(text);
    char* c = to_utf8(caption);
    int r = MessageBoxA(owner, t, c, type);
    free(t);
    free(c);
    return r;
}
WINAPI int wsprintfA(char* buffer, const char* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    // wsprintf's buffer limit is 1024 bytes.
    size_t n = format_to_buffer(buffer, 1024, format, WinArgs{reinterpret_cast<const uint64_t*>(list)});
    __builtin_ms_va_end(list);
    return static_cast<int>(n < 1024 ? n : 1023);
}
WINAPI int wvsprintfA(char* buffer, const char* format, const void* list) {
    size_t n = format_to_buffer(buffer, 1024, format, WinArgs{static_cast<const uint64_t*>(list)});
    return static_cast<int>(n < 1024 ? n : 1023);
}
WINAPI int LoadStringA(void* module, UINT id, char* buffer, int size);
WINAPI int LoadStringW(void* module, UINT id, WCHAR* buffer, int size);
WINAPI char* CharUpperA(char* s) {
    if (reinterpret_cast<uintptr_t>(s) < 0x10000) return reinterpret_cast<char*>(static_cast<uintptr_t>(ascii_upper(static_cast<char>(reinterpret_cast<uintptr_t>(s)))));
    for (char* p = s; *p; ++p) *p = ascii_upper(*p);
    return s;
}
WINAPI char* CharLowerA(char* s) {
    if (reinterpret_cast<uintptr_t>(s) < 0x10000) return reinterpret_cast<char*>(static_cast<uintptr_t>(ascii_lower(static_cast<char>(reinterpret_cast<uintptr_t>(s)))));
    for (char* p = s; *p; ++p) *p = ascii_lower(*p);
    return s;
}

WIN32_EXPORT_TABLE(user32_exports, WIN32_EXPORT(MessageBoxA), WIN32_EXPORT(MessageBoxW), WIN32_EXPORT(wsprintfA),
                   WIN32_EXPORT(wvsprintfA), WIN32_EXPORT(LoadStringA), WIN32_EXPORT(LoadStringW),
                   WIN32_EXPORT(CharUpperA), WIN32_EXPORT(CharLowerA));

}  // namespace win32::user32

namespace win32 {
namespace user32 {
extern const ExportTable user32_characters_exports;   // characters.cpp
}
namespace {
const ExportTable* const kTables[] = {&user32::user32_exports, &user32::user32_characters_exports};
}
extern const BuiltinDll kUser32{"user32.dll", kTables, sizeof kTables / sizeof kTables[0]};
}  // namespace win32
