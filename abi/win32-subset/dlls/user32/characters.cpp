// user32's character and string helpers that console programs call: CharUpperW/CharLowerW
// (a string, or one character when the pointer's high bits are zero), CharNext/CharPrev,
// IsCharAlpha/IsCharAlphaNumeric/IsCharUpper/IsCharLower (ASCII and Latin-1, as nls.cpp
// classifies), wsprintfW/wvsprintfW (1024-character limit), GetSystemMetrics (no screen: 0),
// MessageBeep (silent).
#include <libos/libc.h>

#include "registry/registry.h"
#include "support/printf.h"
#include "support/text.h"
#include "support/winabi.h"

namespace win32::user32 {
namespace {

bool is_upper(uint32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7); }
bool is_lower(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 0xdf && c <= 0xff && c != 0xf7); }
uint32_t upper(uint32_t c) { return is_lower(c) && c != 0xdf && c != 0xff ? c - 32 : c; }
uint32_t lower(uint32_t c) { return is_upper(c) ? c + 32 : c; }

WCHAR* map_wide(WCHAR* text, uint32_t (*map)(uint32_t)) {
    auto value = reinterpret_cast<uintptr_t>(text);
    if (value >> 16 == 0) return reinterpret_cast<WCHAR*>(static_cast<uintptr_t>(map(static_cast<uint32_t>(value))));
    for (WCHAR* p = text; *p; ++p) *p = static_cast<WCHAR>(map(*p));
    return text;
}

constexpr size_t kWsprintfLimit = 1024;

int wide_format(WCHAR* out, const WCHAR* format, WinArgs args) {
    char* narrow = to_utf8(format);
    if (!narrow) return 0;
    char text[4 * kWsprintfLimit];
    format_to_buffer(text, sizeof text, narrow, args, true);
    ::free(narrow);
    size_t units = utf8_to_utf16(text, ::strlen(text), out, kWsprintfLimit - 1);
    if (units > kWsprintfLimit - 1) units = kWsprintfLimit - 1;
    out[units] = 0;
    return static_cast<int>(units);
}

}  // namespace

WINAPI WCHAR* CharUpperW(WCHAR* text) { return map_wide(text, upper); }
WINAPI WCHAR* CharLowerW(WCHAR* text) { return map_wide(text, lower); }
WINAPI DWORD CharUpperBuffW(WCHAR* text, DWORD n) {
    for (DWORD i = 0; i < n; ++i) text[i] = static_cast<WCHAR>(upper(text[i]));
    return n;
}
WINAPI DWORD CharLowerBuffW(WCHAR* text, DWORD n) {
    for (DWORD i = 0; i < n; ++i) text[i] = static_cast<WCHAR>(lower(text[i]));
    return n;
}
// UTF-8 (the ANSI code page) steps over whole sequences.
WINAPI char* CharNextA(const char* p) {
    if (!*p) return const_cast<char*>(p);
    ++p;
    while ((static_cast<unsigned char>(*p) & 0xc0) == 0x80) ++p;
    return const_cast<char*>(p);
}
// CP_ACP, CP_OEMCP, CP_THREAD_ACP and CP_UTF8 are UTF-8 here; the other code pages celda
// converts (1252, 28591, 20127) have one byte per character. flags are reserved.
WINAPI char* CharNextExA(WORD code_page, const char* p, DWORD) {
    if (code_page == 0 || code_page == 1 || code_page == 3 || code_page == 65001) return CharNextA(p);
    return const_cast<char*>(*p ? p + 1 : p);
}
WINAPI char* CharPrevA(const char* start, const char* p) {
    if (p <= start) return const_cast<char*>(start);
    --p;
    while (p > start && (static_cast<unsigned char>(*p) & 0xc0) == 0x80) --p;
    return const_cast<char*>(p);
}
WINAPI WCHAR* CharNextW(const WCHAR* p) { return const_cast<WCHAR*>(*p ? p + 1 : p); }
WINAPI WCHAR* CharPrevW(const WCHAR* start, const WCHAR* p) { return const_cast<WCHAR*>(p > start ? p - 1 : start); }
WINAPI BOOL IsCharAlphaW(WCHAR c) { return is_upper(c) || is_lower(c) || c >= 0x100; }
WINAPI BOOL IsCharAlphaNumericW(WCHAR c) { return IsCharAlphaW(c) || (c >= '0' && c <= '9'); }
WINAPI BOOL IsCharUpperW(WCHAR c) { return is_upper(c); }
WINAPI BOOL IsCharLowerW(WCHAR c) { return is_lower(c); }
WINAPI BOOL IsCharAlphaA(char c) { return IsCharAlphaW(static_cast<unsigned char>(c) < 0x80 ? static_cast<WCHAR>(c) : 0); }
WINAPI BOOL IsCharAlphaNumericA(char c) {
    return IsCharAlphaNumericW(static_cast<unsigned char>(c) < 0x80 ? static_cast<WCHAR>(c) : 0);
}
WINAPI int wsprintfW(WCHAR* out, const WCHAR* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = wide_format(out, format, WinArgs{reinterpret_cast<const uint64_t*>(list)});
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int wvsprintfW(WCHAR* out, const WCHAR* format, const void* list) {
    return wide_format(out, format, WinArgs{static_cast<const uint64_t*>(list)});
}
WINAPI int GetSystemMetrics(int) { return 0; }
WINAPI BOOL MessageBeep(UINT) { return kTrue; }

WIN32_EXPORT_TABLE(user32_characters_exports,
    WIN32_EXPORT(CharUpperW), WIN32_EXPORT(CharLowerW), WIN32_EXPORT(CharUpperBuffW), WIN32_EXPORT(CharLowerBuffW),
    WIN32_EXPORT(CharNextA), WIN32_EXPORT(CharNextExA), WIN32_EXPORT(CharPrevA), WIN32_EXPORT(CharNextW), WIN32_EXPORT(CharPrevW),
    WIN32_EXPORT(IsCharAlphaW), WIN32_EXPORT(IsCharAlphaNumericW), WIN32_EXPORT(IsCharUpperW),
    WIN32_EXPORT(IsCharLowerW), WIN32_EXPORT(IsCharAlphaA), WIN32_EXPORT(IsCharAlphaNumericA), WIN32_EXPORT(wsprintfW),
    WIN32_EXPORT(wvsprintfW), WIN32_EXPORT(GetSystemMetrics), WIN32_EXPORT(MessageBeep));

}  // namespace win32::user32
