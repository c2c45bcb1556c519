#include <doctest/doctest.h>

#include <libos/heap.h>

#include <cstdlib>
#include <cstring>
#include <set>
#include <vector>

using libos::Heap;
using libos::kPageSize;
using libos::PageAllocator;

namespace {

struct HeapFixture {
    explicit HeapFixture(size_t pages_in_region = 64) {
        memory = std::aligned_alloc(kPageSize, pages_in_region * kPageSize);
        pages.init(memory, static_cast<char*>(memory) + pages_in_region * kPageSize);
        heap.init(pages);
    }
    ~HeapFixture() { std::free(memory); }
    void* memory;
    PageAllocator pages;
    Heap heap;
};

}  // namespace

TEST_CASE("heap: without a page source every allocation fails") {
    Heap heap;
    CHECK(heap.allocate(1) == nullptr);
}

TEST_CASE("heap: blocks of many sizes are aligned, usable and disjoint") {
    HeapFixture f;
    struct Block { unsigned char* p; size_t n; };
    std::vector<Block> blocks;
    for (size_t n : {0, 1, 7, 16, 17, 31, 100, 500, 1000, 2000, 2032, 2033, 4096, 10000, 50000}) {
        auto* p = static_cast<unsigned char*>(f.heap.allocate(n));
        REQUIRE(p != nullptr);
        CHECK(reinterpret_cast<uintptr_t>(p) % Heap::kAlignment == 0);
        CHECK(Heap::usable_size(p) >= n);
        std::memset(p, static_cast<int>(blocks.size() + 1), n);
        blocks.push_back({p, n});
    }
    for (size_t i = 0; i < blocks.size(); ++i) {
        for (size_t k = 0; k < blocks[i].n; ++k)
            REQUIRE(blocks[i].p[k] == static_cast<unsigned char>(i + 1));   // nobody overlapped
        f.heap.free(blocks[i].p);
    }
}

TEST_CASE("heap: freed small blocks are reused, large blocks go back to the page source") {
    HeapFixture f;
    void* a = f.heap.allocate(40);
    f.heap.free(a);
    CHECK(f.heap.allocate(40) == a);

    size_t free_before = f.pages.free_page_count();
    void* big = f.heap.allocate(5 * kPageSize);
    REQUIRE(big);
    CHECK(f.pages.free_page_count() == free_before - 6);   // 5 pages + header spills into a 6th
    f.heap.free(big);
    CHECK(f.pages.free_page_count() == free_before);
    f.heap.free(nullptr);   // harmless
}

TEST_CASE("heap: reallocate preserves contents when growing and shrinking") {
    HeapFixture f;
    auto* p = static_cast<unsigned char*>(f.heap.reallocate(nullptr, 24));
    REQUIRE(p);
    for (int i = 0; i < 24; ++i) p[i] = static_cast<unsigned char>(i);
    p = static_cast<unsigned char*>(f.heap.reallocate(p, 3000));
    REQUIRE(p);
    for (int i = 0; i < 24; ++i) CHECK(p[i] == i);
    for (int i = 0; i < 3000; ++i) p[i] = static_cast<unsigned char>(i * 7);
    p = static_cast<unsigned char*>(f.heap.reallocate(p, 20000));
    REQUIRE(p);
    for (int i = 0; i < 3000; ++i) CHECK(p[i] == static_cast<unsigned char>(i * 7));
    CHECK(f.heap.reallocate(p, 10) == p);   // shrinking keeps the block
}

TEST_CASE("heap: allocate_zeroed zeroes and rejects overflowing sizes") {
    HeapFixture f;
    auto* p = static_cast<unsigned char*>(f.heap.allocate(256));
    std::memset(p, 0xff, 256);
    f.heap.free(p);
    auto* z = static_cast<unsigned char*>(f.heap.allocate_zeroed(16, 16));
    REQUIRE(z);
    for (int i = 0; i < 256; ++i) CHECK(z[i] == 0);
    CHECK(f.heap.allocate_zeroed(SIZE_MAX / 2, 4) == nullptr);
    CHECK(f.heap.allocate(SIZE_MAX - 8) == nullptr);
}

TEST_CASE("heap: exhaustion returns nullptr, and freeing makes room again") {
    HeapFixture f(32);
    std::vector<void*> megabytes;
    while (void* p = f.heap.allocate(8 * kPageSize)) megabytes.push_back(p);
    CHECK(megabytes.size() == 3);   // 9 pages each out of 32
    std::vector<void*> small;
    while (void* p = f.heap.allocate(100)) small.push_back(p);
    CHECK(!small.empty());
    CHECK(f.heap.allocate(100) == nullptr);
    CHECK(f.heap.reallocate(small.back(), 100000) == nullptr);
    f.heap.free(megabytes.back());
    CHECK(f.heap.allocate(8 * kPageSize) != nullptr);
}

TEST_CASE("heap: a double free is ignored instead of corrupting the free list") {
    HeapFixture f;
    void* a = f.heap.allocate(50);
    f.heap.free(a);
    f.heap.free(a);
    void* b = f.heap.allocate(50);
    void* c = f.heap.allocate(50);
    CHECK(b == a);
    CHECK(c != a);
}
