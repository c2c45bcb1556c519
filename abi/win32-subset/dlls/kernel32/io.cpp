// ReadFile/WriteFile/CloseHandle and friends. Console handles are served here; file handles
// arrive with the VFS-backed file layer.
#include <libos/errno.h>
#include <libos/libc.h>
#include "registry/registry.h"
#include "dlls/kernel32/files.h"
#include "dlls/kernel32/kernel32.h"
#include "files/paths.h"
#include "process/objects.h"
#include "process/thread.h"

namespace win32::kernel32 {

WINAPI BOOL WriteFile(HANDLE file, const void* buffer, DWORD length, DWORD* written, void*) {
    if (written) *written = 0;
    Object* object = object_of(file);
    if (!object) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    if (object->kind == ObjectKind::console_output) {
        int64_t n = length ? console_write(object->stream, buffer, length) : 0;
        if (n < 0) {
            last_error() = ERROR_INVALID_HANDLE;   // the console went away (closed pipe)
            return kFalse;
        }
        if (written) *written = static_cast<DWORD>(n);
        return kTrue;
    }
    if (OpenFile* open = open_file_of(file)) {
        if (open->directory || !open->writable) {
            last_error() = ERROR_ACCESS_DENIED;
            return kFalse;
        }
        int64_t n = length ? file_write(*open, buffer, length) : 0;
        if (n < 0) {
            last_error() = files::error_from_errno(static_cast<int>(n));
            return kFalse;
        }
        if (written) *written = static_cast<DWORD>(n);
        return kTrue;
    }
    last_error() = ERROR_ACCESS_DENIED;
    return kFalse;
}

WINAPI BOOL ReadFile(HANDLE file, void* buffer, DWORD length, DWORD* read, void*) {
    if (read) *read = 0;
    Object* object = object_of(file);
    if (!object) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    if (object->kind == ObjectKind::console_input) {
        int64_t n = length ? console_read(buffer, length) : 0;
        resume_current_thread();
        if (n < 0) n = 0;   // no stdin: end of input
        if (read) *read = static_cast<DWORD>(n);
        return kTrue;
    }
    if (OpenFile* open = open_file_of(file)) {
        if (open->directory) {
            last_error() = ERROR_INVALID_FUNCTION;
            return kFalse;
        }
        if (!open->readable) {
            last_error() = ERROR_ACCESS_DENIED;
            return kFalse;
        }
        int64_t n = length ? file_read(*open, buffer, length) : 0;
        if (n < 0) {
            last_error() = n == -libos::err::EPIPE ? ERROR_BROKEN_PIPE : files::error_from_errno(static_cast<int>(n));
            return kFalse;
        }
        if (read) *read = static_cast<DWORD>(n);   // 0 at the end of the file, and TRUE
        return kTrue;
    }
    last_error() = ERROR_ACCESS_DENIED;
    return kFalse;
}

WINAPI BOOL CloseHandle(HANDLE handle) {
    if (!close_handle(handle)) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    return kTrue;
}

WINAPI DWORD GetFileType(HANDLE file) {
    Object* object = object_of(file);
    if (!object) {
        last_error() = ERROR_INVALID_HANDLE;
        return 0;
    }
    // FILE_TYPE_CHAR for the console: the CRT then treats it as a text device.
    if (object->kind == ObjectKind::console_input || object->kind == ObjectKind::console_output) return 2;
    if (OpenFile* open = open_file_of(file)) return open->file->seekable() ? 1 : 2;   // NUL is a device
    return 0;
}

WINAPI BOOL DuplicateHandle(HANDLE, HANDLE source, HANDLE, HANDLE* target, DWORD, BOOL, DWORD options) {
    // The pseudo handles: GetCurrentProcess() (-1) stays a pseudo handle (there is one process);
    // GetCurrentThread() (-2) becomes a real handle to this thread, as pthread_self needs.
    if (source == reinterpret_cast<HANDLE>(-1)) {
        if (target) *target = source;
        return kTrue;
    }
    if (source == reinterpret_cast<HANDLE>(-2) && current_thread()) {
        Object* object = new_object(ObjectKind::thread);
        if (!object) {
            last_error() = ERROR_NOT_ENOUGH_MEMORY;
            return kFalse;
        }
        object->thread = current_thread();
        ++object->thread->references;
        object->destroy = [](Object* o) { --o->thread->references; };
        HANDLE handle = add_handle(object);
        if (!handle) {
            release(object);
            last_error() = ERROR_TOO_MANY_OPEN_FILES;
            return kFalse;
        }
        if (target) *target = handle;
        return kTrue;
    }
    HANDLE copy = duplicate_handle(source);
    if (!copy) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    if (options & 1) close_handle(source);   // DUPLICATE_CLOSE_SOURCE
    if (target) *target = copy;
    return kTrue;
}

WINAPI BOOL FlushFileBuffers(HANDLE file) {
    if (!object_of(file)) {
        last_error() = ERROR_INVALID_HANDLE;
        return kFalse;
    }
    if (OpenFile* open = open_file_of(file)) open->file->sync();
    return kTrue;
}

// The export table of this file (registry/registry.h).
WIN32_EXPORT_TABLE(kernel32_io_exports,
    WIN32_EXPORT(WriteFile),
    WIN32_EXPORT(ReadFile),
    WIN32_EXPORT(CloseHandle),
    WIN32_EXPORT(GetFileType),
    WIN32_EXPORT(DuplicateHandle),
    WIN32_EXPORT(FlushFileBuffers));

}  // namespace win32::kernel32
