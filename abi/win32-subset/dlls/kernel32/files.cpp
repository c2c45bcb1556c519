// kernel32's file functions on the guest VFS: CreateFile and file handles (ReadFile/WriteFile
// reach them through io.cpp), directories, FindFirstFile, attributes, moving and copying, the
// current and temporary directories. Paths go through files/paths.h (C:\ = guest root,
// case-insensitive lookup); errors are the codes Windows gives for the same situation.
#include "dlls/kernel32/files.h"

#include <libos/errno.h>
#include <libos/format.h>
#include <libos/libc.h>
#include <libos/placement_new.h>
#include <libos/random.h>
#include <libos/vfs/vfs.h>

#include "dlls/kernel32/kernel32.h"
#include "files/paths.h"
#include "process/objects.h"
#include "process/process.h"
#include "process/thread.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::kernel32 {
namespace {

using namespace libos::vfs;
using files::kPathMax;
namespace err = libos::err;

constexpr DWORD kGenericRead = 0x80000000, kGenericWrite = 0x40000000, kGenericAll = 0x10000000;
constexpr DWORD kFileReadData = 1, kFileWriteData = 2, kFileAppendData = 4, kFileWriteAttributes = 0x100;
constexpr DWORD kCreateNew = 1, kCreateAlways = 2, kOpenExisting = 3, kOpenAlways = 4, kTruncateExisting = 5;
constexpr DWORD kFlagBackupSemantics = 0x02000000, kFlagDeleteOnClose = 0x04000000;
constexpr DWORD kAttributeReadOnly = 0x1, kAttributeDirectory = 0x10, kAttributeArchive = 0x20,
                kAttributeNormal = 0x80;
constexpr DWORD kInvalidAttributes = 0xffffffff;


// Unix ns -> FILETIME (100 ns since 1601).
FileTime file_time(int64_t unix_ns) {
    uint64_t t = static_cast<uint64_t>(unix_ns / 100) + 116444736000000000ull;
    return {static_cast<DWORD>(t), static_cast<DWORD>(t >> 32)};
}

DWORD attributes_of(const Attr& attr) {
    if ((attr.mode & kTypeMask) == kDirectory) return kAttributeDirectory;
    DWORD a = kAttributeArchive;
    if (!(attr.mode & 0222)) a |= kAttributeReadOnly;
    return a;
}

BOOL fail(DWORD error) {
    last_error() = error;
    return kFalse;
}

// Path argument -> VFS path; false (last error set) when the name is not usable.
bool vfs_path_of(const char* name, char* out) {
    DWORD error = files::to_vfs_path(name, out);
    if (error) last_error() = error;
    return error == 0;
}

int stat_path(const char* path, Attr& attr) {
    Ref<Node> node;
    int rc = resolve(path, true, node);
    return rc < 0 ? rc : node->getattr(attr);
}

// The error for a failed operation on `path` (FILE_NOT_FOUND vs PATH_NOT_FOUND for ENOENT).
DWORD error_for(int rc, const char* path) {
    return rc == -err::ENOENT ? files::not_found_error(path) : files::error_from_errno(rc);
}

void destroy_file(Object* object) {
    auto* open = static_cast<OpenFile*>(object->data);
    if (!open) return;
    if (open->delete_on_close && open->path) {
        Ref<Node> parent;
        char name[kPathMax];
        if (resolve_parent(open->path, parent, name) == 0) parent->unlink(name, open->directory);
    }
    free(open->path);
    open->~OpenFile();
    free(open);
}

// Copies `text` out the way Win32 string getters do: the length without the NUL when it fits
// in `capacity` characters, else the size needed including the NUL.
DWORD copy_out(const char* text, char* buffer, DWORD capacity) {
    size_t n = strlen(text);
    if (!buffer || n + 1 > capacity) return static_cast<DWORD>(n + 1);
    memcpy(buffer, text, n + 1);
    return static_cast<DWORD>(n);
}
DWORD copy_out(const char* text, WCHAR* buffer, DWORD capacity) {
    size_t n = utf8_to_utf16(text, strlen(text), nullptr, 0);
    if (!buffer || n + 1 > capacity) return static_cast<DWORD>(n + 1);
    utf8_to_utf16(text, strlen(text), buffer, n);
    buffer[n] = 0;
    return static_cast<DWORD>(n);
}

// Calls `body` with the UTF-8 form of a wide argument (nullptr stays nullptr).
struct Utf8 {
    explicit Utf8(const WCHAR* wide) : text(wide ? to_utf8(wide) : nullptr) {}
    ~Utf8() { free(text); }
    char* text;
};

}  // namespace

OpenFile* open_file_of(HANDLE handle) {
    Object* object = object_of(handle);
    return object && object->kind == ObjectKind::file ? static_cast<OpenFile*>(object->data) : nullptr;
}

int64_t file_read(OpenFile& open, void* buffer, size_t length) {
    if (!open.readable) return -err::EBADF;
    int64_t n = open.file->read(buffer, length, open.position);
    if (n > 0 && open.file->seekable()) open.position += static_cast<uint64_t>(n);
    resume_current_thread();
    return n;
}

int64_t file_write(OpenFile& open, const void* buffer, size_t length) {
    if (!open.writable) return -err::EBADF;
    if (open.append_only) {
        Attr attr;
        if (open.file->getattr(attr) == 0) open.position = static_cast<uint64_t>(attr.size);
    }
    int64_t n = open.file->write(buffer, length, open.position);
    if (n > 0 && open.file->seekable()) open.position += static_cast<uint64_t>(n);
    resume_current_thread();
    return n;
}

