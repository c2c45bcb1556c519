// File status and directory searches of the CRT: the _stat/_fstat/_wstat family in every
// struct layout msvcrt and ucrt export, and _findfirst/_findnext/_findclose (+ wide). Built on
// kernel32's GetFileAttributesEx, GetFileInformationByHandle and FindFirstFile, reached
// through the export registry so the CRT depends only on the Win32 contract.
#include <libos/libc.h>

#include "dlls/msvcrt/crt.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::crt {

WINAPI intptr_t _get_osfhandle(int fd);

namespace {

constexpr int kEnoent = 2, kEbadf = 9, kEinval = 22;
constexpr DWORD kAttrReadOnly = 1, kAttrDirectory = 0x10;
constexpr unsigned kIfDir = 0x4000, kIfReg = 0x8000, kIfChr = 0x2000, kIfIfo = 0x1000;

struct FileTime {
    DWORD low, high;
};
struct AttributeData {
    DWORD attributes;
    FileTime creation, access, write;
    DWORD size_high, size_low;
};
struct HandleInformation {
    DWORD attributes;
    FileTime creation, access, write;
    DWORD volume_serial, size_high, size_low, links, index_high, index_low;
};
template <typename Char>
struct FindData {
    DWORD attributes;
    FileTime creation, access, write;
    DWORD size_high, size_low, reserved0, reserved1;
    Char name[260];
    Char alternate[14];
};

template <typename Function>
Function kernel32_function(const char* name) {
    const Export* e = find_export(*find_dll("kernel32.dll"), name);
    return e ? reinterpret_cast<Function>(e->address) : nullptr;
}

int64_t unix_time(FileTime t) {
    uint64_t ticks = (static_cast<uint64_t>(t.high) << 32) | t.low;
    if (ticks < 116444736000000000ull) return 0;
    return static_cast<int64_t>((ticks - 116444736000000000ull) / 10000000ull);
}

// What every layout holds; converted to the caller's struct at the end.
struct Status {
    uint32_t dev;
    unsigned mode;
    int16_t links;
    int64_t size;
    int64_t atime, mtime, ctime;
};

bool has_executable_extension(const char* path) {
    const char* dot = nullptr;
    for (const char* p = path; *p; ++p)
        if (*p == '.') dot = p;
        else if (*p == '\\' || *p == '/') dot = nullptr;
    return dot && (equal_nocase(dot, ".exe") || equal_nocase(dot, ".com") || equal_nocase(dot, ".bat") ||
                   equal_nocase(dot, ".cmd"));
}

unsigned mode_of(DWORD attributes, const char* path) {
    // The CRT replicates the owner bits into group and other.
    unsigned mode = (attributes & kAttrDirectory) ? kIfDir | 0111 : kIfReg;
    mode |= 0444;
    if (!(attributes & kAttrReadOnly)) mode |= 0222;
    if (path && has_executable_extension(path)) mode |= 0111;
    return mode;
}

bool stat_path(const char* path, Status& out) {
    using Fn = BOOL(WINAPI*)(const char*, int, AttributeData*);
    static Fn get_attributes = kernel32_function<Fn>("GetFileAttributesExA");
    size_t length = path ? strlen(path) : 0;
    // A trailing separator is accepted only on directories (and roots), as on Windows.
    bool trailing = length > 1 && (path[length - 1] == '\\' || path[length - 1] == '/') && path[length - 2] != ':';
    char trimmed[1024];
    if (!path || !*path || length >= sizeof trimmed || strchr_ascii(path, '*') || strchr_ascii(path, '?')) {
        *errno_location() = kEnoent;
        return false;
    }
    memcpy(trimmed, path, length + 1);
    if (trailing) trimmed[length - 1] = 0;
    AttributeData data{};
    if (!get_attributes(trimmed, 0, &data) || (trailing && !(data.attributes & kAttrDirectory))) {
        *errno_location() = kEnoent;
        return false;
    }
    out.dev = 2;   // drive C:
    out.mode = mode_of(data.attributes, trimmed);
    out.links = 1;
    out.size = (data.attributes & kAttrDirectory) ? 0 : static_cast<int64_t>((static_cast<uint64_t>(data.size_high) << 32) | data.size_low);
    out.mtime = unix_time(data.write);
    out.atime = data.access.low || data.access.high ? unix_time(data.access) : out.mtime;
    out.ctime = data.creation.low || data.creation.high ? unix_time(data.creation) : out.mtime;
    return true;
}

bool stat_wide(const WCHAR* path, Status& out) {
    char* narrow = path ? to_utf8(path) : nullptr;
    bool ok = narrow && stat_path(narrow, out);
    if (!narrow) *errno_location() = kEnoent;
    ::free(narrow);
    return ok;
}

bool stat_descriptor(int fd, Status& out) {
    using Info = BOOL(WINAPI*)(HANDLE, HandleInformation*);
    using Type = DWORD(WINAPI*)(HANDLE);
    static Info get_information = kernel32_function<Info>("GetFileInformationByHandle");
    static Type get_type = kernel32_function<Type>("GetFileType");
    intptr_t handle = _get_osfhandle(fd);
    if (handle == -1 || handle == 0) {
        *errno_location() = kEbadf;
        return false;
    }
    out = {};
    DWORD type = get_type(reinterpret_cast<HANDLE>(handle));
    if (type == 2 || type == 3) {   // character device (console) or pipe
        out.dev = out.links = 0;
        out.dev = static_cast<uint32_t>(fd);
        out.mode = type == 2 ? kIfChr : kIfIfo;
        if (type == 2) out.links = 1;
        return true;
    }
    HandleInformation info{};
    if (!get_information(reinterpret_cast<HANDLE>(handle), &info)) {
        *errno_location() = kEbadf;
        return false;
    }
    out.dev = 2;
    out.mode = mode_of(info.attributes, nullptr);
    out.links = static_cast<int16_t>(info.links ? info.links : 1);
    out.size = static_cast<int64_t>((static_cast<uint64_t>(info.size_high) << 32) | info.size_low);
    out.mtime = unix_time(info.write);
    out.atime = info.access.low || info.access.high ? unix_time(info.access) : out.mtime;
    out.ctime = info.creation.low || info.creation.high ? unix_time(info.creation) : out.mtime;
    return true;
}

// struct _stat64 / _stati64 on x64: 64-bit size and times.
struct Stat64 {
    uint32_t st_dev;
    uint16_t st_ino, st_mode;
    int16_t st_nlink, st_uid, st_gid;
    uint32_t st_rdev;
    int64_t st_size, st_atime, st_mtime, st_ctime;
};
// struct _stat64i32 (msvcrt's "_stat" on x64): 32-bit size, 64-bit times.
struct Stat64i32 {
    uint32_t st_dev;
    uint16_t st_ino, st_mode;
    int16_t st_nlink, st_uid, st_gid;
    uint32_t st_rdev;
    int32_t st_size;
    int64_t st_atime, st_mtime, st_ctime;
};
// struct _stat32: 32-bit size and times.
struct Stat32 {
    uint32_t st_dev;
    uint16_t st_ino, st_mode;
    int16_t st_nlink, st_uid, st_gid;
    uint32_t st_rdev;
    int32_t st_size, st_atime, st_mtime, st_ctime;
};
// struct _stat32i64: 64-bit size, 32-bit times.
struct Stat32i64 {
    uint32_t st_dev;
    uint16_t st_ino, st_mode;
    int16_t st_nlink, st_uid, st_gid;
    uint32_t st_rdev;
    int64_t st_size;
    int32_t st_atime, st_mtime, st_ctime;
};
static_assert(sizeof(Stat64) == 56 && sizeof(Stat64i32) == 48 && sizeof(Stat32) == 36 && sizeof(Stat32i64) == 48);

template <typename Out>
int fill(bool ok, const Status& s, Out* out) {
    if (!out) {
        *errno_location() = kEinval;
        return -1;
    }
    if (!ok) return -1;
    *out = {};
    out->st_dev = out->st_rdev = s.dev;
    out->st_mode = static_cast<uint16_t>(s.mode);
    out->st_nlink = s.links;
    out->st_size = static_cast<decltype(out->st_size)>(s.size);
    out->st_atime = static_cast<decltype(out->st_atime)>(s.atime);
    out->st_mtime = static_cast<decltype(out->st_mtime)>(s.mtime);
    out->st_ctime = static_cast<decltype(out->st_ctime)>(s.ctime);
    return 0;
}

// _finddata*_t layouts: 32/64-bit times, 32/64-bit sizes, narrow/wide names.
template <typename Time, typename Size, typename Char>
struct FindResult {
    unsigned attrib;
    Time time_create, time_access, time_write;
    Size size;
    Char name[260];
};

template <typename Char>
using FindFirst = HANDLE(WINAPI*)(const Char*, FindData<Char>*);
template <typename Char>
using FindNext = BOOL(WINAPI*)(HANDLE, FindData<Char>*);

template <typename Char>
const char* find_first_name() {
    return sizeof(Char) == 1 ? "FindFirstFileA" : "FindFirstFileW";
}
template <typename Char>
const char* find_next_name() {
    return sizeof(Char) == 1 ? "FindNextFileA" : "FindNextFileW";
}

template <typename Time, typename Size, typename Char>
void copy_found(const FindData<Char>& data, FindResult<Time, Size, Char>* out) {
    out->attrib = data.attributes == 0x80 ? 0 : data.attributes;   // FILE_ATTRIBUTE_NORMAL is _A_NORMAL (0)
    out->time_write = static_cast<Time>(unix_time(data.write));
    out->time_create = data.creation.low || data.creation.high ? static_cast<Time>(unix_time(data.creation)) : out->time_write;
    out->time_access = data.access.low || data.access.high ? static_cast<Time>(unix_time(data.access)) : out->time_write;
    out->size = static_cast<Size>((static_cast<uint64_t>(data.size_high) << 32) | data.size_low);
    size_t i = 0;
    for (; i < 259 && data.name[i]; ++i) out->name[i] = data.name[i];
    out->name[i] = 0;
}

template <typename Time, typename Size, typename Char>
intptr_t find_first(const Char* pattern, FindResult<Time, Size, Char>* out) {
    static auto first = kernel32_function<FindFirst<Char>>(find_first_name<Char>());
    if (!pattern || !out) {
        *errno_location() = kEinval;
        return -1;
    }
    FindData<Char> data{};
    HANDLE handle = first(pattern, &data);
    if (handle == kInvalidHandle) {
        *errno_location() = kEnoent;
        return -1;
    }
    copy_found(data, out);
    return reinterpret_cast<intptr_t>(handle);
}

template <typename Time, typename Size, typename Char>
int find_next(intptr_t handle, FindResult<Time, Size, Char>* out) {
    static auto next = kernel32_function<FindNext<Char>>(find_next_name<Char>());
    if (!out || handle == -1) {
        *errno_location() = kEinval;
        return -1;
    }
    FindData<Char> data{};
    if (!next(reinterpret_cast<HANDLE>(handle), &data)) {
        *errno_location() = kEnoent;
        return -1;
    }
    copy_found(data, out);
    return 0;
}

using Find32 = FindResult<int32_t, uint32_t, char>;
using Find32i64 = FindResult<int32_t, int64_t, char>;
using Find64i32 = FindResult<int64_t, uint32_t, char>;
using Find64 = FindResult<int64_t, int64_t, char>;
using WFind32 = FindResult<int32_t, uint32_t, WCHAR>;
using WFind32i64 = FindResult<int32_t, int64_t, WCHAR>;
using WFind64i32 = FindResult<int64_t, uint32_t, WCHAR>;
using WFind64 = FindResult<int64_t, int64_t, WCHAR>;

}  // namespace

