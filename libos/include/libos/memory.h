// The guest's memory: one page allocator over the free region the monitor described, and the
// heap on top of it (malloc/new). Set up once by the boot code.
#pragma once

#include <libos/heap.h>
#include <libos/page_allocator.h>

namespace libos {

void init_memory(void* free_start, void* free_end);
PageAllocator& page_allocator();
Heap& heap();

}  // namespace libos
