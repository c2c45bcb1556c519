#include "hypercall/guest_frames.h"

#include <cstring>

namespace celda::hypercall {

void walk_frames(report::StopRecord& record, const guest::GuestMemory& memory, std::uint64_t rbp) {
    while (record.frame_count < report::kMaxFrames) {
        if (rbp % 8 != 0) break;
        const auto* frame = static_cast<const std::uint64_t*>(memory.host_pointer(rbp, 16));
        if (!frame) break;
        std::uint64_t return_address = frame[1];
        if (return_address == 0) break;
        record.frames[record.frame_count++] = return_address;
        if (frame[0] <= rbp) break;  // the chain must move up the stack
        rbp = frame[0];
    }
}

void begin_record(report::StopRecord& record, report::StopKind kind) {
    std::memset(&record, 0, sizeof record);
    record.magic = report::kStopRecordMagic;
    record.kind = kind;
}

void set_record_message(report::StopRecord& record, const char* text, std::uint64_t length) {
    if (length > report::kMaxMessage) length = report::kMaxMessage;
    std::memcpy(record.message, text, length);
    record.message_length = static_cast<std::uint32_t>(length);
}

}  // namespace celda::hypercall
