#include "sandbox/stop.h"

#include "hypercall/guest_frames.h"
#include "sandbox/child_state.h"
#include "sandbox/raw_syscall.h"
#include "exit_status.h"

#include <sched.h>
#include <sys/syscall.h>

namespace celda::sandbox {
namespace {
report::StopRecord g_record;
}

report::StopRecord& stop_record_buffer() { return g_record; }

// Where the guest says it placed the payload program (boot info, read through the checked
// guest-memory view), for naming addresses in the report.
void note_program_placement(report::StopRecord& record) {
    if (!g_child.memory) return;
    if (const auto* info = g_child.memory->host_object<const celda_boot_info>(CELDA_GUEST_BASE))
        report::note_placement(record, *info);
}

report::StopRecord& begin_stop(report::StopKind kind) {
    hypercall::begin_record(g_record, kind);
    return g_record;
}

void set_stop_message(report::StopRecord& record, const char* text, std::uint64_t length) {
    hypercall::set_record_message(record, text, length);
}

void walk_frames(report::StopRecord& record, std::uint64_t rbp) {
    if (g_child.memory) hypercall::walk_frames(record, *g_child.memory, rbp);
}

void finish_stop(const report::StopRecord& record, int exit_status) {
    report::StopRecord final_record = record;
    note_program_placement(final_record);
    // A warm guest's `celda run` waits for this record, often on this very CPU. At SCHED_IDLE
    // the record's wake-up runs it at once, and the yield hands it the CPU if it was already
    // runnable; this process's tear-down (freeing its memory, ~0.3 ms) then waits for a CPU
    // nobody else wants instead of delaying the client's exit. (A direct run's parent waits
    // for that tear-down anyway, so there is nothing to gain there.)
    if (g_child.warm) {
        static const sched_param idle{};
        raw::syscall3(SYS_sched_setscheduler, 0, SCHED_IDLE, reinterpret_cast<long>(&idle));
    }
    raw::write_all(g_child.report_fd, &final_record, sizeof final_record);
    if (g_child.warm) raw::syscall3(SYS_sched_yield, 0, 0, 0);
    raw::exit_group(exit_status);
}

[[noreturn]] void report_setup_error(std::string_view message) {
    report::StopRecord& record = begin_stop(report::StopKind::SetupError);
    set_stop_message(record, message.data(), message.size());
    finish_stop(record, exit_status::kCeldaFailed);
}

}  // namespace celda::sandbox
