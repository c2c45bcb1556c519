#include "sandbox/stop.h"

#include <cstring>

#include "sandbox/child_state.h"
#include "sandbox/raw_syscall.h"

namespace celda::sandbox {
namespace {
report::StopRecord g_record;
}

report::StopRecord& begin_stop(report::StopKind kind) {
    std::memset(&g_record, 0, sizeof g_record);
    g_record.magic = report::kStopRecordMagic;
    g_record.kind = kind;
    return g_record;
}

void set_stop_message(report::StopRecord& record, const char* text, std::uint64_t length) {
    if (length > report::kMaxMessage) length = report::kMaxMessage;
    std::memcpy(record.message, text, length);
    record.message_length = static_cast<std::uint32_t>(length);
}

void walk_frames(report::StopRecord& record, std::uint64_t rbp) {
    const guest::GuestMemory* memory = g_child.memory;
    while (memory && record.frame_count < report::kMaxFrames) {
        if (rbp % 8 != 0) break;
        const auto* frame = static_cast<const std::uint64_t*>(memory->host_pointer(rbp, 16));
        if (!frame) break;
        std::uint64_t return_address = frame[1];
        if (return_address == 0) break;
        record.frames[record.frame_count++] = return_address;
        if (frame[0] <= rbp) break;  // the chain must move up the stack
        rbp = frame[0];
    }
}

void finish_stop(const report::StopRecord& record, int exit_status) {
    raw::write_all(g_child.report_fd, &record, sizeof record);
    raw::exit_group(exit_status);
}

}  // namespace celda::sandbox
