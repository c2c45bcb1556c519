// msvcrt's start-up and shutdown protocol as mingw-w64's crt uses it: __getmainargs,
// _initterm, _onexit/atexit, exit, the _acmdln/__initenv/_commode/_fmode variables.
#include <libos/console.h>
#include <libos/format.h>
#include <libos/hypercall.h>
#include <libos/libc.h>

#include "dlls/kernel32/kernel32.h"
#include "dlls/msvcrt/crt.h"
#include "process/process.h"
#include "registry/registry.h"

namespace win32::crt {

using VoidFunction = void(WINAPI*)();
using IntFunction = int(WINAPI*)();

char** main_argv = nullptr;
int main_argc = 0;
WCHAR** main_wargv = nullptr;

namespace {

constinit VoidFunction atexit_table[256] = {};
constinit size_t atexit_count = 0;
constinit bool hooks_installed = false;

void run_atexit() {
    while (atexit_count > 0) atexit_table[--atexit_count]();
}

void install_exit_hook() {
    if (!hooks_installed) {
        hooks_installed = true;
        add_exit_hook(run_atexit);
    }
}

}  // namespace

// Variables the program imports by address.
constinit char* acmdln = nullptr;
constinit WCHAR* wcmdln = nullptr;
constinit char** initenv = nullptr;
constinit WCHAR** winitenv = nullptr;
constinit int commode = 0;
constinit int fmode = 0;
constinit int argc_variable = 0;
constinit char** argv_variable = nullptr;
constinit WCHAR** wargv_variable = nullptr;
constinit char** environ_variable = nullptr;
constinit int app_type = 0;

void register_atexit(void (*function)()) {
    install_exit_hook();
    if (atexit_count < 256) atexit_table[atexit_count++] = reinterpret_cast<VoidFunction>(function);
}

[[noreturn]] void crt_exit(int status) { exit_process(static_cast<uint32_t>(status)); }
[[noreturn]] void libos_exit_now(int status) {
    // Not stdout's buffer (_exit loses it, as on Windows), but bytes of a printf interrupted by
    // the exit, which Windows would already have written.
    flush_temporary_buffers();
    libos::hypercall::exit(status);
}

bool init_crt_globals() {
    start_clock();
    // Registered before any atexit hook, so it runs after them (hooks run in reverse): what
    // atexit functions print is flushed too, as msvcrt does when it detaches at exit.
    add_exit_hook([] { flush_all_files(); });
    acmdln = const_cast<char*>(command_line_a());
    wcmdln = const_cast<WCHAR*>(command_line_w());
    main_argv = split_command_line(acmdln, &main_argc);
    int wide_count = 0;
    main_wargv = split_command_line_w(wcmdln, &wide_count);
    initenv = environment();
    environ_variable = initenv;
    argc_variable = main_argc;
    argv_variable = main_argv;
    wargv_variable = main_wargv;
    // The environment as wide strings, for _wenviron/__winitenv.
    size_t n = 0;
    while (initenv && initenv[n]) ++n;
    winitenv = static_cast<WCHAR**>(calloc(n + 1, sizeof(WCHAR*)));
    for (size_t i = 0; winitenv && i < n; ++i) winitenv[i] = to_wide(initenv[i]);
    return main_argv && main_wargv && winitenv;
}

WINAPI int __getmainargs(int* argc, char*** argv, char*** env, int, void*) {
    *argc = main_argc;
    *argv = main_argv;
    *env = environment();
    return 0;
}
WINAPI int __wgetmainargs(int* argc, WCHAR*** argv, WCHAR*** env, int, void*) {
    *argc = main_argc;
    *argv = main_wargv;
    *env = winitenv;
    return 0;
}
WINAPI void __set_app_type(int type) { app_type = type; }
WINAPI void __setusermatherr(void*) {}
WINAPI int* __p__commode() { return &commode; }
WINAPI int* __p__fmode() { return &fmode; }
int default_open_mode() { return fmode; }
WINAPI char** __p__acmdln() { return &acmdln; }
WINAPI WCHAR** __p__wcmdln() { return &wcmdln; }
WINAPI int* __p___argc() { return &argc_variable; }
WINAPI char*** __p___argv() { return &argv_variable; }
WINAPI WCHAR*** __p___wargv() { return &wargv_variable; }
WINAPI char*** __p__environ() { return &environ_variable; }
WINAPI WCHAR*** __p__wenviron() { return &winitenv; }
WINAPI char*** __p___initenv() { return &initenv; }
WINAPI WCHAR*** __p___winitenv() { return &winitenv; }

WINAPI void _initterm(VoidFunction* begin, VoidFunction* end) {
    for (; begin < end; ++begin)
        if (*begin) (*begin)();
}
WINAPI int _initterm_e(IntFunction* begin, IntFunction* end) {
    for (; begin < end; ++begin)
        if (*begin)
            if (int status = (*begin)()) return status;
    return 0;
}

WINAPI VoidFunction _onexit(VoidFunction function) {
    register_atexit(reinterpret_cast<void (*)()>(function));
    return function;
}
WINAPI int atexit(VoidFunction function) { return _onexit(function) ? 0 : -1; }
WINAPI int at_quick_exit(VoidFunction) { return 0; }

[[noreturn]] WINAPI void exit(int status) { crt_exit(status); }
[[noreturn]] WINAPI void _exit(int status) { libos_exit_now(status); }
[[noreturn]] WINAPI void _Exit(int status) { libos_exit_now(status); }
[[noreturn]] WINAPI void quick_exit(int status) { libos_exit_now(status); }
WINAPI void _cexit() { run_atexit(); }
WINAPI void _c_exit() {}

[[noreturn]] WINAPI void abort() {
    // What the Microsoft runtime prints, and its exit status 3.
    static const char message[] = "\nThis application has requested the Runtime to terminate it in an unusual way.\n";
    kernel32::console_write(2, message, sizeof message - 1);
    libos_exit_now(3);
}

[[noreturn]] WINAPI void _amsg_exit(int code) {
    char text[64];
    libos::format(text, sizeof text, "runtime error R60%02d\n", code);
    kernel32::console_write(2, text, strlen(text));
    libos_exit_now(255);
}

// signal: handlers are recorded and returned as the CRT does (raise calls them); no
// asynchronous signal (Ctrl-C) is ever delivered to the guest.
namespace {
constexpr int kSigCount = 23;   // SIGINT 2, SIGILL 4, SIGFPE 8, SIGSEGV 11, SIGTERM 15, SIGBREAK 21, SIGABRT 22
constinit void* signal_handlers[kSigCount] = {};
bool valid_signal(int sig) {
    return sig == 2 || sig == 4 || sig == 8 || sig == 11 || sig == 15 || sig == 21 || sig == 22 || sig == 6;
}
}  // namespace
WINAPI void* signal(int sig, void* handler) {
    if (sig == 6) sig = 22;   // SIGABRT_COMPAT
    if (!valid_signal(sig) || handler == reinterpret_cast<void*>(4) /* SIG_ACK */) {
        *errno_location() = 22;   // EINVAL
        return reinterpret_cast<void*>(-1);   // SIG_ERR
    }
    void* previous = signal_handlers[sig];
    signal_handlers[sig] = handler;
    return previous;
}
WINAPI int raise(int sig) {
    if (sig == 6) sig = 22;
    if (!valid_signal(sig)) {
        *errno_location() = 22;
        return -1;
    }
    void* handler = signal_handlers[sig];
    if (handler == reinterpret_cast<void*>(1)) return 0;   // SIG_IGN
    if (handler) {
        signal_handlers[sig] = nullptr;   // reset to SIG_DFL before the call, as the CRT does
        reinterpret_cast<void(WINAPI*)(int)>(handler)(sig);
        return 0;
    }
    if (sig == 22) abort();   // SIGABRT
    libos_exit_now(3);
}
WINAPI void _fpreset() {}
WINAPI unsigned _controlfp(unsigned, unsigned) { return 0x9001f; }
WINAPI int _controlfp_s(unsigned* current, unsigned, unsigned) {
    if (current) *current = 0x9001f;
    return 0;
}
WINAPI unsigned _clearfp() { return 0; }
WINAPI unsigned _statusfp() { return 0; }
WINAPI int _set_error_mode(int) { return 0; }
// Lock numbers from _STREAM_LOCKS (16) on are the streams __iob_func()[0..19]: mingw's _lock_file
// for msvcrt takes them around its printf (see lock_stream); the other locks (the CRT's own
// tables) guard nothing that a fiber switch could interrupt, so they need nothing.
constexpr int kStreamLocks = 16;
WINAPI void _lock(int number) {
    if (number >= kStreamLocks && number < kStreamLocks + kIobCount) lock_stream(&iob()[number - kStreamLocks]);
}
WINAPI void _unlock(int number) {
    if (number >= kStreamLocks && number < kStreamLocks + kIobCount) unlock_stream(&iob()[number - kStreamLocks]);
}
WINAPI void* _set_invalid_parameter_handler(void*) { return nullptr; }
WINAPI void* _set_purecall_handler(void*) { return nullptr; }
WINAPI int __lconv_init() { return 0; }
WINAPI int _XcptFilter(unsigned long, void*) { return 0; }   // EXCEPTION_CONTINUE_SEARCH

WIN32_EXPORT_TABLE(msvcrt_startup_exports,
    WIN32_EXPORT(__getmainargs), WIN32_EXPORT(__wgetmainargs), WIN32_EXPORT(__set_app_type),
    WIN32_EXPORT(__setusermatherr), WIN32_EXPORT(__p__commode), WIN32_EXPORT(__p__fmode),
    WIN32_EXPORT(__p__acmdln), WIN32_EXPORT(__p__wcmdln), WIN32_EXPORT(__p___argc),
    WIN32_EXPORT(__p___argv), WIN32_EXPORT(__p___wargv), WIN32_EXPORT(__p__environ),
    WIN32_EXPORT(__p__wenviron), WIN32_EXPORT(__p___initenv), WIN32_EXPORT(__p___winitenv),
    WIN32_EXPORT(_initterm), WIN32_EXPORT(_initterm_e), WIN32_EXPORT(_onexit), WIN32_EXPORT(atexit),
    WIN32_EXPORT(at_quick_exit), WIN32_EXPORT_NORELAY(exit), WIN32_EXPORT_NORELAY(_exit),
    WIN32_EXPORT_NORELAY(_Exit), WIN32_EXPORT_NORELAY(quick_exit), WIN32_EXPORT(_cexit),
    WIN32_EXPORT(_c_exit), WIN32_EXPORT_NORELAY(abort), WIN32_EXPORT_NORELAY(_amsg_exit),
    WIN32_EXPORT(signal), WIN32_EXPORT(raise), WIN32_EXPORT(_fpreset), WIN32_EXPORT(_controlfp),
    WIN32_EXPORT(_controlfp_s), WIN32_EXPORT(_clearfp), WIN32_EXPORT(_statusfp),
    WIN32_EXPORT(_set_error_mode), WIN32_EXPORT(_lock), WIN32_EXPORT(_unlock),
    WIN32_EXPORT(_set_invalid_parameter_handler), WIN32_EXPORT(_set_purecall_handler),
    WIN32_EXPORT(__lconv_init), WIN32_EXPORT(_XcptFilter),
    WIN32_EXPORT_DATA("_acmdln", acmdln), WIN32_EXPORT_DATA("_wcmdln", wcmdln),
    WIN32_EXPORT_DATA("__initenv", initenv), WIN32_EXPORT_DATA("__winitenv", winitenv),
    WIN32_EXPORT_DATA("_commode", commode), WIN32_EXPORT_DATA("_fmode", fmode),
    WIN32_EXPORT_DATA("__argc", argc_variable), WIN32_EXPORT_DATA("__argv", argv_variable),
    WIN32_EXPORT_DATA("__wargv", wargv_variable), WIN32_EXPORT_DATA("_environ", environ_variable));

}  // namespace win32::crt
