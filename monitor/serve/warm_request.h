// What `celda run` hands a warm guest through `celda serve`: the run's boot inputs (argv,
// environment, the program's path and size, its DLLs' names and sizes, -w, trace flags) and
// which celda build and stock image it expects. Encoded into one SOCK_SEQPACKET message that
// travels client -> server -> warm guest unchanged, with the run's descriptors beside it
// (SCM_RIGHTS, in this order: stdin, stdout, stderr, the program, its DLLs).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "celda/contract.h"
#include "error.h"
#include "guest/boot_info.h"
#include "guest/layout.h"
#include "report/stop_record.h"

namespace celda::serve {

// A warm guest's memory: what `celda run` gives a guest by default, plus room for the program
// and its DLLs (the window, mapped per run just below the image) and a fixed boot area. The
// guest's free memory is the same as a default run's. Runs that need more go without the server.
inline constexpr std::uint64_t kWarmBootArea = 256ull << 10;
inline constexpr std::uint64_t kWarmPayloadWindow = 64ull << 20;
inline constexpr std::uint64_t kWarmMemory = (64ull << 20) + kWarmPayloadWindow + kWarmBootArea;
// One message; also bounds what the client sends (the boot area bounds argv + environment).
inline constexpr std::size_t kMaxRequestBytes = 256u << 10;
// stdin, stdout, stderr, the program, up to CELDA_MAX_COMPANIONS DLLs.
inline constexpr std::size_t kMaxRequestFds = 4 + CELDA_MAX_COMPANIONS;

// Where a warm guest of an image spanning `image_span` bytes puts things (payload_size and
// companions_start are filled in per run by place_in_window).
Result<guest::GuestLayout> warm_layout(std::uint64_t image_span);
// `layout` for one run: false if the program and its DLLs do not fit the window.
bool place_in_window(guest::GuestLayout& layout, std::uint64_t program_size,
                     const std::vector<guest::BootInputs::Companion>& companions);
// The same test from the sizes alone (the window's size does not depend on the image).
bool fits_window(std::uint64_t program_size, const std::vector<guest::BootInputs::Companion>& companions);

// Identifies a file's version cheaply: a rebuilt celda or stock image is a different one.
struct FileId {
    std::uint64_t dev = 0, ino = 0, size = 0, mtime_ns = 0;
    bool operator==(const FileId&) const = default;
};
Result<FileId> file_id(const std::string& path);

struct WarmRequest {
    FileId celda;   // the client's own binary: the warm guest runs the server's monitor code
    FileId image;   // the stock image the client would have booted
    std::uint32_t payload_kind = 0;
    std::uint32_t trace_flags = 0;
    bool monitor_trace = false;
    std::uint64_t program_size = 0;
    guest::BootInputs inputs;  // argv, env, payload_path, companions, workdir (the rest: the guest's)
};

std::string encode_request(const WarmRequest& request);
// Checks every length against the message; an error names what is malformed.
Result<WarmRequest> decode_request(std::string_view bytes);

enum class ReplyStatus : std::uint32_t {
    Ran = 1,       // the program ran: exit_code / killed_by / record describe how it ended
    Declined = 2,  // the server cannot run it (another celda build, no warm guest for it): run it directly
};

// Server -> client, after the guest stopped.
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

}  // namespace celda::serve
