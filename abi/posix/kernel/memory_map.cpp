#include "kernel/memory_map.h"

#include <libos/hypercall.h>
#include <libos/libc.h>
#include <libos/memory.h>
#include <libos/panic.h>

#include "linux/abi.h"

namespace posix {
namespace {
constinit MemoryMap the_map;
constexpr uint64_t kPage = 4096;
constexpr int kReadWrite = linux::PROT_READ | linux::PROT_WRITE;

uint32_t celda_prot(int prot) {
    return (prot & linux::PROT_READ ? CELDA_PROT_READ : 0) | (prot & linux::PROT_WRITE ? CELDA_PROT_WRITE : 0) |
           (prot & linux::PROT_EXEC ? CELDA_PROT_EXEC : 0);
}
}  // namespace

MemoryMap& memory_map() { return the_map; }

void MemoryMap::init(uint64_t base, uint64_t size) {
    base_ = base;
    size_ = size;
    pages_ = size / kPage;
    state_ = static_cast<uint8_t*>(calloc(pages_, 1));
    if (!state_) libos::panic("posix: no memory for the page map");
}

uint64_t MemoryMap::map_anywhere(uint64_t length) {
    uint64_t pages = length / kPage;
    void* p = libos::page_allocator().allocate_pages(pages);
    if (!p) return 0;
    uint64_t at = reinterpret_cast<uint64_t>(p);
    memset(state_ + index(at), kOwned | kReadWrite, pages);
    return at;
}

bool MemoryMap::map_fixed(uint64_t address, uint64_t length) {
    if (!in_range(address, length)) return false;
    // Runs not yet owned must all be free in the page allocator.
    uint64_t first = index(address), count = length / kPage;
    for (uint64_t i = first; i < first + count;) {
        if (state_[i] & kOwned) { ++i; continue; }
        uint64_t j = i;
        while (j < first + count && !(state_[j] & kOwned)) ++j;
        if (!libos::page_allocator().reserve(reinterpret_cast<void*>(base_ + i * kPage), j - i)) {
            // Undo what this call reserved.
            for (uint64_t k = first; k < i; ++k)
                if (state_[k] == (kOwned | 0x40)) {
                    libos::page_allocator().free_pages(reinterpret_cast<void*>(base_ + k * kPage), 1);
                    state_[k] = 0;
                }
            return false;
        }
        for (uint64_t k = i; k < j; ++k) state_[k] = kOwned | 0x40;  // marked: new in this call
        i = j;
    }
    for (uint64_t i = first; i < first + count; ++i)
        if (state_[i] == (kOwned | 0x40)) state_[i] = kOwned | kReadWrite;
    // Pages the program already owned may carry another protection: make them read-write.
    protect(address, length, kReadWrite);
    return true;
}

void MemoryMap::unmap(uint64_t address, uint64_t length) {
    if (!in_range(address, length)) return;
    uint64_t first = index(address), count = length / kPage;
    for (uint64_t i = first; i < first + count;) {
        if (!(state_[i] & kOwned)) { ++i; continue; }
        uint64_t j = i;
        while (j < first + count && (state_[j] & kOwned)) ++j;
        uint64_t at = base_ + i * kPage, bytes = (j - i) * kPage;
        // The allocator keeps its bookkeeping inside free pages: they must be writable again.
        protect(at, bytes, kReadWrite);
        memset(state_ + i, 0, j - i);
        libos::page_allocator().free_pages(reinterpret_cast<void*>(at), j - i);
        i = j;
    }
}

int MemoryMap::protect(uint64_t address, uint64_t length, int prot) {
    if (!owns(address, length)) return -linux::ENOMEM;
    uint64_t first = index(address), count = length / kPage;
    // Only ranges whose protection changes cost a hypercall.
    for (uint64_t i = first; i < first + count;) {
        uint64_t j = i;
        bool change = (state_[i] & 7) != (prot & 7);
        while (j < first + count && (((state_[j] & 7) != (prot & 7)) == change)) ++j;
        if (change) {
            int64_t rc = libos::hypercall::protect(base_ + i * kPage, (j - i) * kPage, celda_prot(prot));
            // A backend that cannot enforce page rights (-ENOSYS) leaves them as they are.
            if (rc < 0 && rc != -static_cast<int64_t>(CELDA_ENOSYS)) return -linux::EACCES;
            for (uint64_t k = i; k < j; ++k) state_[k] = static_cast<uint8_t>(kOwned | (prot & 7));
        }
        i = j;
    }
    return 0;
}

bool MemoryMap::owns(uint64_t address, uint64_t length) const {
    if (!in_range(address, length)) return false;
    for (uint64_t i = index(address), n = index(address) + length / kPage; i < n; ++i)
        if (!(state_[i] & kOwned)) return false;
    return true;
}

int MemoryMap::prot_at(uint64_t address) const {
    if (!in_range(address, 1)) return -1;
    uint8_t s = state_[index(address)];
    return (s & kOwned) ? (s & 7) : -1;
}

}  // namespace posix
