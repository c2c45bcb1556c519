// Smaller kernel32 queries and helpers: memory status (the guest's memory is what the page
// allocator manages), process memory counters, system times, the current thread's stack
// limits, GetProcessId, RaiseFailFastException, console screen-buffer queries on celda's
// console handles (an 80x25 buffer; colours and titles are accepted and not shown), ReadConsoleW,
// the remaining lstr* functions, ExpandEnvironmentStringsW, GetCPInfoExW, InitOnce's
// begin/complete protocol, WaitOnAddress/WakeByAddress, CreateSemaphoreExW.
#include <libos/libc.h>
#include <libos/memory.h>
#include <libos/time.h>

#include "dlls/kernel32/files.h"
#include "dlls/kernel32/kernel32.h"
#include "process/objects.h"
#include "process/thread.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::kernel32 {

WINAPI DWORD ExpandEnvironmentStringsA(const char* source, char* out, DWORD size);   // process.cpp
WINAPI BOOL ReadConsoleA(HANDLE console, void* buffer, DWORD length, DWORD* read, void*);   // console.cpp
WINAPI HANDLE CreateSemaphoreW(void* security, LONG initial, LONG maximum, const WCHAR* name);   // sync.cpp

namespace {
BOOL fail(DWORD error) {
    last_error() = error;
    return kFalse;
}
uint64_t total_bytes() { return static_cast<uint64_t>(libos::page_allocator().total_pages()) * libos::kPageSize; }
uint64_t free_bytes() { return static_cast<uint64_t>(libos::page_allocator().free_page_count()) * libos::kPageSize; }
bool is_console(HANDLE h) {
    Object* o = object_of(h);
    return o && (o->kind == ObjectKind::console_output || o->kind == ObjectKind::console_input);
}
}  // namespace

struct MemoryStatusEx {
    DWORD length, memory_load;
    uint64_t total_phys, avail_phys, total_page_file, avail_page_file, total_virtual, avail_virtual, avail_extended;
};
WINAPI BOOL GlobalMemoryStatusEx(MemoryStatusEx* status) {
    if (!status || status->length != sizeof(MemoryStatusEx)) return fail(ERROR_INVALID_PARAMETER);
    uint64_t total = total_bytes(), avail = free_bytes();
    status->memory_load = total ? static_cast<DWORD>(100 - avail * 100 / total) : 0;
    status->total_phys = status->total_page_file = status->total_virtual = total;
    status->avail_phys = status->avail_page_file = status->avail_virtual = avail;
    status->avail_extended = 0;
    return kTrue;
}
WINAPI BOOL GetPhysicallyInstalledSystemMemory(uint64_t* kilobytes) {
    if (!kilobytes) return fail(ERROR_INVALID_PARAMETER);
    *kilobytes = total_bytes() / 1024;
    return kTrue;
}
struct ProcessMemoryCounters {
    DWORD size, page_fault_count;
    SIZE_T peak_working_set, working_set, quota_peak_paged_pool, quota_paged_pool, quota_peak_nonpaged_pool,
        quota_nonpaged_pool, pagefile_usage, peak_pagefile_usage;
};
WINAPI BOOL K32GetProcessMemoryInfo(HANDLE, ProcessMemoryCounters* counters, DWORD size) {
    if (!counters || size < sizeof(ProcessMemoryCounters)) return fail(ERROR_INSUFFICIENT_BUFFER);
    ::memset(counters, 0, sizeof *counters);
    counters->size = sizeof *counters;
    uint64_t used = total_bytes() - free_bytes();
    counters->working_set = counters->peak_working_set = counters->pagefile_usage = counters->peak_pagefile_usage = used;
    return kTrue;
}
// Idle time 0 (the guest never waits for anyone else), user time = time since boot.
WINAPI BOOL GetSystemTimes(FileTime* idle, FileTime* kernel, FileTime* user) {
    uint64_t up = libos::monotonic_ns() / 100;
    if (idle) *idle = {0, 0};
    if (kernel) *kernel = {static_cast<DWORD>(up), static_cast<DWORD>(up >> 32)};   // kernel time includes idle on Windows
    if (user) *user = {0, 0};
    return kTrue;
}
WINAPI void GetCurrentThreadStackLimits(uintptr_t* low, uintptr_t* high) {
    Thread* t = current_thread();
    if (!t) {
        *low = *high = 0;
        return;
    }
    *low = *reinterpret_cast<uint64_t*>(t->teb + teb::kStackLimit);
    *high = *reinterpret_cast<uint64_t*>(t->teb + teb::kStackBase);
}
WINAPI DWORD GetProcessId(HANDLE process) {
    if (process == reinterpret_cast<HANDLE>(-1)) return GetCurrentProcessId();
    last_error() = ERROR_INVALID_HANDLE;
    return 0;
}
[[noreturn]] WINAPI void RaiseFailFastException(const DWORD* record, void*, DWORD) {
    // Ends the process at once with the exception code (STATUS_FAIL_FAST_EXCEPTION 0xC0000602).
    ExitProcess(record ? record[0] : 0xC0000602);
}

