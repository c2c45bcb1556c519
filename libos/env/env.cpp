#include <libos/env.h>

#include <libos/boot_info.h>

#include <stddef.h>

namespace libos {

const char* getenv(const char* name) {
    if (name == nullptr || *name == '\0') return nullptr;
    auto** entries = reinterpret_cast<char**>(boot_info().envp);
    if (entries == nullptr) return nullptr;
    for (size_t i = 0; i < boot_info().envc && entries[i] != nullptr; ++i) {
        // Entries are "NAME=VALUE": match the whole name, then the '='.
        const char* entry = entries[i];
        const char* wanted = name;
        while (*wanted != '\0' && *entry == *wanted) ++entry, ++wanted;
        if (*wanted == '\0' && *entry == '=') return entry + 1;
    }
    return nullptr;
}

}  // namespace libos
