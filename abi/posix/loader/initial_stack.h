// The initial process stack a Linux program's _start expects (System V x86-64 ABI, 3.4.1):
// argc, argv[], NULL, envp[], NULL, auxv pairs ending in AT_NULL, then the strings and the
// 16 AT_RANDOM bytes above them.
#pragma once

#include <stdint.h>

#include "loader/elf_loader.h"

namespace posix {

struct StackInputs {
    int argc;
    char* const* argv;
    int envc;
    char* const* envp;
    const char* execfn;   // AT_EXECFN
};

// Builds the stack below `top` (16-byte aligned); returns the initial %rsp, or 0 if the
// strings do not fit in `size` bytes.
uint64_t build_initial_stack(uint64_t top, uint64_t size, const StackInputs& in, const LoadedProgram& program);

}  // namespace posix
