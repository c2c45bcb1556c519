// Path-name helpers of the CRT: _fullpath, the wide current directory, _splitpath/_makepath,
// _mktemp/_tempnam/tmpnam. Pure string work on Windows path syntax, plus kernel32 for the
// current directory, the temporary directory and whether a name is taken.
#include <libos/format.h>
#include <libos/libc.h>

#include "dlls/kernel32/files.h"
#include "dlls/kernel32/kernel32.h"
#include "dlls/msvcrt/crt.h"
#include "process/process.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::crt {

WINAPI char* _getcwd(char* buffer, int size);   // files.cpp

namespace {
constexpr int kEinval = 22, kErange = 34, kEexist = 17;
constexpr size_t kMaxPath = 260;

// Wide wrapper: calls `narrow` on UTF-8 and converts its result into `out` (or a malloc'd buffer).
WCHAR* widen_into(const char* text, WCHAR* out, size_t capacity) {
    if (!text) return nullptr;
    WCHAR* wide = to_wide(text);
    if (!wide) return nullptr;
    size_t n = wlen(wide);
    if (!out) return wide;
    if (n + 1 > capacity) {
        ::free(wide);
        *errno_location() = kErange;
        return nullptr;
    }
    ::memcpy(out, wide, (n + 1) * sizeof(WCHAR));
    ::free(wide);
    return out;
}
}  // namespace

// _fullpath: NULL buffer means malloc'd; ERANGE when `size` is too small.
WINAPI char* _fullpath(char* out, const char* relative, size_t size) {
    char full[4096];
    const char* name = relative && *relative ? relative : ".";
    DWORD n = kernel32::GetFullPathNameA(name, sizeof full, full, nullptr);
    if (n == 0 || n >= sizeof full) {
        set_errno_from_win32(kernel32::GetLastError());
        return nullptr;
    }
    if (!out) return dup(full);
    if (n + 1 > size) {
        *errno_location() = kErange;
        return nullptr;
    }
    ::memcpy(out, full, n + 1);
    return out;
}
WINAPI WCHAR* _wfullpath(WCHAR* out, const WCHAR* relative, size_t size) {
    char* narrow = relative ? to_utf8(relative) : nullptr;
    char* full = _fullpath(nullptr, narrow, 0);
    ::free(narrow);
    WCHAR* result = widen_into(full, out, out ? size : 0);
    ::free(full);
    return result;
}
WINAPI WCHAR* _wgetcwd(WCHAR* out, int size) {
    char* cwd = _getcwd(nullptr, 0);
    WCHAR* result = widen_into(cwd, out, out ? static_cast<size_t>(size) : 0);
    ::free(cwd);
    return result;
}
// Only drive C: exists (0 = current, 3 = C:).
WINAPI char* _getdcwd(int drive, char* out, int size) {
    if (drive != 0 && drive != 3) {
        *errno_location() = 13;   // EACCES: no such drive
        return nullptr;
    }
    return _getcwd(out, size);
}
WINAPI WCHAR* _wgetdcwd(int drive, WCHAR* out, int size) {
    if (drive != 0 && drive != 3) {
        *errno_location() = 13;
        return nullptr;
    }
    return _wgetcwd(out, size);
}
WINAPI int _getdrive() { return 3; }

// _splitpath: "C:\dir\sub\name.ext" -> "C:", "\dir\sub\", "name", ".ext" (the last dot
// after the last separator starts the extension).
namespace {
template <typename Char>
void split(const Char* path, Char* drive, Char* dir, Char* name, Char* ext, size_t limit) {
    auto put = [limit](Char* out, const Char* from, const Char* to) {
        if (!out) return;
        size_t n = static_cast<size_t>(to - from);
        if (n >= limit) n = limit - 1;
        for (size_t i = 0; i < n; ++i) out[i] = from[i];
        out[n] = 0;
    };
    const Char* p = path;
    if (p[0] && p[1] == ':') {
        put(drive, p, p + 2);
        p += 2;
    } else {
        put(drive, p, p);
    }
    const Char* last_separator = nullptr;
    const Char* last_dot = nullptr;
    const Char* end = p;
    for (; *end; ++end) {
        if (*end == '\\' || *end == '/') last_separator = end, last_dot = nullptr;
        else if (*end == '.') last_dot = end;
    }
    const Char* base = last_separator ? last_separator + 1 : p;
    put(dir, p, base);
    const Char* dot = last_dot ? last_dot : end;
    put(name, base, dot);
    put(ext, dot, end);
}
template <typename Char>
void make(Char* out, const Char* drive, const Char* dir, const Char* name, const Char* ext, size_t limit) {
    size_t n = 0;
    auto add = [&](const Char* s) {
        for (; s && *s && n + 1 < limit; ++s) out[n++] = *s;
    };
    if (drive && *drive) {
        add(drive);
        if (n == 1 && n + 1 < limit) out[n++] = ':';
    }
    if (dir && *dir) {
        add(dir);
        if (out[n - 1] != '\\' && out[n - 1] != '/' && n + 1 < limit) out[n++] = '\\';
    }
    add(name);
    if (ext && *ext) {
        if (*ext != '.' && n + 1 < limit) out[n++] = '.';
        add(ext);
    }
    out[n] = 0;
}
}  // namespace

