#include <doctest/doctest.h>

#include <libos/page_allocator.h>

#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

using libos::kPageSize;
using libos::PageAllocator;
using libos::PageFreeError;

namespace {

// A region with a guard page on each side, filled with a pattern, so writes outside the
// managed region are detected.
struct Region {
    static constexpr unsigned char kGuard = 0xa5;
    explicit Region(size_t pages) : pages(pages) {
        memory = static_cast<unsigned char*>(std::aligned_alloc(kPageSize, (pages + 2) * kPageSize));
        std::memset(memory, kGuard, (pages + 2) * kPageSize);
    }
    ~Region() { std::free(memory); }
    unsigned char* start() const { return memory + kPageSize; }
    unsigned char* end() const { return start() + pages * kPageSize; }
    bool guards_intact() const {
        for (size_t i = 0; i < kPageSize; ++i)
            if (memory[i] != kGuard || end()[i] != kGuard) return false;
        return true;
    }
    size_t pages;
    unsigned char* memory;
};

}  // namespace

TEST_CASE("page allocator: hands out distinct pages inside the region until exhausted") {
    Region region(16);
    PageAllocator pages;
    pages.init(region.start(), region.end());
    CHECK(pages.total_pages() == 16);
    CHECK(pages.free_page_count() == 16);

    std::vector<unsigned char*> got;
    while (void* page = pages.allocate_pages(1)) got.push_back(static_cast<unsigned char*>(page));
    REQUIRE(got.size() == 16);
    CHECK(pages.free_page_count() == 0);
    CHECK(pages.allocate_pages(1) == nullptr);
    for (size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i] >= region.start());
        CHECK(got[i] + kPageSize <= region.end());
        CHECK(reinterpret_cast<uintptr_t>(got[i]) % kPageSize == 0);
        for (size_t j = 0; j < i; ++j) CHECK(got[i] != got[j]);
        std::memset(got[i], static_cast<int>(i), kPageSize);
    }
    CHECK(region.guards_intact());
}

TEST_CASE("page allocator: unaligned bounds are rounded inward") {
    Region region(8);
    PageAllocator pages;
    pages.init(region.start() + 1, region.end() - 1);
    CHECK(pages.total_pages() == 6);
    CHECK(pages.region_start() == reinterpret_cast<uintptr_t>(region.start() + kPageSize));
}

TEST_CASE("page allocator: zero and oversized requests fail") {
    Region region(4);
    PageAllocator pages;
    pages.init(region.start(), region.end());
    CHECK(pages.allocate_pages(0) == nullptr);
    CHECK(pages.allocate_pages(5) == nullptr);
    CHECK(pages.allocate_pages(4) != nullptr);
}

TEST_CASE("page allocator: freeing coalesces neighbours back into one run") {
    Region region(12);
    PageAllocator pages;
    pages.init(region.start(), region.end());
    void* a = pages.allocate_pages(4);
    void* b = pages.allocate_pages(4);
    void* c = pages.allocate_pages(4);
    REQUIRE((a && b && c));
    CHECK(pages.allocate_pages(1) == nullptr);

    CHECK(pages.release(a, 4) == PageFreeError::none);
    CHECK(pages.release(c, 4) == PageFreeError::none);
    CHECK(pages.largest_free_run() == 4);
    CHECK(pages.allocate_pages(8) == nullptr);   // fragmented: two runs of 4
    CHECK(pages.release(b, 4) == PageFreeError::none);
    CHECK(pages.largest_free_run() == 12);       // middle free joins both sides
    CHECK(pages.allocate_pages(12) != nullptr);
    CHECK(region.guards_intact());
}

TEST_CASE("page allocator: bad frees are refused and leave the state alone") {
    Region region(8);
    PageAllocator pages;
    pages.init(region.start(), region.end());
    auto* run = static_cast<unsigned char*>(pages.allocate_pages(2));
    REQUIRE(run);
    size_t free_before = pages.free_page_count();

    CHECK(pages.release(run + 1, 1) == PageFreeError::misaligned);
    CHECK(pages.release(region.start() - kPageSize, 1) == PageFreeError::outside_region);
    CHECK(pages.release(region.end(), 1) == PageFreeError::outside_region);
    CHECK(pages.release(run, 100) == PageFreeError::outside_region);
    CHECK(pages.release(region.start(), 1) == PageFreeError::already_free);
    CHECK(pages.free_page_count() == free_before);

    CHECK(pages.release(run, 2) == PageFreeError::none);
    CHECK(pages.release(run, 2) == PageFreeError::already_free);   // double free
    CHECK(pages.release(run + kPageSize, 1) == PageFreeError::already_free);
    CHECK(pages.free_page_count() == 8);
    CHECK(region.guards_intact());
}

TEST_CASE("page allocator: random alloc/free never overlaps and ends fully coalesced") {
    constexpr size_t kPages = 256;
    Region region(kPages);
    PageAllocator pages;
    pages.init(region.start(), region.end());
    std::mt19937 rng(1234);
    struct Run { unsigned char* start; size_t count; };
    std::vector<Run> live;
    std::vector<int> owner(kPages, -1);

    for (int step = 0; step < 4000; ++step) {
        if (live.empty() || rng() % 3 != 0) {
            size_t count = 1 + rng() % 9;
            auto* start = static_cast<unsigned char*>(pages.allocate_pages(count));
            if (!start) continue;
            size_t first = static_cast<size_t>(start - region.start()) / kPageSize;
            REQUIRE(start >= region.start());
            REQUIRE(first + count <= kPages);
            for (size_t p = first; p < first + count; ++p) {
                REQUIRE(owner[p] == -1);
                owner[p] = step;
            }
            std::memset(start, 0x5a, count * kPageSize);   // clobbers any bookkeeping it overlaps
            live.push_back({start, count});
        } else {
            size_t victim = rng() % live.size();
            Run run = live[victim];
            live.erase(live.begin() + static_cast<long>(victim));
            size_t first = static_cast<size_t>(run.start - region.start()) / kPageSize;
            for (size_t p = first; p < first + run.count; ++p) owner[p] = -1;
            REQUIRE(pages.release(run.start, run.count) == PageFreeError::none);
        }
    }
    for (Run run : live) REQUIRE(pages.release(run.start, run.count) == PageFreeError::none);
    CHECK(pages.free_page_count() == kPages);
    CHECK(pages.largest_free_run() == kPages);
    CHECK(region.guards_intact());
}

TEST_CASE("page allocator: next_allocations names the pages the next allocations take") {
    Region region(16);
    PageAllocator pages;
    pages.init(region.start(), region.end());
    uintptr_t begin = 0, end = 0;
    pages.next_allocations(4 * kPageSize, begin, end);
    CHECK(end == reinterpret_cast<uintptr_t>(region.end()));
    CHECK(begin == end - 4 * kPageSize);
    // The next four single pages are exactly those.
    for (int i = 0; i < 4; ++i) {
        auto page = reinterpret_cast<uintptr_t>(pages.allocate_pages(1));
        CHECK(page >= begin);
        CHECK(page < end);
    }
    // Capped at what the run holds; a partial page is not a page; an empty allocator names none.
    pages.next_allocations(100 * kPageSize, begin, end);
    CHECK(end - begin == 12 * kPageSize);
    pages.next_allocations(kPageSize + 1, begin, end);
    CHECK(end - begin == kPageSize);
    while (pages.allocate_pages(1) != nullptr) {
    }
    pages.next_allocations(4 * kPageSize, begin, end);
    CHECK(begin == end);
    CHECK(region.guards_intact());
}
