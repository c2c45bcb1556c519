// shell32.dll, minimal: what console programs (Wine's cmd.exe) call before starting another
// program. The guest has no file associations (no registry of file types) and runs one
// program, so:
//
// - FindExecutableW: a program file (.exe, .com, .bat, .cmd) is its own executable; any other
//   existing file has no association (SE_ERR_NOASSOC); a missing one SE_ERR_FNF/SE_ERR_PNF,
//   as Windows returns them (a value <= 32 is an error).
// - SHGetFileInfoW with SHGFI_EXETYPE reads the file's headers: a PE console program is
//   MAKELONG('PE', 0), a PE GUI program MAKELONG('PE', subsystem version), an MS-DOS .exe/.com
//   or a .bat/.cmd MAKELONG('MZ', 0), anything else 0. Other SHGFI_ requests (icons, display
//   names, type names, attributes) have nothing to answer from here and return 0, Windows'
//   failure value.
//
// - SHFileOperationW deletes (FO_DELETE; see there).
//
// Other shell32 imports bind to the unimplemented stub (the program ends, naming the function,
// when it calls one).
#include <libos/libc.h>

#include "dlls/kernel32/kernel32.h"
#include "process/thread.h"
#include "registry/registry.h"
#include "support/text.h"
#include "support/winabi.h"

namespace win32::kernel32 {
WINAPI HANDLE CreateFileW(const WCHAR* name, DWORD access, DWORD share, void* security, DWORD disposition, DWORD flags,
                          HANDLE templ);
WINAPI DWORD GetFileAttributesW(const WCHAR* name);
WINAPI DWORD GetFullPathNameW(const WCHAR* name, DWORD capacity, WCHAR* buffer, WCHAR** file_part);
WINAPI DWORD SetFilePointer(HANDLE file, LONG distance, LONG* high, DWORD method);
WINAPI BOOL FindClose(HANDLE find);
WINAPI BOOL DeleteFileW(const WCHAR* name);
WINAPI BOOL RemoveDirectoryW(const WCHAR* name);
WINAPI BOOL SetFileAttributesW(const WCHAR* name, DWORD attributes);
}  // namespace win32::kernel32