WINAPI HANDLE CreateFileA(const char* name, DWORD access, DWORD, void*, DWORD disposition, DWORD flags, HANDLE) {
    char path[kPathMax];
    if (!name || !vfs_path_of(name, path)) return kInvalidHandle;
    if (disposition < kCreateNew || disposition > kTruncateExisting) {
        fail(ERROR_INVALID_PARAMETER);
        return kInvalidHandle;
    }
    bool writing = access & (kGenericWrite | kGenericAll | kFileWriteData | kFileAppendData);
    bool reading = access & (kGenericRead | kGenericAll | kFileReadData);
    bool append_only = (access & kFileAppendData) && !(access & (kGenericWrite | kGenericAll | kFileWriteData));
    bool write_attributes = access & (kGenericWrite | kGenericAll | kFileWriteAttributes);

    Attr attr;
    int rc = stat_path(path, attr);
    bool existed = rc == 0;
    if (rc < 0 && rc != -err::ENOENT) {
        fail(error_for(rc, path));
        return kInvalidHandle;
    }
    bool directory = existed && (attr.mode & kTypeMask) == kDirectory;
    if (existed && disposition == kCreateNew) {
        fail(ERROR_FILE_EXISTS);
        return kInvalidHandle;
    }
    if (!existed && (disposition == kOpenExisting || disposition == kTruncateExisting)) {
        fail(files::not_found_error(path));
        return kInvalidHandle;
    }
    if (directory && (!(flags & kFlagBackupSemantics) || writing || disposition == kCreateAlways)) {
        fail(ERROR_ACCESS_DENIED);   // a directory opens only for backup semantics, read-only
        return kInvalidHandle;
    }
    // A read-only file (FILE_ATTRIBUTE_READONLY: no write permission bits) cannot be opened
    // for writing or replaced.
    if (existed && !directory && !(attr.mode & 0222) &&
        (writing || disposition == kCreateAlways || disposition == kTruncateExisting)) {
        fail(ERROR_ACCESS_DENIED);
        return kInvalidHandle;
    }
    if (disposition == kTruncateExisting && !writing) {
        fail(ERROR_INVALID_PARAMETER);
        return kInvalidHandle;
    }

    int open_flags = writing ? (reading ? kReadWrite : kWriteOnly) : 0;
    if (directory) open_flags = kDirectoryOnly;
    if (disposition == kCreateNew) open_flags |= kCreate | kExclusive;
    if (disposition == kCreateAlways) open_flags |= kCreate | kTruncate;
    if (disposition == kOpenAlways) open_flags |= kCreate;
    if (disposition == kTruncateExisting) open_flags |= kTruncate;
    // CREATE_ALWAYS truncates even a file opened without write access to its data.
    if ((open_flags & kTruncate) && !writing) open_flags |= kWriteOnly;

    Ref<Node> parent;
    char leaf[kPathMax];
    Ref<File> file;
    if (strcmp(path, "/") == 0) {
        Ref<Node> root;
        rc = resolve(path, true, root);
        if (rc == 0) rc = root->open(kDirectoryOnly, file);
    } else {
        rc = resolve_parent(path, parent, leaf);
        if (rc < 0) {
            fail(rc == -err::ENOENT || rc == -err::ENOTDIR ? ERROR_PATH_NOT_FOUND : files::error_from_errno(rc));
            return kInvalidHandle;
        }
        uint32_t mode = (flags & kAttributeReadOnly) ? 0444 : 0666;
        rc = parent->open_child(leaf, open_flags, mode, file);
    }
    if (rc < 0) {
        fail(rc == -err::EEXIST ? ERROR_FILE_EXISTS : error_for(rc, path));
        return kInvalidHandle;
    }

    auto* open = static_cast<OpenFile*>(malloc(sizeof(OpenFile)));
    Object* object = open ? new_object(ObjectKind::file) : nullptr;
    if (!object) {
        free(open);
        fail(ERROR_NOT_ENOUGH_MEMORY);
        return kInvalidHandle;
    }
    new (open) OpenFile{};
    open->file = file;
    open->readable = reading || directory;
    open->writable = writing;
    open->append_only = append_only;
    open->directory = directory;
    open->delete_on_close = flags & kFlagDeleteOnClose;
    open->write_attributes = write_attributes;
    open->path = dup(path);
    object->data = open;
    object->destroy = destroy_file;
    HANDLE handle = add_handle(object);
    if (!handle) {
        fail(ERROR_TOO_MANY_OPEN_FILES);
        return kInvalidHandle;
    }
    last_error() = existed && (disposition == kCreateAlways || disposition == kOpenAlways) ? DWORD{ERROR_ALREADY_EXISTS} : DWORD{0};
    return handle;
}

WINAPI HANDLE CreateFileW(const WCHAR* name, DWORD access, DWORD share, void* security, DWORD disposition,
                          DWORD flags, HANDLE template_file) {
    Utf8 n(name);
    if (name && !n.text) {
        fail(ERROR_NOT_ENOUGH_MEMORY);
        return kInvalidHandle;
    }
    return CreateFileA(n.text, access, share, security, disposition, flags, template_file);
}

WINAPI BOOL SetFilePointerEx(HANDLE handle, int64_t distance, int64_t* new_position, DWORD method) {
    OpenFile* open = open_file_of(handle);
    if (!open) return fail(ERROR_INVALID_HANDLE);
    int64_t origin = 0;
    if (method == 1) {
        origin = static_cast<int64_t>(open->position);
    } else if (method == 2) {
        Attr attr;
        int rc = open->file->getattr(attr);
        if (rc < 0) return fail(files::error_from_errno(rc));
        origin = attr.size;
    } else if (method != 0) {
        return fail(ERROR_INVALID_PARAMETER);
    }
    int64_t target = origin + distance;
    if (target < 0) return fail(ERROR_NEGATIVE_SEEK);
    if (open->file->seekable()) open->position = static_cast<uint64_t>(target);
    if (new_position) *new_position = open->file->seekable() ? target : 0;
    return kTrue;
}

