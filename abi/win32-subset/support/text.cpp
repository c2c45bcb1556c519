#include "support/text.h"

namespace win32 {

bool equal_nocase(const char* a, const char* b) { return compare_nocase(a, b) == 0; }

int compare_nocase(const char* a, const char* b, size_t limit) {
    for (size_t i = 0; i < limit; ++i) {
        char x = ascii_lower(a[i]), y = ascii_lower(b[i]);
        if (x != y) return static_cast<unsigned char>(x) < static_cast<unsigned char>(y) ? -1 : 1;
        if (x == '\0') return 0;
    }
    return 0;
}

bool starts_with_nocase(const char* text, const char* prefix) {
    for (; *prefix; ++prefix, ++text)
        if (ascii_lower(*text) != ascii_lower(*prefix)) return false;
    return true;
}

size_t wlen(const wchar* text) {
    size_t n = 0;
    while (text[n]) ++n;
    return n;
}

char* dup(const char* text) {
    if (!text) return nullptr;
    size_t n = strlen(text) + 1;
    auto* copy = static_cast<char*>(malloc(n));
    if (copy) memcpy(copy, text, n);
    return copy;
}

wchar* wdup(const wchar* text) {
    if (!text) return nullptr;
    size_t n = (wlen(text) + 1) * sizeof(wchar);
    auto* copy = static_cast<wchar*>(malloc(n));
    if (copy) memcpy(copy, text, n);
    return copy;
}

namespace {

// Decodes one code point from UTF-8; advances `i`. Returns 0xFFFD for malformed input.
uint32_t decode_utf8(const unsigned char* in, size_t length, size_t& i) {
    uint32_t c = in[i++];
    if (c < 0x80) return c;
    int extra = c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1;
    if (extra < 0 || c >= 0xf8) return 0xfffd;
    uint32_t cp = c & (0x3f >> extra);
    for (int k = 0; k < extra; ++k) {
        if (i >= length || (in[i] & 0xc0) != 0x80) return 0xfffd;
        cp = (cp << 6) | (in[i++] & 0x3f);
    }
    bool overlong = (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000);
    if (overlong || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return 0xfffd;
    return cp;
}

}  // namespace

size_t utf8_to_utf16(const char* in, size_t in_length, wchar* out, size_t capacity) {
    auto* bytes = reinterpret_cast<const unsigned char*>(in);
    size_t produced = 0;
    auto put = [&](uint32_t unit) {
        if (out && produced < capacity) out[produced] = static_cast<wchar>(unit);
        ++produced;
    };
    for (size_t i = 0; i < in_length;) {
        uint32_t cp = decode_utf8(bytes, in_length, i);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            put(0xd800 + (cp >> 10));
            put(0xdc00 + (cp & 0x3ff));
        } else {
            put(cp);
        }
    }
    return produced;
}

size_t utf16_to_utf8(const wchar* in, size_t in_length, char* out, size_t capacity) {
    size_t produced = 0;
    auto put = [&](uint32_t byte) {
        if (out && produced < capacity) out[produced] = static_cast<char>(byte);
        ++produced;
    };
    for (size_t i = 0; i < in_length; ++i) {
        uint32_t cp = in[i];
        if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < in_length && in[i + 1] >= 0xdc00 && in[i + 1] < 0xe000)
            cp = 0x10000 + ((cp - 0xd800) << 10) + (in[++i] - 0xdc00);
        else if (cp >= 0xd800 && cp < 0xe000)
            cp = 0xfffd;   // a lone surrogate
        if (cp < 0x80) {
            put(cp);
        } else if (cp < 0x800) {
            put(0xc0 | (cp >> 6)); put(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            put(0xe0 | (cp >> 12)); put(0x80 | ((cp >> 6) & 0x3f)); put(0x80 | (cp & 0x3f));
        } else {
            put(0xf0 | (cp >> 18)); put(0x80 | ((cp >> 12) & 0x3f));
            put(0x80 | ((cp >> 6) & 0x3f)); put(0x80 | (cp & 0x3f));
        }
    }
    return produced;
}

wchar* to_wide(const char* utf8) {
    if (!utf8) return nullptr;
    size_t n = strlen(utf8) + 1;
    size_t units = utf8_to_utf16(utf8, n, nullptr, 0);
    auto* out = static_cast<wchar*>(malloc(units * sizeof(wchar)));
    if (out) utf8_to_utf16(utf8, n, out, units);
    return out;
}

char* to_utf8(const wchar* wide) {
    if (!wide) return nullptr;
    size_t n = wlen(wide) + 1;
    size_t bytes = utf16_to_utf8(wide, n, nullptr, 0);
    auto* out = static_cast<char*>(malloc(bytes));
    if (out) utf16_to_utf8(wide, n, out, bytes);
    return out;
}

}  // namespace win32
