// Where the program's `syscall` instructions arrive: trapped ones through the entry registered
// with CELDA_HC_SYSCALL_ENTRY (posix_syscall_entry), which also rewrites the site so that its
// next call comes through entry/fast_entry.S (posix_fast_syscall_entry) with no trap. The program owns %fs (its TLS): the current thread's FS base is
// saved on entry and put back on the way out, because other threads may have run meanwhile.
#include <celda/contract.h>

#include "entry/site_rewrite.h"
#include "kernel/process.h"
#include "kernel/signals.h"
#include "syscalls/table.h"

namespace {

inline uint64_t read_fs_base() {
    uint64_t value;
    asm volatile("rdfsbase %0" : "=r"(value));
    return value;
}

}  // namespace

namespace posix {
void write_fs_base(uint64_t value) { asm volatile("wrfsbase %0" : : "r"(value) : "memory"); }
}  // namespace posix

extern "C" __attribute__((visibility("hidden"))) void posix_fast_syscall_entry(celda_syscall_frame* frame) {
    posix::Thread* self = &posix::current_thread();
    self->fs_base = read_fs_base();
    frame->rax = static_cast<uint64_t>(posix::dispatch_syscall(frame));
    // The thread may have changed in a clone's child path; look it up again.
    self = &posix::current_thread();
    posix::deliver_pending_signals(*frame);
    posix::write_fs_base(self->fs_base);
}

extern "C" void posix_syscall_entry(celda_syscall_frame* frame) {
    posix::note_trapped_syscall(*frame);  // before dispatch: the frame as the instruction left it
    posix_fast_syscall_entry(frame);
}
