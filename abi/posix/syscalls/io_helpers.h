// Shared by the file syscalls: reading/writing an open description at its offset, stat
// conversion, and the dirfd + path -> absolute path step of every *at() call.
#pragma once

#include <libos/vfs/node.h>

#include "kernel/process.h"
#include "linux/abi.h"

namespace posix {

int64_t file_read(File& file, void* buffer, uint64_t length);
int64_t file_write(File& file, const void* buffer, uint64_t length);
void to_linux_stat(const libos::vfs::Attr& a, linux::stat& out);
// Absolute normalized path for `path` relative to `dirfd` (AT_FDCWD = the working directory).
int at_path(int dirfd, const char* path, char* out);

}  // namespace posix