#define CELDA_STAT_FAMILY(suffix, Layout)                                                                 \
    WINAPI int _stat##suffix(const char* path, Layout* out) {                                             \
        Status s{};                                                                                       \
        return fill(stat_path(path, s), s, out);                                                          \
    }                                                                                                     \
    WINAPI int _wstat##suffix(const WCHAR* path, Layout* out) {                                           \
        Status s{};                                                                                       \
        return fill(stat_wide(path, s), s, out);                                                          \
    }                                                                                                     \
    WINAPI int _fstat##suffix(int fd, Layout* out) {                                                      \
        Status s{};                                                                                       \
        return fill(stat_descriptor(fd, s), s, out);                                                      \
    }
CELDA_STAT_FAMILY(64, Stat64)
CELDA_STAT_FAMILY(i64, Stat64)
CELDA_STAT_FAMILY(64i32, Stat64i32)
CELDA_STAT_FAMILY(32, Stat32)
CELDA_STAT_FAMILY(32i64, Stat32i64)
#undef CELDA_STAT_FAMILY

#define CELDA_FIND_FAMILY(suffix, Narrow, Wide)                                                           \
    WINAPI intptr_t _findfirst##suffix(const char* pattern, Narrow* out) { return find_first(pattern, out); } \
    WINAPI int _findnext##suffix(intptr_t handle, Narrow* out) { return find_next(handle, out); }        \
    WINAPI intptr_t _wfindfirst##suffix(const WCHAR* pattern, Wide* out) { return find_first(pattern, out); } \
    WINAPI int _wfindnext##suffix(intptr_t handle, Wide* out) { return find_next(handle, out); }
