// What a warm guest's server or handover helper answers `celda run` when there is no stop
// record to send: the run was declined (nothing ran), or the guest died without one.
// Freestanding (the client reads it before the C library has started).
#pragma once

#include <cstdint>

#include "report/stop_record.h"

namespace celda::serve {

enum class ReplyStatus : std::uint32_t {
    Ran = 1,       // the program ran: exit_code / killed_by / record describe how it ended
    Declined = 2,  // no warm guest can take it (reason): celda run runs it itself
};

struct WarmReply {
    std::uint32_t magic;
    ReplyStatus status;
    std::int32_t exit_code;   // -1 unless it exited
    std::int32_t killed_by;   // signal, 0 if none
    std::uint32_t has_record;
    std::uint32_t reason_length;
    char reason[200];         // Declined: why (for --trace)
    report::StopRecord record;
};
inline constexpr std::uint32_t kReplyMagic = 0x4d524157;  // "WARM"

// Whichever arrives on celda run's socket: the guest's own stop record, or a reply.
union RunAnswer {
    WarmReply reply;
    report::StopRecord record;
};

}  // namespace celda::serve
