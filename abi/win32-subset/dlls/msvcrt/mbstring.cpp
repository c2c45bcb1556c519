// <mbstring.h>: the _mbs* functions of programs built for MBCS. They follow the multibyte code
// page (_getmbcp), which here is 65001; Microsoft's MBCS tables have no lead bytes for UTF-8,
// so these functions work byte by byte there (as for any single-byte code page), with ASCII
// case mapping: _mbslen counts bytes, _mbsinc steps one byte, _ismbblead is always false.
#include <libos/libc.h>

#include "dlls/msvcrt/crt.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::crt {

// strings.cpp / wide_strings.cpp / locale.cpp, by their export names.
WINAPI int strcmp_(const char* a, const char* b);
WINAPI int strncmp_(const char* a, const char* b, size_t n);
WINAPI int _stricmp(const char* a, const char* b);
WINAPI int _strnicmp(const char* a, const char* b, size_t n);
WINAPI size_t strlen_(const char* s);
WINAPI const char* strchr(const char* s, int c);
WINAPI const char* strrchr(const char* s, int c);
WINAPI const char* strstr(const char* haystack, const char* needle);
WINAPI char* strtok(char* s, const char* delimiters);
WINAPI char* strtok_s(char* s, const char* delimiters, char** context);
WINAPI size_t strspn(const char* s, const char* accept);
WINAPI size_t strcspn(const char* s, const char* reject);
WINAPI const char* strpbrk(const char* s, const char* accept);
WINAPI char* _strdup(const char* s);
WINAPI char* strcpy(char* d, const char* s);
WINAPI char* strcat(char* d, const char* s);
WINAPI char* strncpy(char* d, const char* s, size_t n);
WINAPI char* strncat(char* d, const char* s, size_t n);
WINAPI char* _strupr(char* s);
WINAPI char* _strlwr(char* s);
WINAPI char* _strrev(char* s);
WINAPI char* _strset(char* s, int c);
WINAPI char* _strnset(char* s, int c, size_t n);
WINAPI int strcoll(const char* a, const char* b);
WINAPI int _stricoll(const char* a, const char* b);

WINAPI const unsigned char* _mbsinc(const unsigned char* p) { return p + 1; }
WINAPI const unsigned char* _mbsdec(const unsigned char* start, const unsigned char* p) {
    return !start || !p || p <= start ? nullptr : p - 1;
}
WINAPI const unsigned char* _mbsninc(const unsigned char* p, size_t n) {
    if (!p) return nullptr;
    size_t length = ::strlen(reinterpret_cast<const char*>(p));
    return p + (n < length ? n : length);
}
WINAPI unsigned _mbsnextc(const unsigned char* p) { return *p; }
WINAPI int _ismbblead(unsigned) { return 0; }
WINAPI int _ismbbtrail(unsigned) { return 0; }
WINAPI int _ismbslead(const unsigned char*, const unsigned char*) { return 0; }
WINAPI int _ismbstrail(const unsigned char*, const unsigned char*) { return 0; }
WINAPI size_t _mbclen(const unsigned char*) { return 1; }
WINAPI void _mbccpy(unsigned char* d, const unsigned char* s) { *d = *s; }
WINAPI size_t _mbsnccnt(const unsigned char* s, size_t n) {
    size_t i = 0;
    while (i < n && s[i]) ++i;
    return i;
}
WINAPI unsigned _mbctolower(unsigned c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
WINAPI unsigned _mbctoupper(unsigned c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }
WINAPI int _mbsncmp(const char* a, const char* b, size_t n) { return strncmp_(a, b, n); }

WIN32_EXPORT_TABLE(msvcrt_mbstring_exports,
    WIN32_EXPORT_AS("_mbscmp", strcmp_), WIN32_EXPORT_AS("_mbsicmp", _stricmp), WIN32_EXPORT_AS("_mbsncmp", _mbsncmp),
    WIN32_EXPORT_AS("_mbsnbcmp", strncmp_), WIN32_EXPORT_AS("_mbsnicmp", _strnicmp),
    WIN32_EXPORT_AS("_mbsnbicmp", _strnicmp), WIN32_EXPORT_AS("_mbscoll", strcoll), WIN32_EXPORT_AS("_mbsicoll", _stricoll),
    WIN32_EXPORT_AS("_mbslen", strlen_), WIN32_EXPORT_AS("_mbstrlen_sbcs", strlen_), WIN32_EXPORT_AS("_mbschr", strchr),
    WIN32_EXPORT_AS("_mbsrchr", strrchr), WIN32_EXPORT_AS("_mbsstr", strstr), WIN32_EXPORT_AS("_mbstok", strtok),
    WIN32_EXPORT_AS("_mbstok_s", strtok_s), WIN32_EXPORT_AS("_mbsspn", strspn), WIN32_EXPORT_AS("_mbscspn", strcspn),
    WIN32_EXPORT_AS("_mbspbrk", strpbrk), WIN32_EXPORT_AS("_mbsdup", _strdup), WIN32_EXPORT_AS("_mbscpy", strcpy),
    WIN32_EXPORT_AS("_mbscat", strcat), WIN32_EXPORT_AS("_mbsncpy", strncpy), WIN32_EXPORT_AS("_mbsnbcpy", strncpy),
    WIN32_EXPORT_AS("_mbsncat", strncat), WIN32_EXPORT_AS("_mbsnbcat", strncat), WIN32_EXPORT_AS("_mbsupr", _strupr),
    WIN32_EXPORT_AS("_mbslwr", _strlwr), WIN32_EXPORT_AS("_mbsrev", _strrev), WIN32_EXPORT_AS("_mbsset", _strset),
    WIN32_EXPORT_AS("_mbsnset", _strnset), WIN32_EXPORT(_mbsinc), WIN32_EXPORT(_mbsdec), WIN32_EXPORT(_mbsninc),
    WIN32_EXPORT(_mbsnextc), WIN32_EXPORT(_ismbblead), WIN32_EXPORT(_ismbbtrail), WIN32_EXPORT(_ismbslead),
    WIN32_EXPORT(_ismbstrail), WIN32_EXPORT(_mbclen), WIN32_EXPORT(_mbccpy), WIN32_EXPORT(_mbsnccnt),
    WIN32_EXPORT_AS("_mbsnbcnt", _mbsnccnt), WIN32_EXPORT(_mbctolower), WIN32_EXPORT(_mbctoupper));

}  // namespace win32::crt
