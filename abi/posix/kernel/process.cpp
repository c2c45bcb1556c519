#include "kernel/process.h"

#include <libos/fiber.h>
#include <libos/hypercall.h>
#include <libos/libc.h>

#include "entry/site_rewrite.h"
#include "kernel/memory_map.h"

namespace posix {
namespace {
Process* the_process = nullptr;
}

Process& process() {
    if (!the_process) the_process = new Process();
    return *the_process;
}

Thread& current_thread() {
    libos::FiberControl* fiber = libos::scheduler().current();
    for (Thread* t = process().threads; t; t = t->next)
        if (t->fiber == fiber) return *t;
    return *process().threads;  // the main thread, before its fiber is recorded
}

int fd_get(int fd, Ref<File>& out) {
    if (fd < 0 || fd >= kMaxFds || !process().fds[fd].file) return -linux::EBADF;
    out = process().fds[fd].file;
    return 0;
}

int fd_install(Ref<File> file, bool cloexec, int minimum) {
    Process& p = process();
    for (int fd = minimum < 0 ? 0 : minimum; fd < kMaxFds; ++fd) {
        if (p.fds[fd].file) continue;
        p.fds[fd].file = static_cast<Ref<File>&&>(file);
        p.fds[fd].close_on_exec = cloexec;
        return fd;
    }
    return -linux::EMFILE;
}

int fd_close(int fd) {
    if (fd < 0 || fd >= kMaxFds || !process().fds[fd].file) return -linux::EBADF;
    process().fds[fd].file.reset();
    process().fds[fd].close_on_exec = false;
    return 0;
}

bool user_ok(uint64_t address, uint64_t length) {
    if (length == 0) return true;
    if (address + length < address) return false;
    uint64_t start = address & ~4095ull, end = (address + length + 4095) & ~4095ull;
    return memory_map().owns(start, end - start);
}

bool user_string_ok(const char* text) {
    uint64_t at = reinterpret_cast<uint64_t>(text);
    for (;;) {
        if (!user_ok(at, 1)) return false;
        // Check page by page: scan to the end of this page.
        uint64_t page_end = (at | 4095) + 1;
        for (; at < page_end; ++at)
            if (*reinterpret_cast<const char*>(at) == '\0') return true;
    }
}

void exit_process(int status) {
    if (process().trace) print_site_summary();
    libos::hypercall::exit(status);
}

}  // namespace posix
