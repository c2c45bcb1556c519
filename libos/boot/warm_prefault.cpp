// A warm guest (`celda serve`) boots long before its program arrives. What every run touches
// first, it touches now, while it waits at SCHED_IDLE: each page fault taken here is one the
// run does not take later. A fault costs microseconds on a nested-virtualization host, and a
// Windows hello world took ~60 of them between the handover and its exit (~10 with this).
//
// Nothing here changes memory contents: pages are read, or written with the value they hold.
#include <libos/elf.h>
#include <libos/memory.h>
#include <libos/warm_prefault.h>

extern "C" {
// The image's own ELF header, at its load address (the image is a static PIE linked at 0).
[[gnu::visibility("hidden")]] extern const char __ehdr_start[];
}

namespace libos {
namespace {

// The heap, the program's sections and its stacks come from the top of free memory first
// (PageAllocator takes pages from the end of the lowest run that fits). A Windows hello world
// touches ~350 KiB of it; a bigger program gets the rest of this head start.
constexpr size_t kFreeMemoryHeadStart = 1 << 20;

uintptr_t page_floor(uintptr_t address) { return address & ~(kPageSize - 1); }

void read_pages(uintptr_t begin, uintptr_t end) {
    for (uintptr_t page = page_floor(begin); page < end; page += kPageSize)
        (void)*reinterpret_cast<const volatile char*>(page);
}

void rewrite_pages(uintptr_t begin, uintptr_t end) {
    for (uintptr_t page = page_floor(begin); page < end; page += kPageSize) {
        auto* byte = reinterpret_cast<volatile char*>(page);
        *byte = *byte;
    }
}

}  // namespace

void prefault_for_payload() {
    // The image, segment by segment: code and read-only data are shared file pages (reading
    // maps them); a writable segment is private, so it is written to get this guest's copy.
    const auto base = reinterpret_cast<uintptr_t>(__ehdr_start);
    const auto* header = reinterpret_cast<const Elf64Header*>(__ehdr_start);
    if (header->phentsize == sizeof(Elf64Phdr)) {
        const auto* segments = reinterpret_cast<const Elf64Phdr*>(base + header->phoff);
        for (uint16_t i = 0; i < header->phnum; ++i) {
            const Elf64Phdr& segment = segments[i];
            if (segment.type != kPtLoad || segment.memsz == 0) continue;
            const uintptr_t begin = base + segment.vaddr, end = begin + segment.memsz;
            if (segment.flags & kPfWrite) rewrite_pages(begin, end);
            else read_pages(begin, end);
        }
    }

    uintptr_t begin = 0, end = 0;
    page_allocator().next_allocations(kFreeMemoryHeadStart, begin, end);
    rewrite_pages(begin, end);
}

}  // namespace libos
