#include "sandbox/hypercalls.h"

#include "hypercall/dispatch.h"
#include "sandbox/child_state.h"
#include "sandbox/stop.h"

namespace celda::sandbox {

const char* hypercall_name(std::uint64_t nr) { return hypercall::name(nr); }

// force_align_arg_pointer: the guest is trusted with nothing, including stack alignment; the
// monitor code below may use SSE moves that need it.
extern "C" __attribute__((force_align_arg_pointer, noinline)) std::uint64_t sandbox_hypercall(std::uint64_t nr,
                                                                                              void* args) {
    const hypercall::Caller caller{reinterpret_cast<std::uint64_t>(__builtin_return_address(0)),
                                   *static_cast<std::uint64_t*>(__builtin_frame_address(0))};
    const hypercall::Context context{g_child.memory, g_child.trace};
    report::StopRecord& record = stop_record_buffer();
    hypercall::Outcome outcome =
        hypercall::dispatch(context, caller, nr, reinterpret_cast<std::uint64_t>(args), record);
    if (outcome.stopped) finish_stop(record, outcome.exit_status);
    return outcome.value;
}

}  // namespace celda::sandbox