namespace win32::shell32 {
namespace {

constexpr uintptr_t kSeErrFileNotFound = 2, kSeErrPathNotFound = 3, kSeErrNoAssociation = 31;
constexpr size_t kMaxPath = 260;
constexpr DWORD kInvalidAttributes = 0xffffffff, kDirectoryAttribute = 0x10;
constexpr UINT kShgfiExeType = 0x2000;

size_t wide_length(const WCHAR* s) {
    size_t n = 0;
    while (s[n]) ++n;
    return n;
}

WCHAR lower(WCHAR c) { return c >= 'A' && c <= 'Z' ? static_cast<WCHAR>(c + 32) : c; }

// The extension of `path` (".exe"), lower-cased into `out` (at most 7 characters), or "".
void extension_of(const WCHAR* path, char out[8]) {
    const WCHAR* dot = nullptr;
    for (const WCHAR* p = path; *p; ++p) {
        if (*p == '.') dot = p;
        if (*p == '\\' || *p == '/') dot = nullptr;
    }
    size_t n = 0;
    if (dot)
        for (const WCHAR* p = dot; *p && n < 7; ++p) out[n++] = static_cast<char>(lower(*p) < 0x80 ? lower(*p) : '?');
    out[n] = 0;
}

bool is_program_extension(const char* ext) {
    return strcmp(ext, ".exe") == 0 || strcmp(ext, ".com") == 0 || strcmp(ext, ".bat") == 0 ||
           strcmp(ext, ".cmd") == 0;
}

WINAPI BOOL read_exactly(HANDLE file, void* buffer, DWORD bytes);

}  // namespace

WINAPI uintptr_t FindExecutableW(const WCHAR* file, const WCHAR* directory, WCHAR* result) {
    if (result) result[0] = 0;
    if (!file || !*file || !result) return kSeErrFileNotFound;
    // A relative name is looked for in `directory` when one is given, else the current one.
    WCHAR joined[kMaxPath * 2];
    const WCHAR* name = file;
    bool absolute = file[0] == '\\' || file[0] == '/' || (file[0] && file[1] == ':');
    if (directory && *directory && !absolute) {
        size_t d = wide_length(directory), f = wide_length(file);
        if (d + 1 + f + 1 > sizeof joined / sizeof joined[0]) return kSeErrPathNotFound;
        memcpy(joined, directory, d * sizeof(WCHAR));
        size_t at = d;
        if (at && directory[at - 1] != '\\' && directory[at - 1] != '/') joined[at++] = '\\';
        memcpy(joined + at, file, (f + 1) * sizeof(WCHAR));
        name = joined;
    }
    WCHAR full[kMaxPath];
    DWORD n = kernel32::GetFullPathNameW(name, kMaxPath, full, nullptr);
    if (n == 0 || n >= kMaxPath) return kSeErrPathNotFound;
    DWORD attributes = kernel32::GetFileAttributesW(full);
    if (attributes == kInvalidAttributes)
        return last_error() == ERROR_PATH_NOT_FOUND ? kSeErrPathNotFound : kSeErrFileNotFound;
    if (attributes & kDirectoryAttribute) return kSeErrNoAssociation;
    char ext[8];
    extension_of(full, ext);
    if (!is_program_extension(ext)) return kSeErrNoAssociation;
    memcpy(result, full, (wide_length(full) + 1) * sizeof(WCHAR));
    return 33;   // "greater than 32": success
}

WINAPI uintptr_t SHGetFileInfoW(const WCHAR* path, DWORD, void* info, UINT info_size, UINT flags) {
    (void)info;
    (void)info_size;
    if (!path || flags != kShgfiExeType) return 0;
    char ext[8];
    extension_of(path, ext);
    if (strcmp(ext, ".bat") == 0 || strcmp(ext, ".cmd") == 0) return 0x5a4d;   // 'MZ'
    if (strcmp(ext, ".exe") != 0 && strcmp(ext, ".com") != 0) return 0;
    HANDLE file = kernel32::CreateFileW(path, 0x80000000u /* GENERIC_READ */, 1 /* FILE_SHARE_READ */, nullptr,
                                        3 /* OPEN_EXISTING */, 0, nullptr);
    if (file == reinterpret_cast<HANDLE>(-1)) return 0;
    uintptr_t type = 0;
    uint8_t dos[64];
    if (read_exactly(file, dos, sizeof dos) && dos[0] == 'M' && dos[1] == 'Z') {
        type = 0x5a4d;   // an MS-DOS program unless a PE header follows
        uint32_t pe_offset = dos[60] | dos[61] << 8 | dos[62] << 16 | static_cast<uint32_t>(dos[63]) << 24;
        // Signature, COFF header (20 bytes), then the optional header up to the subsystem.
        uint8_t header[4 + 20 + 72];
        if (pe_offset < 0x10000000 &&
            kernel32::SetFilePointer(file, static_cast<LONG>(pe_offset), nullptr, 0) == pe_offset &&
            read_exactly(file, header, sizeof header) && header[0] == 'P' && header[1] == 'E' && !header[2] &&
            !header[3]) {
            const uint8_t* optional = header + 24;
            uint16_t subsystem_major = optional[48] | optional[49] << 8;
            uint16_t subsystem_minor = optional[50] | optional[51] << 8;
            uint16_t subsystem = optional[68] | optional[69] << 8;
            type = 0x4550;   // 'PE'
            if (subsystem == 2)   // IMAGE_SUBSYSTEM_WINDOWS_GUI: the version it expects
                type |= static_cast<uintptr_t>((subsystem_major & 0xff) << 8 | (subsystem_minor & 0xff)) << 16;
        }
    }
    kernel32::CloseHandle(file);
    return type;
}

namespace {
WINAPI BOOL read_exactly(HANDLE file, void* buffer, DWORD bytes) {
    DWORD got = 0;
    return kernel32::ReadFile(file, buffer, bytes, &got, nullptr) && got == bytes;
}
}  // namespace

// ---- SHFileOperationW: FO_DELETE ----------------------------------------------------------
// Deletes each name of the double-NUL-terminated pFrom list: a file, a folder with everything
// in it, or the matches of a wildcard in the last component (folders too, unless
// FOF_FILESONLY). Read-only files are deleted as Explorer deletes them (the attribute cleared
// first). There is no recycle bin: FOF_ALLOWUNDO deletes for good, as Windows does on a volume
// without one. The user-interface flags have nothing to show. Returns 0, or the Win32 error of
// the first operation that failed (ERROR_FILE_NOT_FOUND for a name that matches nothing), with
// fAnyOperationsAborted FALSE. FO_MOVE, FO_COPY and FO_RENAME are not implemented: they fail
// with ERROR_CALL_NOT_IMPLEMENTED and touch nothing.
namespace {

struct FileOperation {   // SHFILEOPSTRUCTW (x64)
    void* window;
    UINT function;
    const WCHAR* from;
    const WCHAR* to;
    WORD flags;
    BOOL any_aborted;
    void* name_mappings;
    const WCHAR* progress_title;
};
constexpr UINT kFoDelete = 3;
constexpr WORD kFofFilesOnly = 0x80;
constexpr size_t kFindDataBytes = 592;             // WIN32_FIND_DATAW
constexpr size_t kFindNameOffset = 44;             // its cFileName
constexpr size_t kLongPath = 1024;

DWORD delete_path(WCHAR* path, size_t length, DWORD attributes, int depth);

// kernel32's FindFirstFileW/FindNextFileW take its WIN32_FIND_DATAW type: reached through the
// export table with the layout as bytes.
using FindFirst = HANDLE(WINAPI*)(const WCHAR*, void*);
using FindNext = BOOL(WINAPI*)(HANDLE, void*);
HANDLE find_first(const WCHAR* pattern, void* data) {
    return reinterpret_cast<FindFirst>(find_export(kKernel32, "FindFirstFileW")->address)(pattern, data);
}
BOOL find_next(HANDLE find, void* data) {
    return reinterpret_cast<FindNext>(find_export(kKernel32, "FindNextFileW")->address)(find, data);
}

// Deletes what FindFirstFile(pattern) finds; `path` holds the folder part (with its trailing
// separator, `length` characters) and has room up to kLongPath.
DWORD delete_matches(WCHAR* path, size_t length, const WCHAR* leaf, bool files_only, bool want_match, int depth) {
    size_t leaf_length = wide_length(leaf);
    if (length + leaf_length + 1 > kLongPath) return ERROR_FILENAME_EXCED_RANGE;
    memcpy(path + length, leaf, (leaf_length + 1) * sizeof(WCHAR));
    alignas(8) uint8_t data[kFindDataBytes];
    HANDLE find = find_first(path, data);
    if (find == reinterpret_cast<HANDLE>(-1)) {
        DWORD error = last_error();
        return want_match ? (error == ERROR_NO_MORE_FILES ? ERROR_FILE_NOT_FOUND : error) : 0;
    }
    DWORD result = 0;
    do {
        const auto* name = reinterpret_cast<const WCHAR*>(data + kFindNameOffset);
        DWORD attributes;
        memcpy(&attributes, data, sizeof attributes);
        if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2]))) continue;
        if (files_only && (attributes & kDirectoryAttribute)) continue;
        size_t n = wide_length(name);
        if (length + n + 1 > kLongPath) {
            result = ERROR_FILENAME_EXCED_RANGE;
            break;
        }
        memcpy(path + length, name, (n + 1) * sizeof(WCHAR));
        result = delete_path(path, length + n, attributes, depth + 1);
    } while (result == 0 && find_next(find, data));
    kernel32::FindClose(find);
    path[length] = 0;
    return result;
}

