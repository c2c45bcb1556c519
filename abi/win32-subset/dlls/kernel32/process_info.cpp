// Process and thread queries programs make in passing: CPU times, affinity and priority
// (one CPU, normal priority: accepted, nothing to change), the computer name, handle
// information, SList (interlocked singly linked lists), DOS date/time, SearchPath, and the
// calls that would start another process (a celda guest is one program: they fail with
// ERROR_NOT_SUPPORTED).
#include <libos/libc.h>
#include <libos/time.h>

#include "dlls/kernel32/files.h"
#include "files/paths.h"
#include "dlls/kernel32/kernel32.h"
#include "process/objects.h"
#include "process/process.h"
#include "process/thread.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::kernel32 {

WINAPI char* GetEnvironmentStringsA();     // process.cpp
void* unhandled_exception_filter();        // process.cpp

namespace {

BOOL fail(DWORD error) {
    last_error() = error;
    return kFalse;
}

void store_filetime(FileTime* out, uint64_t hundreds_of_ns) {
    if (!out) return;
    out->low = static_cast<DWORD>(hundreds_of_ns);
    out->high = static_cast<DWORD>(hundreds_of_ns >> 32);
}

// When the process started, as a FILETIME (the monotonic clock counts from boot).
uint64_t start_filetime() {
    uint64_t now_wall = libos::wall_ns(), up = libos::monotonic_ns();
    return (now_wall - up) / 100 + 116444736000000000ull;
}


constexpr const char* kComputerName = "CELDA";
constexpr DWORD kErrorBufferOverflow = 111;   // ERROR_BUFFER_OVERFLOW

}  // namespace

// Kernel time 0, user time = the time since start (the guest owns one CPU and never waits
// for other processes, so this is an upper bound of its CPU time).
WINAPI BOOL GetProcessTimes(HANDLE, FileTime* creation, FileTime* exit, FileTime* kernel, FileTime* user) {
    store_filetime(creation, start_filetime());
    store_filetime(exit, 0);
    store_filetime(kernel, 0);
    store_filetime(user, libos::monotonic_ns() / 100);
    return kTrue;
}
WINAPI BOOL GetThreadTimes(HANDLE thread, FileTime* creation, FileTime* exit, FileTime* kernel, FileTime* user) {
    return GetProcessTimes(thread, creation, exit, kernel, user);
}
WINAPI BOOL GetProcessAffinityMask(HANDLE, uint64_t* process_mask, uint64_t* system_mask) {
    if (process_mask) *process_mask = 1;
    if (system_mask) *system_mask = 1;
    return kTrue;
}
WINAPI BOOL SetProcessAffinityMask(HANDLE, uint64_t mask) {
    return mask & 1 ? kTrue : fail(ERROR_INVALID_PARAMETER);
}
WINAPI uint64_t SetThreadAffinityMask(HANDLE, uint64_t mask) {
    if (!(mask & 1)) return fail(ERROR_INVALID_PARAMETER), 0;
    return 1;   // the previous mask
}
WINAPI DWORD SetThreadIdealProcessor(HANDLE, DWORD processor) {
    return processor == 0 || processor == 0xffffffff ? 0 : (fail(ERROR_INVALID_PARAMETER), 0xffffffff);
}
WINAPI BOOL SetThreadPriorityBoost(HANDLE, BOOL) { return kTrue; }
WINAPI BOOL GetThreadPriorityBoost(HANDLE, BOOL* disabled) {
    if (disabled) *disabled = kFalse;
    return kTrue;
}
WINAPI DWORD GetPriorityClass(HANDLE) { return 0x20; }   // NORMAL_PRIORITY_CLASS
WINAPI BOOL SetPriorityClass(HANDLE, DWORD) { return kTrue; }
WINAPI DWORD GetActiveProcessorCount(uint16_t) { return 1; }
WINAPI DWORD GetMaximumProcessorCount(uint16_t) { return 1; }
WINAPI DWORD GetCurrentProcessorNumber() { return 0; }

