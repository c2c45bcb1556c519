#include "loader/elf_loader.h"

#include <libos/boot_info.h>
#include <libos/elf.h>
#include <libos/hypercall.h>
#include <libos/libc.h>
#include <libos/memory.h>

#include "kernel/memory_map.h"
#include "linux/abi.h"

namespace posix {
namespace {

using libos::Elf64Header;
using libos::Elf64Phdr;
constexpr uint32_t PT_LOAD = libos::kPtLoad, PT_INTERP = 3, PT_PHDR = 6, PT_GNU_STACK = 0x6474e551;
constexpr uint16_t ET_EXEC = 2, ET_DYN = 3, EM_X86_64 = 62;
constexpr uint64_t kPage = 4096;

uint64_t page_down(uint64_t v) { return v & ~(kPage - 1); }
uint64_t page_up(uint64_t v) { return (v + kPage - 1) & ~(kPage - 1); }

int fail(const char*& why, const char* text, int error = -linux::ENOEXEC) {
    why = text;
    return error;
}

}  // namespace

int load_elf(const void* file, size_t size, LoadedProgram& out, const char*& why) {
    auto* bytes = static_cast<const unsigned char*>(file);
    if (size < sizeof(Elf64Header)) return fail(why, "the program is too short to be an ELF file");
    Elf64Header h;
    memcpy(&h, bytes, sizeof h);
    if (memcmp(h.ident, "\x7f" "ELF", 4) != 0 || h.ident[4] != 2 || h.ident[5] != 1)
        return fail(why, "not a 64-bit little-endian ELF file");
    if (h.machine != EM_X86_64) return fail(why, "not an x86-64 executable");
    if (h.type != ET_EXEC && h.type != ET_DYN) return fail(why, "not an executable (ELF type is neither EXEC nor DYN)");
    if (h.phentsize != sizeof(Elf64Phdr) || h.phnum == 0 || h.phoff > size ||
        h.phnum > (size - h.phoff) / sizeof(Elf64Phdr))
        return fail(why, "the program headers run past the end of the file");

    auto phdr_at = [&](int i) {
        Elf64Phdr p;
        memcpy(&p, bytes + h.phoff + static_cast<uint64_t>(i) * sizeof(Elf64Phdr), sizeof p);
        return p;
    };
    uint64_t low = ~0ull, high = 0;
    for (int i = 0; i < h.phnum; ++i) {
        Elf64Phdr p = phdr_at(i);
        if (p.type == PT_INTERP) return fail(why, "dynamically linked programs are not supported yet; link it statically");
        if (p.type == PT_GNU_STACK) out.executable_stack = (p.flags & 1) != 0;
        if (p.type != PT_LOAD || p.memsz == 0) continue;
        if (p.filesz > p.memsz || p.offset > size || p.filesz > size - p.offset)
            return fail(why, "a segment runs past the end of the file");
        if (p.vaddr + p.memsz < p.vaddr) return fail(why, "a segment wraps around the address space");
        if (p.vaddr % kPage != p.offset % kPage) return fail(why, "a segment is misaligned with its file offset");
        if (page_down(p.vaddr) < low) low = page_down(p.vaddr);
        if (page_up(p.vaddr + p.memsz) > high) high = page_up(p.vaddr + p.memsz);
    }
    if (high <= low) return fail(why, "the program has nothing to load");

    uint64_t span = high - low;
    uint64_t bias = 0;
    if (h.type == ET_DYN) {
        // Static-PIE: anywhere; ask for the pages and relocate onto them.
        uint64_t at = memory_map().map_anywhere(span);
        if (!at) return fail(why, "not enough guest memory to load the program", -linux::ENOMEM);
        bias = at - low;
    } else if (!memory_map().map_fixed(low, span)) {
        return fail(why, "the program's fixed load address is not free in guest memory (try a larger --memory)", -linux::ENOMEM);
    }
    memset(reinterpret_cast<void*>(low + bias), 0, span);

    for (int i = 0; i < h.phnum; ++i) {
        Elf64Phdr p = phdr_at(i);
        if (p.type != PT_LOAD || p.memsz == 0) continue;
        memcpy(reinterpret_cast<void*>(p.vaddr + bias), bytes + p.offset, p.filesz);
    }
    for (int i = 0; i < h.phnum; ++i) {
        Elf64Phdr p = phdr_at(i);
        if (p.type != PT_LOAD || p.memsz == 0) continue;
        int prot = ((p.flags & 4) ? linux::PROT_READ : 0) | ((p.flags & 2) ? linux::PROT_WRITE : 0) |
                   ((p.flags & 1) ? linux::PROT_EXEC : 0);
        uint64_t start = page_down(p.vaddr + bias), end = page_up(p.vaddr + bias + p.memsz);
        memory_map().protect(start, end - start, prot);
    }

    out.bias = bias;
    out.entry = h.entry + bias;
    out.phent = h.phentsize;
    out.phnum = h.phnum;
    out.start = low + bias;
    out.end = high + bias;
    // A static-PIE program moved by `bias`: crash reports name its addresses as file offsets
    // (= link-time addresses, what objdump shows). A fixed-address one needs no help.
    if (bias != 0 && low == 0) libos::announce_program(bias, span);
    out.phdr = 0;
    for (int i = 0; i < h.phnum; ++i) {
        Elf64Phdr p = phdr_at(i);
        if (p.type == PT_PHDR) out.phdr = p.vaddr + bias;
    }
    if (!out.phdr) {
        // No PT_PHDR: the headers are wherever the segment that holds file offset phoff put them.
        for (int i = 0; i < h.phnum; ++i) {
            Elf64Phdr p = phdr_at(i);
            if (p.type == PT_LOAD && h.phoff >= p.offset && h.phoff < p.offset + p.filesz)
                out.phdr = p.vaddr + bias + (h.phoff - p.offset);
        }
    }
    return 0;
}

}  // namespace posix