WINAPI DWORD SetFilePointer(HANDLE handle, LONG low, LONG* high, DWORD method) {
    int64_t distance = high ? (static_cast<int64_t>(*high) << 32) | static_cast<uint32_t>(low) : low;
    int64_t position = 0;
    if (!SetFilePointerEx(handle, distance, &position, method)) return 0xffffffff;   // INVALID_SET_FILE_POINTER
    if (high) *high = static_cast<LONG>(position >> 32);
    if (static_cast<DWORD>(position) == 0xffffffff) last_error() = 0;
    return static_cast<DWORD>(position);
}

WINAPI BOOL GetFileSizeEx(HANDLE handle, int64_t* size) {
    OpenFile* open = open_file_of(handle);
    if (!open) return fail(ERROR_INVALID_HANDLE);
    Attr attr;
    int rc = open->file->getattr(attr);
    if (rc < 0) return fail(files::error_from_errno(rc));
    *size = attr.size;
    return kTrue;
}

WINAPI DWORD GetFileSize(HANDLE handle, DWORD* high) {
    int64_t size;
    if (!GetFileSizeEx(handle, &size)) return 0xffffffff;
    if (high) *high = static_cast<DWORD>(static_cast<uint64_t>(size) >> 32);
    if (static_cast<DWORD>(size) == 0xffffffff) last_error() = 0;   // tells a real size from failure
    return static_cast<DWORD>(size);
}

WINAPI BOOL SetEndOfFile(HANDLE handle) {
    OpenFile* open = open_file_of(handle);
    if (!open) return fail(ERROR_INVALID_HANDLE);
    if (!open->writable) return fail(ERROR_ACCESS_DENIED);
    int rc = open->file->truncate(open->position);
    return rc < 0 ? fail(files::error_from_errno(rc)) : kTrue;
}

struct ByHandleFileInformation {
    DWORD attributes;
    FileTime creation, access, write;
    DWORD volume_serial, size_high, size_low, links, index_high, index_low;
};

WINAPI BOOL GetFileInformationByHandle(HANDLE handle, ByHandleFileInformation* info) {
    OpenFile* open = open_file_of(handle);
    if (!open) return fail(ERROR_INVALID_HANDLE);
    Attr attr;
    int rc = open->file->getattr(attr);
    if (rc < 0) return fail(files::error_from_errno(rc));
    info->attributes = attributes_of(attr);
    info->creation = file_time(attr.ctime_ns);
    info->access = file_time(attr.atime_ns);
    info->write = file_time(attr.mtime_ns);
    info->volume_serial = 0xce1da;
    info->size_high = static_cast<DWORD>(static_cast<uint64_t>(attr.size) >> 32);
    info->size_low = static_cast<DWORD>(attr.size);
    info->links = static_cast<DWORD>(attr.nlink);
    info->index_high = static_cast<DWORD>(attr.ino >> 32);
    info->index_low = static_cast<DWORD>(attr.ino);
    return kTrue;
}

WINAPI BOOL GetFileTime(HANDLE handle, FileTime* creation, FileTime* access, FileTime* write) {
    OpenFile* open = open_file_of(handle);
    if (!open) return fail(ERROR_INVALID_HANDLE);
    Attr attr;
    open->file->getattr(attr);
    if (creation) *creation = file_time(attr.ctime_ns);
    if (access) *access = file_time(attr.atime_ns);
    if (write) *write = file_time(attr.mtime_ns);
    return kTrue;
}
// FILETIME -> Unix ns; false for the values that mean "leave this time alone" (0, and
// 0xFFFFFFFF'FFFFFFFF, which on Windows also stops later updates: not modelled).
static bool unix_ns_of(const FileTime* time, int64_t& out) {
    if (!time) return false;
    uint64_t t = (static_cast<uint64_t>(time->high) << 32) | time->low;
    if (t == 0 || t == ~0ull) return false;
    out = (static_cast<int64_t>(t) - 116444736000000000ll) * 100;
    return true;
}

// The creation time is kept as the node's status-change time (what GetFileTime reports as
// creation); a later write moves it, as it does for every file here.
WINAPI BOOL SetFileTime(HANDLE handle, const FileTime* creation, const FileTime* access, const FileTime* write) {
    OpenFile* open = open_file_of(handle);
    if (!open) return fail(ERROR_INVALID_HANDLE);
    if (!open->write_attributes) return fail(ERROR_ACCESS_DENIED);
    int64_t c, a, w;
    bool has_c = unix_ns_of(creation, c), has_a = unix_ns_of(access, a), has_w = unix_ns_of(write, w);
    if (!has_c && !has_a && !has_w) return kTrue;
    int rc = open->file->set_times(has_a ? &a : nullptr, has_w ? &w : nullptr, has_c ? &c : nullptr);
    // Host shares cannot store times (no HOSTFS operation for it).
    if (rc == -err::EOPNOTSUPP) return fail(ERROR_NOT_SUPPORTED);
    return rc < 0 ? fail(files::error_from_errno(rc)) : kTrue;
}

// ---- directories, names ------------------------------------------------------------------

