// PageAllocator: hands out runs of 4 KiB pages from one fixed region [start, end).
//
// Pure logic (no hypercalls) so the same code runs in the guest and in host unit tests.
// Bookkeeping lives inside the free pages themselves: each free run starts with a small header
// (its length and the next free run), and the runs form a list ordered by address, which makes
// coalescing on free a matter of looking at the two neighbours. Nothing outside the region is
// ever written.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace libos {

inline constexpr size_t kPageSize = 4096;

constexpr size_t pages_for_bytes(size_t bytes) { return (bytes + kPageSize - 1) / kPageSize; }

// Where memory for the heap and fiber stacks comes from; tests substitute their own.
class PageSource {
public:
    // nullptr when no run of `count` contiguous pages is left.
    virtual void* allocate_pages(size_t count) = 0;
    virtual void free_pages(void* first, size_t count) = 0;

protected:
    ~PageSource() = default;
};

enum class PageFreeError {
    none,
    outside_region,   // the run is not (entirely) inside the managed region
    misaligned,       // not on a page boundary
    already_free,     // overlaps a run that is free: a double free
};

class PageAllocator final : public PageSource {
public:
    // constexpr so a global instance needs no constructor at boot; init() gives it memory.
    constexpr PageAllocator() = default;

    // Takes ownership of [start, end); both are rounded inward to page boundaries.
    void init(void* start, void* end);

    void* allocate_pages(size_t count) override;
    void free_pages(void* first, size_t count) override { (void)release(first, count); }
    // Like free_pages, but says why a bad request was refused (and leaves the state untouched).
    PageFreeError release(void* first, size_t count);

    // Takes the specific pages [first, first + count pages) out of the free runs, for memory
    // that must sit at a fixed address (an executable linked at 0x400000, brk growth). False,
    // and nothing changes, unless every one of those pages is free.
    bool reserve(void* first, size_t count);

    size_t total_pages() const { return (region_end_ - region_start_) / kPageSize; }
    size_t free_page_count() const { return free_pages_; }
    size_t largest_free_run() const;
    // [begin, end): up to `max_bytes` of the pages the next allocations will take (the top of
    // the lowest free run), or an empty range when nothing is free.
    void next_allocations(size_t max_bytes, uintptr_t& begin, uintptr_t& end) const;
    uintptr_t region_start() const { return region_start_; }
    uintptr_t region_end() const { return region_end_; }

private:
    struct FreeRun {
        size_t pages;
        FreeRun* next;   // next free run at a higher address
    };

    FreeRun* head_ = nullptr;
    uintptr_t region_start_ = 0;
    uintptr_t region_end_ = 0;
    size_t free_pages_ = 0;
};

}  // namespace libos
