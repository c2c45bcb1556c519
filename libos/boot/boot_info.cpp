#include <libos/boot_info.h>

namespace libos {
namespace {
const celda_boot_info* installed = nullptr;
}

const celda_boot_info& boot_info() { return *installed; }

void install_boot_info(const celda_boot_info* info) { installed = info; }

void announce_program(uint64_t base, uint64_t size) {
    // The boot info lives in ordinary guest memory; these two fields are the guest's to write.
    auto* info = const_cast<celda_boot_info*>(installed);
    info->program_base = base;
    info->program_size = size;
}

void announce_module(uint32_t companion, uint64_t base, uint64_t size) {
    auto* info = const_cast<celda_boot_info*>(installed);
    if (info->placed_count >= CELDA_MAX_PLACED_MODULES) return;
    info->placed[info->placed_count] = {base, size, companion, 0};
    ++info->placed_count;
}

}  // namespace libos
