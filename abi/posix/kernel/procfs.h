// /proc/self: exe (the program's bytes; readlink gives the path it was started by) and maps
// (generated from the program's memory map when opened).
#pragma once

#include <stddef.h>

#include <libos/vfs/node.h>

namespace posix {

libos::vfs::Ref<libos::vfs::Node> make_proc_exe(const char* path, const void* bytes, size_t size);
libos::vfs::Ref<libos::vfs::Node> make_proc_maps();
// A read-only file whose text is produced by `generate` each time it is opened.
using Generator = size_t (*)(char* buffer, size_t capacity);
libos::vfs::Ref<libos::vfs::Node> make_generated_file(Generator generate);

}  // namespace posix
