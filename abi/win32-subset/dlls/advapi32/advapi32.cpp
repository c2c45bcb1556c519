// advapi32.dll, minimal: a user name, and a registry that has no keys below its roots (every
// open of a subkey fails with ERROR_FILE_NOT_FOUND, which programs treat as "not configured").
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
WINAPI LONG RegQueryValueExA(HANDLE, const char*, DWORD*, DWORD*, BYTE*, DWORD*) { return ERROR_FILE_NOT_FOUND; }
WINAPI LONG RegQueryValueExW(HANDLE, const WCHAR*, DWORD*, DWORD*, BYTE*, DWORD*) { return ERROR_FILE_NOT_FOUND; }
WINAPI LONG RegCloseKey(HANDLE) { return ERROR_SUCCESS; }

// Writing and walking that empty registry. Only the predefined roots are keys a program can
// hold, since every open of a subkey fails: they have no subkeys to enumerate or delete, and
// creating keys or values in them is refused as for a caller without write access (a registry
// that is not stored anywhere cannot take writes). Any other handle is not a key.
namespace {
// The predefined keys (HKEY_CLASSES_ROOT 0x80000000 ... HKEY_CURRENT_USER_LOCAL_SETTINGS
// 0x80000007, HKEY_PERFORMANCE_TEXT 0x80000050, HKEY_PERFORMANCE_NLSTEXT 0x80000060) are
// (HKEY)(LONG)value: sign-extended on x64.
bool is_root(HANDLE key) {
    auto value = reinterpret_cast<uintptr_t>(key);
    if (value >> 32 == 0xffffffffu) value &= 0xffffffffu;
    return (value >= 0x80000000u && value <= 0x80000007u) || value == 0x80000050u || value == 0x80000060u;
}
}  // namespace
// Opening a root itself (no subkey, or "") gives that root, as Windows does; every subkey is
// absent.
WINAPI LONG RegOpenKeyExA(HANDLE key, const char* subkey, DWORD, DWORD, HANDLE* result) {
    if (result) *result = nullptr;
    if (!result) return ERROR_INVALID_PARAMETER;
    if (!is_root(key)) return ERROR_INVALID_HANDLE;
    if (subkey && *subkey) return ERROR_FILE_NOT_FOUND;
    *result = key;
    return ERROR_SUCCESS;
}
WINAPI LONG RegOpenKeyExW(HANDLE key, const WCHAR* subkey, DWORD, DWORD, HANDLE* result) {
    if (result) *result = nullptr;
    if (!result) return ERROR_INVALID_PARAMETER;
    if (!is_root(key)) return ERROR_INVALID_HANDLE;
    if (subkey && *subkey) return ERROR_FILE_NOT_FOUND;
    *result = key;
    return ERROR_SUCCESS;
}
WINAPI LONG RegCreateKeyExA(HANDLE key, const char*, DWORD, char*, DWORD, DWORD, void*, HANDLE* result, DWORD*) {
    if (result) *result = nullptr;
    return is_root(key) ? ERROR_ACCESS_DENIED : ERROR_INVALID_HANDLE;
}
WINAPI LONG RegCreateKeyExW(HANDLE key, const WCHAR*, DWORD, WCHAR*, DWORD, DWORD, void*, HANDLE* result, DWORD*) {
    if (result) *result = nullptr;
    return is_root(key) ? ERROR_ACCESS_DENIED : ERROR_INVALID_HANDLE;
}
WINAPI LONG RegSetValueExA(HANDLE key, const char*, DWORD, DWORD, const BYTE*, DWORD) {
    return is_root(key) ? ERROR_ACCESS_DENIED : ERROR_INVALID_HANDLE;
}
WINAPI LONG RegSetValueExW(HANDLE key, const WCHAR*, DWORD, DWORD, const BYTE*, DWORD) {
    return is_root(key) ? ERROR_ACCESS_DENIED : ERROR_INVALID_HANDLE;
}
WINAPI LONG RegDeleteKeyA(HANDLE key, const char* subkey) {
    if (!is_root(key)) return ERROR_INVALID_HANDLE;
    return subkey ? ERROR_FILE_NOT_FOUND : ERROR_INVALID_PARAMETER;
}
WINAPI LONG RegDeleteKeyW(HANDLE key, const WCHAR* subkey) {
    if (!is_root(key)) return ERROR_INVALID_HANDLE;
    return subkey ? ERROR_FILE_NOT_FOUND : ERROR_INVALID_PARAMETER;
}
WINAPI LONG RegEnumKeyExA(HANDLE key, DWORD, char*, DWORD*, DWORD*, char*, DWORD*, void*) {
    return is_root(key) ? ERROR_NO_MORE_ITEMS : ERROR_INVALID_HANDLE;
}
WINAPI LONG RegEnumKeyExW(HANDLE key, DWORD, WCHAR*, DWORD*, DWORD*, WCHAR*, DWORD*, void*) {
    return is_root(key) ? ERROR_NO_MORE_ITEMS : ERROR_INVALID_HANDLE;
}

// File security: the library OS keeps no owners or ACLs, so there is no security descriptor to
// read (ERROR_NOT_SUPPORTED, as for a file system without security, e.g. FAT); the functions
// that take one are refused for the descriptor nobody could have obtained.
WINAPI BOOL GetFileSecurityW(const WCHAR*, DWORD, void*, DWORD, DWORD* needed) {
    if (needed) *needed = 0;
    last_error() = ERROR_NOT_SUPPORTED;
    return kFalse;
}
WINAPI BOOL GetFileSecurityA(const char*, DWORD, void*, DWORD, DWORD* needed) {
    if (needed) *needed = 0;
    last_error() = ERROR_NOT_SUPPORTED;
    return kFalse;
}
WINAPI BOOL GetSecurityDescriptorOwner(void*, void** owner, BOOL* defaulted) {
    if (owner) *owner = nullptr;
    if (defaulted) *defaulted = kFalse;
    last_error() = ERROR_INVALID_SECURITY_DESCR;
    return kFalse;
}
WINAPI BOOL LookupAccountSidW(const WCHAR*, void*, WCHAR*, DWORD*, WCHAR*, DWORD*, int*) {
    last_error() = ERROR_NONE_MAPPED;
    return kFalse;
}
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
                   WIN32_EXPORT(RegCreateKeyExA), WIN32_EXPORT(RegCreateKeyExW), WIN32_EXPORT(RegSetValueExA),
                   WIN32_EXPORT(RegSetValueExW), WIN32_EXPORT(RegDeleteKeyA), WIN32_EXPORT(RegDeleteKeyW),
                   WIN32_EXPORT(RegEnumKeyExA), WIN32_EXPORT(RegEnumKeyExW), WIN32_EXPORT(GetFileSecurityW),
                   WIN32_EXPORT(GetFileSecurityA), WIN32_EXPORT(GetSecurityDescriptorOwner),
                   WIN32_EXPORT(LookupAccountSidW),
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
