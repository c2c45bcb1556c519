// C:\app: the folder the program and the DLLs it shipped appear in. The monitor hands over
// the .exe and every .dll beside it on the host (contract v8); they are shown here read-only,
// without copying, so that GetModuleFileName's answer (C:\app\tool.exe, C:\app\zlib1.dll) is
// a path CreateFile, FindFirstFile and LoadLibrary can use. The host folder itself is not
// shared: nothing else in it is visible.
#pragma once

#include <libos/vfs/node.h>

namespace win32::files {

// Creates /app in the in-memory root with the program and its companion DLLs. 0 or -errno.
int make_app_folder(libos::vfs::Node& root);

}  // namespace win32::files