CELDA_FIND_FAMILY(32, Find32, WFind32)
CELDA_FIND_FAMILY(32i64, Find32i64, WFind32i64)
CELDA_FIND_FAMILY(64i32, Find64i32, WFind64i32)
CELDA_FIND_FAMILY(64, Find64, WFind64)
#undef CELDA_FIND_FAMILY

WINAPI int _findclose(intptr_t handle) {
    using Fn = BOOL(WINAPI*)(HANDLE);
    static Fn close = kernel32_function<Fn>("FindClose");
    if (handle == -1 || !close(reinterpret_cast<HANDLE>(handle))) {
        *errno_location() = kEinval;
        return -1;
    }
    return 0;
}

// msvcrt.dll on x64: "_stat" is _stat64i32, "_stati64" _stat64, "_findfirst" _findfirst64i32,
// "_findfirsti64" _findfirst64. ucrt exports only the suffixed names, which are the same.
WIN32_EXPORT_TABLE(msvcrt_stat_exports,
    WIN32_EXPORT(_stat64), WIN32_EXPORT(_wstat64), WIN32_EXPORT(_fstat64), WIN32_EXPORT(_stati64),
    WIN32_EXPORT(_wstati64), WIN32_EXPORT(_fstati64), WIN32_EXPORT(_stat64i32), WIN32_EXPORT(_wstat64i32),
    WIN32_EXPORT(_fstat64i32), WIN32_EXPORT(_stat32), WIN32_EXPORT(_wstat32), WIN32_EXPORT(_fstat32),
    WIN32_EXPORT(_stat32i64), WIN32_EXPORT(_wstat32i64), WIN32_EXPORT(_fstat32i64),
    WIN32_EXPORT_AS("_stat", _stat64i32), WIN32_EXPORT_AS("_wstat", _wstat64i32), WIN32_EXPORT_AS("_fstat", _fstat64i32),
    WIN32_EXPORT_AS("stat", _stat64i32), WIN32_EXPORT_AS("fstat", _fstat64i32),
    WIN32_EXPORT(_findfirst32), WIN32_EXPORT(_findnext32), WIN32_EXPORT(_wfindfirst32), WIN32_EXPORT(_wfindnext32),
    WIN32_EXPORT(_findfirst32i64), WIN32_EXPORT(_findnext32i64), WIN32_EXPORT(_wfindfirst32i64),
    WIN32_EXPORT(_wfindnext32i64), WIN32_EXPORT(_findfirst64i32), WIN32_EXPORT(_findnext64i32),
    WIN32_EXPORT(_wfindfirst64i32), WIN32_EXPORT(_wfindnext64i32), WIN32_EXPORT(_findfirst64),
    WIN32_EXPORT(_findnext64), WIN32_EXPORT(_wfindfirst64), WIN32_EXPORT(_wfindnext64),
    WIN32_EXPORT_AS("_findfirst", _findfirst64i32), WIN32_EXPORT_AS("_findnext", _findnext64i32),
    WIN32_EXPORT_AS("_wfindfirst", _wfindfirst64i32), WIN32_EXPORT_AS("_wfindnext", _wfindnext64i32),
    WIN32_EXPORT_AS("_findfirsti64", _findfirst64), WIN32_EXPORT_AS("_findnexti64", _findnext64),
    WIN32_EXPORT_AS("_wfindfirsti64", _wfindfirst64), WIN32_EXPORT_AS("_wfindnexti64", _wfindnext64),
    WIN32_EXPORT(_findclose));

}  // namespace win32::crt
