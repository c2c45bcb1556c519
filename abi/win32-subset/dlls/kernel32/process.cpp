// Process-wide kernel32: command line, environment, modules, exit, system information.
#include <libos/libc.h>

#include "dlls/kernel32/kernel32.h"
#include "process/process.h"
#include "process/thread.h"
#include "registry/registry.h"
#include "registry/thunks.h"
#include "support/text.h"

namespace win32::kernel32 {
namespace {

constinit void* unhandled_filter = nullptr;
constinit char* environment_block_a = nullptr;

// Copies a UTF-8 string into an A-function's buffer: the length without NUL on success, the
// size needed including NUL when too small (the Windows convention for most getters).
DWORD copy_out(const char* value, char* buffer, DWORD size) {
    DWORD length = static_cast<DWORD>(strlen(value));
    if (!buffer || size <= length) return length + 1;
    memcpy(buffer, value, length + 1);
    return length;
}

DWORD copy_out_w(const char* value, WCHAR* buffer, DWORD size) {
    size_t units = utf8_to_utf16(value, strlen(value), nullptr, 0);
    if (!buffer || size <= units) return static_cast<DWORD>(units + 1);
    utf8_to_utf16(value, strlen(value), buffer, units);
    buffer[units] = 0;
    return static_cast<DWORD>(units);
}

}  // namespace

WINAPI const char* GetCommandLineA() { return command_line_a(); }
WINAPI const WCHAR* GetCommandLineW() { return command_line_w(); }

WINAPI DWORD GetEnvironmentVariableA(const char* name, char* buffer, DWORD size) {
    const char* value = name ? get_environment(name) : nullptr;
    if (!value) {
        last_error() = ERROR_ENVVAR_NOT_FOUND;
        return 0;
    }
    return copy_out(value, buffer, size);
}

WINAPI DWORD GetEnvironmentVariableW(const WCHAR* name, WCHAR* buffer, DWORD size) {
    char* narrow = to_utf8(name);
    const char* value = narrow ? get_environment(narrow) : nullptr;
    free(narrow);
    if (!value) {
        last_error() = ERROR_ENVVAR_NOT_FOUND;
        return 0;
    }
    return copy_out_w(value, buffer, size);
}

WINAPI BOOL SetEnvironmentVariableA(const char* name, const char* value) {
    if (!name || !*name || strchr_ascii(name, '=')) {
        last_error() = ERROR_INVALID_PARAMETER;
        return kFalse;
    }
    if (!set_environment(name, value)) {
        last_error() = ERROR_NOT_ENOUGH_MEMORY;
        return kFalse;
    }
    return kTrue;
}

WINAPI BOOL SetEnvironmentVariableW(const WCHAR* name, const WCHAR* value) {
    char* n = to_utf8(name);
    char* v = to_utf8(value);
    BOOL ok = SetEnvironmentVariableA(n, value ? v : nullptr);
    free(n);
    free(v);
    return ok;
}

// "A=1\0B=2\0\0": a fresh copy each call, freed by FreeEnvironmentStrings.
WINAPI char* GetEnvironmentStringsA() {
    size_t total = 1;
    for (char** e = environment(); *e; ++e) total += strlen(*e) + 1;
    auto* block = static_cast<char*>(malloc(total + 1));
    if (!block) return nullptr;
    char* out = block;
    for (char** e = environment(); *e; ++e) {
        size_t n = strlen(*e) + 1;
        memcpy(out, *e, n);
        out += n;
    }
    *out++ = 0;
    *out = 0;
    environment_block_a = block;
    return block;
}

WINAPI WCHAR* GetEnvironmentStringsW() {
    char* narrow = GetEnvironmentStringsA();
    if (!narrow) return nullptr;
    size_t bytes = 0;
    while (narrow[bytes] || narrow[bytes + 1]) ++bytes;
    bytes += 2;
    size_t units = utf8_to_utf16(narrow, bytes, nullptr, 0);
    auto* wide = static_cast<WCHAR*>(malloc((units + 1) * sizeof(WCHAR)));
    if (wide) {
        utf8_to_utf16(narrow, bytes, wide, units);
        wide[units] = 0;
    }
    free(narrow);
    return wide;
}

WINAPI BOOL FreeEnvironmentStringsA(char* block) {
    free(block);
    return kTrue;
}
WINAPI BOOL FreeEnvironmentStringsW(WCHAR* block) {
    free(block);
    return kTrue;
}

WINAPI DWORD ExpandEnvironmentStringsA(const char* source, char* out, DWORD size) {
    // %NAME% expansion; unknown names stay as written.
    char result[4096];
    size_t n = 0;
    for (const char* p = source; *p && n < sizeof result - 1;) {
        const char* end = *p == '%' ? p + 1 : nullptr;
        while (end && *end && *end != '%') ++end;
        if (end && *end == '%' && end > p + 1) {
            char name[256];
            size_t length = static_cast<size_t>(end - p - 1);
            if (length < sizeof name) {
                memcpy(name, p + 1, length);
                name[length] = 0;
                if (const char* value = get_environment(name)) {
                    for (; *value && n < sizeof result - 1; ++value) result[n++] = *value;
                    p = end + 1;
                    continue;
                }
            }
        }
        result[n++] = *p++;
    }
    result[n] = 0;
    DWORD needed = static_cast<DWORD>(n + 1);
    if (out && size >= needed) memcpy(out, result, needed);
    return needed;
}

[[noreturn]] WINAPI void ExitProcess(UINT code) { exit_process(code); }
WINAPI BOOL TerminateProcess(HANDLE process, UINT code) {
    if (process == reinterpret_cast<HANDLE>(-1)) exit_process(code);
    last_error() = ERROR_ACCESS_DENIED;
    return kFalse;
}
WINAPI HANDLE GetCurrentProcess() { return reinterpret_cast<HANDLE>(-1); }
WINAPI DWORD GetCurrentProcessId() { return kProcessId; }
WINAPI BOOL GetExitCodeProcess(HANDLE, DWORD* code) {
    *code = 259;
    return kTrue;
}

struct StartupInfo {
    DWORD cb;
    void* reserved;
    void* desktop;
    void* title;
    DWORD x, y, x_size, y_size, x_chars, y_chars, fill, flags;
    WORD show_window, reserved2_size;
    void* reserved2;
    HANDLE std_input, std_output, std_error;
};

WINAPI void GetStartupInfoA(StartupInfo* info) {
    memset(info, 0, sizeof *info);
    info->cb = sizeof *info;
}
WINAPI void GetStartupInfoW(StartupInfo* info) { GetStartupInfoA(info); }

WINAPI void* SetUnhandledExceptionFilter(void* filter) {
    void* previous = unhandled_filter;
    unhandled_filter = filter;
    return previous;
}
void* unhandled_exception_filter() { return unhandled_filter; }
WINAPI UINT SetErrorMode(UINT) { return 0; }
WINAPI UINT GetErrorMode() { return 0; }
WINAPI BOOL IsDebuggerPresent() { return kFalse; }
WINAPI void OutputDebugStringA(const char*) {}
WINAPI void OutputDebugStringW(const WCHAR*) {}
WINAPI void* EncodePointer(void* p) { return p; }
WINAPI void* DecodePointer(void* p) { return p; }

// Windows 10 (10.0.19045) as programs see it.
WINAPI DWORD GetVersion() { return (19045u << 16) | (0u << 8) | 10u; }
struct OsVersionInfoA {
    DWORD size, major, minor, build, platform;
    char service_pack[128];
};
WINAPI BOOL GetVersionExA(OsVersionInfoA* info) {
    info->major = 10;
    info->minor = 0;
    info->build = 19045;
    info->platform = 2;
    info->service_pack[0] = 0;
    return kTrue;
}
WINAPI BOOL GetVersionExW(OsVersionInfoA* info) {
    info->major = 10;
    info->minor = 0;
    info->build = 19045;
    info->platform = 2;
    memset(info->service_pack, 0, 2);
    return kTrue;
}

struct SystemInfo {
    WORD architecture, reserved;
    DWORD page_size;
    void* minimum_address;
    void* maximum_address;
    uintptr_t active_processor_mask;
    DWORD processor_count, processor_type, allocation_granularity;
    WORD level, revision;
};
WINAPI void GetSystemInfo(SystemInfo* info) {
    memset(info, 0, sizeof *info);
    info->architecture = 9;   // PROCESSOR_ARCHITECTURE_AMD64
    info->page_size = 4096;
    info->minimum_address = reinterpret_cast<void*>(0x10000);
    info->maximum_address = reinterpret_cast<void*>(0x7ffffffeffff);
    info->active_processor_mask = 1;
    info->processor_count = 1;   // one vCPU: fibers are cooperative
    info->processor_type = 8664;
    info->allocation_granularity = 4096;
    info->level = 6;
}
WINAPI void GetNativeSystemInfo(SystemInfo* info) { GetSystemInfo(info); }
WINAPI BOOL IsProcessorFeaturePresent(DWORD feature) {
    // SSE/SSE2/SSE3, NX, CMPXCHG16B, RDTSC, 64-bit ops: every x86-64 host has them.
    switch (feature) {
        case 3: case 6: case 7: case 8: case 10: case 12: case 13: case 14: case 17: return kTrue;
        default: return kFalse;
    }
}
WINAPI BOOL IsWow64Process(HANDLE, BOOL* wow) {
    *wow = kFalse;
    return kTrue;
}

// The export table of this file (registry/registry.h).
WIN32_EXPORT_TABLE(kernel32_process_exports,
    WIN32_EXPORT(GetCommandLineA),
    WIN32_EXPORT(GetCommandLineW),
    WIN32_EXPORT(GetEnvironmentVariableA),
    WIN32_EXPORT(GetEnvironmentVariableW),
    WIN32_EXPORT(SetEnvironmentVariableA),
    WIN32_EXPORT(SetEnvironmentVariableW),
    WIN32_EXPORT(GetEnvironmentStringsA),
    WIN32_EXPORT(GetEnvironmentStringsW),
    WIN32_EXPORT(FreeEnvironmentStringsA),
    WIN32_EXPORT(FreeEnvironmentStringsW),
    WIN32_EXPORT(ExpandEnvironmentStringsA),
    WIN32_EXPORT_NORELAY(ExitProcess),
    WIN32_EXPORT_NORELAY(TerminateProcess),
    WIN32_EXPORT(GetCurrentProcess),
    WIN32_EXPORT(GetCurrentProcessId),
    WIN32_EXPORT(GetExitCodeProcess),
    WIN32_EXPORT(GetStartupInfoA),
    WIN32_EXPORT(GetStartupInfoW),
    WIN32_EXPORT(SetUnhandledExceptionFilter),
    WIN32_EXPORT(SetErrorMode),
    WIN32_EXPORT(GetErrorMode),
    WIN32_EXPORT(IsDebuggerPresent),
    WIN32_EXPORT(OutputDebugStringA),
    WIN32_EXPORT(OutputDebugStringW),
    WIN32_EXPORT(EncodePointer),
    WIN32_EXPORT(DecodePointer),
    WIN32_EXPORT(GetVersion),
    WIN32_EXPORT(GetVersionExA),
    WIN32_EXPORT(GetVersionExW),
    WIN32_EXPORT(GetSystemInfo),
    WIN32_EXPORT(GetNativeSystemInfo),
    WIN32_EXPORT(IsProcessorFeaturePresent),
    WIN32_EXPORT(IsWow64Process));

}  // namespace win32::kernel32
