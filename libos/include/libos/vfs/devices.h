// Character devices and pipes: /dev/null, /dev/zero, /dev/urandom, the console (stdin,
// stdout, stderr of `celda run`), and pipe(2) buffers between fibers.
#pragma once

#include <libos/vfs/node.h>

namespace libos::vfs {

enum class Device { null, zero, urandom, console_in, console_out, console_err };

// A node for /dev; every open gives a fresh description.
Ref<Node> make_device_node(Device device);
Ref<File> open_device(Device device);

// A pipe: `read_end` and `write_end` share one 64 KiB buffer. Readers wait (the fiber parks)
// while it is empty and a writer remains; a write with no reader left gives -EPIPE.
int make_pipe(Ref<File>& read_end, Ref<File>& write_end);

// Whether `celda run`'s stdin/stdout/stderr (0, 1, 2) is a terminal.
bool console_is_terminal(int stream);

}  // namespace libos::vfs
