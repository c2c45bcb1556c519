#include "sandbox/stop.h"

#include "hypercall/guest_frames.h"
#include "sandbox/child_state.h"
#include "sandbox/raw_syscall.h"

namespace celda::sandbox {
namespace {
report::StopRecord g_record;
}

report::StopRecord& stop_record_buffer() { return g_record; }

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
    raw::write_all(g_child.report_fd, &record, sizeof record);
    raw::exit_group(exit_status);
}

}  // namespace celda::sandbox
