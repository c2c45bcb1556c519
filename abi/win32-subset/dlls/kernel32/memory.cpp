// The process heap and Heap*, Local/Global alloc, and Virtual* on the library OS's pages.
// Heaps are all the one library-OS heap (HeapCreate hands out distinct handles so HeapDestroy
// is harmless). VirtualAlloc reserves and commits at once; PAGE_EXECUTE_READWRITE gives
// read-write pages (W^X: nothing is writable and executable at once), which is what
// patch-then-restore code (pseudo-relocations) needs.
#include <libos/libc.h>
#include <libos/boot_info.h>
#include <libos/memory.h>

#include "registry/registry.h"
#include "dlls/kernel32/kernel32.h"
#include "loader/page_protection.h"
#include "loader/pe_loader.h"
#include "process/thread.h"

namespace win32::kernel32 {
namespace {

constexpr DWORD kHeapZeroMemory = 0x08;
constinit int process_heap_marker = 0;

struct Region {
    uintptr_t base;
    size_t bytes;
    DWORD protect;
};
constinit Region regions[1024] = {};

Region* region_containing(uintptr_t address) {
    for (Region& r : regions)
        if (r.base && address >= r.base && address < r.base + r.bytes) return &r;
    return nullptr;
}

// What VirtualProtect set, page range by page range, newest last (a region's own entry holds
// its allocation protection; VirtualProtect may change part of a region, or image pages).
struct ProtectedRange {
    uintptr_t start, end;
    DWORD protect;
};
constexpr size_t kMaxProtectedRanges = 256;
constinit ProtectedRange protected_ranges[kMaxProtectedRanges] = {};
constinit size_t protected_range_count = 0;

// Forgets the ranges inside [start, end).
void forget_protections(uintptr_t start, uintptr_t end) {
    size_t kept = 0;
    for (size_t i = 0; i < protected_range_count; ++i)
        if (!(protected_ranges[i].start >= start && protected_ranges[i].end <= end))
            protected_ranges[kept++] = protected_ranges[i];
    protected_range_count = kept;
}
void record_protection(uintptr_t start, uintptr_t end, DWORD protect) {
    forget_protections(start, end);
    if (protected_range_count == kMaxProtectedRanges) {   // the oldest goes
        memmove(protected_ranges, protected_ranges + 1, (kMaxProtectedRanges - 1) * sizeof protected_ranges[0]);
        --protected_range_count;
    }
    protected_ranges[protected_range_count++] = {start, end, protect};
}
// The protection VirtualProtect last gave the page at `address`, else `otherwise`.
DWORD protection_at(uintptr_t address, DWORD otherwise) {
    for (size_t i = protected_range_count; i-- > 0;)
        if (address >= protected_ranges[i].start && address < protected_ranges[i].end) return protected_ranges[i].protect;
    return otherwise;
}

PageProtection to_protection(DWORD protect) {
    switch (protect & 0xff) {
        case 0x01: return PageProtection::none;           // PAGE_NOACCESS
        case 0x02: return PageProtection::read;           // PAGE_READONLY
        case 0x10: case 0x20: return PageProtection::read_execute;  // EXECUTE(_READ)
        default: return PageProtection::read_write;       // READWRITE, WRITECOPY, EXECUTE_READWRITE
    }
}

}  // namespace

WINAPI HANDLE GetProcessHeap() { return &process_heap_marker; }
WINAPI HANDLE HeapCreate(DWORD, SIZE_T, SIZE_T) { return new int(0); }
WINAPI BOOL HeapDestroy(HANDLE heap) {
    if (heap != &process_heap_marker) delete static_cast<int*>(heap);
    return kTrue;
}

WINAPI void* HeapAlloc(HANDLE, DWORD flags, SIZE_T bytes) {
    void* block = (flags & kHeapZeroMemory) ? calloc(1, bytes ? bytes : 1) : malloc(bytes ? bytes : 1);
    if (!block) last_error() = ERROR_NOT_ENOUGH_MEMORY;
    return block;
}

WINAPI void* HeapReAlloc(HANDLE, DWORD flags, void* block, SIZE_T bytes) {
    size_t old = block ? libos::Heap::usable_size(block) : 0;
    void* grown = realloc(block, bytes ? bytes : 1);
    if (!grown) {
        last_error() = ERROR_NOT_ENOUGH_MEMORY;
        return nullptr;
    }
    size_t now = libos::Heap::usable_size(grown);
    if ((flags & kHeapZeroMemory) && now > old) memset(static_cast<char*>(grown) + old, 0, now - old);
    return grown;
}

WINAPI BOOL HeapFree(HANDLE, DWORD, void* block) {
    free(block);
    return kTrue;
}

WINAPI SIZE_T HeapSize(HANDLE, DWORD, const void* block) { return libos::Heap::usable_size(block); }
WINAPI BOOL HeapValidate(HANDLE, DWORD, const void*) { return kTrue; }
WINAPI BOOL HeapSetInformation(HANDLE, int, void*, SIZE_T) { return kTrue; }
WINAPI SIZE_T HeapCompact(HANDLE, DWORD) { return 1 << 20; }
WINAPI BOOL HeapLock(HANDLE) { return kTrue; }
WINAPI BOOL HeapUnlock(HANDLE) { return kTrue; }

WINAPI void* LocalAlloc(UINT flags, SIZE_T bytes) { return HeapAlloc(nullptr, (flags & 0x40) ? kHeapZeroMemory : 0, bytes); }
WINAPI void* LocalFree(void* block) {
    free(block);
    return nullptr;
}
WINAPI void* LocalReAlloc(void* block, SIZE_T bytes, UINT flags) {
    return HeapReAlloc(nullptr, (flags & 0x40) ? kHeapZeroMemory : 0, block, bytes);
}
WINAPI void* GlobalAlloc(UINT flags, SIZE_T bytes) { return LocalAlloc(flags, bytes); }
WINAPI void* GlobalFree(void* block) { return LocalFree(block); }

WINAPI void* VirtualAlloc(void* address, SIZE_T bytes, DWORD type, DWORD protect) {
    if (address) {
        // Committing inside a region we already handed out: it is committed already.
        if (Region* r = region_containing(reinterpret_cast<uintptr_t>(address))) {
            (void)r;
            if (!(type & 0x2000) || (type & 0x1000)) {
                uintptr_t page = reinterpret_cast<uintptr_t>(address) & ~(libos::kPageSize - 1);
                return reinterpret_cast<void*>(page);
            }
        }
        last_error() = ERROR_INVALID_ADDRESS;   // fixed addresses are not supported
        return nullptr;
    }
    if (bytes == 0) {
        last_error() = ERROR_INVALID_PARAMETER;
        return nullptr;
    }
    Region* slot = nullptr;
    for (Region& r : regions)
        if (!r.base) { slot = &r; break; }
    size_t pages = libos::pages_for_bytes(bytes);
    void* memory = slot ? libos::page_allocator().allocate_pages(pages) : nullptr;
    if (!memory) {
        last_error() = ERROR_NOT_ENOUGH_MEMORY;
        return nullptr;
    }
    memset(memory, 0, pages * libos::kPageSize);
    *slot = {reinterpret_cast<uintptr_t>(memory), pages * libos::kPageSize, protect};
    if (to_protection(protect) != PageProtection::read_write)
        set_page_protection(memory, pages * libos::kPageSize, to_protection(protect));
    return memory;
}

WINAPI BOOL VirtualFree(void* address, SIZE_T, DWORD type) {
    Region* r = region_containing(reinterpret_cast<uintptr_t>(address));
    if (!r || r->base != reinterpret_cast<uintptr_t>(address)) {
        last_error() = ERROR_INVALID_PARAMETER;
        return kFalse;
    }
    if (type & 0x8000) {   // MEM_RELEASE; MEM_DECOMMIT keeps the pages
        set_page_protection(address, r->bytes, PageProtection::read_write);
        forget_protections(r->base, r->base + r->bytes);
        libos::page_allocator().free_pages(address, r->bytes / libos::kPageSize);
        *r = {};
    }
    return kTrue;
}

WINAPI BOOL VirtualProtect(void* address, SIZE_T bytes, DWORD protect, DWORD* old) {
    uintptr_t start = reinterpret_cast<uintptr_t>(address) & ~(libos::kPageSize - 1);
    uintptr_t end = (reinterpret_cast<uintptr_t>(address) + bytes + libos::kPageSize - 1) & ~(libos::kPageSize - 1);
    Region* r = region_containing(start);
    const PeModule* module = module_containing(start);
    if (old) *old = protection_at(start, r ? r->protect : image_page_protection(start));
    if (!r && !(module && module->contains(start, end - start))) {
        last_error() = ERROR_INVALID_ADDRESS;
        return kFalse;
    }
    if (!set_page_protection(reinterpret_cast<void*>(start), end - start, to_protection(protect))) {
        last_error() = ERROR_INVALID_PARAMETER;
        return kFalse;
    }
    record_protection(start, end, protect);
    return kTrue;
}

struct MemoryBasicInformation {
    void* BaseAddress;
    void* AllocationBase;
    DWORD AllocationProtect;
    WORD PartitionId;
    SIZE_T RegionSize;
    DWORD State;
    DWORD Protect;
    DWORD Type;
};

WINAPI SIZE_T VirtualQuery(const void* address, MemoryBasicInformation* info, SIZE_T length) {
    if (!info || length < sizeof(MemoryBasicInformation)) {
        last_error() = ERROR_INSUFFICIENT_BUFFER;
        return 0;
    }
    memset(info, 0, sizeof *info);
    auto at = reinterpret_cast<uintptr_t>(address) & ~(libos::kPageSize - 1);
    const PeModule* module = module_containing(at);
    if (Region* r = region_containing(at)) {
        *info = {reinterpret_cast<void*>(r->base), reinterpret_cast<void*>(r->base), r->protect, 0, r->bytes,
                 0x1000, protection_at(at, r->protect), 0x20000};
    } else if (module && module->contains(at)) {
        *info = {reinterpret_cast<void*>(at), module->base, 0x80, 0, libos::kPageSize, 0x1000,
                 protection_at(at, image_page_protection(at)), 0x1000000};
    } else {
        *info = {reinterpret_cast<void*>(at), reinterpret_cast<void*>(at), 0x04, 0, libos::kPageSize, 0x1000, 0x04,
                 0x20000};
    }
    return sizeof *info;
}

// IsBadReadPtr / IsBadStringPtr: Windows answers by touching the memory under an exception
// handler; celda's own code cannot take a fault, so the pages are checked instead. Readable is
// what the program could read without a fault: inside guest memory, and not pages VirtualAlloc
// or VirtualProtect made PAGE_NOACCESS or PAGE_GUARD (a guard page faults once).
namespace {
bool page_readable(uintptr_t address) {
    const celda_boot_info& info = libos::boot_info();
    if (address < info.mem_base || address - info.mem_base >= info.mem_size) return false;
    const Region* r = region_containing(address);
    DWORD protect = protection_at(address, r ? r->protect : 0x02);
    return (protect & 0xff) != 0x01 && !(protect & 0x100);
}
bool range_readable(uintptr_t address, size_t bytes) {
    if (bytes == 0) return true;
    if (address + bytes < address) return false;
    for (uintptr_t page = address & ~(libos::kPageSize - 1); page < address + bytes; page += libos::kPageSize)
        if (!page_readable(page)) return false;
    return true;
}
template <typename Char>
BOOL bad_string(const Char* text, uintptr_t max) {
    if (max == 0) return kFalse;
    auto at = reinterpret_cast<uintptr_t>(text);
    for (uintptr_t i = 0; i < max; ++i, at += sizeof(Char)) {
        // Checked at the first character, at each new page, and where a character straddles
        // a page boundary (both pages).
        uintptr_t offset = at & (libos::kPageSize - 1);
        if (i == 0 || offset == 0 || offset > libos::kPageSize - sizeof(Char))
            if (!range_readable(at, sizeof(Char))) return kTrue;
        if (*reinterpret_cast<const Char*>(at) == 0) return kFalse;
    }
    return kFalse;
}
}  // namespace

WINAPI BOOL IsBadReadPtr(const void* address, uintptr_t bytes) {
    return range_readable(reinterpret_cast<uintptr_t>(address), bytes) ? kFalse : kTrue;
}
WINAPI BOOL IsBadStringPtrA(const char* text, uintptr_t max) { return bad_string(text, max); }
WINAPI BOOL IsBadStringPtrW(const WCHAR* text, uintptr_t max) { return bad_string(text, max); }

// The export table of this file (registry/registry.h).
WIN32_EXPORT_TABLE(kernel32_memory_exports,
    WIN32_EXPORT(IsBadReadPtr),
    WIN32_EXPORT(IsBadStringPtrA),
    WIN32_EXPORT(IsBadStringPtrW),
    WIN32_EXPORT(GetProcessHeap),
    WIN32_EXPORT(HeapCreate),
    WIN32_EXPORT(HeapDestroy),
    WIN32_EXPORT(HeapAlloc),
    WIN32_EXPORT(HeapReAlloc),
    WIN32_EXPORT(HeapFree),
    WIN32_EXPORT(HeapSize),
    WIN32_EXPORT(HeapValidate),
    WIN32_EXPORT(HeapSetInformation),
    WIN32_EXPORT(HeapCompact),
    WIN32_EXPORT(HeapLock),
    WIN32_EXPORT(HeapUnlock),
    WIN32_EXPORT(LocalAlloc),
    WIN32_EXPORT(LocalFree),
    WIN32_EXPORT(LocalReAlloc),
    WIN32_EXPORT(GlobalAlloc),
    WIN32_EXPORT(GlobalFree),
    WIN32_EXPORT(VirtualAlloc),
    WIN32_EXPORT(VirtualFree),
    WIN32_EXPORT(VirtualProtect),
    WIN32_EXPORT(VirtualQuery));

}  // namespace win32::kernel32
