// version.dll (and api-ms-win-core-version-l1-1-0): GetFileVersionInfoSize(Ex)A/W,
// GetFileVersionInfo(Ex)A/W, VerQueryValueA/W. The version resource (RT_VERSION, id 1) is read
// from the file's bytes without loading it: the running program's own file is the payload the
// monitor handed over (its host path is not on the VFS), any other path is read through
// kernel32's CreateFile (C:\..., shares). The buffer a program gets is laid out as Windows
// does: the VS_VERSIONINFO block, the signature "FE2X", then room where VerQueryValueA puts
// the narrow (UTF-8, the ANSI code page here) copies of the strings it returns.
#include <libos/boot_info.h>
#include <libos/libc.h>

#include "dlls/kernel32/files.h"
#include "dlls/kernel32/kernel32.h"
#include "dlls/version/version_block.h"
#include "loader/resource_tree.h"
#include "process/process.h"
#include "process/thread.h"
#include "registry/registry.h"
#include "support/text.h"
#include "support/winabi.h"

namespace win32::version {
namespace {

constexpr uint32_t kRtVersion = 16;
constexpr uint32_t kVsVersionInfo = 1;
constexpr char kSignature[4] = {'F', 'E', '2', 'X'};
constexpr DWORD kGenericRead = 0x80000000, kShareRead = 1, kOpenExisting = 3;

// The bytes of the file at `path` (UTF-8), heap-allocated in `owned`, or the payload for the
// program's own path.
const uint8_t* read_file(const char* path, size_t& size, uint8_t*& owned) {
    owned = nullptr;
    const celda_boot_info& info = libos::boot_info();
    if (equal_nocase(path, program_path()) && info.payload) {
        size = info.payload_size;
        return reinterpret_cast<const uint8_t*>(info.payload);
    }
    HANDLE file = kernel32::CreateFileA(path, kGenericRead, kShareRead, nullptr, kOpenExisting, 0, nullptr);
    if (file == kInvalidHandle) return nullptr;  // last error already set (not found, ...)
    int64_t length = 0;
    const uint8_t* result = nullptr;
    if (kernel32::GetFileSizeEx(file, &length) && length > 0 && length < (int64_t{1} << 31)) {
        owned = static_cast<uint8_t*>(malloc(static_cast<size_t>(length)));
        DWORD got = 0;
        if (!owned) {
            last_error() = ERROR_NOT_ENOUGH_MEMORY;
        } else if (kernel32::ReadFile(file, owned, static_cast<DWORD>(length), &got, nullptr) && got == length) {
            size = static_cast<size_t>(length);
            result = owned;
        }
    } else {
        last_error() = ERROR_BAD_EXE_FORMAT;  // empty or huge: not a program
    }
    kernel32::CloseHandle(file);
    if (!result) free(owned), owned = nullptr;
    return result;
}

// The VS_VERSIONINFO bytes of the file at `path` (its root block's wLength), or 0 with the
// last error set. `copy_to` (if not null) receives up to `capacity` of them.
uint32_t version_block(const char* path, uint8_t* copy_to, size_t capacity) {
    size_t size = 0;
    uint8_t* owned = nullptr;
    const uint8_t* file = read_file(path, size, owned);
    if (!file) return 0;
    ResourceTree tree;
    uint32_t error = 0, length = 0;
    const pe::ResourceDataEntry* entry = nullptr;
    if (resource_tree_of_file(file, size, tree, error))
        entry = tree.find({kRtVersion}, {kVsVersionInfo}, 0, error);
    const uint8_t* data = entry ? tree.data(*entry) : nullptr;
    if (entry && !data) error = ERROR_RESOURCE_DATA_NOT_FOUND;
    if (data && entry->Size >= 6) {
        uint16_t root_length;
        memcpy(&root_length, data, 2);
        if (root_length >= 6 && root_length <= entry->Size) length = root_length;
        else error = ERROR_INVALID_DATA;
    } else if (data) {
        error = ERROR_INVALID_DATA;
    }
    if (length && copy_to) memcpy(copy_to, data, length < capacity ? length : capacity);
    free(owned);
    if (!length) last_error() = error;
    return length;
}

// What GetFileVersionInfoSize reports: the block, the signature, and room for the narrow
// copies (UTF-8 takes at most 3 bytes per UTF-16 unit, i.e. 1.5x the block).
DWORD buffer_size(uint32_t block) { return block * 3 + sizeof kSignature; }

BOOL get_info(const char* path, DWORD length, void* data) {
    if (!data || length == 0) {
        last_error() = ERROR_INVALID_PARAMETER;
        return kFalse;
    }
    auto* out = static_cast<uint8_t*>(data);
    uint32_t block = version_block(path, out, length);
    if (!block) return kFalse;
    // The root's wLength tells VerQueryValue how much is there: a short buffer keeps it honest
    // (and leaves room for the signature check to read inside the buffer).
    if (length < block) {
        uint16_t cut = length >= 10 ? static_cast<uint16_t>((length - 4) & ~DWORD{3}) : 0;
        if (length >= 2) memcpy(out, &cut, 2);
    } else if (length >= buffer_size(block)) {
        memcpy(out + block, kSignature, sizeof kSignature);
    }
    return kTrue;
}

uint32_t block_length(const void* block) {
    uint16_t length;
    memcpy(&length, block, 2);
    return length;
}

}  // namespace

WINAPI DWORD GetFileVersionInfoSizeA(const char* name, DWORD* handle) {
    if (handle) *handle = 0;
    if (!name) return last_error() = ERROR_INVALID_PARAMETER, 0;
    uint32_t block = version_block(name, nullptr, 0);
    return block ? buffer_size(block) : 0;
}
WINAPI DWORD GetFileVersionInfoSizeW(const WCHAR* name, DWORD* handle) {
    char* narrow = name ? to_utf8(name) : nullptr;
    DWORD size = GetFileVersionInfoSizeA(narrow, handle);
    free(narrow);
    return size;
}
WINAPI DWORD GetFileVersionInfoSizeExA(DWORD, const char* name, DWORD* handle) {
    return GetFileVersionInfoSizeA(name, handle);
}
WINAPI DWORD GetFileVersionInfoSizeExW(DWORD, const WCHAR* name, DWORD* handle) {
    return GetFileVersionInfoSizeW(name, handle);
}

WINAPI BOOL GetFileVersionInfoA(const char* name, DWORD, DWORD length, void* data) {
    if (!name) return last_error() = ERROR_INVALID_PARAMETER, kFalse;
    return get_info(name, length, data);
}
WINAPI BOOL GetFileVersionInfoW(const WCHAR* name, DWORD handle, DWORD length, void* data) {
    char* narrow = name ? to_utf8(name) : nullptr;
    BOOL ok = GetFileVersionInfoA(narrow, handle, length, data);
    free(narrow);
    return ok;
}
WINAPI BOOL GetFileVersionInfoExA(DWORD, const char* name, DWORD handle, DWORD length, void* data) {
    return GetFileVersionInfoA(name, handle, length, data);
}
WINAPI BOOL GetFileVersionInfoExW(DWORD, const WCHAR* name, DWORD handle, DWORD length, void* data) {
    return GetFileVersionInfoW(name, handle, length, data);
}

WINAPI BOOL VerQueryValueW(const void* block, const WCHAR* sub_block, void** buffer, UINT* length) {
    VersionValue value;
    if (!block || !query_version_value(static_cast<const uint8_t*>(block), block_length(block), sub_block, value)) {
        last_error() = ERROR_RESOURCE_TYPE_NOT_FOUND;
        return kFalse;
    }
    if (buffer) *buffer = const_cast<uint8_t*>(value.data);
    if (length) *length = value.length;
    return kTrue;
}

WINAPI BOOL VerQueryValueA(const void* block, const char* sub_block, void** buffer, UINT* length) {
    if (!block || !sub_block) return last_error() = ERROR_INVALID_PARAMETER, kFalse;
    WCHAR* wide = to_wide(sub_block);
    VersionValue value;
    const auto* bytes = static_cast<const uint8_t*>(block);
    const uint32_t size = block_length(block);
    bool found = wide && query_version_value(bytes, size, wide, value);
    free(wide);
    if (!found) {
        last_error() = ERROR_RESOURCE_TYPE_NOT_FOUND;
        return kFalse;
    }
    if (!value.text) {
        if (buffer) *buffer = const_cast<uint8_t*>(value.data);
        if (length) *length = value.length;
        return kTrue;
    }
    // A string: its narrow copy lives past the signature, at 1.5x its offset in the block, so
    // copies of different strings never overlap and all fit in what GetFileVersionInfoSize asked.
    if (memcmp(bytes + size, kSignature, sizeof kSignature) != 0) {
        last_error() = ERROR_INSUFFICIENT_BUFFER;  // the caller's buffer had no room for them
        return kFalse;
    }
    size_t offset = static_cast<size_t>(value.data - bytes);
    auto* narrow = const_cast<char*>(reinterpret_cast<const char*>(bytes + size + sizeof kSignature + offset * 3 / 2));
    uint32_t units = value.length;
    const auto* text = reinterpret_cast<const WCHAR*>(value.data);
    while (units > 0 && text[units - 1] == 0) --units;  // converted without the stored NUL
    size_t n = utf16_to_utf8(text, units, narrow, size_t{value.length} * 3);
    narrow[n] = 0;
    if (buffer) *buffer = narrow;
    if (length) *length = static_cast<UINT>(n + 1);
    return kTrue;
}

WIN32_EXPORT_TABLE(version_exports,
    WIN32_EXPORT(GetFileVersionInfoSizeA),
    WIN32_EXPORT(GetFileVersionInfoSizeW),
    WIN32_EXPORT(GetFileVersionInfoSizeExA),
    WIN32_EXPORT(GetFileVersionInfoSizeExW),
    WIN32_EXPORT(GetFileVersionInfoA),
    WIN32_EXPORT(GetFileVersionInfoW),
    WIN32_EXPORT(GetFileVersionInfoExA),
    WIN32_EXPORT(GetFileVersionInfoExW),
    WIN32_EXPORT(VerQueryValueA),
    WIN32_EXPORT(VerQueryValueW));

}  // namespace win32::version

namespace win32 {
namespace {
const ExportTable* const kTables[] = {&version::version_exports};
}
extern const BuiltinDll kVersion{"version.dll", kTables, 1};
}  // namespace win32
