// What `celda run -v HOSTDIR:GUESTDIR[:ro]` and `-w DIR` mean inside the guest, for every ABI
// layer alike: each share listed in the boot info is mounted at its guest path (with a mount
// point created in the in-memory root so listings of the parent show it, like docker's bind
// mounts), and the working directory is resolved (created in the in-memory root when missing).
#pragma once

namespace libos::vfs {

// Mounts the boot info's shares. 0, or a negative errno after one line on stderr.
int mount_boot_shares();

// `-w DIR`: writes its normalized absolute path into `out` (kPathMax bytes). 1 if set, 0 if the
// user gave no -w, or a negative errno after one line on stderr (not a directory).
int boot_working_directory(char* out);

}  // namespace libos::vfs
