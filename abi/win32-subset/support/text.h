// Small string helpers the Win32 layer needs beyond libos/libc.h: ASCII case folding and
// UTF-16 ("wide") strings, which Windows uses for every *W function.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <libos/libc.h>

namespace win32 {

using wchar = char16_t;   // Windows' WCHAR: UTF-16 code unit

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
inline char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }
bool equal_nocase(const char* a, const char* b);
bool starts_with_nocase(const char* text, const char* prefix);
int compare_nocase(const char* a, const char* b, size_t limit = SIZE_MAX);

size_t wlen(const wchar* text);
inline const char* strchr_ascii(const char* text, char c) {
    for (; *text; ++text)
        if (*text == c) return text;
    return nullptr;
}
inline char* strrchr_ascii(char* text, char c) {
    char* last = nullptr;
    for (; *text; ++text)
        if (*text == c) last = text;
    return last;
}
// Appends `tail` to the NUL-terminated `text` in a buffer of `capacity` bytes (truncating).
inline void strcat_ascii(char* text, const char* tail, size_t capacity) {
    size_t n = strlen(text);
    while (*tail && n + 1 < capacity) text[n++] = *tail++;
    text[n] = 0;
}
// Heap copies (free with ::free). nullptr on allocation failure or nullptr input.
char* dup(const char* text);
wchar* wdup(const wchar* text);

// UTF-8 <-> UTF-16 over exactly `in_length` units (a NUL inside is converted like any other
// character). Return the number of units produced; with `out` == nullptr only count. Output
// stops at `capacity`. Invalid input becomes U+FFFD.
size_t utf8_to_utf16(const char* in, size_t in_length, wchar* out, size_t capacity);
size_t utf16_to_utf8(const wchar* in, size_t in_length, char* out, size_t capacity);
// Heap-allocated NUL-terminated conversions (free with ::free).
wchar* to_wide(const char* utf8);
char* to_utf8(const wchar* wide);

}  // namespace win32
