// advapi32.dll, minimal: a user name, and a registry that has no keys (every open fails with
// ERROR_FILE_NOT_FOUND, which programs treat as "not configured").
#include <libos/libc.h>

#include "process/thread.h"
#include "registry/registry.h"
#include "support/winabi.h"

namespace win32::advapi32 {

WINAPI BOOL GetUserNameA(char* buffer, DWORD* size) {
    static const char name[] = "celda";
    if (!size) {
        last_error() = ERROR_INVALID_PARAMETER;
        return kFalse;
    }
    if (!buffer || *size < sizeof name) {
        *size = sizeof name;
        last_error() = ERROR_INSUFFICIENT_BUFFER;
        return kFalse;
    }
    memcpy(buffer, name, sizeof name);
    *size = sizeof name;
    return kTrue;
}
WINAPI BOOL GetUserNameW(WCHAR* buffer, DWORD* size) {
    static const WCHAR name[] = u"celda";
    if (!size) {
        last_error() = ERROR_INVALID_PARAMETER;
        return kFalse;
    }
    if (!buffer || *size < 6) {
        *size = 6;
        last_error() = ERROR_INSUFFICIENT_BUFFER;
        return kFalse;
    }
    memcpy(buffer, name, sizeof name);
    *size = 6;
    return kTrue;
}
WINAPI LONG RegOpenKeyExA(HANDLE, const char*, DWORD, DWORD, HANDLE*) { return ERROR_FILE_NOT_FOUND; }
WINAPI LONG RegOpenKeyExW(HANDLE, const WCHAR*, DWORD, DWORD, HANDLE*) { return ERROR_FILE_NOT_FOUND; }
WINAPI LONG RegQueryValueExA(HANDLE, const char*, DWORD*, DWORD*, BYTE*, DWORD*) { return ERROR_FILE_NOT_FOUND; }
WINAPI LONG RegQueryValueExW(HANDLE, const WCHAR*, DWORD*, DWORD*, BYTE*, DWORD*) { return ERROR_FILE_NOT_FOUND; }
WINAPI LONG RegCloseKey(HANDLE) { return ERROR_SUCCESS; }
// SystemFunction036: the CRT's rand_s. Not cryptographic: a xorshift seeded from the clock.
WINAPI BOOL SystemFunction036(void* buffer, ULONG length) {
    static uint64_t state = 0x9e3779b97f4a7c15ull;
    auto* out = static_cast<uint8_t*>(buffer);
    for (ULONG i = 0; i < length; ++i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out[i] = static_cast<uint8_t>(state);
    }
    return kTrue;
}

WIN32_EXPORT_TABLE(advapi32_exports, WIN32_EXPORT(GetUserNameA), WIN32_EXPORT(GetUserNameW),
                   WIN32_EXPORT(RegOpenKeyExA), WIN32_EXPORT(RegOpenKeyExW), WIN32_EXPORT(RegQueryValueExA),
                   WIN32_EXPORT(RegQueryValueExW), WIN32_EXPORT(RegCloseKey), WIN32_EXPORT(SystemFunction036));

}  // namespace win32::advapi32

namespace win32 {
namespace advapi32 {
extern const ExportTable advapi32_crypt_exports;   // crypt.cpp
}
namespace {
const ExportTable* const kTables[] = {&advapi32::advapi32_exports, &advapi32::advapi32_crypt_exports};
}
extern const BuiltinDll kAdvapi32{"advapi32.dll", kTables, sizeof kTables / sizeof kTables[0]};
}  // namespace win32
