#include "loader/dll_files.h"

#include <libos/libc.h>
#include <libos/vfs/vfs.h>

#include "files/paths.h"
#include "process/thread.h"
#include "support/winabi.h"

namespace win32 {

using namespace libos::vfs;

uint32_t read_dll_file(const char* vfs_path, uint8_t*& data, size_t& size) {
    data = nullptr;
    size = 0;
    Ref<Node> node;
    Attr attr;
    int rc = resolve(vfs_path, true, node);
    if (rc == 0) rc = node->getattr(attr);
    if (rc < 0 || (attr.mode & kTypeMask) != kRegular) return ERROR_MOD_NOT_FOUND;
    // The loader refuses images over 1 GiB anyway; a bigger file is not worth reading.
    if (attr.size < 0 || attr.size > (int64_t(1) << 30)) return ERROR_BAD_EXE_FORMAT;
    Ref<File> file;
    rc = node->open(0, file);
    if (rc < 0) return files::error_from_errno(rc);
    size_t length = static_cast<size_t>(attr.size);
    auto* bytes = static_cast<uint8_t*>(malloc(length ? length : 1));
    if (!bytes) return ERROR_NOT_ENOUGH_MEMORY;
    size_t done = 0;
    while (done < length) {
        int64_t n = file->read(bytes + done, length - done, done);
        if (n <= 0) break;   // a file that shrank meanwhile: the loader checks what it got
        done += static_cast<size_t>(n);
    }
    // A read from a host share is a hypercall; the running thread's TEB comes back in GS.
    resume_current_thread();
    data = bytes;
    size = done;
    return 0;
}

}  // namespace win32
