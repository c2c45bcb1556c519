// The parts of the ELF64 format guest code reads: the file header and program headers (the
// guest has no <elf.h>). The layouts are the System V ABI's.
#pragma once

#include <stdint.h>

namespace libos {

struct Elf64Header {
    unsigned char ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct Elf64Phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

inline constexpr uint32_t kPtLoad = 1;
inline constexpr uint32_t kPfWrite = 2;

}  // namespace libos