WINAPI BOOL GetComputerNameA(char* buffer, DWORD* size) {
    if (!size) return fail(ERROR_INVALID_PARAMETER);
    DWORD n = static_cast<DWORD>(::strlen(kComputerName));
    if (!buffer || *size < n + 1) {
        *size = n + 1;
        return fail(kErrorBufferOverflow);
    }
    ::memcpy(buffer, kComputerName, n + 1);
    *size = n;
    return kTrue;
}
WINAPI BOOL GetComputerNameW(WCHAR* buffer, DWORD* size) {
    if (!size) return fail(ERROR_INVALID_PARAMETER);
    DWORD n = static_cast<DWORD>(::strlen(kComputerName));
    if (!buffer || *size < n + 1) {
        *size = n + 1;
        return fail(kErrorBufferOverflow);
    }
    for (DWORD i = 0; i <= n; ++i) buffer[i] = static_cast<WCHAR>(kComputerName[i]);
    *size = n;
    return kTrue;
}
// GetComputerNameEx: every name type is the NetBIOS name; DNS domain parts are empty.
WINAPI BOOL GetComputerNameExW(int type, WCHAR* buffer, DWORD* size) {
    if (type == 2 || type == 6) {   // ComputerNameDnsDomain, ComputerNamePhysicalDnsDomain
        if (!size) return fail(ERROR_INVALID_PARAMETER);
        if (buffer && *size) buffer[0] = 0;
        *size = 0;
        return kTrue;
    }
    return GetComputerNameW(buffer, size);
}
WINAPI BOOL GetComputerNameExA(int type, char* buffer, DWORD* size) {
    if (type == 2 || type == 6) {
        if (!size) return fail(ERROR_INVALID_PARAMETER);
        if (buffer && *size) buffer[0] = 0;
        *size = 0;
        return kTrue;
    }
    return GetComputerNameA(buffer, size);
}

// Handles are never inherited (there are no child processes) and cannot be protected.
WINAPI BOOL GetHandleInformation(HANDLE handle, DWORD* flags) {
    if (!object_of(handle)) return fail(ERROR_INVALID_HANDLE);
    if (flags) *flags = 0;
    return kTrue;
}
WINAPI BOOL SetHandleInformation(HANDLE handle, DWORD, DWORD) {
    return object_of(handle) ? kTrue : fail(ERROR_INVALID_HANDLE);
}
WINAPI UINT SetHandleCount(UINT count) { return count; }   // obsolete on Win32: returns its argument

WINAPI BOOL GetSystemTimeAdjustment(DWORD* adjustment, DWORD* increment, BOOL* disabled) {
    if (adjustment) *adjustment = 156250;   // 15.625 ms in 100 ns units: Windows' default tick
    if (increment) *increment = 156250;
    if (disabled) *disabled = kTrue;
    return kTrue;
}

// UnhandledExceptionFilter: what the CRT calls for a failure it cannot report otherwise
// (__report_gsfailure, abort): the program's filter decides, else EXCEPTION_EXECUTE_HANDLER.
WINAPI LONG UnhandledExceptionFilter(void* pointers) {
    using Filter = LONG(WINAPI*)(void*);
    if (auto filter = reinterpret_cast<Filter>(unhandled_exception_filter())) {
        LONG verdict = filter(pointers);
        resume_current_thread();
        return verdict;
    }
    return 1;
}

// "GetEnvironmentStrings" (no suffix) is the narrow one, exported under that name too.
WINAPI char* GetEnvironmentStrings() { return GetEnvironmentStringsA(); }

// SLists: the header's first word points at the top entry; the second counts depth. Fibers
// are cooperative (no preemption between these loads and stores), so plain updates suffice.
struct SListEntry {
    SListEntry* next;
};
struct alignas(16) SListHeader {
    SListEntry* first;
    uint64_t depth;
};
WINAPI void InitializeSListHead(SListHeader* head) { *head = {}; }
WINAPI SListEntry* InterlockedPushEntrySList(SListHeader* head, SListEntry* entry) {
    SListEntry* previous = head->first;
    entry->next = previous;
    head->first = entry;
    ++head->depth;
    return previous;
}
WINAPI SListEntry* InterlockedPopEntrySList(SListHeader* head) {
    SListEntry* top = head->first;
    if (top) {
        head->first = top->next;
        --head->depth;
    }
    return top;
}
WINAPI SListEntry* InterlockedFlushSList(SListHeader* head) {
    SListEntry* all = head->first;
    *head = {};
    return all;
}
WINAPI uint16_t QueryDepthSList(SListHeader* head) { return static_cast<uint16_t>(head->depth); }
WINAPI SListEntry* RtlFirstEntrySList(const SListHeader* head) { return head->first; }

