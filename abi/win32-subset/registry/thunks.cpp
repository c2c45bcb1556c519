#include "registry/thunks.h"

#include <libos/boot_info.h>
#include <libos/console.h>
#include <libos/env.h>
#include <libos/format.h>
#include <libos/libc.h>
#include <libos/panic.h>

#include "loader/pe_loader.h"
#include "process/thread.h"
#include "support/winabi.h"

extern "C" char win32_thunk_slots[];
extern "C" char win32_relay_return[];

namespace win32 {
namespace {

constexpr uint32_t kSlotCount = 4096;
constexpr uint32_t kSlotBytes = 16;

struct Slot {
    const char* dll;
    const char* function;
    void* target;      // nullptr: unimplemented
    uint32_t flags;
};

constinit Slot slots[kSlotCount] = {};
constinit uint32_t used_slots = 0;
constinit bool tracing = false;

// Where `address` is, for humans: "tool.exe+0x1a2b", "zlib1.dll+0x4f0" or a bare address.
void describe(uint64_t address, char* out, size_t capacity) { describe_address(address, out, capacity); }

}  // namespace

bool win32_tracing() { return tracing; }

void init_tracing() {
    // `celda run --trace=win32` (or CELDA_TRACE=win32 on the host) reaches us as a boot flag;
    // CELDA_TRACE in the guest's environment (-e) works too.
    if (libos::boot_info().trace_flags & CELDA_TRACE_WIN32) tracing = true;
    const char* flags = libos::getenv("CELDA_TRACE");
    if (!flags) return;
    // A comma-separated list; "win32" or "all" turns the relay on.
    for (const char* p = flags; *p;) {
        const char* end = p;
        while (*end && *end != ',') ++end;
        size_t n = static_cast<size_t>(end - p);
        if ((n == 5 && strncmp(p, "win32", 5) == 0) || (n == 3 && strncmp(p, "all", 3) == 0)) tracing = true;
        p = *end ? end + 1 : end;
    }
}

void* bind_import(const char* dll_name, const char* function, const Export* export_row) {
    if (export_row && (export_row->flags & kExportData)) return export_row->address;
    if (export_row && !tracing) return export_row->address;
    if (used_slots == kSlotCount) return nullptr;
    slots[used_slots] = {dll_name, function, export_row ? export_row->address : nullptr,
                         export_row ? export_row->flags : 0};
    return win32_thunk_slots + kSlotBytes * used_slots++;
}

}  // namespace win32

using namespace win32;

// Called by every thunk slot (registry/thunks.S) with the caller's four register arguments and
// the stack slot holding its return address; returns where the thunk should jump.
extern "C" WINAPI void* win32_thunk_enter(uint32_t index, const uint64_t* args, uint64_t* return_slot) {
    const Slot& slot = slots[index];
    char caller[64];
    describe(*return_slot, caller, sizeof caller);
    if (slot.target == nullptr)
        libos::panic("unimplemented: %s!%s (called from %s)", slot.dll, slot.function, caller);
    libos::eprint("celda[win32]: %04x:Call %s!%s(0x%lx, 0x%lx, 0x%lx, 0x%lx) ret=%s\n", current_thread_id(),
                  slot.dll, slot.function, args[0], args[1], args[2], args[3], caller);
    Thread* thread = current_thread();
    if ((slot.flags & kExportNoRelay) || thread == nullptr ||
        thread->relay_depth == sizeof thread->relay_returns / sizeof thread->relay_returns[0])
        return slot.target;
    // Return through win32_relay_return to log the result; slot index in the top 16 bits
    // (user addresses fit in 48).
    thread->relay_returns[thread->relay_depth++] = (static_cast<uint64_t>(index) << 48) | *return_slot;
    *return_slot = reinterpret_cast<uint64_t>(win32_relay_return);
    return slot.target;
}

extern "C" WINAPI uint64_t win32_relay_leave(uint64_t result) {
    Thread* thread = current_thread();
    if (thread == nullptr || thread->relay_depth == 0) libos::panic("win32 relay: return with no call in flight");
    uint64_t saved = thread->relay_returns[--thread->relay_depth];
    uint64_t return_address = saved & ((1ull << 48) - 1);
    const Slot& slot = slots[saved >> 48];
    char caller[64];
    describe(return_address, caller, sizeof caller);
    libos::eprint("celda[win32]: %04x:Ret  %s!%s() retval=0x%lx ret=%s\n", current_thread_id(), slot.dll,
                  slot.function, result, caller);
    return return_address;
}