WINAPI void _splitpath(const char* path, char* drive, char* dir, char* name, char* ext) {
    split(path, drive, dir, name, ext, kMaxPath);
}
WINAPI void _wsplitpath(const WCHAR* path, WCHAR* drive, WCHAR* dir, WCHAR* name, WCHAR* ext) {
    split(path, drive, dir, name, ext, kMaxPath);
}
WINAPI int _splitpath_s(const char* path, char* drive, size_t drive_size, char* dir, size_t dir_size, char* name,
                        size_t name_size, char* ext, size_t ext_size) {
    if (!path) return *errno_location() = kEinval;
    char d[kMaxPath], di[kMaxPath], n[kMaxPath], e[kMaxPath];
    split(path, d, di, n, e, kMaxPath);
    struct Part {
        char* out;
        size_t size;
        const char* text;
    } parts[] = {{drive, drive_size, d}, {dir, dir_size, di}, {name, name_size, n}, {ext, ext_size, e}};
    for (Part& part : parts)
        if (part.out && ::strlen(part.text) + 1 > part.size) {
            for (Part& clear : parts)
                if (clear.out && clear.size) clear.out[0] = 0;
            return *errno_location() = kErange;
        }
    for (Part& part : parts)
        if (part.out) ::memcpy(part.out, part.text, ::strlen(part.text) + 1);
    return 0;
}
WINAPI void _makepath(char* out, const char* drive, const char* dir, const char* name, const char* ext) {
    make(out, drive, dir, name, ext, kMaxPath);
}
WINAPI void _wmakepath(WCHAR* out, const WCHAR* drive, const WCHAR* dir, const WCHAR* name, const WCHAR* ext) {
    make(out, drive, dir, name, ext, kMaxPath);
}
WINAPI int _makepath_s(char* out, size_t size, const char* drive, const char* dir, const char* name,
                       const char* ext) {
    if (!out || size == 0) return *errno_location() = kEinval;
    char full[4 * kMaxPath];
    make(full, drive, dir, name, ext, sizeof full);
    if (::strlen(full) + 1 > size) {
        out[0] = 0;
        return *errno_location() = kErange;
    }
    ::memcpy(out, full, ::strlen(full) + 1);
    return 0;
}

// _mktemp: the trailing "XXXXXX" becomes a letter and the 5-digit process id (Microsoft's
// scheme: 'a'..'z' tried until the name is free).
WINAPI char* _mktemp(char* pattern) {
    if (!pattern) {
        *errno_location() = kEinval;
        return nullptr;
    }
    size_t n = ::strlen(pattern);
    if (n < 6 || ::strcmp(pattern + n - 6, "XXXXXX") != 0) {
        *errno_location() = kEinval;
        return nullptr;
    }
    char* tail = pattern + n - 6;
    libos::format(tail + 1, 6, "%05u", static_cast<unsigned>(kProcessId));   // _getpid()
    for (char letter = 'a'; letter <= 'z'; ++letter) {
        tail[0] = letter;
        if (kernel32::GetFileAttributesA(pattern) == 0xffffffff) return pattern;
    }
    *errno_location() = kEexist;
    return nullptr;
}
WINAPI int _mktemp_s(char* pattern, size_t size) {
    size_t length = 0;
    while (pattern && length < size && pattern[length]) ++length;
    if (!pattern || length == size) return *errno_location() = kEinval;
    return _mktemp(pattern) ? 0 : *errno_location();
}
WINAPI WCHAR* _wmktemp(WCHAR* pattern) {
    char* narrow = pattern ? to_utf8(pattern) : nullptr;
    char* made = _mktemp(narrow);
    WCHAR* result = made ? widen_into(made, pattern, wlen(pattern) + 1) : nullptr;
    ::free(narrow);
    return result;
}

