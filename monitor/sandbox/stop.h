// Ending the sandboxed child: fill a StopRecord, send it to the parent, exit_group. Used by the
// hypercall handler and the crash handler; async-signal-safe, no allocation, raw syscalls.
#pragma once

#include <cstdint>
#include <string_view>

#include "report/stop_record.h"

namespace celda::sandbox {

// A zeroed record of `kind` in static storage (the child is single-threaded, and a stop is the
// last thing it does, so one buffer suffices and the guest's small stack is spared).
report::StopRecord& begin_stop(report::StopKind kind);
// The same static record, not cleared (the hypercall dispatcher fills it only on a stop).
report::StopRecord& stop_record_buffer();
void set_stop_message(report::StopRecord& record, const char* text, std::uint64_t length);
// Return addresses by walking the frame-pointer chain from `rbp`, stopping at the first frame
// that is not inside guest memory (so a corrupt stack cannot make the walk fault).
void walk_frames(report::StopRecord& record, std::uint64_t rbp);
[[noreturn]] void finish_stop(const report::StopRecord& record, int exit_status);
// The child could not prepare the guest: a SetupError record with `message`, exit 125.
[[noreturn]] void report_setup_error(std::string_view message);

}  // namespace celda::sandbox