// Console screen buffer (CONSOLE_SCREEN_BUFFER_INFO): 80x25, grey on black, cursor at 0,0.
struct ScreenBufferInfo {
    int16_t size_x, size_y, cursor_x, cursor_y;
    WORD attributes;
    int16_t left, top, right, bottom, max_x, max_y;
};
WINAPI BOOL GetConsoleScreenBufferInfo(HANDLE h, ScreenBufferInfo* info) {
    if (!is_console(h) || !info) return fail(ERROR_INVALID_HANDLE);
    *info = {80, 25, 0, 0, 7, 0, 0, 79, 24, 80, 25};
    return kTrue;
}
WINAPI BOOL SetConsoleTextAttribute(HANDLE h, WORD) { return is_console(h) ? kTrue : fail(ERROR_INVALID_HANDLE); }
WINAPI BOOL SetConsoleCursorPosition(HANDLE h, DWORD) { return is_console(h) ? kTrue : fail(ERROR_INVALID_HANDLE); }
// Filling cells of that notional 80x25 buffer (cmd's CLS): the cells from `at` to the buffer's
// end are counted as written; nothing is shown, as with colours. Not a console: as Windows.
namespace {
BOOL fill_cells(HANDLE h, DWORD length, DWORD at, DWORD* written) {
    if (!is_console(h)) return fail(ERROR_INVALID_HANDLE);
    int x = static_cast<int16_t>(at & 0xffff), y = static_cast<int16_t>(at >> 16);
    if (x < 0 || y < 0 || x >= 80 || y >= 25) return fail(ERROR_INVALID_PARAMETER);
    DWORD room = static_cast<DWORD>((25 - y) * 80 - x);
    if (written) *written = length < room ? length : room;
    return kTrue;
}
}  // namespace
WINAPI BOOL FillConsoleOutputCharacterA(HANDLE h, char, DWORD length, DWORD at, DWORD* written) {
    return fill_cells(h, length, at, written);
}
WINAPI BOOL FillConsoleOutputCharacterW(HANDLE h, WCHAR, DWORD length, DWORD at, DWORD* written) {
    return fill_cells(h, length, at, written);
}
WINAPI BOOL FillConsoleOutputAttribute(HANDLE h, WORD, DWORD length, DWORD at, DWORD* written) {
    return fill_cells(h, length, at, written);
}
WINAPI void* GetConsoleWindow() { return nullptr; }   // no window
WINAPI BOOL SetConsoleTitleA(const char*) { return kTrue; }
WINAPI BOOL SetConsoleTitleW(const WCHAR*) { return kTrue; }
WINAPI DWORD GetConsoleTitleA(char* buffer, DWORD size) {
    if (buffer && size) buffer[0] = 0;
    return 0;
}
WINAPI DWORD GetConsoleTitleW(WCHAR* buffer, DWORD size) {
    if (buffer && size) buffer[0] = 0;
    return 0;
}
// ReadConsoleW: the console's UTF-8 bytes as UTF-16 (a character cut at the end of the read
// is completed by reading on).
WINAPI BOOL ReadConsoleW(HANDLE console, WCHAR* buffer, DWORD length, DWORD* read, void*) {
    if (!buffer || length == 0) return fail(ERROR_INVALID_PARAMETER);
    char bytes[1024];
    DWORD want = length < sizeof bytes / 4 ? length : sizeof bytes / 4, got = 0;
    if (!ReadConsoleA(console, bytes, want, &got, nullptr)) return kFalse;
    // Finish a UTF-8 sequence split by the read.
    size_t lead = got;
    while (lead > 0 && (static_cast<unsigned char>(bytes[lead - 1]) & 0xc0) == 0x80) --lead;
    if (lead > 0) {
        auto first = static_cast<unsigned char>(bytes[lead - 1]);
        size_t need = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
        while (got - (lead - 1) < need && got < sizeof bytes) {
            DWORD more = 0;
            if (!ReadConsoleA(console, bytes + got, 1, &more, nullptr) || more == 0) break;
            got += more;
        }
    }
    size_t units = utf8_to_utf16(bytes, got, buffer, length);
    if (read) *read = static_cast<DWORD>(units);
    return kTrue;
}

