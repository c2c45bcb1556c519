#include "loader/initial_stack.h"

#include <libos/libc.h>
#include <libos/random.h>

#include "linux/abi.h"

namespace posix {
namespace {

uint64_t cpuid_edx_leaf1() {
    uint32_t a = 1, b, c, d;
    asm volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
    return d;
}

}  // namespace

uint64_t build_initial_stack(uint64_t top, uint64_t size, const StackInputs& in, const LoadedProgram& program) {
    uint64_t bottom = top - size;
    uint64_t sp = top;
    auto push_bytes = [&](const void* data, uint64_t length) -> uint64_t {
        if (sp - bottom < length + 4096) return 0;
        sp -= length;
        memcpy(reinterpret_cast<void*>(sp), data, length);
        return sp;
    };
    // Strings first (highest addresses), then the random bytes and the platform name.
    uint64_t execfn = push_bytes(in.execfn, strlen(in.execfn) + 1);
    uint64_t env_at[256], arg_at[256];
    int envc = in.envc > 256 ? 256 : in.envc, argc = in.argc > 256 ? 256 : in.argc;
    for (int i = envc - 1; i >= 0; --i) env_at[i] = push_bytes(in.envp[i], strlen(in.envp[i]) + 1);
    for (int i = argc - 1; i >= 0; --i) arg_at[i] = push_bytes(in.argv[i], strlen(in.argv[i]) + 1);
    uint64_t platform = push_bytes("x86_64", 7);
    unsigned char random[16];
    libos::fill_random(random, sizeof random);
    sp &= ~15ull;
    uint64_t random_at = push_bytes(random, sizeof random);
    if (!execfn || !platform || !random_at) return 0;

    const uint64_t auxv[][2] = {
        {linux::AT_PHDR, program.phdr},    {linux::AT_PHENT, program.phent},
        {linux::AT_PHNUM, program.phnum},  {linux::AT_PAGESZ, 4096},
        {linux::AT_BASE, 0},               {linux::AT_FLAGS, 0},
        {linux::AT_ENTRY, program.entry},  {linux::AT_UID, 0},
        {linux::AT_EUID, 0},               {linux::AT_GID, 0},
        {linux::AT_EGID, 0},               {linux::AT_SECURE, 0},
        {linux::AT_CLKTCK, 100},           {linux::AT_HWCAP, cpuid_edx_leaf1()},
        {linux::AT_HWCAP2, 0},             {linux::AT_RANDOM, random_at},
        {linux::AT_PLATFORM, platform},    {linux::AT_EXECFN, execfn},
        {linux::AT_NULL, 0},
    };
    uint64_t words = 1 + argc + 1 + envc + 1 + 2 * (sizeof auxv / sizeof auxv[0]);
    if (sp - bottom < words * 8 + 4096) return 0;
    sp = (sp - words * 8) & ~15ull;   // argc must sit at a 16-byte boundary
    auto* w = reinterpret_cast<uint64_t*>(sp);
    *w++ = static_cast<uint64_t>(argc);
    for (int i = 0; i < argc; ++i) *w++ = arg_at[i];
    *w++ = 0;
    for (int i = 0; i < envc; ++i) *w++ = env_at[i];
    *w++ = 0;
    for (const auto& pair : auxv) {
        *w++ = pair[0];
        *w++ = pair[1];
    }
    return sp;
}

}  // namespace posix
