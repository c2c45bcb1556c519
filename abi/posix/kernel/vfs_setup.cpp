#include "kernel/vfs_setup.h"

#include <libos/vfs/devices.h>
#include <libos/vfs/ramfs.h>
#include <libos/vfs/vfs.h>

#include "kernel/hostfs.h"
#include "kernel/process.h"
#include "kernel/procfs.h"

namespace posix {

using namespace libos::vfs;

int setup_vfs(const char* exe_path, const void* exe_bytes, size_t exe_size) {
    Ref<Node> root = make_ram_directory(0755);
    mount("/", root);
    root->mkdir("tmp", 01777);
    root->mkdir("dev", 0755);
    root->mkdir("proc", 0555);
    root->mkdir("etc", 0755);
    Ref<Node> dev, proc, self;
    root->lookup("dev", dev);
    ram_add_child(*dev, "null", make_device_node(Device::null));
    ram_add_child(*dev, "zero", make_device_node(Device::zero));
    ram_add_child(*dev, "urandom", make_device_node(Device::urandom));
    ram_add_child(*dev, "random", make_device_node(Device::urandom));
    ram_add_child(*dev, "stdin", make_device_node(Device::console_in));
    ram_add_child(*dev, "stdout", make_device_node(Device::console_out));
    ram_add_child(*dev, "stderr", make_device_node(Device::console_err));
    ram_add_child(*dev, "tty", make_device_node(Device::console_out));
    root->lookup("proc", proc);
    proc->mkdir("self", 0555);
    proc->lookup("self", self);
    // readlink(/proc/self/exe) is always absolute (glibc asserts it); a relative path the user
    // gave is taken relative to the guest's root, the only directory both sides know.
    static char absolute_exe[kPathMax];
    if (absolute_path("/", exe_path, absolute_exe) < 0) absolute_exe[0] = '\0';
    ram_add_child(*self, "exe", make_proc_exe(absolute_exe, exe_bytes, exe_size));
    ram_add_child(*self, "maps", make_proc_maps());

    Process& p = process();
    p.fds[0].file = open_device(Device::console_in);
    p.fds[1].file = open_device(Device::console_out);
    p.fds[1].file->status_flags = kWriteOnly;
    p.fds[2].file = open_device(Device::console_err);
    p.fds[2].file->status_flags = kWriteOnly;

    return mount_host_shares(p.cwd);
}

}  // namespace posix
