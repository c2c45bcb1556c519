// memcpy & co. The compiler emits calls to these on its own (struct copies, zeroing), so they
// must exist; the libos target is built with -fno-tree-loop-distribute-patterns so these
// loops are not "optimised" back into calls to themselves.
#include <libos/libc.h>

#include <stdint.h>

extern "C" {

void* memcpy(void* destination, const void* source, size_t length) {
    void* result = destination;
    asm volatile("rep movsb" : "+D"(destination), "+S"(source), "+c"(length) : : "memory");
    return result;
}

void* memmove(void* destination, const void* source, size_t length) {
    auto* to = static_cast<unsigned char*>(destination);
    auto* from = static_cast<const unsigned char*>(source);
    if (to <= from || to >= from + length) return memcpy(destination, source, length);
    while (length-- > 0) to[length] = from[length];   // overlapping, destination above: go down
    return destination;
}

void* memset(void* destination, int value, size_t length) {
    void* result = destination;
    asm volatile("rep stosb" : "+D"(destination), "+c"(length) : "a"(value) : "memory");
    return result;
}

int memcmp(const void* a, const void* b, size_t length) {
    auto* left = static_cast<const unsigned char*>(a);
    auto* right = static_cast<const unsigned char*>(b);
    for (size_t i = 0; i < length; ++i)
        if (left[i] != right[i]) return left[i] < right[i] ? -1 : 1;
    return 0;
}

size_t strlen(const char* text) {
    size_t length = 0;
    while (text[length] != '\0') ++length;
    return length;
}

int strncmp(const char* a, const char* b, size_t length) {
    for (size_t i = 0; i < length; ++i) {
        auto left = static_cast<unsigned char>(a[i]);
        auto right = static_cast<unsigned char>(b[i]);
        if (left != right) return left < right ? -1 : 1;
        if (left == '\0') return 0;
    }
    return 0;
}

int strcmp(const char* a, const char* b) { return strncmp(a, b, SIZE_MAX); }

long strtol(const char* text, char** end, int base) {
    const char* p = text;
    while (*p == ' ' || *p == '\t') ++p;
    bool negative = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = p[0] == '0' ? 8 : 10;
    }
    const char* digits_start = p;
    unsigned long value = 0;
    for (;; ++p) {
        int digit = *p >= '0' && *p <= '9'   ? *p - '0'
                    : *p >= 'a' && *p <= 'z' ? *p - 'a' + 10
                    : *p >= 'A' && *p <= 'Z' ? *p - 'A' + 10
                                             : 99;
        if (digit >= base) break;
        value = value * static_cast<unsigned long>(base) + static_cast<unsigned long>(digit);
    }
    if (end) *end = const_cast<char*>(p == digits_start ? text : p);
    return negative ? -static_cast<long>(value) : static_cast<long>(value);
}

}
