#include <libos/relocation.h>

namespace libos {

RelocationError apply_relocations(uintptr_t bias, const Elf64Rela* entries, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        if ((entries[i].info & 0xffffffffu) != kRelocationRelative)
            return RelocationError::unsupported_type;
        *reinterpret_cast<uint64_t*>(bias + entries[i].offset) =
            bias + static_cast<uint64_t>(entries[i].addend);
    }
    return RelocationError::none;
}

}  // namespace libos