WINAPI char* lstrcpynA(char* out, const char* in, int size) {
    if (!out || size <= 0) return out;
    int i = 0;
    for (; i + 1 < size && in && in[i]; ++i) out[i] = in[i];
    out[i] = 0;
    return out;
}
WINAPI WCHAR* lstrcpynW(WCHAR* out, const WCHAR* in, int size) {
    if (!out || size <= 0) return out;
    int i = 0;
    for (; i + 1 < size && in && in[i]; ++i) out[i] = in[i];
    out[i] = 0;
    return out;
}
WINAPI WCHAR* lstrcpyW(WCHAR* out, const WCHAR* in) {
    size_t i = 0;
    for (; in[i]; ++i) out[i] = in[i];
    out[i] = 0;
    return out;
}
WINAPI WCHAR* lstrcatW(WCHAR* out, const WCHAR* in) {
    lstrcpyW(out + wlen(out), in);
    return out;
}
WINAPI int CompareStringW(DWORD, DWORD flags, const WCHAR* a, int na, const WCHAR* b, int nb);   // nls.cpp
// lstrcmpW/lstrcmpiW compare like CompareString in the user's locale (0 equal, <0, >0).
WINAPI int lstrcmpW(const WCHAR* a, const WCHAR* b) {
    return CompareStringW(0x409, 0, a ? a : u"", -1, b ? b : u"", -1) - 2;
}
WINAPI int lstrcmpiW(const WCHAR* a, const WCHAR* b) {
    return CompareStringW(0x409, 1, a ? a : u"", -1, b ? b : u"", -1) - 2;
}

WINAPI DWORD ExpandEnvironmentStringsW(const WCHAR* source, WCHAR* out, DWORD size) {
    char* narrow = source ? to_utf8(source) : nullptr;
    if (!narrow) return fail(ERROR_INVALID_PARAMETER), 0;
    DWORD need = ExpandEnvironmentStringsA(narrow, nullptr, 0);
    char* expanded = static_cast<char*>(::malloc(need + 1));
    if (!expanded) {
        ::free(narrow);
        return fail(ERROR_NOT_ENOUGH_MEMORY), 0;
    }
    ExpandEnvironmentStringsA(narrow, expanded, need + 1);
    ::free(narrow);
    size_t units = utf8_to_utf16(expanded, ::strlen(expanded), nullptr, 0);
    if (out && units + 1 <= size) {
        utf8_to_utf16(expanded, ::strlen(expanded), out, units);
        out[units] = 0;
    }
    ::free(expanded);
    return static_cast<DWORD>(units + 1);   // characters including the NUL, as the A form
}

struct CpInfoEx {
    UINT max_char_size;
    BYTE default_char[2];
    BYTE lead_byte[12];
    WCHAR unicode_default_char;
    UINT code_page;
    WCHAR name[260];
};
WINAPI BOOL GetCPInfoExW(UINT code_page, DWORD, CpInfoEx* info) {
    if (!info) return fail(ERROR_INVALID_PARAMETER);
    if (code_page == 0 || code_page == 1 || code_page == 3) code_page = 65001;   // CP_ACP, CP_OEMCP, CP_THREAD_ACP
    ::memset(info, 0, sizeof *info);
    info->default_char[0] = '?';
    info->unicode_default_char = u'?';
    info->code_page = code_page;
    const char* name = code_page == 65001 ? "65001 (UTF-8)" : code_page == 1252 ? "1252  (ANSI - Latin I)"
                     : code_page == 20127 ? "20127 (US-ASCII)" : code_page == 28591 ? "28591 (ISO 8859-1 Latin I)" : nullptr;
    if (!name) return fail(ERROR_INVALID_PARAMETER);
    info->max_char_size = code_page == 65001 ? 4 : 1;
    for (size_t i = 0; name[i]; ++i) info->name[i] = static_cast<WCHAR>(name[i]);
    return kTrue;
}