WINAPI BOOL CreateDirectoryA(const char* name, void*) {
    char path[kPathMax];
    if (!name || !vfs_path_of(name, path)) return kFalse;
    Ref<Node> parent;
    char leaf[kPathMax];
    int rc = resolve_parent(path, parent, leaf);
    if (rc < 0 || !leaf[0]) return fail(rc < 0 ? ERROR_PATH_NOT_FOUND : ERROR_ALREADY_EXISTS);
    rc = parent->mkdir(leaf, 0777);
    if (rc == -err::EEXIST) return fail(ERROR_ALREADY_EXISTS);
    if (rc == -err::ENOENT) return fail(ERROR_PATH_NOT_FOUND);
    return rc < 0 ? fail(files::error_from_errno(rc)) : kTrue;
}

WINAPI BOOL RemoveDirectoryA(const char* name) {
    char path[kPathMax];
    if (!name || !vfs_path_of(name, path)) return kFalse;
    Attr attr;
    int rc = stat_path(path, attr);
    if (rc < 0) return fail(error_for(rc, path));
    if ((attr.mode & kTypeMask) != kDirectory) return fail(ERROR_DIRECTORY);
    if (strcmp(path, files::current_directory()) == 0) return fail(ERROR_SHARING_VIOLATION);
    Ref<Node> parent;
    char leaf[kPathMax];
    rc = resolve_parent(path, parent, leaf);
    if (rc == 0) rc = leaf[0] ? parent->unlink(leaf, true) : -err::EACCES;
    return rc < 0 ? fail(files::error_from_errno(rc)) : kTrue;
}

WINAPI BOOL DeleteFileA(const char* name) {
    char path[kPathMax];
    if (!name || !vfs_path_of(name, path)) return kFalse;
    Attr attr;
    int rc = stat_path(path, attr);
    if (rc < 0) return fail(error_for(rc, path));
    if ((attr.mode & kTypeMask) == kDirectory) return fail(ERROR_ACCESS_DENIED);
    if (!(attr.mode & 0222)) return fail(ERROR_ACCESS_DENIED);   // read-only files are not deleted
    Ref<Node> parent;
    char leaf[kPathMax];
    rc = resolve_parent(path, parent, leaf);
    if (rc == 0) rc = parent->unlink(leaf, false);
    return rc < 0 ? fail(error_for(rc, path)) : kTrue;
}

namespace {

// Copies the data of `from` into a new/truncated `to` (both VFS paths). Win32 error or 0.
DWORD copy_data(const char* from, const char* to, bool fail_if_exists) {
    Ref<Node> node;
    Ref<File> source, target;
    int rc = resolve(from, true, node);
    if (rc < 0) return error_for(rc, from);
    Attr attr;
    node->getattr(attr);
    if ((attr.mode & kTypeMask) == kDirectory) return ERROR_ACCESS_DENIED;
    if ((rc = node->open(0, source)) < 0) return files::error_from_errno(rc);
    Ref<Node> parent;
    char leaf[kPathMax];
    if (resolve_parent(to, parent, leaf) < 0) return ERROR_PATH_NOT_FOUND;
    rc = parent->open_child(leaf, kWriteOnly | kCreate | kTruncate | (fail_if_exists ? kExclusive : 0),
                            attr.mode & 0777, target);
    if (rc == -err::EEXIST) return ERROR_FILE_EXISTS;
    if (rc < 0) return error_for(rc, to);
    char* buffer = static_cast<char*>(malloc(64 * 1024));
    if (!buffer) return ERROR_NOT_ENOUGH_MEMORY;
    uint64_t offset = 0;
    DWORD result = 0;
    for (;;) {
        int64_t n = source->read(buffer, 64 * 1024, offset);
        if (n <= 0) {
            if (n < 0) result = files::error_from_errno(static_cast<int>(n));
            break;
        }
        int64_t w = target->write(buffer, static_cast<size_t>(n), offset);
        if (w != n) {
            result = w < 0 ? files::error_from_errno(static_cast<int>(w)) : ERROR_DISK_FULL;
            break;
        }
        offset += static_cast<uint64_t>(n);
    }
    free(buffer);
    return result;
}

}  // namespace

WINAPI BOOL CopyFileA(const char* from, const char* to, BOOL fail_if_exists) {
    char source[kPathMax], target[kPathMax];
    if (!from || !to || !vfs_path_of(from, source) || !vfs_path_of(to, target)) return kFalse;
    if (strcmp(source, target) == 0) return fail(ERROR_SHARING_VIOLATION);
    DWORD error = copy_data(source, target, fail_if_exists);
    return error ? fail(error) : kTrue;
}

