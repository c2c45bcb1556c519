// Loads a static (ET_EXEC) or static-PIE (ET_DYN without PT_INTERP) x86-64 Linux executable
// from the boot payload into guest memory: each PT_LOAD at its address (plus a load bias for
// static-PIE), the rest of its pages zeroed, then the segment's protection applied.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace posix {

struct LoadedProgram {
    uint64_t entry = 0;       // AT_ENTRY
    uint64_t phdr = 0;        // AT_PHDR: where the program headers are in memory
    uint64_t phent = 0, phnum = 0;
    uint64_t bias = 0;        // load bias (0 for ET_EXEC)
    uint64_t start = 0;       // lowest mapped address
    uint64_t end = 0;         // end of the highest segment (page aligned): brk starts here
    bool executable_stack = false;
};

// 0, or a negative errno with `why` set to a one-line reason.
int load_elf(const void* file, size_t size, LoadedProgram& out, const char*& why);

}  // namespace posix
