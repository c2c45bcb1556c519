// LoadString: string tables live in RT_STRING (6) resources, 16 strings per block, block id
// = string id / 16 + 1, each string a length-prefixed UTF-16 run. The tree walk and its bounds
// checks are loader/resource_tree.cpp; the block itself is checked here.
#include <libos/libc.h>

#include "loader/pe_loader.h"
#include "loader/resource_tree.h"
#include "process/thread.h"
#include "support/text.h"
#include "support/winabi.h"

namespace win32::user32 {
namespace {

// The UTF-16 text of string `id` (length in units), or nullptr.
// `instance`: the module holding the table (a DLL's handle, or NULL/the program's).
const WCHAR* find_string(void* instance, UINT id, uint32_t& length) {
    const PeModule* m = instance ? module_by_handle(instance) : nullptr;
    if (!m) m = main_module();
    if (!m) return nullptr;
    ResourceTree tree = resource_tree_of(*m);
    uint32_t error = 0;
    const pe::ResourceDataEntry* entry = tree.find({6}, {id / 16 + 1}, 0, error);
    const uint8_t* at = entry ? tree.data(*entry) : nullptr;
    if (!at) return nullptr;
    const uint8_t* end = at + entry->Size;
    for (UINT i = 0; i <= id % 16; ++i) {
        if (end - at < 2) return nullptr;
        uint16_t units;
        memcpy(&units, at, 2);
        if (static_cast<size_t>(end - at - 2) < size_t{units} * 2) return nullptr;
        length = units;
        if (i == id % 16) return reinterpret_cast<const WCHAR*>(at + 2);
        at += 2 + size_t{units} * 2;
    }
    return nullptr;
}

}  // namespace

WINAPI int LoadStringW(void* instance, UINT id, WCHAR* buffer, int size) {
    uint32_t length = 0;
    const WCHAR* text = find_string(instance, id, length);
    if (!text || length == 0) {
        last_error() = ERROR_RESOURCE_NAME_NOT_FOUND;
        if (buffer && size > 0) buffer[0] = 0;
        return 0;
    }
    if (size == 0) {   // a read-only pointer to the resource itself
        *reinterpret_cast<const WCHAR**>(buffer) = text;
        return static_cast<int>(length);
    }
    uint32_t n = length < static_cast<uint32_t>(size - 1) ? length : static_cast<uint32_t>(size - 1);
    memcpy(buffer, text, n * sizeof(WCHAR));
    buffer[n] = 0;
    return static_cast<int>(n);
}

WINAPI int LoadStringA(void* instance, UINT id, char* buffer, int size) {
    uint32_t length = 0;
    const WCHAR* text = find_string(instance, id, length);
    if (!buffer || size <= 0) return 0;
    if (!text || length == 0) {
        last_error() = ERROR_RESOURCE_NAME_NOT_FOUND;
        buffer[0] = 0;
        return 0;
    }
    size_t n = utf16_to_utf8(text, length, buffer, static_cast<size_t>(size - 1));
    if (n > static_cast<size_t>(size - 1)) n = static_cast<size_t>(size - 1);
    buffer[n] = 0;
    return static_cast<int>(n);
}

}  // namespace win32::user32
