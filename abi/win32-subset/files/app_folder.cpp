#include "files/app_folder.h"

#include <libos/boot_info.h>
#include <libos/vfs/memory_file.h>
#include <libos/vfs/ramfs.h>

#include "loader/companions.h"
#include "loader/pe_module.h"

namespace win32::files {

using namespace libos::vfs;

int make_app_folder(Node& root) {
    if (int rc = root.mkdir("app", 0755); rc < 0) return rc;
    Ref<Node> app;
    if (int rc = root.lookup("app", app); rc < 0) return rc;
    const celda_boot_info& info = libos::boot_info();
    if (info.payload && info.payload_path) {
        const char* name = file_name_of(reinterpret_cast<const char*>(info.payload_path));
        if (*name) ram_add_child(*app, name, make_memory_file(reinterpret_cast<const void*>(info.payload), info.payload_size));
    }
    for (size_t i = 0; i < companion_count(); ++i) {
        CompanionFile file = companion_at(i);
        ram_add_child(*app, file.name, make_memory_file(file.data, file.size));
    }
    return 0;
}

}  // namespace win32::files
