// The one Linux process a posix guest runs: its descriptors, working directory, threads
// (library-OS fibers), signal dispositions and program break.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <celda/contract.h>
#include <libos/scheduler.h>
#include <libos/vfs/node.h>
#include <libos/vfs/vfs.h>

#include "linux/abi.h"

namespace posix {

using libos::vfs::File;
using libos::vfs::Ref;

inline constexpr int kMaxFds = 1024;

struct Descriptor {
    Ref<File> file;
    bool close_on_exec = false;
};

struct Thread {
    int tid = 0;
    uint64_t fs_base = 0;
    uint64_t clear_child_tid = 0;      // set_tid_address / CLONE_CHILD_CLEARTID
    uint64_t signal_mask = 0;
    uint64_t pending_signals = 0;
    libos::FiberControl* fiber = nullptr;
    celda_syscall_frame start{};        // a new thread's registers on its first run
    Thread* next = nullptr;
    uint64_t altstack_sp = 0, altstack_size = 0;
    int altstack_flags = 2;            // SS_DISABLE
};

struct Process {
    Descriptor fds[kMaxFds];
    char cwd[libos::vfs::kPathMax] = "/";
    uint32_t umask = 022;
    uint64_t brk_start = 0, brk_current = 0, brk_limit = 0;
    const char* exe_path = "";
    linux::kernel_sigaction actions[linux::NSIG + 1] = {};
    Thread* threads = nullptr;
    int live_threads = 0;
    int next_tid = 2;
    bool trace = false;
};

Process& process();
Thread& current_thread();
inline constexpr int kPid = 1;   // the program is init of its own little world

// Descriptor helpers. -EBADF for a closed or out-of-range fd.
int fd_get(int fd, Ref<File>& out);
// Lowest free fd >= `minimum`, or -EMFILE.
int fd_install(Ref<File> file, bool cloexec, int minimum = 0);
int fd_close(int fd);

// Whether [address, address+length) is memory the program may hand to a syscall.
bool user_ok(uint64_t address, uint64_t length);
bool user_string_ok(const char* text);

// Ends the whole process (exit_group, a fatal signal).
[[noreturn]] void exit_process(int status);

}  // namespace posix
