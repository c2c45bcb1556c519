#include "files/paths.h"

#include "files/app_folder.h"

#include <libos/errno.h>
#include <libos/libc.h>
#include <libos/vfs/devices.h>
#include <libos/vfs/boot_mounts.h>
#include <libos/vfs/ramfs.h>

#include "support/text.h"

namespace win32::files {
namespace {

using namespace libos::vfs;
namespace err = libos::err;

constinit char cwd[kPathMax] = "/";

bool is_separator(char c) { return c == '\\' || c == '/'; }

// Windows device names, valid in any directory: "NUL", "nul.txt" and "C:\x\NUL" are the device.
const char* device_path(const char* path) {
    const char* name = path;
    for (const char* p = path; *p; ++p)
        if (is_separator(*p) || *p == ':') name = p + 1;
    char base[8] = {};
    size_t n = 0;
    while (name[n] && name[n] != '.' && n < sizeof base - 1) {
        base[n] = ascii_lower(name[n]);
        ++n;
    }
    if (name[n] && name[n] != '.') return nullptr;
    if (strcmp(base, "nul") == 0) return "/dev/null";
    if (strcmp(base, "con") == 0) return "/dev/tty";
    return nullptr;
}

// Rewrites existing components of absolute `path` to their stored case (same length: the
// comparison folds ASCII only).
void fold_case(char* path) {
    char prefix[kPathMax];
    size_t at = 1;   // after the leading '/'
    while (path[at]) {
        size_t end = at;
        while (path[end] && path[end] != '/') ++end;
        char saved = path[end];
        path[end] = '\0';
        Ref<Node> node;
        Attr attr;
        // getattr too: share nodes are resolved lazily, the host is asked only then.
        bool exists = resolve(path, true, node) == 0 && node->getattr(attr) == 0;
        if (!exists) {
            // Look for the name in another case in the parent directory.
            memcpy(prefix, path, at);
            prefix[at > 1 ? at - 1 : 1] = '\0';
            Ref<Node> parent;
            Ref<File> listing;
            bool found = false;
            if (resolve(prefix, true, parent) == 0 && parent->open(kDirectoryOnly, listing) == 0) {
                uint64_t cookie = 0;
                DirEntry entry;
                while (listing->readdir(cookie, entry) == 1) {
                    if (strlen(entry.name) == end - at && equal_nocase(entry.name, path + at)) {
                        memcpy(path + at, entry.name, end - at);
                        found = true;
                        break;
                    }
                }
            }
            if (!found) {
                path[end] = saved;
                return;   // the rest does not exist in any case
            }
        }
        path[end] = saved;
        if (!saved) return;
        at = end + 1;
    }
}

}  // namespace

int setup_filesystem() {
    Ref<Node> root = make_ram_directory(0755);
    if (!root) return -err::ENOMEM;
    mount("/", root);
    root->mkdir("tmp", 01777);
    root->mkdir("dev", 0755);
    Ref<Node> dev;
    if (root->lookup("dev", dev) != 0) return -err::ENOMEM;
    ram_add_child(*dev, "null", make_device_node(Device::null));
    ram_add_child(*dev, "tty", make_device_node(Device::console_out));
    // C:\app: the program and its DLLs (before the shares: `-v X:/app` would cover it).
    if (int rc = make_app_folder(*root); rc < 0) return rc;

    // `celda run -v HOSTDIR:GUESTDIR`: GUESTDIR is a path on C: ("/data" is C:\\data).
    if (int rc = mount_boot_shares(); rc < 0) return rc;
    // `-w DIR`: the program's current directory.
    char workdir[kPathMax];
    int set = boot_working_directory(workdir);
    if (set < 0) return set;
    if (set > 0 && set_current_directory(workdir) != ERROR_SUCCESS) return -err::ENOENT;
    return 0;
}

DWORD to_vfs_path(const char* windows_path, char* out) {
    if (!windows_path || !*windows_path) return ERROR_PATH_NOT_FOUND;
    if (const char* device = device_path(windows_path)) {
        size_t n = strlen(device);
        memcpy(out, device, n + 1);
        return ERROR_SUCCESS;
    }
    const char* p = windows_path;
    // \\?\ and \\.\ prefixes: the rest is an ordinary path here.
    if (is_separator(p[0]) && is_separator(p[1]) && (p[2] == '?' || p[2] == '.') && is_separator(p[3])) p += 4;
    char unix_path[kPathMax];
    size_t n = 0;
    bool rooted = false;
    if (((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z') && p[1] == ':') {
        if ((p[0] | 0x20) != 'c') return ERROR_PATH_NOT_FOUND;   // only C: exists
        p += 2;
        rooted = is_separator(*p);   // "C:x" is relative to the current directory on C:
    } else if (is_separator(p[0])) {
        if (is_separator(p[1])) return ERROR_BAD_NETPATH;   // \\server\share
        rooted = true;
    }
    if (rooted) unix_path[n++] = '/';
    for (; *p; ++p) {
        if (n + 1 >= sizeof unix_path) return ERROR_FILENAME_EXCED_RANGE;
        char c = *p;
        if (c == '\\') c = '/';
        if (c == '<' || c == '>' || c == '"' || c == '|' || (c > 0 && c < 32)) return ERROR_INVALID_NAME;
        unix_path[n++] = c;
    }
    unix_path[n] = '\0';
    // Windows drops trailing dots and spaces from each name ("a.txt." is "a.txt").
    {
        char cleaned[kPathMax];
        size_t m = 0;
        for (size_t i = 0; i <= n; ++i) {
            char c = unix_path[i];
            if (c == '/' || c == '\0') {
                size_t start = m;
                while (start > 0 && cleaned[start - 1] != '/') --start;
                bool dots_only = true;
                for (size_t k = start; k < m; ++k) dots_only = dots_only && cleaned[k] == '.';
                if (!dots_only)
                    while (m > start && (cleaned[m - 1] == '.' || cleaned[m - 1] == ' ')) --m;
            }
            cleaned[m++] = c;
            if (!c) break;
        }
        memcpy(unix_path, cleaned, m);
    }
    int rc = absolute_path(cwd, unix_path, out);
    if (rc == -err::ENAMETOOLONG) return ERROR_FILENAME_EXCED_RANGE;
    if (rc < 0) return ERROR_PATH_NOT_FOUND;
    fold_case(out);
    return ERROR_SUCCESS;
}

void to_windows_path(const char* vfs_path, char* out, size_t capacity) {
    if (capacity == 0) return;
    size_t n = 0;
    auto put = [&](char c) {
        if (n + 1 < capacity) out[n++] = c;
    };
    put('C');
    put(':');
    if (!*vfs_path) put('\\');
    for (const char* p = vfs_path; *p; ++p) put(*p == '/' ? '\\' : *p);
    out[n] = '\0';
}

const char* current_directory() { return cwd; }

DWORD set_current_directory(const char* vfs_path) {
    Attr attr;
    Ref<Node> node;
    int rc = resolve(vfs_path, true, node);
    if (rc == 0) rc = node->getattr(attr);
    if (rc < 0) return rc == -err::ENOENT ? not_found_error(vfs_path) : error_from_errno(rc);
    if ((attr.mode & kTypeMask) != kDirectory) return ERROR_DIRECTORY;
    size_t n = strlen(vfs_path);
    if (n >= sizeof cwd) return ERROR_FILENAME_EXCED_RANGE;
    memcpy(cwd, vfs_path, n + 1);
    return ERROR_SUCCESS;
}

DWORD error_from_errno(int negative_errno, bool path_part) {
    switch (-negative_errno) {
        case 0: return ERROR_SUCCESS;
        case err::ENOENT: return path_part ? ERROR_PATH_NOT_FOUND : ERROR_FILE_NOT_FOUND;
        case err::ENOTDIR: return ERROR_PATH_NOT_FOUND;
        case err::EEXIST: return ERROR_ALREADY_EXISTS;
        case err::EACCES:
        case err::EPERM:
        case err::EROFS:
        case err::EISDIR: return ERROR_ACCESS_DENIED;
        case err::ENOTEMPTY: return ERROR_DIR_NOT_EMPTY;
        case err::ENOSPC:
        case err::EFBIG: return ERROR_DISK_FULL;
        case err::ENAMETOOLONG: return ERROR_FILENAME_EXCED_RANGE;
        case err::EMFILE:
        case err::ENFILE: return ERROR_TOO_MANY_OPEN_FILES;
        case err::ENOMEM: return ERROR_NOT_ENOUGH_MEMORY;
        case err::EXDEV: return ERROR_NOT_SAME_DEVICE;
        case err::EBADF: return ERROR_INVALID_HANDLE;
        case err::EINVAL: return ERROR_INVALID_PARAMETER;
        case err::EBUSY: return ERROR_SHARING_VIOLATION;
        case err::EPIPE: return ERROR_BROKEN_PIPE;
        default: return ERROR_GEN_FAILURE;
    }
}

DWORD not_found_error(const char* vfs_path) {
    Ref<Node> parent;
    char name[kPathMax];
    if (resolve_parent(vfs_path, parent, name) < 0) return ERROR_PATH_NOT_FOUND;
    Attr attr;
    if (parent->getattr(attr) < 0 || (attr.mode & kTypeMask) != kDirectory) return ERROR_PATH_NOT_FOUND;
    return ERROR_FILE_NOT_FOUND;
}

bool wildcard_match(const char* pattern, const char* name) {
    if (strcmp(pattern, "*.*") == 0 || strcmp(pattern, "*") == 0) return true;
    // Classic backtracking glob: '*' any run, '?' any one character.
    const char* star = nullptr;
    const char* resume = nullptr;
    while (*name) {
        if (*pattern == '?' || (*pattern && *pattern != '*' && ascii_lower(*pattern) == ascii_lower(*name))) {
            ++pattern;
            ++name;
        } else if (*pattern == '*') {
            star = pattern++;
            resume = name;
        } else if (star) {
            pattern = star + 1;
            name = ++resume;
        } else {
            return false;
        }
    }
    while (*pattern == '*') ++pattern;
    // "name." matches "name" (a pattern's trailing dot means "no extension").
    if (*pattern == '.' && pattern[1] == '\0') return true;
    return *pattern == '\0';
}

}  // namespace win32::files
