// The Linux program's address space inside guest memory: which pages it owns (mmap, brk,
// its own segments and stack) and with what protection. One byte per guest page, so munmap
// can never free memory the library OS itself is using, and /proc/self/maps can be listed.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace posix {

class MemoryMap {
public:
    void init(uint64_t base, uint64_t size);

    // Fresh read-write pages (zeroing is the caller's job); 0 when memory is exhausted.
    uint64_t map_anywhere(uint64_t length);
    // The pages at exactly [address, address+length); false if any is taken by someone else.
    // Pages the program already owns there are kept (MAP_FIXED over its own mapping).
    bool map_fixed(uint64_t address, uint64_t length);
    // Returns the program's pages in the range to the page allocator; others are skipped.
    void unmap(uint64_t address, uint64_t length);
    // 0 or -errno; -ENOMEM if a page in the range is not the program's.
    int protect(uint64_t address, uint64_t length, int prot);
    bool owns(uint64_t address, uint64_t length) const;
    int prot_at(uint64_t address) const;

    // Calls `visit(start, end, prot)` for each run of owned pages with equal protection.
    template <typename Visit>
    void for_each_region(Visit visit) const {
        uint64_t i = 0;
        while (i < pages_) {
            if (!(state_[i] & kOwned)) { ++i; continue; }
            uint64_t j = i;
            while (j < pages_ && state_[j] == state_[i]) ++j;
            visit(base_ + i * 4096, base_ + j * 4096, state_[i] & 7);
            i = j;
        }
    }

private:
    static constexpr uint8_t kOwned = 0x80;
    uint64_t index(uint64_t address) const { return (address - base_) / 4096; }
    bool in_range(uint64_t address, uint64_t length) const {
        return address >= base_ && length <= size_ && address - base_ <= size_ - length;
    }

    uint64_t base_ = 0, size_ = 0, pages_ = 0;
    uint8_t* state_ = nullptr;
};

MemoryMap& memory_map();

}  // namespace posix