WINAPI BOOL MoveFileExA(const char* from, const char* to, DWORD flags) {
    constexpr DWORD kReplaceExisting = 1, kCopyAllowed = 2;
    char source[kPathMax], target[kPathMax];
    if (!from || !vfs_path_of(from, source)) return kFalse;
    if (!to) return DeleteFileA(from);   // MOVEFILE_DELAY_UNTIL_REBOOT-style delete: do it now
    if (!vfs_path_of(to, target)) return kFalse;
    Attr source_attr, target_attr;
    int rc = stat_path(source, source_attr);
    if (rc < 0) return fail(error_for(rc, source));
    bool same = strcmp(source, target) == 0 || equal_nocase(source, target);
    if (!same && stat_path(target, target_attr) == 0) {
        if (!(flags & kReplaceExisting)) return fail(ERROR_ALREADY_EXISTS);
        if ((target_attr.mode & kTypeMask) == kDirectory) return fail(ERROR_ACCESS_DENIED);
    }
    Ref<Node> from_dir, to_dir;
    char from_leaf[kPathMax], to_leaf[kPathMax];
    if (resolve_parent(source, from_dir, from_leaf) < 0) return fail(ERROR_PATH_NOT_FOUND);
    if (resolve_parent(target, to_dir, to_leaf) < 0) return fail(ERROR_PATH_NOT_FOUND);
    if (same) {
        // A case-only rename: the target name as the caller spelled it.
        const char* spelled = to + strlen(to);
        while (spelled > to && spelled[-1] != '\\' && spelled[-1] != '/') --spelled;
        size_t n = strlen(spelled);
        if (n >= sizeof to_leaf) return fail(ERROR_FILENAME_EXCED_RANGE);
        memcpy(to_leaf, spelled, n + 1);
        if (strcmp(to_leaf, from_leaf) == 0) return kTrue;
    }
    rc = from_dir->rename(from_leaf, *to_dir, to_leaf, 0);
    if (rc == -err::EXDEV && (flags & kCopyAllowed) && (source_attr.mode & kTypeMask) != kDirectory) {
        DWORD error = copy_data(source, target, false);
        if (error) return fail(error);
        rc = from_dir->unlink(from_leaf, false);
    }
    if (rc == -err::ENOENT) return fail(ERROR_PATH_NOT_FOUND);
    return rc < 0 ? fail(files::error_from_errno(rc)) : kTrue;
}
WINAPI BOOL MoveFileA(const char* from, const char* to) { return MoveFileExA(from, to, 2); }

WINAPI DWORD GetFileAttributesA(const char* name) {
    char path[kPathMax];
    if (!name || !vfs_path_of(name, path)) return kInvalidAttributes;
    Attr attr;
    int rc = stat_path(path, attr);
    if (rc < 0) {
        fail(error_for(rc, path));
        return kInvalidAttributes;
    }
    return attributes_of(attr);
}

struct FileAttributeData {
    DWORD attributes;
    FileTime creation, access, write;
    DWORD size_high, size_low;
};

WINAPI BOOL GetFileAttributesExA(const char* name, int level, FileAttributeData* data) {
    if (level != 0) return fail(ERROR_INVALID_PARAMETER);   // GetFileExInfoStandard only
    char path[kPathMax];
    if (!name || !vfs_path_of(name, path)) return kFalse;
    Attr attr;
    int rc = stat_path(path, attr);
    if (rc < 0) return fail(error_for(rc, path));
    data->attributes = attributes_of(attr);
    data->creation = file_time(attr.ctime_ns);
    data->access = file_time(attr.atime_ns);
    data->write = file_time(attr.mtime_ns);
    data->size_high = static_cast<DWORD>(static_cast<uint64_t>(attr.size) >> 32);
    data->size_low = static_cast<DWORD>(attr.size);
    return kTrue;
}

// Only FILE_ATTRIBUTE_READONLY is stored (as the absence of write permission bits, which is
// also how a host share's read-only file shows); HIDDEN, SYSTEM, ARCHIVE... are accepted and
// dropped. Directories keep no read-only flag (Windows ignores it for them too).
WINAPI BOOL SetFileAttributesA(const char* name, DWORD attributes) {
    char path[kPathMax];
    if (!name || !vfs_path_of(name, path)) return kFalse;
    Ref<Node> node;
    int rc = resolve(path, true, node);
    Attr attr;
    if (rc == 0) rc = node->getattr(attr);
    if (rc < 0) return fail(error_for(rc, path));
    if ((attr.mode & kTypeMask) == kDirectory) return kTrue;
    bool read_only = attributes & kAttributeReadOnly;
    if (read_only == !(attr.mode & 0222)) return kTrue;   // already so: nothing to store
    uint32_t mode = read_only ? attr.mode & ~0222u : attr.mode | 0200;
    rc = node->set_mode(mode & 07777);
    if (rc == -err::EOPNOTSUPP) return fail(ERROR_NOT_SUPPORTED);
    return rc < 0 ? fail(files::error_from_errno(rc)) : kTrue;
}

// GetFullPathName is string work only (it does not look at the file system).
WINAPI DWORD GetFullPathNameA(const char* name, DWORD capacity, char* buffer, char** file_part) {
    if (!name || !*name) return fail(ERROR_INVALID_NAME), 0;
    char path[kPathMax], windows[kPathMax];
    DWORD error = files::to_vfs_path(name, path);
    if (error) return fail(error), 0;
    files::to_windows_path(path, windows, sizeof windows);
    // A trailing separator the caller gave stays (GetFullPathName("C:\tmp\") is "C:\tmp\").
    size_t given = strlen(name);
    if ((name[given - 1] == '\\' || name[given - 1] == '/') && strcmp(path, "/") != 0)
        strcat_ascii(windows, "\\", sizeof windows);
    DWORD n = copy_out(windows, buffer, capacity);
    if (file_part && buffer && n < capacity) {
        char* last = strrchr_ascii(buffer, '\\');
        *file_part = last && last[1] ? last + 1 : nullptr;
    }
    return n;
}

WINAPI DWORD GetCurrentDirectoryA(DWORD capacity, char* buffer) {
    char windows[kPathMax];
    files::to_windows_path(files::current_directory(), windows, sizeof windows);
    return copy_out(windows, buffer, capacity);
}

WINAPI BOOL SetCurrentDirectoryA(const char* name) {
    char path[kPathMax];
    if (!name || !vfs_path_of(name, path)) return kFalse;
    DWORD error = files::set_current_directory(path);
    return error ? fail(error) : kTrue;
}

