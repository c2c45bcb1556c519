// The few C library functions the library OS provides to guest code (and that the compiler may
// call on its own: memcpy, memset...). Allocation returns nullptr once memory is exhausted:
// that is how a `--memory` cap shows up inside the guest.
#pragma once

#include <stddef.h>

extern "C" {
void* memcpy(void* destination, const void* source, size_t length);
void* memmove(void* destination, const void* source, size_t length);
void* memset(void* destination, int value, size_t length);
int memcmp(const void* a, const void* b, size_t length);
size_t strlen(const char* text);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t length);

void* malloc(size_t bytes);
void free(void* pointer);
void* calloc(size_t count, size_t size);
void* realloc(void* pointer, size_t bytes);

// Parses a decimal integer like strtol(text, end, 10).
long strtol(const char* text, char** end, int base);
}