// DOS dates: bits 15-9 year since 1980, 8-5 month, 4-0 day; times: 15-11 hours, 10-5 minutes,
// 4-0 seconds / 2.
WINAPI BOOL DosDateTimeToFileTime(WORD date, WORD time, FileTime* out) {
    SystemTime st{static_cast<WORD>(1980 + (date >> 9)), static_cast<WORD>((date >> 5) & 15), 0,
                  static_cast<WORD>(date & 31), static_cast<WORD>(time >> 11), static_cast<WORD>((time >> 5) & 63),
                  static_cast<WORD>((time & 31) * 2), 0};
    uint64_t t;
    if (!SystemTimeToFileTime(&st, &t)) return kFalse;
    store_filetime(out, t);
    return kTrue;
}
WINAPI LONG CompareFileTime(const FileTime* a, const FileTime* b) {
    uint64_t x = (static_cast<uint64_t>(a->high) << 32) | a->low, y = (static_cast<uint64_t>(b->high) << 32) | b->low;
    return x < y ? -1 : x > y ? 1 : 0;
}
WINAPI BOOL FileTimeToDosDateTime(const FileTime* in, WORD* date, WORD* time) {
    SystemTime st;
    uint64_t t = (static_cast<uint64_t>(in->high) << 32) | in->low;
    if (!FileTimeToSystemTime(&t, &st)) return kFalse;
    if (st.year < 1980 || st.year > 2107) return fail(ERROR_INVALID_PARAMETER);
    if (date) *date = static_cast<WORD>(((st.year - 1980) << 9) | (st.month << 5) | st.day);
    if (time) *time = static_cast<WORD>((st.hour << 11) | (st.minute << 5) | (st.second / 2));
    return kTrue;
}

// SearchPath: `name` (plus `extension` when it has none) in `path`'s directories (';'
// separated), else the current directory then the program's directory and PATH.
WINAPI DWORD SearchPathA(const char* path, const char* name, const char* extension, DWORD capacity, char* buffer,
                         char** file_part) {
    if (!name || !*name) return fail(ERROR_INVALID_PARAMETER), 0;
    char with_extension[files::kPathMax];
    size_t n = ::strlen(name);
    bool has_extension = false;
    for (const char* p = name + n; p > name && p[-1] != '\\' && p[-1] != '/'; --p)
        if (p[-1] == '.') has_extension = true;
    if (n + (extension ? ::strlen(extension) : 0) + 1 > sizeof with_extension) return fail(ERROR_FILENAME_EXCED_RANGE), 0;
    ::memcpy(with_extension, name, n + 1);
    if (extension && !has_extension) ::memcpy(with_extension + n, extension, ::strlen(extension) + 1);
    const char* list = path ? path : ".;C:\\;";
    const char* env_path = path ? nullptr : get_environment("PATH");
    for (int round = 0; round < 2; ++round, list = env_path) {
        for (const char* p = list; p && *p;) {
            const char* end = p;
            while (*end && *end != ';') ++end;
            char candidate[2 * files::kPathMax];
            size_t length = static_cast<size_t>(end - p);
            bool absolute = with_extension[0] == '\\' || with_extension[0] == '/' || with_extension[1] == ':';
            if (absolute) ::memcpy(candidate, with_extension, ::strlen(with_extension) + 1);
            else if (length + ::strlen(with_extension) + 2 < sizeof candidate) {
                ::memcpy(candidate, p, length);
                if (length && candidate[length - 1] != '\\' && candidate[length - 1] != '/') candidate[length++] = '\\';
                ::memcpy(candidate + length, with_extension, ::strlen(with_extension) + 1);
            } else {
                candidate[0] = 0;
            }
            DWORD attributes = candidate[0] ? GetFileAttributesA(candidate) : 0xffffffff;
            if (attributes != 0xffffffff && !(attributes & 0x10)) {
                DWORD full = GetFullPathNameA(candidate, capacity, buffer, file_part);
                return full;
            }
            if (absolute) break;
            p = *end ? end + 1 : end;
        }
        if (path) break;
    }
    return fail(ERROR_FILE_NOT_FOUND), 0;
}
WINAPI DWORD SearchPathW(const WCHAR* path, const WCHAR* name, const WCHAR* extension, DWORD capacity, WCHAR* buffer,
                         WCHAR** file_part) {
    char* p = path ? to_utf8(path) : nullptr;
    char* n = name ? to_utf8(name) : nullptr;
    char* e = extension ? to_utf8(extension) : nullptr;
    char found[files::kPathMax];
    DWORD length = SearchPathA(p, n, e, sizeof found, found, nullptr);
    ::free(p);
    ::free(n);
    ::free(e);
    if (length == 0 || length >= sizeof found) return length;
    size_t units = utf8_to_utf16(found, length, nullptr, 0);
    if (!buffer || units + 1 > capacity) return static_cast<DWORD>(units + 1);
    utf8_to_utf16(found, length, buffer, units);
    buffer[units] = 0;
    if (file_part) {
        *file_part = buffer;
        for (WCHAR* q = buffer; *q; ++q)
            if (*q == '\\') *file_part = q + 1;
    }
    return static_cast<DWORD>(units);
}

