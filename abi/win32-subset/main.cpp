// win32.img's entry: load the Windows program handed over as the payload, build the process
// (PEB, command line, environment, console handles, C runtime globals) and run its entry
// point on the main thread. The program ends through ExitProcess/exit, or by returning from
// its entry point (then ExitProcess with that value, as kernel32's thread start does).
#include <libos/boot_info.h>
#include <libos/console.h>
#include <libos/main.h>

#include "dlls/msvcrt/crt.h"
#include "files/paths.h"
#include "loader/dll_init.h"
#include "loader/pe_loader.h"
#include "process/objects.h"
#include "process/process.h"
#include "dlls/ntdll/exceptions.h"
#include "process/thread.h"
#include "registry/registry.h"
#include "registry/thunks.h"

namespace {

using namespace win32;

// Exit status when the program could not be started (same as celda's own failures).
constexpr int kLoadFailed = 125;
// The file system could not be set up as asked (-w names no directory): as for POSIX programs.
constexpr int kBadFilesystem = 126;

constinit PeModule* program = nullptr;
constinit Thread* main_thread = nullptr;

void on_thread_start(Thread* thread) {
    if (thread != main_thread) {
        attach_thread(thread, false);
        return;
    }
    // The program's DLLs first (dependencies first), then the program's own TLS callbacks.
    if (PeModule* failed = attach_queued_dlls(true)) {
        // Windows: "The application was unable to start correctly (0xc0000142)".
        libos::eprint("celda: '%s': initialization of %s failed (its DllMain returned FALSE; Windows reports "
                      "STATUS_DLL_INIT_FAILED 0xc0000142)\n", program_path(), failed->name);
        exit_process(kLoadFailed);
    }
    attach_thread(thread, true);
}

WINAPI uint32_t run_program(void*) {
    using Entry = uint32_t(WINAPI*)(void* peb);
    uint32_t code = reinterpret_cast<Entry>(program->entry)(peb());
    exit_process(code);
}

size_t main_stack_bytes(uint64_t reserve) {
    constexpr size_t kMinimum = 1 << 20, kMaximum = 16 << 20;
    return reserve < kMinimum ? kMinimum : reserve > kMaximum ? kMaximum : static_cast<size_t>(reserve);
}

}  // namespace

// Before a warm guest's program arrives: the export index makes binding imports a hash probe
// per import instead of a scan of every table (~40 µs of a hello world's start).
extern "C" void celda_warm_up() { build_export_index(); }

int celda_main(int argc, char** argv) {
    const celda_boot_info& info = libos::boot_info();
    if (info.payload_kind != CELDA_PAYLOAD_WINDOWS_PE || info.payload == 0) {
        libos::eprint("win32.img runs Windows programs: use `celda run program.exe [args...]`\n");
        return 2;
    }
    init_tracing();
    const char* path = info.payload_path ? reinterpret_cast<const char*>(info.payload_path) : "program.exe";
    char error[256];
    program = load_pe(reinterpret_cast<const uint8_t*>(info.payload), info.payload_size, path, error, sizeof error);
    if (!program) {
        libos::eprint("celda: %s\n", error);
        return kLoadFailed;
    }
    if (files::setup_filesystem() < 0) return kBadFilesystem;
    if (!init_process(program->base, argc, argv, program->path) || !crt::init_crt_globals() || !std_handle(1)) {
        libos::eprint("celda: '%s': not enough guest memory to start the program (raise --memory)\n", path);
        return kLoadFailed;
    }
    set_thread_attach_hook(on_thread_start);
    seh::install_fault_entry();   // the program's CPU faults become SEH exceptions
    set_thread_detach_hook(detach_thread);
    // Registered before the program runs, so it runs after the CRT's atexit table (exit hooks
    // run newest first), as DLLs detach after exit() on Windows.
    add_exit_hook(detach_all_dlls);
    main_thread = create_thread(run_program, nullptr, main_stack_bytes(program->stack_reserve));
    if (!main_thread) {
        libos::eprint("celda: '%s': not enough guest memory for the main thread's stack (raise --memory)\n", path);
        return kLoadFailed;
    }
    wait_for_thread(main_thread);
    exit_process(main_thread->exit_code);
}
