// secur32.dll (also sspicli.dll), minimal: GetUserNameEx for the one local account.
//
// The guest is a stand-alone machine (GetComputerName: "CELDA") that belongs to no domain; its
// user is advapi32's GetUserName ("celda"). Microsoft documents that for an account that is not
// in a domain only NameSamCompatible is supported ("CELDA\celda"); the directory-based formats
// (fully qualified DN, UPN, canonical, GUID, DNS domain, ...) fail with ERROR_NONE_MAPPED as on
// such a machine, and NameUnknown or an unknown format with ERROR_INVALID_PARAMETER. NameDisplay
// would be the account's full name, which celda's user does not have: ERROR_NONE_MAPPED too.
#include <libos/libc.h>

#include "process/thread.h"
#include "registry/registry.h"
#include "support/winabi.h"

namespace win32::secur32 {
namespace {

constexpr int kNameSamCompatible = 2;
constexpr int kNameLast = 12;    // NameUserPrincipal 8, NameCanonicalEx 9, NameServicePrincipal 10, NameDnsDomain 12

BOOL fail(DWORD error) {
    last_error() = error;
    return kFalse;
}

// The name in `format`, or 0 with the last error set. `length` excludes the NUL.
const char* name_in(int format) {
    if (format == kNameSamCompatible) return "CELDA\\celda";
    if (format <= 0 || format > kNameLast || format == 11) {   // NameUnknown; 11 is not a format
        last_error() = ERROR_INVALID_PARAMETER;
        return nullptr;
    }
    last_error() = ERROR_NONE_MAPPED;
    return nullptr;
}

}  // namespace

namespace {

// Both spellings: on success *size is the length without the NUL; when the buffer is too small
// (or NULL) it is the length with the NUL and the error ERROR_MORE_DATA. The names are ASCII.
template <class Char>
BOOL user_name_ex(int format, Char* buffer, ULONG* size) {
    if (!size) return fail(ERROR_INVALID_PARAMETER);
    const char* name = name_in(format);
    if (!name) return kFalse;
    ULONG n = static_cast<ULONG>(strlen(name));
    if (!buffer || *size < n + 1) {
        *size = n + 1;
        return fail(ERROR_MORE_DATA);
    }
    for (ULONG i = 0; i <= n; ++i) buffer[i] = static_cast<Char>(name[i]);
    *size = n;
    return kTrue;
}

}  // namespace

WINAPI BOOL GetUserNameExA(int format, char* buffer, ULONG* size) { return user_name_ex(format, buffer, size); }
WINAPI BOOL GetUserNameExW(int format, WCHAR* buffer, ULONG* size) { return user_name_ex(format, buffer, size); }

WIN32_EXPORT_TABLE(secur32_exports, WIN32_EXPORT(GetUserNameExA), WIN32_EXPORT(GetUserNameExW));

}  // namespace win32::secur32

namespace win32 {
namespace {
const ExportTable* const kTables[] = {&secur32::secur32_exports};
}
extern const BuiltinDll kSecur32{"secur32.dll", kTables, 1};
}  // namespace win32
