#include "dlls/version/version_block.h"

#include <libos/libc.h>

namespace win32::version {
namespace {

struct Block {
    size_t end = 0;             // one past its last byte (start + wLength)
    size_t key = 0, key_units = 0;
    size_t value = 0, value_bytes = 0;
    uint16_t value_length = 0;  // wValueLength as stored
    bool text = false;
    size_t children = 0;
};

uint16_t read16(const uint8_t* b, size_t at) {
    uint16_t v;
    memcpy(&v, b + at, 2);
    return v;
}

// Offsets are from the start of the resource, which is 4-byte aligned in the file and in the
// caller's buffer alike: the padding rule "align to 4" is on these offsets.
size_t align4(size_t offset) { return (offset + 3) & ~size_t{3}; }

bool parse_block(const uint8_t* b, size_t limit, size_t start, Block& out) {
    if (start > limit || limit - start < 6) return false;
    uint16_t length = read16(b, start);
    if (length < 6 || length > limit - start) return false;
    out.end = start + length;
    out.value_length = read16(b, start + 2);
    out.text = read16(b, start + 4) == 1;
    out.key = start + 6;
    size_t at = out.key;
    while (true) {
        if (out.end - at < 2) return false;  // the key must end inside the block
        if (read16(b, at) == 0) break;
        at += 2;
    }
    out.key_units = (at - out.key) / 2;
    out.value = align4(at + 2);
    if (out.value > out.end) out.value = out.end;
    // Text lengths count UTF-16 units; some resource compilers wrote bytes: never past the block.
    size_t bytes = out.text ? size_t{out.value_length} * 2 : out.value_length;
    out.value_bytes = bytes < out.end - out.value ? bytes : out.end - out.value;
    out.children = align4(out.value + out.value_bytes);
    if (out.children > out.end) out.children = out.end;
    return true;
}

char16_t upper(char16_t c) { return c >= u'a' && c <= u'z' ? static_cast<char16_t>(c - 32) : c; }

bool key_is(const uint8_t* b, const Block& block, const char16_t* name, size_t units) {
    if (block.key_units != units) return false;
    for (size_t i = 0; i < units; ++i)
        if (upper(read16(b, block.key + 2 * i)) != upper(name[i])) return false;
    return true;
}

}  // namespace

bool query_version_value(const uint8_t* block, size_t size, const char16_t* path, VersionValue& out) {
    Block current;
    if (!block || !path || !parse_block(block, size, 0, current)) return false;
    const char16_t* p = path;
    while (true) {
        while (*p == u'\\') ++p;
        if (*p == 0) break;
        const char16_t* name = p;
        while (*p && *p != u'\\') ++p;
        size_t units = static_cast<size_t>(p - name);
        bool found = false;
        for (size_t at = current.children; at < current.end;) {
            Block child;
            if (!parse_block(block, current.end, at, child)) break;
            if (key_is(block, child, name, units)) {
                current = child;
                found = true;
                break;
            }
            at = align4(child.end);
        }
        if (!found) return false;
    }
    if (current.value_bytes == 0 && !current.text) return false;  // "\\" of a block without VS_FIXEDFILEINFO
    out.data = block + current.value;
    out.text = current.text;
    out.length = current.text ? static_cast<uint32_t>(current.value_bytes / 2) : static_cast<uint32_t>(current.value_bytes);
    return true;
}

}  // namespace win32::version