// No other processes: only the current one can be opened; creating one is not supported.
WINAPI HANDLE OpenProcess(DWORD, BOOL, DWORD id) {
    if (id == GetCurrentProcessId()) return reinterpret_cast<HANDLE>(-1);
    last_error() = ERROR_INVALID_PARAMETER;
    return nullptr;
}
WINAPI BOOL CreateProcessA(const char*, char*, void*, void*, BOOL, DWORD, void*, const char*, void*, void*) {
    return fail(ERROR_NOT_SUPPORTED);
}
WINAPI BOOL CreateProcessW(const WCHAR*, WCHAR*, void*, void*, BOOL, DWORD, void*, const WCHAR*, void*, void*) {
    return fail(ERROR_NOT_SUPPORTED);
}
WINAPI BOOL GenerateConsoleCtrlEvent(DWORD, DWORD) { return fail(ERROR_NOT_SUPPORTED); }

WIN32_EXPORT_TABLE(kernel32_process_info_exports,
    WIN32_EXPORT(GetProcessTimes), WIN32_EXPORT(GetThreadTimes), WIN32_EXPORT(GetProcessAffinityMask),
    WIN32_EXPORT(SetProcessAffinityMask), WIN32_EXPORT(SetThreadAffinityMask), WIN32_EXPORT(SetThreadIdealProcessor),
    WIN32_EXPORT(SetThreadPriorityBoost), WIN32_EXPORT(GetThreadPriorityBoost), WIN32_EXPORT(GetPriorityClass),
    WIN32_EXPORT(SetPriorityClass), WIN32_EXPORT(GetActiveProcessorCount), WIN32_EXPORT(GetMaximumProcessorCount),
    WIN32_EXPORT(GetCurrentProcessorNumber), WIN32_EXPORT(GetComputerNameA), WIN32_EXPORT(GetComputerNameW),
    WIN32_EXPORT(GetComputerNameExA), WIN32_EXPORT(GetComputerNameExW), WIN32_EXPORT(GetHandleInformation),
    WIN32_EXPORT(SetHandleInformation), WIN32_EXPORT(SetHandleCount), WIN32_EXPORT(GetSystemTimeAdjustment),
    WIN32_EXPORT(UnhandledExceptionFilter), WIN32_EXPORT(GetEnvironmentStrings), WIN32_EXPORT(InitializeSListHead),
    WIN32_EXPORT(InterlockedPushEntrySList), WIN32_EXPORT(InterlockedPopEntrySList), WIN32_EXPORT(InterlockedFlushSList),
    WIN32_EXPORT(QueryDepthSList), WIN32_EXPORT(RtlFirstEntrySList), WIN32_EXPORT(DosDateTimeToFileTime),
    WIN32_EXPORT(FileTimeToDosDateTime), WIN32_EXPORT(CompareFileTime), WIN32_EXPORT(SearchPathA), WIN32_EXPORT(SearchPathW), WIN32_EXPORT(OpenProcess),
    WIN32_EXPORT(CreateProcessA), WIN32_EXPORT(CreateProcessW), WIN32_EXPORT(GenerateConsoleCtrlEvent));

}  // namespace win32::kernel32