// TMP, then TEMP (as Windows), else C:\tmp\ — always with a trailing backslash.
WINAPI DWORD GetTempPathA(DWORD capacity, char* buffer) {
    char windows[kPathMax] = "C:\\tmp\\";
    static const char* const kVariables[] = {"TMP", "TEMP"};
    for (const char* variable : kVariables) {
        const char* value = get_environment(variable);
        if (value && *value) {
            char path[kPathMax];
            if (files::to_vfs_path(value, path) == 0) {
                files::to_windows_path(path, windows, sizeof windows - 1);
                if (strcmp(path, "/") != 0) strcat_ascii(windows, "\\", sizeof windows);
                break;
            }
        }
    }
    return copy_out(windows, buffer, capacity);
}

WINAPI UINT GetTempFileNameA(const char* directory, const char* prefix, UINT unique, char* out) {
    static UINT counter = 0;
    char name[kPathMax];
    for (UINT attempt = 0; attempt < 0x10000; ++attempt) {
        UINT random = 0;
        if (!unique) libos::fill_random(&random, sizeof random);
        UINT number = unique ? unique : ((++counter + random) & 0xffff);
        if (!number) continue;
        char pre[4] = {};
        for (int i = 0; i < 3 && prefix && prefix[i]; ++i) pre[i] = prefix[i];
        size_t d = strlen(directory);
        const char* separator = d && (directory[d - 1] == '\\' || directory[d - 1] == '/') ? "" : "\\";
        libos::format(name, sizeof name, "%s%s%s%X.TMP", directory, separator, pre, number);
        if (unique) {
            memcpy(out, name, strlen(name) + 1);
            return unique;
        }
        HANDLE h = CreateFileA(name, kGenericWrite, 0, nullptr, kCreateNew, kAttributeNormal, nullptr);
        if (h != kInvalidHandle) {
            CloseHandle(h);
            memcpy(out, name, strlen(name) + 1);
            return number;
        }
        if (last_error() != ERROR_FILE_EXISTS) return 0;
    }
    return fail(ERROR_FILE_EXISTS), 0;
}

WINAPI DWORD GetLongPathNameA(const char* name, char* buffer, DWORD capacity) {
    if (GetFileAttributesA(name) == kInvalidAttributes) return 0;
    return copy_out(name, buffer, capacity);
}

WINAPI UINT GetDriveTypeA(const char* root) {
    if (!root || ((root[0] | 0x20) == 'c' && root[1] == ':')) return 3;   // DRIVE_FIXED
    if (root[0] == '\\' || root[0] == '/') return 3;
    return 1;   // DRIVE_NO_ROOT_DIR
}
WINAPI DWORD GetLogicalDrives() { return 1u << 2; }   // C:

// ---- FindFirstFile ---------------------------------------------------------------------

