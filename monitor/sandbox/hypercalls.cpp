#include "sandbox/hypercalls.h"

#include <sys/syscall.h>
#include <time.h>

#include <cerrno>
#include <cstring>

#include "celda/contract.h"
#include "exit_status.h"
#include "sandbox/child_state.h"
#include "sandbox/raw_syscall.h"
#include "sandbox/stop.h"
#include "trace.h"

namespace celda::sandbox {
namespace {

constexpr std::uint64_t kNsPerSecond = 1'000'000'000;

// The guest's return address and frame chain, for reports about the call itself.
struct Caller {
    std::uint64_t return_address;
    std::uint64_t rbp;
};

[[noreturn]] void stop_bad_hypercall(const Caller& caller, std::uint64_t nr, std::uint64_t address,
                                     std::uint64_t length) {
    report::StopRecord& record = begin_stop(report::StopKind::BadHypercall);
    record.hypercall_nr = nr;
    record.bad_address = address;
    record.bad_length = length;
    record.rip = caller.return_address;
    record.frames[record.frame_count++] = caller.return_address;
    walk_frames(record, caller.rbp);
    if (g_child.trace) {
        TraceLine line;
        if (const char* name = hypercall_name(nr)) line.text(name);
        else line.text("hypercall ").udec(nr);
        line.text("(...) = invalid; stopping the guest").emit();
    }
    finish_stop(record, exit_status::kPageFault);
}

template <typename T>
T* checked_args(const Caller& caller, std::uint64_t nr, void* args) {
    auto address = reinterpret_cast<std::uint64_t>(args);
    T* block = g_child.memory->host_object<T>(address);
    if (!block) stop_bad_hypercall(caller, nr, address, sizeof(T));
    return block;
}

std::int64_t now_ns(clockid_t clock) {
    timespec ts{};
    // glibc's clock_gettime goes to the vDSO (no syscall, no TLS on success).
    if (clock_gettime(clock, &ts) != 0) return -1;
    return static_cast<std::int64_t>(ts.tv_sec) * static_cast<std::int64_t>(kNsPerSecond) + ts.tv_nsec;
}

std::uint64_t console_write(const Caller& caller, void* args) {
    auto* call = checked_args<celda_hc_console_write>(caller, CELDA_HC_CONSOLE_WRITE, args);
    const std::uint32_t stream = call->stream;
    const std::uint64_t buf = call->buf, len = call->len;
    const void* host = g_child.memory->host_pointer(buf, len);
    if (!host) stop_bad_hypercall(caller, CELDA_HC_CONSOLE_WRITE, buf, len);
    std::int64_t result;
    if (stream != 1 && stream != 2) {
        result = -CELDA_EINVAL;
    } else {
        std::uint64_t done = 0;
        long last = 0;
        while (done < len) {
            last = raw::write(static_cast<int>(stream), static_cast<const char*>(host) + done, len - done);
            if (last == -EINTR) continue;
            if (last <= 0) break;
            done += static_cast<std::uint64_t>(last);
        }
        // The count goes back as the return value only: the argument block may be read-only.
        result = done > 0 || len == 0 ? static_cast<std::int64_t>(done) : last;
    }
    if (g_child.trace)
        TraceLine().text("console_write(stream=").udec(stream).text(", buf=").hex(buf).text(", len=")
            .udec(len).text(") = ").dec(result).emit();
    return static_cast<std::uint64_t>(result);
}

std::uint64_t clock(const Caller& caller, void* args) {
    auto* call = checked_args<celda_hc_clock>(caller, CELDA_HC_CLOCK, args);
    const std::uint32_t which = call->clock;
    std::int64_t result = -CELDA_EINVAL;
    if (which == CELDA_CLOCK_MONOTONIC || which == CELDA_CLOCK_WALL) {
        std::int64_t ns = now_ns(which == CELDA_CLOCK_MONOTONIC ? CLOCK_MONOTONIC : CLOCK_REALTIME);
        if (ns >= 0) {
            call->ns = static_cast<std::uint64_t>(ns);
            result = 0;
        }
    }
    if (g_child.trace) {
        TraceLine line;
        line.text("clock(clock=");
        if (which == CELDA_CLOCK_MONOTONIC) line.text("monotonic");
        else if (which == CELDA_CLOCK_WALL) line.text("wall");
        else line.udec(which);
        line.text(") = ").dec(result);
        if (result == 0) line.text(", ns=").udec(call->ns);
        line.emit();
    }
    return static_cast<std::uint64_t>(result);
}

std::uint64_t block(const Caller& caller, void* args) {
    auto* call = checked_args<celda_hc_block>(caller, CELDA_HC_BLOCK, args);
    const std::uint64_t deadline = call->deadline_ns;
    if (deadline == UINT64_MAX) {
        // No device raises events yet: sleep until the parent's --timeout (or a signal).
        raw::syscall4(SYS_ppoll, 0, 0, 0, 0);
    } else {
        std::int64_t now = now_ns(CLOCK_MONOTONIC);
        if (now >= 0 && deadline > static_cast<std::uint64_t>(now)) {
            std::uint64_t wait = deadline - static_cast<std::uint64_t>(now);
            timespec ts{static_cast<time_t>(wait / kNsPerSecond), static_cast<long>(wait % kNsPerSecond)};
            raw::syscall4(SYS_ppoll, 0, 0, reinterpret_cast<long>(&ts), 0);
        }
    }
    call->events = 0;
    if (g_child.trace) TraceLine().text("block(deadline_ns=").udec(deadline).text(") = 0").emit();
    return 0;
}

[[noreturn]] void exit_guest(const Caller& caller, void* args) {
    auto* call = checked_args<celda_hc_exit>(caller, CELDA_HC_EXIT, args);
    const std::int32_t status = call->status;
    if (g_child.trace) TraceLine().text("exit(status=").dec(status).text(")").emit();
    report::StopRecord& record = begin_stop(report::StopKind::Exit);
    record.exit_status = status;
    finish_stop(record, status & 0xff);
}

[[noreturn]] void abort_guest(const Caller& caller, void* args) {
    auto* call = checked_args<celda_hc_abort>(caller, CELDA_HC_ABORT, args);
    std::uint64_t length = call->message_len;
    if (length > report::kMaxMessage) length = report::kMaxMessage;
    const void* message = g_child.memory->host_pointer(call->message, length);
    if (!message) stop_bad_hypercall(caller, CELDA_HC_ABORT, call->message, length);
    std::uint64_t frames = call->frame_count;
    if (frames > report::kMaxFrames) frames = report::kMaxFrames;
    if (g_child.trace)
        TraceLine().text("abort(message=").hex(call->message).text(", len=").udec(call->message_len)
            .text(", frames=").udec(call->frame_count).text(")").emit();
    report::StopRecord& record = begin_stop(report::StopKind::Abort);
    set_stop_message(record, static_cast<const char*>(message), length);
    for (std::uint64_t i = 0; i < frames; ++i) record.frames[i] = call->frames[i];
    record.frame_count = static_cast<std::uint32_t>(frames);
    record.rip = caller.return_address;
    finish_stop(record, exit_status::kGuestAborted);
}

}  // namespace

const char* hypercall_name(std::uint64_t nr) {
    switch (nr) {
        case CELDA_HC_CONSOLE_WRITE: return "console_write";
        case CELDA_HC_CLOCK: return "clock";
        case CELDA_HC_BLOCK: return "block";
        case CELDA_HC_EXIT: return "exit";
        case CELDA_HC_ABORT: return "abort";
        default: return nullptr;
    }
}

// force_align_arg_pointer: the guest is trusted with nothing, including stack alignment; the
// monitor code below may use SSE moves that need it.
extern "C" __attribute__((force_align_arg_pointer, noinline)) std::uint64_t sandbox_hypercall(std::uint64_t nr,
                                                                                              void* args) {
    Caller caller{reinterpret_cast<std::uint64_t>(__builtin_return_address(0)),
                  *static_cast<std::uint64_t*>(__builtin_frame_address(0))};
    switch (nr) {
        case CELDA_HC_CONSOLE_WRITE: return console_write(caller, args);
        case CELDA_HC_CLOCK: return clock(caller, args);
        case CELDA_HC_BLOCK: return block(caller, args);
        case CELDA_HC_EXIT: exit_guest(caller, args);
        case CELDA_HC_ABORT: abort_guest(caller, args);
        default: stop_bad_hypercall(caller, nr, 0, 0);
    }
}

}  // namespace celda::sandbox
