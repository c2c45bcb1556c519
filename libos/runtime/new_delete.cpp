// Global new/delete on the heap. Without exceptions, a throwing new that fails cannot report
// it: it panics. The nothrow forms return nullptr like malloc.
#include <libos/memory.h>
#include <libos/panic.h>

namespace std {
struct nothrow_t {
    explicit nothrow_t() = default;
};
}  // namespace std

namespace {
void* allocate_or_panic(size_t bytes) {
    void* block = libos::heap().allocate(bytes);
    if (block == nullptr) libos::panic("out of memory: operator new(%zu)", bytes);
    return block;
}
}  // namespace

void* operator new(size_t bytes) { return allocate_or_panic(bytes); }
void* operator new[](size_t bytes) { return allocate_or_panic(bytes); }
void* operator new(size_t bytes, const std::nothrow_t&) noexcept { return libos::heap().allocate(bytes); }
void* operator new[](size_t bytes, const std::nothrow_t&) noexcept { return libos::heap().allocate(bytes); }
void operator delete(void* block) noexcept { libos::heap().free(block); }
void operator delete[](void* block) noexcept { libos::heap().free(block); }
void operator delete(void* block, size_t) noexcept { libos::heap().free(block); }
void operator delete[](void* block, size_t) noexcept { libos::heap().free(block); }
