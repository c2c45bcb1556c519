// The in-memory file system: the writable root (/, /tmp, ...). File data lives in 64 KiB
// chunks taken from the page allocator, so growing a file never copies it and a hole costs
// nothing; running out of guest memory gives -ENOSPC like a full tmpfs.
#pragma once

#include <libos/vfs/node.h>

namespace libos::vfs {

// A new empty directory (the root of a fresh in-memory file system).
Ref<Node> make_ram_directory(uint32_t mode = 0755);
// Creates (or replaces) a child node in a RAM directory, for building /dev and /proc.
int ram_add_child(Node& directory, const char* name, Ref<Node> child);

// Next inode number, shared by every synthetic file system.
uint64_t next_inode_number();
int64_t now_ns_for_files();

}  // namespace libos::vfs