// tmpnam/_tempnam: a free name in the temporary directory (TMP, else C:\tmp), "s" + counter.
namespace {
constinit unsigned temp_counter = 0;
bool next_free_name(const char* directory, const char* prefix, char* out, size_t size) {
    for (int tries = 0; tries < 100000; ++tries) {
        size_t n = ::strlen(directory);
        bool separator = n && (directory[n - 1] == '\\' || directory[n - 1] == '/');
        libos::format(out, size, "%s%s%s%x.tmp", directory, separator ? "" : "\\", prefix, ++temp_counter);
        if (kernel32::GetFileAttributesA(out) == 0xffffffff) return true;
    }
    return false;
}
}  // namespace
WINAPI char* tmpnam(char* out) {
    static char buffer[kMaxPath];
    char directory[kMaxPath];
    if (!kernel32::GetTempPathA(sizeof directory, directory)) return nullptr;
    char* target = out ? out : buffer;
    return next_free_name(directory, "s", target, kMaxPath) ? target : nullptr;
}
WINAPI int tmpnam_s(char* out, size_t size) {
    if (!out || size == 0) return *errno_location() = kEinval;
    char name[kMaxPath];
    if (!tmpnam(name)) return *errno_location() = kEexist;
    if (::strlen(name) + 1 > size) return *errno_location() = kErange;
    ::memcpy(out, name, ::strlen(name) + 1);
    return 0;
}
// _tempnam(dir, prefix): TMP wins over `dir`, as documented; the result is malloc'd.
WINAPI char* _tempnam(const char* dir, const char* prefix) {
    char directory[kMaxPath];
    const char* tmp = get_environment("TMP");
    if (tmp && *tmp && kernel32::GetFileAttributesA(tmp) != 0xffffffff) libos::format(directory, sizeof directory, "%s", tmp);
    else if (dir && *dir && kernel32::GetFileAttributesA(dir) != 0xffffffff) libos::format(directory, sizeof directory, "%s", dir);
    else if (!kernel32::GetTempPathA(sizeof directory, directory)) return nullptr;
    char name[2 * kMaxPath];
    if (!next_free_name(directory, prefix ? prefix : "", name, sizeof name)) {
        *errno_location() = kEexist;
        return nullptr;
    }
    return dup(name);
}
WINAPI WCHAR* _wtempnam(const WCHAR* dir, const WCHAR* prefix) {
    char* d = dir ? to_utf8(dir) : nullptr;
    char* p = prefix ? to_utf8(prefix) : nullptr;
    char* name = _tempnam(d, p);
    ::free(d);
    ::free(p);
    WCHAR* result = widen_into(name, nullptr, 0);
    ::free(name);
    return result;
}

WIN32_EXPORT_TABLE(msvcrt_path_names_exports,
    WIN32_EXPORT(_fullpath), WIN32_EXPORT(_wfullpath), WIN32_EXPORT(_wgetcwd), WIN32_EXPORT(_getdcwd),
    WIN32_EXPORT(_wgetdcwd), WIN32_EXPORT(_getdrive), WIN32_EXPORT(_splitpath), WIN32_EXPORT(_wsplitpath),
    WIN32_EXPORT(_splitpath_s), WIN32_EXPORT(_makepath), WIN32_EXPORT(_wmakepath), WIN32_EXPORT(_makepath_s),
    WIN32_EXPORT(_mktemp), WIN32_EXPORT(_mktemp_s), WIN32_EXPORT(_wmktemp), WIN32_EXPORT_AS("mktemp", _mktemp),
    WIN32_EXPORT(tmpnam), WIN32_EXPORT(tmpnam_s), WIN32_EXPORT(_tempnam), WIN32_EXPORT(_wtempnam),
    WIN32_EXPORT_AS("tempnam", _tempnam));

}  // namespace win32::crt