DWORD delete_path(WCHAR* path, size_t length, DWORD attributes, int depth) {
    if (depth > 64) return ERROR_FILENAME_EXCED_RANGE;
    if (attributes & kDirectoryAttribute) {
        if (length + 2 > kLongPath) return ERROR_FILENAME_EXCED_RANGE;
        path[length] = '\\';
        static const WCHAR kAll[] = {'*', 0};
        DWORD error = delete_matches(path, length + 1, kAll, false, false, depth);
        path[length] = 0;
        if (error) return error;
        return kernel32::RemoveDirectoryW(path) ? 0 : last_error();
    }
    if (attributes & 1) kernel32::SetFileAttributesW(path, 0x80);   // READONLY -> NORMAL
    return kernel32::DeleteFileW(path) ? 0 : last_error();
}

}  // namespace

WINAPI int SHFileOperationW(FileOperation* operation) {
    if (!operation || !operation->from) return ERROR_INVALID_PARAMETER;
    operation->any_aborted = kFalse;
    if (operation->function != kFoDelete) return ERROR_CALL_NOT_IMPLEMENTED;
    const bool files_only = operation->flags & kFofFilesOnly;
    WCHAR* path = static_cast<WCHAR*>(malloc(kLongPath * sizeof(WCHAR)));
    if (!path) return ERROR_NOT_ENOUGH_MEMORY;
    DWORD result = 0;
    for (const WCHAR* name = operation->from; *name && result == 0; name += wide_length(name) + 1) {
        WCHAR* leaf = nullptr;
        DWORD n = kernel32::GetFullPathNameW(name, kLongPath, path, &leaf);
        if (n == 0 || n >= kLongPath) {
            result = n ? ERROR_FILENAME_EXCED_RANGE : last_error();
            break;
        }
        bool wildcard = false;
        for (const WCHAR* p = leaf ? leaf : path; *p; ++p) wildcard |= *p == '*' || *p == '?';
        if (wildcard && leaf) {
            WCHAR pattern[kMaxPath];
            size_t leaf_length = wide_length(leaf);
            if (leaf_length >= kMaxPath) {
                result = ERROR_FILENAME_EXCED_RANGE;
                break;
            }
            memcpy(pattern, leaf, (leaf_length + 1) * sizeof(WCHAR));
            result = delete_matches(path, static_cast<size_t>(leaf - path), pattern, files_only, true, 0);
            continue;
        }
        DWORD attributes = kernel32::GetFileAttributesW(path);
        if (attributes == kInvalidAttributes) {
            result = last_error() == ERROR_PATH_NOT_FOUND ? ERROR_PATH_NOT_FOUND : ERROR_FILE_NOT_FOUND;
            break;
        }
        result = delete_path(path, n, attributes, 0);
    }
    free(path);
    return static_cast<int>(result);
}

WIN32_EXPORT_TABLE(shell32_exports, WIN32_EXPORT(FindExecutableW), WIN32_EXPORT(SHGetFileInfoW),
                   WIN32_EXPORT(SHFileOperationW));

}  // namespace win32::shell32

namespace win32 {
namespace {
const ExportTable* const kTables[] = {&shell32::shell32_exports};
}
extern const BuiltinDll kShell32{"shell32.dll", kTables, 1};
}  // namespace win32
