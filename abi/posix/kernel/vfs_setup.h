// The file namespace a Linux program starts with: an in-memory root with /tmp, /dev, /proc,
// the host shares from -v, and fds 0-2 on the console.
#pragma once

#include <stddef.h>

namespace posix {

int setup_vfs(const char* exe_path, const void* exe_bytes, size_t exe_size);

}  // namespace posix