namespace {

struct FoundEntry {
    char name[256];
    Attr attr;
};

struct Search {
    FoundEntry* entries;
    uint32_t count, next;
};

void destroy_search(Object* object) {
    auto* search = static_cast<Search*>(object->data);
    if (!search) return;
    free(search->entries);
    free(search);
}

struct FindDataA {
    DWORD attributes;
    FileTime creation, access, write;
    DWORD size_high, size_low, reserved0, reserved1;
    char name[260];
    char alternate[14];
};
struct FindDataW {
    DWORD attributes;
    FileTime creation, access, write;
    DWORD size_high, size_low, reserved0, reserved1;
    WCHAR name[260];
    WCHAR alternate[14];
};

template <typename Data>
void fill_common(const FoundEntry& entry, Data* data) {
    memset(data, 0, sizeof *data);
    data->attributes = attributes_of(entry.attr);
    data->creation = file_time(entry.attr.ctime_ns);
    data->access = file_time(entry.attr.atime_ns);
    data->write = file_time(entry.attr.mtime_ns);
    if ((entry.attr.mode & kTypeMask) != kDirectory) {
        data->size_high = static_cast<DWORD>(static_cast<uint64_t>(entry.attr.size) >> 32);
        data->size_low = static_cast<DWORD>(entry.attr.size);
    }
}
void fill(const FoundEntry& entry, FindDataA* data) {
    fill_common(entry, data);
    size_t n = strlen(entry.name);
    memcpy(data->name, entry.name, n < 259 ? n : 259);
}
void fill(const FoundEntry& entry, FindDataW* data) {
    fill_common(entry, data);
    size_t n = utf8_to_utf16(entry.name, strlen(entry.name), data->name, 259);
    data->name[n] = 0;
}

// NTFS lists names in (case-insensitive) order; "." and ".." first.
bool before(const FoundEntry& a, const FoundEntry& b) {
    auto rank = [](const char* n) { return strcmp(n, ".") == 0 ? 0 : strcmp(n, "..") == 0 ? 1 : 2; };
    if (rank(a.name) != rank(b.name)) return rank(a.name) < rank(b.name);
    int c = compare_nocase(a.name, b.name);
    return c != 0 ? c < 0 : strcmp(a.name, b.name) < 0;
}

// Lists the entries of the directory part of `pattern` matching its last component.
HANDLE find_first(const char* pattern, Search*& out) {
    char path[kPathMax];
    if (!pattern || !vfs_path_of(pattern, path)) return kInvalidHandle;
    size_t length = strlen(pattern);
    if (length && (pattern[length - 1] == '\\' || pattern[length - 1] == '/')) {
        fail(ERROR_FILE_NOT_FOUND);   // "C:\tmp\" names no file
        return kInvalidHandle;
    }
    // The VFS path's last component is the wildcard (case folding left it alone unless it
    // names an existing entry, which then matches itself).
    char* slash = strrchr_ascii(path, '/');
    char wildcard[256];
    size_t w = strlen(slash + 1);
    if (w >= sizeof wildcard) {
        fail(ERROR_FILENAME_EXCED_RANGE);
        return kInvalidHandle;
    }
    memcpy(wildcard, slash + 1, w + 1);
    if (slash == path) slash[1] = '\0';
    else *slash = '\0';
    bool root = strcmp(path, "/") == 0;

    Ref<Node> directory;
    Ref<File> listing;
    int rc = resolve(path, true, directory);
    if (rc == 0) rc = directory->open(kDirectoryOnly, listing);
    if (rc < 0) {
        fail(ERROR_PATH_NOT_FOUND);
        return kInvalidHandle;
    }
    auto* search = static_cast<Search*>(calloc(1, sizeof(Search)));
    if (!search) {
        fail(ERROR_NOT_ENOUGH_MEMORY);
        return kInvalidHandle;
    }
    uint32_t capacity = 0;
    uint64_t cookie = 0;
    DirEntry entry;
    while (listing->readdir(cookie, entry) == 1) {
        bool dot = strcmp(entry.name, ".") == 0 || strcmp(entry.name, "..") == 0;
        if (dot && root) continue;   // a drive's root has no "." or ".."
        if (!files::wildcard_match(wildcard, entry.name)) continue;
        if (search->count == capacity) {
            capacity = capacity ? capacity * 2 : 16;
            auto* grown = static_cast<FoundEntry*>(realloc(search->entries, capacity * sizeof(FoundEntry)));
            if (!grown) break;
            search->entries = grown;
        }
        FoundEntry& found = search->entries[search->count];
        memcpy(found.name, entry.name, sizeof found.name);
        found.attr = {};
        if (dot) {
            found.attr.mode = kDirectory | 0755;
            directory->getattr(found.attr);
        } else {
            directory->stat_child(entry.name, true, found.attr);
        }
        ++search->count;
    }
    // Insertion sort: directories are small.
    for (uint32_t i = 1; i < search->count; ++i) {
        FoundEntry item = search->entries[i];
        uint32_t j = i;
        while (j > 0 && before(item, search->entries[j - 1])) {
            search->entries[j] = search->entries[j - 1];
            --j;
        }
        search->entries[j] = item;
    }
    if (search->count == 0) {
        free(search->entries);
        free(search);
        fail(ERROR_FILE_NOT_FOUND);
        return kInvalidHandle;
    }
    Object* object = new_object(ObjectKind::find);
    if (!object) {
        free(search->entries);
        free(search);
        fail(ERROR_NOT_ENOUGH_MEMORY);
        return kInvalidHandle;
    }
    object->data = search;
    object->destroy = destroy_search;
    HANDLE handle = add_handle(object);
    if (!handle) {
        fail(ERROR_TOO_MANY_OPEN_FILES);
        return kInvalidHandle;
    }
    out = search;
    return handle;
}

Search* search_of(HANDLE handle) {
    Object* object = object_of(handle);
    return object && object->kind == ObjectKind::find ? static_cast<Search*>(object->data) : nullptr;
}

template <typename Data>
BOOL find_next(HANDLE handle, Data* data) {
    Search* search = search_of(handle);
    if (!search) return fail(ERROR_INVALID_HANDLE);
    if (search->next >= search->count) return fail(ERROR_NO_MORE_FILES);
    fill(search->entries[search->next++], data);
    return kTrue;
}

}  // namespace

WINAPI HANDLE FindFirstFileA(const char* pattern, FindDataA* data) {
    Search* search = nullptr;
    HANDLE handle = find_first(pattern, search);
    if (handle != kInvalidHandle) find_next(handle, data), last_error() = 0;
    return handle;
}
WINAPI HANDLE FindFirstFileW(const WCHAR* pattern, FindDataW* data) {
    Utf8 p(pattern);
    Search* search = nullptr;
    HANDLE handle = find_first(p.text, search);
    if (handle != kInvalidHandle) find_next(handle, data), last_error() = 0;
    return handle;
}
WINAPI HANDLE FindFirstFileExA(const char* pattern, int, FindDataA* data, int, void*, DWORD) {
    return FindFirstFileA(pattern, data);
}
WINAPI HANDLE FindFirstFileExW(const WCHAR* pattern, int, FindDataW* data, int, void*, DWORD) {
    return FindFirstFileW(pattern, data);
}
WINAPI BOOL FindNextFileA(HANDLE handle, FindDataA* data) { return find_next(handle, data); }
WINAPI BOOL FindNextFileW(HANDLE handle, FindDataW* data) { return find_next(handle, data); }
WINAPI BOOL FindClose(HANDLE handle) {
    if (!search_of(handle)) return fail(ERROR_INVALID_HANDLE);
    close_handle(handle);
    return kTrue;
}

// ---- wide versions -----------------------------------------------------------------------

