// Code pages. The ANSI and OEM code pages are 65001 (UTF-8): every "A" function takes UTF-8,
// so text round-trips with the host unchanged. 1252 and 28591 are converted as Latin-1
// (1252's 0x80-0x9f extras are mapped too), 20127 as ASCII.
#include <libos/libc.h>

#include "registry/registry.h"
#include "dlls/kernel32/kernel32.h"
#include "process/thread.h"
#include "support/text.h"

namespace win32::kernel32 {
namespace {

constexpr UINT kUtf8 = 65001;
constexpr char16_t kCp1252High[32] = {
    0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
    0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178};

UINT resolve(UINT code_page) {
    // CP_ACP, CP_OEMCP, CP_MACCP, CP_THREAD_ACP
    return code_page == 0 || code_page == 1 || code_page == 2 || code_page == 3 ? kUtf8 : code_page;
}

bool supported(UINT cp) { return cp == kUtf8 || cp == 1252 || cp == 28591 || cp == 20127 || cp == 437; }

}  // namespace

WINAPI UINT GetACP() { return kUtf8; }
WINAPI UINT GetOEMCP() { return kUtf8; }
WINAPI BOOL IsValidCodePage(UINT cp) { return supported(cp) ? kTrue : kFalse; }
WINAPI BOOL IsDBCSLeadByteEx(UINT, BYTE) { return kFalse; }
WINAPI BOOL IsDBCSLeadByte(BYTE) { return kFalse; }

struct CpInfo {
    UINT max_char_size;
    BYTE default_char[2];
    BYTE lead_byte[12];
};
WINAPI BOOL GetCPInfo(UINT cp, CpInfo* info) {
    cp = resolve(cp);
    if (!supported(cp)) {
        last_error() = ERROR_INVALID_PARAMETER;
        return kFalse;
    }
    memset(info, 0, sizeof *info);
    info->max_char_size = cp == kUtf8 ? 4 : 1;
    info->default_char[0] = '?';
    return kTrue;
}

WINAPI int MultiByteToWideChar(UINT code_page, DWORD, const char* in, int in_length, WCHAR* out, int out_length) {
    UINT cp = resolve(code_page);
    if (!in || out_length < 0 || !supported(cp)) {
        last_error() = ERROR_INVALID_PARAMETER;
        return 0;
    }
    size_t length = in_length < 0 ? strlen(in) + 1 : static_cast<size_t>(in_length);
    size_t needed;
    if (cp == kUtf8) {
        needed = utf8_to_utf16(in, length, nullptr, 0);
        if (out_length && needed <= static_cast<size_t>(out_length)) utf8_to_utf16(in, length, out, needed);
    } else {
        needed = length;
        if (out_length && needed <= static_cast<size_t>(out_length))
            for (size_t i = 0; i < length; ++i) {
                auto byte = static_cast<unsigned char>(in[i]);
                out[i] = cp == 1252 && byte >= 0x80 && byte < 0xa0 ? kCp1252High[byte - 0x80]
                         : cp == 20127 && byte >= 0x80                 ? u'?'
                                                                       : byte;
            }
    }
    if (out_length && needed > static_cast<size_t>(out_length)) {
        last_error() = ERROR_INSUFFICIENT_BUFFER;
        return 0;
    }
    return static_cast<int>(needed);
}

WINAPI int WideCharToMultiByte(UINT code_page, DWORD, const WCHAR* in, int in_length, char* out, int out_length,
                               const char* default_char, BOOL* used_default) {
    UINT cp = resolve(code_page);
    if (!in || out_length < 0 || !supported(cp)) {
        last_error() = ERROR_INVALID_PARAMETER;
        return 0;
    }
    size_t length = in_length < 0 ? wlen(in) + 1 : static_cast<size_t>(in_length);
    if (used_default) *used_default = kFalse;
    size_t needed;
    if (cp == kUtf8) {
        needed = utf16_to_utf8(in, length, nullptr, 0);
        if (out_length && needed <= static_cast<size_t>(out_length)) utf16_to_utf8(in, length, out, needed);
    } else {
        needed = length;
        if (out_length && needed <= static_cast<size_t>(out_length))
            for (size_t i = 0; i < length; ++i) {
                char16_t c = in[i];
                int byte = c < 0x80 || (c < 0x100 && cp != 20127 && !(cp == 1252 && c >= 0x80 && c < 0xa0)) ? c : -1;
                if (byte < 0 && cp == 1252)
                    for (int k = 0; k < 32; ++k)
                        if (kCp1252High[k] == c) byte = 0x80 + k;
                if (byte < 0) {
                    byte = default_char ? static_cast<unsigned char>(*default_char) : '?';
                    if (used_default) *used_default = kTrue;
                }
                out[i] = static_cast<char>(byte);
            }
    }
    if (out_length && needed > static_cast<size_t>(out_length)) {
        last_error() = ERROR_INSUFFICIENT_BUFFER;
        return 0;
    }
    return static_cast<int>(needed);
}

WINAPI int lstrlenA(const char* s) { return s ? static_cast<int>(strlen(s)) : 0; }
WINAPI int lstrlenW(const WCHAR* s) { return s ? static_cast<int>(wlen(s)) : 0; }
WINAPI int lstrcmpA(const char* a, const char* b) { return strcmp(a, b); }
WINAPI int lstrcmpiA(const char* a, const char* b) { return compare_nocase(a, b); }
WINAPI char* lstrcpyA(char* d, const char* s) { return static_cast<char*>(memcpy(d, s, strlen(s) + 1)); }
WINAPI char* lstrcatA(char* d, const char* s) {
    memcpy(d + strlen(d), s, strlen(s) + 1);
    return d;
}

// Locale: "en-US", UTF-8; enough for CRTs that ask.
WINAPI int GetUserDefaultLCID() { return 0x409; }
WINAPI int GetThreadLocale() { return 0x409; }
WINAPI int GetSystemDefaultLCID() { return 0x409; }
WINAPI int GetUserDefaultLocaleName(WCHAR* out, int size) {
    static const WCHAR name[] = u"en-US";
    if (size < 6) return 0;
    memcpy(out, name, sizeof name);
    return 6;
}

// The export table of this file (registry/registry.h).
WIN32_EXPORT_TABLE(kernel32_codepages_exports,
    WIN32_EXPORT(GetACP),
    WIN32_EXPORT(GetOEMCP),
    WIN32_EXPORT(IsValidCodePage),
    WIN32_EXPORT(IsDBCSLeadByteEx),
    WIN32_EXPORT(IsDBCSLeadByte),
    WIN32_EXPORT(GetCPInfo),
    WIN32_EXPORT(MultiByteToWideChar),
    WIN32_EXPORT(WideCharToMultiByte),
    WIN32_EXPORT(lstrlenA),
    WIN32_EXPORT(lstrlenW),
    WIN32_EXPORT(lstrcmpA),
    WIN32_EXPORT(lstrcmpiA),
    WIN32_EXPORT(lstrcpyA),
    WIN32_EXPORT(lstrcatA),
    WIN32_EXPORT(GetUserDefaultLCID),
    WIN32_EXPORT(GetThreadLocale),
    WIN32_EXPORT(GetSystemDefaultLCID),
    WIN32_EXPORT(GetUserDefaultLocaleName));

}  // namespace win32::kernel32
