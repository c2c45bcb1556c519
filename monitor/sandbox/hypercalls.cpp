#include "sandbox/hypercalls.h"

#include "hypercall/dispatch.h"
#include "sandbox/child_state.h"
#include "sandbox/raw_syscall.h"
#include "sandbox/stop.h"
#include "sandbox/syscall_trap.h"
#include "sandbox/warm_guest.h"

#include <sys/mman.h>
#include <sys/syscall.h>

namespace celda::sandbox {

const char* hypercall_name(std::uint64_t nr) { return hypercall::name(nr); }

namespace {

// Guest address == host address on this backend, so PROTECT is one mprotect.
long protect_guest_pages(std::uint64_t address, std::uint64_t length, std::uint32_t prot) {
    int host = (prot & CELDA_PROT_READ ? PROT_READ : 0) | (prot & CELDA_PROT_WRITE ? PROT_WRITE : 0) |
               (prot & CELDA_PROT_EXEC ? PROT_EXEC : 0);
    return raw::syscall3(SYS_mprotect, static_cast<long>(address), static_cast<long>(length), host);
}

constexpr hypercall::BackendHooks kHooks{protect_guest_pages, set_syscall_entry, &g_child.broker,
                                         &g_child.fault_entry, await_payload};

}  // namespace

// force_align_arg_pointer: the guest is trusted with nothing, including stack alignment; the
// monitor code below may use SSE moves that need it.
extern "C" __attribute__((force_align_arg_pointer, noinline)) std::uint64_t sandbox_hypercall(std::uint64_t nr,
                                                                                              void* args) {
    const hypercall::Caller caller{reinterpret_cast<std::uint64_t>(__builtin_return_address(0)),
                                   *static_cast<std::uint64_t*>(__builtin_frame_address(0))};
    const hypercall::Context context{g_child.memory, g_child.trace, &kHooks, g_child.image_start,
                                     g_child.image_end};
    report::StopRecord& record = stop_record_buffer();
    hypercall::Outcome outcome =
        hypercall::dispatch(context, caller, nr, reinterpret_cast<std::uint64_t>(args), record);
    if (outcome.stopped) finish_stop(record, outcome.exit_status);
    return outcome.value;
}

}  // namespace celda::sandbox
