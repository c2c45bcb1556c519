// Heap: malloc-style allocation on top of a PageSource.
//
// Small blocks (header included, up to kLargestSmallBlock bytes) come from per-size-class free
// lists that are refilled a page at a time; larger blocks get their own run of pages, returned
// to the page source when freed. Every block carries a 16-byte header recording its class or
// page count, so free() needs no size and payloads stay 16-byte aligned. Pure logic: runs on
// the host in unit tests.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <libos/page_allocator.h>

namespace libos {

class Heap {
public:
    static constexpr size_t kAlignment = 16;
    static constexpr size_t kSmallestBlock = 32;
    static constexpr size_t kLargestSmallBlock = 2048;
    static constexpr size_t kClassCount = 7;   // 32, 64, ..., 2048

    constexpr Heap() = default;
    void init(PageSource& pages) { pages_ = &pages; }

    // nullptr when memory is exhausted (or the heap has no page source yet).
    void* allocate(size_t bytes);
    void free(void* payload);
    // realloc semantics: nullptr payload allocates, contents preserved up to the smaller size;
    // on failure the old block is untouched and nullptr is returned.
    void* reallocate(void* payload, size_t bytes);
    // calloc semantics, including the multiplication overflow check.
    void* allocate_zeroed(size_t count, size_t size);

    // Bytes the caller may use in this block (>= the size it asked for).
    static size_t usable_size(const void* payload);

private:
    // A free small block: overlays the block header, keeping the (cleared) magic word intact
    // so a second free of the same block is recognised and ignored.
    struct FreeBlock {
        uint32_t cleared_magic;
        uint32_t size_class;
        FreeBlock* next;
    };

    bool refill(size_t size_class);

    PageSource* pages_ = nullptr;
    FreeBlock* free_lists_[kClassCount] = {};
};

}  // namespace libos
