// The fixed-size binary record the sandboxed child writes to the report pipe when the guest
// stops (exit, panic, crash, forbidden syscall, bad hypercall, setup failure). Fixed size and
// under PIPE_BUF, so one write() delivers it whole and the child never needs to allocate.
#pragma once

#include <cstdint>

#include "celda/contract.h"

namespace celda::report {

enum class StopKind : std::uint32_t {
    Exit = 1,              // EXIT hypercall: exit_status
    Abort = 2,             // ABORT hypercall: message + frames (from the guest)
    Crash = 3,             // fault signal: signal, fault_address, rip, frames (rbp walk)
    ForbiddenSyscall = 4,  // SIGSYS from seccomp: syscall_nr, rip, frames
    BadHypercall = 5,      // hypercall_nr, bad_address/bad_length (or unknown nr), frames
    SetupError = 6,        // the child could not prepare the guest: message
    CpuException = 7,      // kvm: a CPU exception without a sandbox equivalent: vector, error_code, rip
    ForbiddenPort = 8,     // kvm: the guest touched an I/O port that is not a Celda port: port, rip
    VcpuStop = 9,          // kvm: triple fault, hlt, unexpected exit: message, rip, exit_status
};

inline constexpr std::uint32_t kStopRecordMagic = 0x504f5453;  // "STOP"
inline constexpr std::uint32_t kMaxMessage = 1024;
inline constexpr std::uint32_t kMaxFrames = CELDA_ABORT_MAX_FRAMES;

struct StopRecord {
    std::uint32_t magic;
    StopKind kind;
    std::int32_t exit_status;
    std::int32_t signal;
    std::int32_t signal_code;    // si_code
    std::uint32_t frame_count;
    std::uint64_t fault_address;
    std::uint64_t rip;
    std::uint64_t syscall_nr;
    std::uint64_t hypercall_nr;
    std::uint64_t bad_address;
    std::uint64_t bad_length;
    std::uint64_t error_code;    // CpuException: the exception's error code
    std::uint32_t vector;        // CpuException: the exception vector
    std::uint32_t port;          // ForbiddenPort
    std::uint64_t frames[kMaxFrames];  // return addresses, innermost first
    std::uint64_t program_base;  // boot_info.program_base/size as the guest left them (reports only)
    std::uint64_t program_size;
    std::uint32_t placed_count;  // boot_info.placed: the program's DLLs (reports only)
    std::uint32_t reserved;
    celda_placed_module placed[CELDA_MAX_PLACED_MODULES];
    std::uint32_t message_length;
    char message[kMaxMessage];
};

static_assert(sizeof(StopRecord) <= 4096, "must fit in PIPE_BUF for an atomic write");

// Copies where the guest says it placed the payload program and its DLLs (boot info the
// guest may have scribbled on: the count is clamped, the values are only ever used to name
// addresses in a report).
inline void note_placement(StopRecord& record, const celda_boot_info& info) {
    record.program_base = info.program_base;
    record.program_size = info.program_size;
    record.placed_count = info.placed_count < CELDA_MAX_PLACED_MODULES ? info.placed_count : CELDA_MAX_PLACED_MODULES;
    for (std::uint32_t i = 0; i < record.placed_count; ++i) record.placed[i] = info.placed[i];
}

}  // namespace celda::report
