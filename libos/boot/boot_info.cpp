#include <libos/boot_info.h>

namespace libos {
namespace {
const celda_boot_info* installed = nullptr;
}

const celda_boot_info& boot_info() { return *installed; }

void install_boot_info(const celda_boot_info* info) { installed = info; }

}  // namespace libos
