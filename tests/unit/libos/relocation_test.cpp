#include <doctest/doctest.h>

#include <libos/relocation.h>

#include <cstdint>

using libos::apply_relocations;
using libos::Elf64Rela;
using libos::RelocationError;

TEST_CASE("relocation: RELATIVE entries get bias + addend") {
    alignas(8) uint64_t image[4] = {};
    auto bias = reinterpret_cast<uintptr_t>(image);
    Elf64Rela entries[] = {{8, libos::kRelocationRelative, 0x100}, {24, libos::kRelocationRelative, 0}};
    CHECK(apply_relocations(bias, entries, 2) == RelocationError::none);
    CHECK(image[0] == 0);
    CHECK(image[1] == bias + 0x100);
    CHECK(image[3] == bias);
}

TEST_CASE("relocation: any other type is refused") {
    alignas(8) uint64_t image[2] = {};
    Elf64Rela entries[] = {{0, libos::kRelocationRelative, 4}, {8, (5ull << 32) | 1, 0}};
    CHECK(apply_relocations(reinterpret_cast<uintptr_t>(image), entries, 2) ==
          RelocationError::unsupported_type);
    CHECK(image[0] == reinterpret_cast<uintptr_t>(image) + 4);   // earlier entries applied
}
