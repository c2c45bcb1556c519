#include "loader/pe_module.h"

#include <libos/format.h>
#include <libos/libc.h>

#include "support/text.h"

namespace win32 {
namespace {

constinit PeModule storage[kMaxModules] = {};
constinit bool in_use[kMaxModules] = {};
// Published modules in load order; the program is first.
constinit PeModule* modules[kMaxModules] = {};
constinit size_t count = 0;

// "foo" matches "foo.dll" (LoadLibrary and GetModuleHandle append ".dll" to a name without one).
bool same_module_name(const char* module_name, const char* wanted) {
    if (equal_nocase(module_name, wanted)) return true;
    size_t length = strlen(wanted);
    return strchr_ascii(wanted, '.') == nullptr && compare_nocase(module_name, wanted, length) == 0 &&
           equal_nocase(module_name + length, ".dll");
}

}  // namespace

PeModule* new_module() {
    for (size_t i = 0; i < kMaxModules; ++i)
        if (!in_use[i]) {
            in_use[i] = true;
            storage[i] = PeModule{};
            return &storage[i];
        }
    return nullptr;
}

void publish_module(PeModule* module) {
    if (count < kMaxModules) modules[count++] = module;
}

void forget_module(PeModule* module) {
    for (size_t i = 0; i < count; ++i)
        if (modules[i] == module) {
            memmove(&modules[i], &modules[i + 1], (count - i - 1) * sizeof modules[0]);
            --count;
            break;
        }
    // The slot is not reused: its name and path may still be referenced (thunk slots, messages).
}

const PeModule* main_module() { return count > 0 && !modules[0]->is_dll ? modules[0] : nullptr; }

PeModule* module_containing(uint64_t address) {
    for (size_t i = 0; i < count; ++i)
        if (modules[i]->contains(address)) return modules[i];
    return nullptr;
}

PeModule* module_by_handle(const void* handle) {
    for (size_t i = 0; i < count; ++i)
        if (modules[i]->base == handle) return modules[i];
    return nullptr;
}

PeModule* module_by_name(const char* name) {
    if (!name) return nullptr;
    name = file_name_of(name);
    for (size_t i = 0; i < count; ++i)
        if (same_module_name(modules[i]->name, name)) return modules[i];
    return nullptr;
}

size_t module_count() { return count; }
PeModule* module_at(size_t index) { return index < count ? modules[index] : nullptr; }

void describe_address(uint64_t address, char* out, size_t capacity) {
    if (const PeModule* module = module_containing(address))
        libos::format(out, capacity, "%s+0x%lx", module->name, address - reinterpret_cast<uint64_t>(module->base));
    else
        libos::format(out, capacity, "0x%lx", address);
}

const char* file_name_of(const char* path) {
    const char* name = path;
    for (const char* p = path; *p; ++p)
        if (*p == '/' || *p == '\\' || *p == ':') name = p + 1;
    return name;
}

}  // namespace win32