// InitOnce, the begin/complete form: 0 untouched, 1 in progress, 2 done (as InitOnceExecuteOnce).
WINAPI BOOL InitOnceBeginInitialize(uintptr_t* once, DWORD flags, BOOL* pending, void** context) {
    constexpr DWORD kCheckOnly = 1;
    if (*once == 2) {
        *pending = kFalse;
        if (context) *context = nullptr;
        return kTrue;
    }
    if (flags & kCheckOnly) {
        *pending = kTrue;
        return kTrue;
    }
    while (*once == 1) Sleep(0);
    if (*once == 2) {
        *pending = kFalse;
        return kTrue;
    }
    *once = 1;
    *pending = kTrue;
    return kTrue;
}
WINAPI BOOL InitOnceComplete(uintptr_t* once, DWORD flags, void*) {
    constexpr DWORD kInitFailed = 4;
    if (*once != 1) return fail(ERROR_INVALID_PARAMETER);
    *once = (flags & kInitFailed) ? 0 : 2;
    return kTrue;
}
WINAPI void InitOnceInitialize(uintptr_t* once) { *once = 0; }

// WaitOnAddress: waits while *address equals *compare (polling at 1 ms, like the other waits),
// up to `timeout` ms; the wakes are implied by the value changing.
WINAPI BOOL WaitOnAddress(volatile void* address, const void* compare, SIZE_T size, DWORD timeout) {
    uint64_t deadline = timeout == 0xffffffff ? UINT64_MAX : libos::monotonic_ns() + uint64_t{timeout} * 1000000;
    for (;;) {
        if (::memcmp(const_cast<const void*>(address), compare, size) != 0) return kTrue;
        if (libos::monotonic_ns() >= deadline) return fail(1460);   // ERROR_TIMEOUT
        Sleep(1);
    }
}
WINAPI void WakeByAddressSingle(void*) {}
WINAPI void WakeByAddressAll(void*) {}
WINAPI HANDLE CreateSemaphoreExW(void* security, LONG initial, LONG maximum, const WCHAR* name, DWORD, DWORD) {
    return CreateSemaphoreW(security, initial, maximum, name);
}

WIN32_EXPORT_TABLE(kernel32_system_extras_exports,
    WIN32_EXPORT(GlobalMemoryStatusEx), WIN32_EXPORT(GetPhysicallyInstalledSystemMemory),
    WIN32_EXPORT(K32GetProcessMemoryInfo), WIN32_EXPORT_AS("GetProcessMemoryInfo", K32GetProcessMemoryInfo),
    WIN32_EXPORT(GetSystemTimes), WIN32_EXPORT(GetCurrentThreadStackLimits), WIN32_EXPORT(GetProcessId),
    WIN32_EXPORT_NORELAY(RaiseFailFastException), WIN32_EXPORT(GetConsoleScreenBufferInfo),
    WIN32_EXPORT(SetConsoleTextAttribute), WIN32_EXPORT(SetConsoleCursorPosition),
    WIN32_EXPORT(FillConsoleOutputCharacterA), WIN32_EXPORT(FillConsoleOutputCharacterW),
    WIN32_EXPORT(FillConsoleOutputAttribute), WIN32_EXPORT(GetConsoleWindow),
    WIN32_EXPORT(SetConsoleTitleA), WIN32_EXPORT(SetConsoleTitleW), WIN32_EXPORT(GetConsoleTitleA),
    WIN32_EXPORT(GetConsoleTitleW), WIN32_EXPORT(ReadConsoleW), WIN32_EXPORT(lstrcpynA), WIN32_EXPORT(lstrcpynW),
    WIN32_EXPORT(lstrcpyW), WIN32_EXPORT(lstrcatW), WIN32_EXPORT(lstrcmpW), WIN32_EXPORT(lstrcmpiW),
    WIN32_EXPORT(ExpandEnvironmentStringsW), WIN32_EXPORT(GetCPInfoExW), WIN32_EXPORT(InitOnceBeginInitialize),
    WIN32_EXPORT(InitOnceComplete), WIN32_EXPORT(InitOnceInitialize), WIN32_EXPORT(WaitOnAddress),
    WIN32_EXPORT(WakeByAddressSingle), WIN32_EXPORT(WakeByAddressAll), WIN32_EXPORT(CreateSemaphoreExW));

}  // namespace win32::kernel32
