// Walks the guest's frame-pointer chain for a backtrace, reading every frame through
// GuestMemory: a corrupt or hostile stack ends the walk, it can never make the monitor fault.
// Allocation-free; used from the sandbox's signal handlers and from the kvm exit handler.
#pragma once

#include <cstdint>

#include "guest/guest_memory.h"
#include "report/stop_record.h"

namespace celda::hypercall {

// Appends return addresses to record.frames (up to kMaxFrames), starting at frame `rbp`.
void walk_frames(report::StopRecord& record, const guest::GuestMemory& memory, std::uint64_t rbp);

// Zeroes `record` and marks it as a stop of `kind`.
void begin_record(report::StopRecord& record, report::StopKind kind);
void set_record_message(report::StopRecord& record, const char* text, std::uint64_t length);

}  // namespace celda::hypercall
