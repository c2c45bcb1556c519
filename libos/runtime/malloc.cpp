#include <libos/libc.h>
#include <libos/memory.h>

extern "C" {

void* malloc(size_t bytes) { return libos::heap().allocate(bytes); }
void free(void* pointer) { libos::heap().free(pointer); }
void* calloc(size_t count, size_t size) { return libos::heap().allocate_zeroed(count, size); }
void* realloc(void* pointer, size_t bytes) { return libos::heap().reallocate(pointer, bytes); }

}
