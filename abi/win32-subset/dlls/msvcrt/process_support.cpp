// The CRT's process-level odds and ends: _getpid, _assert, perror, and system/_spawn*, which
// cannot start anything (a celda guest is one program: there is no command interpreter and no
// child process), so they fail the documented way: system(NULL) is 0 ("no interpreter"),
// system(command) and the _spawn/_exec family return -1 with errno ENOENT.
#include <libos/format.h>
#include <libos/libc.h>

#include "dlls/kernel32/kernel32.h"
#include "dlls/msvcrt/crt.h"
#include "process/process.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::crt {

[[noreturn]] WINAPI void abort();    // startup.cpp
WINAPI char* strerror(int error);   // strings.cpp

namespace {
constexpr int kEnoent = 2;
void write_stderr(const char* text) { lowio_write(2, text, ::strlen(text)); }
int no_child_process() {
    *errno_location() = kEnoent;
    return -1;
}
}  // namespace

WINAPI int _getpid() { return static_cast<int>(kProcessId); }

// "Assertion failed: expression, file f, line n", then abort (exit status 3).
[[noreturn]] WINAPI void _assert(const char* expression, const char* file, unsigned line) {
    char text[1024];
    libos::format(text, sizeof text, "Assertion failed: %s, file %s, line %u\n", expression ? expression : "",
                  file ? file : "", line);
    write_stderr(text);
    abort();
}
[[noreturn]] WINAPI void _wassert(const WCHAR* expression, const WCHAR* file, unsigned line) {
    char* e = expression ? to_utf8(expression) : nullptr;
    char* f = file ? to_utf8(file) : nullptr;
    _assert(e, f, line);
}

// perror: "prefix: message\n" (just the message when the prefix is null or empty).
WINAPI void perror(const char* prefix) {
    const char* message = strerror(*errno_location());
    if (prefix && *prefix) {
        write_stderr(prefix);
        write_stderr(": ");
    }
    write_stderr(message);
    write_stderr("\n");
}
WINAPI void _wperror(const WCHAR* prefix) {
    char* p = prefix ? to_utf8(prefix) : nullptr;
    perror(p);
    ::free(p);
}

WINAPI int system(const char* command) { return command ? no_child_process() : 0; }
WINAPI int _wsystem(const WCHAR* command) { return command ? no_child_process() : 0; }
WINAPI intptr_t _spawn_any() { return no_child_process(); }
WINAPI void* _spawn_any_null() {   // _popen: NULL, errno ENOENT
    no_child_process();
    return nullptr;
}

extern "C" void win32_crt_setjmp();    // setjmp.S
extern "C" void win32_crt_longjmp();

WIN32_EXPORT_TABLE(msvcrt_process_support_exports,
    ::win32::Export{"_setjmp", reinterpret_cast<void*>(&win32_crt_setjmp), ::win32::kExportNoRelay},
    ::win32::Export{"_setjmpex", reinterpret_cast<void*>(&win32_crt_setjmp), ::win32::kExportNoRelay},
    ::win32::Export{"setjmp", reinterpret_cast<void*>(&win32_crt_setjmp), ::win32::kExportNoRelay},
    // ucrt's names for the same (api-ms-win-crt-private, what mingw's ucrt setjmp() calls).
    ::win32::Export{"__intrinsic_setjmp", reinterpret_cast<void*>(&win32_crt_setjmp), ::win32::kExportNoRelay},
    ::win32::Export{"__intrinsic_setjmpex", reinterpret_cast<void*>(&win32_crt_setjmp), ::win32::kExportNoRelay},
    ::win32::Export{"longjmp", reinterpret_cast<void*>(&win32_crt_longjmp), ::win32::kExportNoRelay},
    WIN32_EXPORT(_getpid), WIN32_EXPORT_AS("getpid", _getpid), WIN32_EXPORT_NORELAY(_assert),
    WIN32_EXPORT_NORELAY(_wassert), WIN32_EXPORT(perror), WIN32_EXPORT(_wperror), WIN32_EXPORT(system),
    WIN32_EXPORT(_wsystem), WIN32_EXPORT_AS("_spawnv", _spawn_any), WIN32_EXPORT_AS("_spawnvp", _spawn_any),
    WIN32_EXPORT_AS("_spawnve", _spawn_any), WIN32_EXPORT_AS("_spawnvpe", _spawn_any),
    WIN32_EXPORT_AS("_spawnl", _spawn_any), WIN32_EXPORT_AS("_spawnlp", _spawn_any),
    WIN32_EXPORT_AS("_spawnle", _spawn_any), WIN32_EXPORT_AS("_spawnlpe", _spawn_any),
    WIN32_EXPORT_AS("_wspawnv", _spawn_any), WIN32_EXPORT_AS("_wspawnvp", _spawn_any),
    WIN32_EXPORT_AS("_wspawnve", _spawn_any), WIN32_EXPORT_AS("_wspawnvpe", _spawn_any),
    WIN32_EXPORT_AS("_execv", _spawn_any), WIN32_EXPORT_AS("_execvp", _spawn_any),
    WIN32_EXPORT_AS("_execve", _spawn_any), WIN32_EXPORT_AS("_execvpe", _spawn_any),
    WIN32_EXPORT_AS("_execl", _spawn_any), WIN32_EXPORT_AS("_execlp", _spawn_any),
    WIN32_EXPORT_AS("_wexecv", _spawn_any), WIN32_EXPORT_AS("_wexecvp", _spawn_any),
    WIN32_EXPORT_AS("_popen", _spawn_any_null), WIN32_EXPORT_AS("_wpopen", _spawn_any_null));

}  // namespace win32::crt
