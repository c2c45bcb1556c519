// The CRT's runtime plumbing that compilers' code calls: __dllonexit (mingw DLLs' atexit
// tables), the fatal paths (_purecall, _invalid_parameter_noinfo, _invoke_watson, terminate:
// a message and the Windows exit status), the new handler (_callnewh), heap helpers
// (_expand, _recalloc, _aligned_realloc, _aligned_offset_*, _heapmin/_heapchk), _doserrno,
// _pgmptr, bit rotation and byte swapping, div/ldiv/lldiv, _sleep, console printf, and ucrt's
// start-up odds (_get_wide_winmain_command_line, _seh_filter_dll, _lock_file...).
#include <libos/heap.h>
#include <libos/libc.h>

#include "dlls/kernel32/kernel32.h"
#include "dlls/msvcrt/crt.h"
#include "process/process.h"
#include "registry/registry.h"
#include "support/printf.h"
#include "support/text.h"

namespace win32::crt {

WINAPI void* _aligned_malloc(size_t size, size_t alignment);   // strings.cpp
WINAPI void _aligned_free(void* p);                             // strings.cpp

namespace {
constexpr int kEinval = 22, kEnomem = 12;
using VoidFunction = void(WINAPI*)();

[[noreturn]] void fatal(const char* message, int status) {
    lowio_write(2, message, ::strlen(message));
    libos_exit_now(status);
}
}  // namespace

// __dllonexit(function, &begin, &end): appends to a DLL's own atexit table (grown with realloc,
// as msvcrt does), which the DLL runs itself when it detaches.
WINAPI VoidFunction __dllonexit(VoidFunction function, VoidFunction** begin, VoidFunction** end) {
    if (!function || !begin || !end) return nullptr;
    size_t count = *begin ? static_cast<size_t>(*end - *begin) : 0;
    auto* table = static_cast<VoidFunction*>(::realloc(*begin, (count + 1) * sizeof(VoidFunction)));
    if (!table) return nullptr;
    table[count] = function;
    *begin = table;
    *end = table + count + 1;
    return function;
}

// The fatal paths, with what Windows prints and its exit statuses (R6025 "pure virtual
// function call"; STATUS_INVALID_CRUNTIME_PARAMETER 0xC0000417 for invalid parameters).
[[noreturn]] WINAPI void _purecall() { fatal("R6025\r\n- pure virtual function call\r\n", 255); }
[[noreturn]] WINAPI void _invalid_parameter_noinfo_noreturn() {
    fatal("celda: the program passed an invalid parameter to a C runtime function\n", static_cast<int>(0xC0000417));
}
WINAPI void _invalid_parameter_noinfo() { _invalid_parameter_noinfo_noreturn(); }
[[noreturn]] WINAPI void _invoke_watson(const WCHAR*, const WCHAR*, const WCHAR*, unsigned, uintptr_t) {
    _invalid_parameter_noinfo_noreturn();
}
[[noreturn]] WINAPI void abort();   // startup.cpp
[[noreturn]] WINAPI void terminate() { abort(); }
WINAPI int _set_abort_behavior(unsigned, unsigned) { return 0; }

// The new handler: _callnewh(size) asks it to free memory; 0 when there is none.
namespace {
using NewHandler = int(WINAPI*)(size_t);
constinit NewHandler new_handler = nullptr;
constinit int new_mode = 0;
}  // namespace
WINAPI int _callnewh(size_t size) {
    if (!new_handler) return 0;
    return new_handler(size) ? 1 : 0;
}
WINAPI NewHandler _query_new_handler() { return new_handler; }
WINAPI NewHandler _set_new_handler(NewHandler handler) {
    NewHandler old = new_handler;
    new_handler = handler;
    return old;
}
WINAPI int _query_new_mode() { return new_mode; }
WINAPI int _set_new_mode_msvcrt(int mode) {
    int old = new_mode;
    new_mode = mode;
    return old;
}

// Heap helpers.
WINAPI void* _expand(void* p, size_t size) {
    // In place only: succeeds when the block already has room.
    if (!p) return nullptr;
    return libos::Heap::usable_size(p) >= size ? p : nullptr;
}
WINAPI void* _recalloc(void* p, size_t count, size_t size) {
    if (size && count > SIZE_MAX / size) {
        *errno_location() = kEnomem;
        return nullptr;
    }
    size_t old = p ? libos::Heap::usable_size(p) : 0;
    size_t bytes = count * size;
    void* q = ::realloc(p, bytes ? bytes : 1);
    if (!q) {
        *errno_location() = kEnomem;
        return nullptr;
    }
    if (bytes > old) ::memset(static_cast<char*>(q) + old, 0, bytes - old);
    return q;
}
WINAPI void* _aligned_realloc(void* p, size_t size, size_t alignment) {
    if (!p) return _aligned_malloc(size, alignment);
    if (size == 0) {
        _aligned_free(p);
        return nullptr;
    }
    void* raw = reinterpret_cast<void**>(p)[-1];
    size_t old = libos::Heap::usable_size(raw) - static_cast<size_t>(static_cast<char*>(p) - static_cast<char*>(raw));
    void* q = _aligned_malloc(size, alignment);
    if (!q) return nullptr;
    ::memcpy(q, p, old < size ? old : size);
    _aligned_free(p);
    return q;
}
// _aligned_offset_malloc: (block + offset) is aligned; the raw pointer sits just below block.
WINAPI void* _aligned_offset_malloc(size_t size, size_t alignment, size_t offset) {
    if (alignment & (alignment - 1) || (offset && offset >= size)) {
        *errno_location() = kEinval;
        return nullptr;
    }
    if (alignment < sizeof(void*)) alignment = sizeof(void*);
    auto* raw = static_cast<char*>(::malloc(size + alignment + 2 * sizeof(void*)));
    if (!raw) return nullptr;
    uintptr_t target = (reinterpret_cast<uintptr_t>(raw) + 2 * sizeof(void*) + offset + alignment - 1) & ~(alignment - 1);
    auto* block = reinterpret_cast<char*>(target - offset);
    reinterpret_cast<void**>(block)[-1] = raw;
    return block;
}
WINAPI void _aligned_offset_free(void* p) {
    if (p) ::free(reinterpret_cast<void**>(p)[-1]);
}
WINAPI int _heapmin() { return 0; }
WINAPI int _heapchk() { return -2; }   // _HEAPOK
WINAPI int _heapset(unsigned) { return -2; }
WINAPI intptr_t _get_heap_handle() { return 0x10000; }   // what GetProcessHeap returns here

// _doserrno: the last Win32 error the CRT saw (errno's companion).
namespace {
constinit ULONG doserrno_value = 0;   // unsigned long: 4 bytes on Windows
}
WINAPI ULONG* __doserrno() { return &doserrno_value; }
WINAPI int _get_doserrno(ULONG* value) {
    if (!value) return kEinval;
    *value = doserrno_value;
    return 0;
}
WINAPI int _set_doserrno(ULONG value) {
    doserrno_value = value;
    return 0;
}

// _pgmptr/_wpgmptr: the program's path (argv[0] as given).
namespace {
constinit char* pgmptr_value = nullptr;
constinit WCHAR* wpgmptr_value = nullptr;
void init_pgmptr() {
    if (!pgmptr_value) pgmptr_value = const_cast<char*>(program_path());
    if (!wpgmptr_value && pgmptr_value) wpgmptr_value = to_wide(pgmptr_value);
}
}  // namespace
WINAPI int _get_pgmptr(char** out) {
    if (!out) return kEinval;
    init_pgmptr();
    *out = pgmptr_value;
    return 0;
}
WINAPI int _get_wpgmptr(WCHAR** out) {
    if (!out) return kEinval;
    init_pgmptr();
    *out = wpgmptr_value;
    return 0;
}
WINAPI char** __p__pgmptr() {
    init_pgmptr();
    return &pgmptr_value;
}
WINAPI WCHAR** __p__wpgmptr() {
    init_pgmptr();
    return &wpgmptr_value;
}
WINAPI int _get_fmode(int* mode) {
    if (!mode) return kEinval;
    *mode = default_open_mode();
    return 0;
}

// Bits.
namespace {
template <typename T>
T rotate_left(T v, unsigned n) {
    constexpr unsigned bits = sizeof(T) * 8;
    n %= bits;
    return n ? static_cast<T>((v << n) | (v >> (bits - n))) : v;
}
}  // namespace
WINAPI unsigned _rotl(unsigned v, int n) { return rotate_left(v, static_cast<unsigned>(n)); }
WINAPI unsigned _rotr(unsigned v, int n) { return rotate_left(v, 32u - (static_cast<unsigned>(n) & 31)); }
WINAPI uint64_t _rotl64(uint64_t v, int n) { return rotate_left(v, static_cast<unsigned>(n)); }
WINAPI uint64_t _rotr64(uint64_t v, int n) { return rotate_left(v, 64u - (static_cast<unsigned>(n) & 63)); }
WINAPI uint16_t _byteswap_ushort(uint16_t v) { return __builtin_bswap16(v); }
WINAPI uint32_t _byteswap_ulong(uint32_t v) { return __builtin_bswap32(v); }
WINAPI uint64_t _byteswap_uint64(uint64_t v) { return __builtin_bswap64(v); }
WINAPI void _swab(const char* from, char* to, int n) {
    for (int i = 0; i + 1 < n; i += 2) {
        char a = from[i], b = from[i + 1];
        to[i] = b;
        to[i + 1] = a;
    }
}
// div family: the struct comes back in rax (two ints) or through a hidden pointer (two 64-bit
// values), as MSVC returns them.
struct DivResult {
    int quot, rem;
};
struct LDivResult {
    int64_t quot, rem;
};
WINAPI DivResult div(int a, int b) { return {a / b, a % b}; }
WINAPI LDivResult lldiv(int64_t a, int64_t b) { return {a / b, a % b}; }
WINAPI int64_t imaxabs(int64_t v) { return v < 0 ? -v : v; }

WINAPI void _sleep(unsigned long ms) { kernel32::Sleep(static_cast<DWORD>(ms)); }
WINAPI int _getmaxstdio() { return 512; }
WINAPI int _setmaxstdio(int n) { return n >= 20 && n <= 512 ? n : -1; }

// Console printf: the same text to the console (stdout here).
WINAPI int _cprintf(const char* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    char text[4096];
    size_t n = format_to_buffer(text, sizeof text, format, WinArgs{reinterpret_cast<const uint64_t*>(list)});
    __builtin_ms_va_end(list);
    if (n >= sizeof text) n = sizeof text - 1;
    kernel32::console_write(1, text, n);
    return static_cast<int>(n);
}

// ucrt start-up and locking odds.
// Fibers: no concurrent stdio to exclude, but the lock brackets a temporary buffering (stdio.cpp).
WINAPI void _lock_file(File* file) { lock_stream(file); }
WINAPI void _unlock_file(File* file) { unlock_stream(file); }
WINAPI int _access_s(const char* path, int mode);    // below
WINAPI int _access(const char* name, int mode);      // files.cpp
WINAPI int _access_s(const char* path, int mode) { return _access(path, mode) == 0 ? 0 : *errno_location(); }
WINAPI int _waccess(const WCHAR* name, int mode);    // files.cpp
WINAPI int _waccess_s(const WCHAR* path, int mode) { return _waccess(path, mode) == 0 ? 0 : *errno_location(); }
WINAPI int _seh_filter_dll(unsigned long, void*) { return 0; }   // EXCEPTION_CONTINUE_SEARCH
WINAPI void _register_thread_local_exe_atexit_callback(void*) {}
// WinMain's lpCmdLine: the command line after the program name (quotes respected).
namespace {
template <typename Char>
const Char* after_program_name(const Char* line) {
    if (!line) return line;
    bool quoted = false;
    for (; *line; ++line) {
        if (*line == '"') quoted = !quoted;
        else if ((*line == ' ' || *line == '\t') && !quoted) break;
    }
    while (*line == ' ' || *line == '\t') ++line;
    return line;
}
}  // namespace
WINAPI char* _get_narrow_winmain_command_line() { return const_cast<char*>(after_program_name(command_line_a())); }
WINAPI WCHAR* _get_wide_winmain_command_line() {
    return const_cast<WCHAR*>(after_program_name(reinterpret_cast<const WCHAR*>(command_line_w())));
}
WINAPI WCHAR** _get_initial_wide_environment() {
    static WCHAR** wide = nullptr;
    if (!wide) {
        size_t n = 0;
        for (char** e = environment(); *e; ++e) ++n;
        wide = static_cast<WCHAR**>(::calloc(n + 1, sizeof(WCHAR*)));
        for (size_t i = 0; wide && i < n; ++i) wide[i] = to_wide(environment()[i]);
    }
    return wide;
}

WIN32_EXPORT_TABLE(msvcrt_runtime_support_exports,
    WIN32_EXPORT(__dllonexit), WIN32_EXPORT_NORELAY(_purecall), WIN32_EXPORT_NORELAY(_invalid_parameter_noinfo),
    WIN32_EXPORT_NORELAY(_invalid_parameter_noinfo_noreturn), WIN32_EXPORT_NORELAY(_invoke_watson),
    WIN32_EXPORT_NORELAY(terminate), WIN32_EXPORT(_set_abort_behavior), WIN32_EXPORT(_callnewh),
    WIN32_EXPORT(_query_new_handler), WIN32_EXPORT(_set_new_handler), WIN32_EXPORT(_query_new_mode),
    WIN32_EXPORT_AS("_set_new_mode", _set_new_mode_msvcrt), WIN32_EXPORT(_expand), WIN32_EXPORT(_recalloc),
    WIN32_EXPORT(_aligned_realloc), WIN32_EXPORT(_aligned_offset_malloc), WIN32_EXPORT(_aligned_offset_free),
    WIN32_EXPORT(_heapmin), WIN32_EXPORT(_heapchk), WIN32_EXPORT(_heapset), WIN32_EXPORT(_get_heap_handle),
    WIN32_EXPORT(__doserrno), WIN32_EXPORT(_get_doserrno), WIN32_EXPORT(_set_doserrno),
    WIN32_EXPORT_DATA("_doserrno", doserrno_value), WIN32_EXPORT(_get_pgmptr), WIN32_EXPORT(_get_wpgmptr),
    WIN32_EXPORT(__p__pgmptr), WIN32_EXPORT(__p__wpgmptr), WIN32_EXPORT(_get_fmode), WIN32_EXPORT(_rotl),
    WIN32_EXPORT(_rotr), WIN32_EXPORT_AS("_lrotl", _rotl), WIN32_EXPORT_AS("_lrotr", _rotr), WIN32_EXPORT(_rotl64),
    WIN32_EXPORT(_rotr64), WIN32_EXPORT(_byteswap_ushort), WIN32_EXPORT(_byteswap_ulong), WIN32_EXPORT(_byteswap_uint64),
    WIN32_EXPORT(_swab), WIN32_EXPORT(div), WIN32_EXPORT_AS("ldiv", div), WIN32_EXPORT(lldiv),
    WIN32_EXPORT_AS("imaxdiv", lldiv), WIN32_EXPORT(imaxabs), WIN32_EXPORT(_sleep), WIN32_EXPORT(_getmaxstdio),
    WIN32_EXPORT(_setmaxstdio), WIN32_EXPORT(_cprintf), WIN32_EXPORT(_lock_file), WIN32_EXPORT(_unlock_file),
    WIN32_EXPORT(_access_s), WIN32_EXPORT(_waccess_s), WIN32_EXPORT(_seh_filter_dll),
    WIN32_EXPORT(_register_thread_local_exe_atexit_callback), WIN32_EXPORT(_get_narrow_winmain_command_line),
    WIN32_EXPORT(_get_wide_winmain_command_line), WIN32_EXPORT(_get_initial_wide_environment));

}  // namespace win32::crt
