#include <libos/memory.h>

namespace libos {
namespace {
// constinit: usable before (and without) any constructor running.
constinit PageAllocator global_pages;
constinit Heap global_heap;
}  // namespace

void init_memory(void* free_start, void* free_end) {
    global_pages.init(free_start, free_end);
    global_heap.init(global_pages);
}

PageAllocator& page_allocator() { return global_pages; }
Heap& heap() { return global_heap; }

}  // namespace libos
