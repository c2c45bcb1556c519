#include "loader/companions.h"

#include <libos/boot_info.h>
#include <libos/libc.h>

#include "support/text.h"

namespace win32 {

size_t companion_count() {
    const celda_boot_info& info = libos::boot_info();
    return info.companions ? info.companion_count : 0;
}

CompanionFile companion_at(size_t index) {
    const auto* rows = reinterpret_cast<const celda_companion*>(libos::boot_info().companions);
    const celda_companion& row = rows[index];
    return {reinterpret_cast<const char*>(row.name), reinterpret_cast<const uint8_t*>(row.data),
            static_cast<size_t>(row.size), static_cast<uint32_t>(index)};
}

bool find_companion(const char* name, CompanionFile& out) {
    size_t length = strlen(name);
    bool has_dot = strchr_ascii(name, '.') != nullptr;
    for (size_t i = 0; i < companion_count(); ++i) {
        CompanionFile file = companion_at(i);
        if (equal_nocase(file.name, name) ||
            (!has_dot && compare_nocase(file.name, name, length) == 0 && equal_nocase(file.name + length, ".dll"))) {
            out = file;
            return true;
        }
    }
    return false;
}

}  // namespace win32
