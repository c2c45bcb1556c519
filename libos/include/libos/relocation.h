// Self-relocation of the static-PIE image: pure logic, host-testable.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace libos {

struct Elf64Rela {
    uint64_t offset;
    uint64_t info;
    int64_t addend;
};

inline constexpr uint32_t kRelocationRelative = 8;   // R_X86_64_RELATIVE

enum class RelocationError { none, unsupported_type };

// Applies R_X86_64_RELATIVE entries: *(bias + offset) = bias + addend. Any other type is an
// error (a static-PIE image has no symbols to resolve); entries before it are already applied.
RelocationError apply_relocations(uintptr_t bias, const Elf64Rela* entries, size_t count);

}  // namespace libos