WINAPI BOOL CreateDirectoryW(const WCHAR* name, void* security) { return CreateDirectoryA(Utf8(name).text, security); }
WINAPI BOOL RemoveDirectoryW(const WCHAR* name) { return RemoveDirectoryA(Utf8(name).text); }
WINAPI BOOL DeleteFileW(const WCHAR* name) { return DeleteFileA(Utf8(name).text); }
WINAPI BOOL CopyFileW(const WCHAR* from, const WCHAR* to, BOOL fail_if_exists) {
    return CopyFileA(Utf8(from).text, Utf8(to).text, fail_if_exists);
}
WINAPI BOOL MoveFileExW(const WCHAR* from, const WCHAR* to, DWORD flags) {
    return MoveFileExA(Utf8(from).text, Utf8(to).text, flags);
}
WINAPI BOOL MoveFileW(const WCHAR* from, const WCHAR* to) { return MoveFileExW(from, to, 2); }
WINAPI DWORD GetFileAttributesW(const WCHAR* name) { return GetFileAttributesA(Utf8(name).text); }
WINAPI BOOL GetFileAttributesExW(const WCHAR* name, int level, FileAttributeData* data) {
    return GetFileAttributesExA(Utf8(name).text, level, data);
}
WINAPI BOOL SetFileAttributesW(const WCHAR* name, DWORD attributes) {
    return SetFileAttributesA(Utf8(name).text, attributes);
}
WINAPI DWORD GetFullPathNameW(const WCHAR* name, DWORD capacity, WCHAR* buffer, WCHAR** file_part) {
    Utf8 n(name);
    char full[kPathMax];
    DWORD length = GetFullPathNameA(n.text, sizeof full, full, nullptr);
    if (length == 0 || length >= sizeof full) return length;
    DWORD result = copy_out(full, buffer, capacity);
    if (file_part && buffer && result < capacity) {
        WCHAR* last = nullptr;
        for (WCHAR* p = buffer; *p; ++p)
            if (*p == u'\\') last = p;
        *file_part = last && last[1] ? last + 1 : nullptr;
    }
    return result;
}
WINAPI DWORD GetCurrentDirectoryW(DWORD capacity, WCHAR* buffer) {
    char windows[kPathMax];
    files::to_windows_path(files::current_directory(), windows, sizeof windows);
    return copy_out(windows, buffer, capacity);
}
WINAPI BOOL SetCurrentDirectoryW(const WCHAR* name) { return SetCurrentDirectoryA(Utf8(name).text); }
WINAPI DWORD GetTempPathW(DWORD capacity, WCHAR* buffer) {
    char path[kPathMax];
    GetTempPathA(sizeof path, path);
    return copy_out(path, buffer, capacity);
}
WINAPI UINT GetTempFileNameW(const WCHAR* directory, const WCHAR* prefix, UINT unique, WCHAR* out) {
    char name[kPathMax];
    UINT result = GetTempFileNameA(Utf8(directory).text, Utf8(prefix).text, unique, name);
    if (result) copy_out(name, out, 260);
    return result;
}
WINAPI DWORD GetLongPathNameW(const WCHAR* name, WCHAR* buffer, DWORD capacity) {
    Utf8 n(name);
    if (GetFileAttributesA(n.text) == kInvalidAttributes) return 0;
    return copy_out(n.text, buffer, capacity);
}
WINAPI UINT GetDriveTypeW(const WCHAR* root) { return GetDriveTypeA(Utf8(root).text); }

// The export table of this file (registry/registry.h).
WIN32_EXPORT_TABLE(kernel32_files_exports,
    WIN32_EXPORT(CreateFileA), WIN32_EXPORT(CreateFileW), WIN32_EXPORT(SetFilePointer), WIN32_EXPORT(SetFilePointerEx),
    WIN32_EXPORT(GetFileSize), WIN32_EXPORT(GetFileSizeEx), WIN32_EXPORT(SetEndOfFile),
    WIN32_EXPORT(GetFileInformationByHandle), WIN32_EXPORT(GetFileTime), WIN32_EXPORT(SetFileTime),
    WIN32_EXPORT(CreateDirectoryA), WIN32_EXPORT(CreateDirectoryW), WIN32_EXPORT(RemoveDirectoryA),
    WIN32_EXPORT(RemoveDirectoryW), WIN32_EXPORT(DeleteFileA), WIN32_EXPORT(DeleteFileW), WIN32_EXPORT(CopyFileA),
    WIN32_EXPORT(CopyFileW), WIN32_EXPORT(MoveFileA), WIN32_EXPORT(MoveFileW), WIN32_EXPORT(MoveFileExA),
    WIN32_EXPORT(MoveFileExW), WIN32_EXPORT(GetFileAttributesA), WIN32_EXPORT(GetFileAttributesW),
    WIN32_EXPORT(GetFileAttributesExA), WIN32_EXPORT(GetFileAttributesExW), WIN32_EXPORT(SetFileAttributesA),
    WIN32_EXPORT(SetFileAttributesW), WIN32_EXPORT(GetFullPathNameA), WIN32_EXPORT(GetFullPathNameW),
    WIN32_EXPORT(GetCurrentDirectoryA), WIN32_EXPORT(GetCurrentDirectoryW), WIN32_EXPORT(SetCurrentDirectoryA),
    WIN32_EXPORT(SetCurrentDirectoryW), WIN32_EXPORT(GetTempPathA), WIN32_EXPORT(GetTempPathW),
    WIN32_EXPORT(GetTempFileNameA), WIN32_EXPORT(GetTempFileNameW), WIN32_EXPORT(GetLongPathNameA),
    WIN32_EXPORT(GetLongPathNameW), WIN32_EXPORT_AS("GetShortPathNameA", GetLongPathNameA),
    WIN32_EXPORT_AS("GetShortPathNameW", GetLongPathNameW), WIN32_EXPORT(GetDriveTypeA), WIN32_EXPORT(GetDriveTypeW),
    WIN32_EXPORT(GetLogicalDrives), WIN32_EXPORT(FindFirstFileA), WIN32_EXPORT(FindFirstFileW),
    WIN32_EXPORT(FindFirstFileExA), WIN32_EXPORT(FindFirstFileExW), WIN32_EXPORT(FindNextFileA),
    WIN32_EXPORT(FindNextFileW), WIN32_EXPORT(FindClose));

}  // namespace win32::kernel32
