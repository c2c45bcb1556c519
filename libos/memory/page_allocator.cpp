#include <libos/page_allocator.h>

namespace libos {

void PageAllocator::init(void* start, void* end) {
    uintptr_t first = (reinterpret_cast<uintptr_t>(start) + kPageSize - 1) & ~(kPageSize - 1);
    uintptr_t last = reinterpret_cast<uintptr_t>(end) & ~(kPageSize - 1);
    head_ = nullptr;
    free_pages_ = 0;
    region_start_ = first;
    region_end_ = last > first ? last : first;
    if (region_end_ > region_start_) {
        head_ = reinterpret_cast<FreeRun*>(region_start_);
        head_->pages = total_pages();
        head_->next = nullptr;
        free_pages_ = head_->pages;
    }
}

void* PageAllocator::allocate_pages(size_t count) {
    if (count == 0 || count > free_pages_) return nullptr;
    // First fit. Taking pages from the end of a run leaves its header where it is, so only an
    // exactly-consumed run has to be unlinked.
    FreeRun** link = &head_;
    for (FreeRun* run = head_; run != nullptr; link = &run->next, run = run->next) {
        if (run->pages < count) continue;
        free_pages_ -= count;
        if (run->pages == count) {
            *link = run->next;
            return run;
        }
        run->pages -= count;
        return reinterpret_cast<char*>(run) + run->pages * kPageSize;
    }
    return nullptr;
}

PageFreeError PageAllocator::release(void* first, size_t count) {
    uintptr_t start = reinterpret_cast<uintptr_t>(first);
    if (count == 0) return PageFreeError::none;
    if (start % kPageSize != 0) return PageFreeError::misaligned;
    if (start < region_start_ || start >= region_end_ ||
        count > (region_end_ - start) / kPageSize)
        return PageFreeError::outside_region;
    uintptr_t end = start + count * kPageSize;

    // Find the free runs just below and just above the returned run.
    FreeRun* before = nullptr;
    FreeRun* after = head_;
    while (after != nullptr && reinterpret_cast<uintptr_t>(after) < start) {
        before = after;
        after = after->next;
    }
    uintptr_t before_end =
        before ? reinterpret_cast<uintptr_t>(before) + before->pages * kPageSize : 0;
    if ((before && before_end > start) || (after && reinterpret_cast<uintptr_t>(after) < end))
        return PageFreeError::already_free;

    free_pages_ += count;
    FreeRun* run = reinterpret_cast<FreeRun*>(start);
    run->pages = count;
    run->next = after;
    if (after && end == reinterpret_cast<uintptr_t>(after)) {   // merge with the run above
        run->pages += after->pages;
        run->next = after->next;
    }
    if (before && before_end == start) {                       // merge into the run below
        before->pages += run->pages;
        before->next = run->next;
    } else if (before) {
        before->next = run;
    } else {
        head_ = run;
    }
    return PageFreeError::none;
}

bool PageAllocator::reserve(void* first, size_t count) {
    uintptr_t start = reinterpret_cast<uintptr_t>(first);
    if (count == 0) return true;
    if (start % kPageSize != 0 || start < region_start_ || start >= region_end_ ||
        count > (region_end_ - start) / kPageSize)
        return false;
    uintptr_t end = start + count * kPageSize;
    FreeRun** link = &head_;
    for (FreeRun* run = head_; run != nullptr; link = &run->next, run = run->next) {
        uintptr_t run_start = reinterpret_cast<uintptr_t>(run);
        uintptr_t run_end = run_start + run->pages * kPageSize;
        if (run_start > start) return false;
        if (run_end < end) continue;
        // [start, end) lies inside this run: keep what is left below and above it.
        size_t above = (run_end - end) / kPageSize;
        FreeRun* next = run->next;
        if (above > 0) {
            auto* upper = reinterpret_cast<FreeRun*>(end);
            upper->pages = above;
            upper->next = next;
            next = upper;
        }
        if (start > run_start) {
            run->pages = (start - run_start) / kPageSize;
            run->next = next;
        } else {
            *link = next;
        }
        free_pages_ -= count;
        return true;
    }
    return false;
}

void PageAllocator::next_allocations(size_t max_bytes, uintptr_t& begin, uintptr_t& end) const {
    begin = end = 0;
    if (head_ == nullptr) return;
    // allocate_pages takes from the end of the lowest run that fits: for the small requests
    // that come first (heap pages, a program's sections), the top of the first run.
    const uintptr_t run_start = reinterpret_cast<uintptr_t>(head_);
    end = run_start + head_->pages * kPageSize;
    const size_t wanted = max_bytes & ~(kPageSize - 1);
    begin = end - (wanted < end - run_start ? wanted : end - run_start);
}

size_t PageAllocator::largest_free_run() const {
    size_t largest = 0;
    for (FreeRun* run = head_; run != nullptr; run = run->next)
        if (run->pages > largest) largest = run->pages;
    return largest;
}

}  // namespace libos
