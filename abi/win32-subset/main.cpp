// win32.img's entry: load the Windows program handed over as the payload, build the process
// (PEB, command line, environment, console handles, C runtime globals) and run its entry
// point on the main thread. The program ends through ExitProcess/exit, or by returning from
// its entry point (then ExitProcess with that value, as kernel32's thread start does).
#include <libos/boot_info.h>
#include <libos/console.h>
#include <libos/main.h>

#include "dlls/msvcrt/crt.h"
#include "files/paths.h"
#include "loader/pe_loader.h"
#include "process/objects.h"
#include "process/process.h"
#include "dlls/ntdll/exceptions.h"
#include "process/thread.h"
#include "registry/thunks.h"

namespace {

using namespace win32;

// Exit status when the program could not be started (same as celda's own failures).
constexpr int kLoadFailed = 125;
// The file system could not be set up as asked (-w names no directory): as for POSIX programs.
constexpr int kBadFilesystem = 126;

constinit PeModule program = {};
constinit Thread* main_thread = nullptr;

void on_thread_start(Thread* thread) {
    attach_thread_tls(thread, 0);
    run_tls_callbacks(thread == main_thread ? 1 : 2);   // DLL_PROCESS_ATTACH / DLL_THREAD_ATTACH
}

WINAPI uint32_t run_program(void*) {
    using Entry = uint32_t(WINAPI*)(void* peb);
    uint32_t code = reinterpret_cast<Entry>(program.entry)(peb());
    exit_process(code);
}

size_t main_stack_bytes(uint64_t reserve) {
    constexpr size_t kMinimum = 1 << 20, kMaximum = 16 << 20;
    return reserve < kMinimum ? kMinimum : reserve > kMaximum ? kMaximum : static_cast<size_t>(reserve);
}

}  // namespace

int celda_main(int argc, char** argv) {
    const celda_boot_info& info = libos::boot_info();
    if (info.payload_kind != CELDA_PAYLOAD_WINDOWS_PE || info.payload == 0) {
        libos::eprint("win32.img runs Windows programs: use `celda run program.exe [args...]`\n");
        return 2;
    }
    init_tracing();
    const char* path = info.payload_path ? reinterpret_cast<const char*>(info.payload_path) : "program.exe";
    char error[256];
    if (!load_pe(reinterpret_cast<const uint8_t*>(info.payload), info.payload_size, path, program, error,
                 sizeof error)) {
        libos::eprint("celda: %s\n", error);
        return kLoadFailed;
    }
    if (files::setup_filesystem() < 0) return kBadFilesystem;
    if (!init_process(program.base, argc, argv) || !crt::init_crt_globals() || !std_handle(1)) {
        libos::eprint("celda: '%s': not enough guest memory to start the program (raise --memory)\n", path);
        return kLoadFailed;
    }
    set_thread_attach_hook(on_thread_start);
    seh::install_fault_entry();   // the program's CPU faults become SEH exceptions
    main_thread = create_thread(run_program, nullptr, main_stack_bytes(program.stack_reserve));
    if (!main_thread) {
        libos::eprint("celda: '%s': not enough guest memory for the main thread's stack (raise --memory)\n", path);
        return kLoadFailed;
    }
    wait_for_thread(main_thread);
    exit_process(main_thread->exit_code);
}
