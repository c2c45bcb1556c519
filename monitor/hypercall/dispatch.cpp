#include "hypercall/dispatch.h"

#include <poll.h>
#include <sys/syscall.h>
#include <time.h>

#include <cerrno>

#include "celda/contract.h"
#include "exit_status.h"
#include "hypercall/guest_frames.h"
#include "hypercall/hostfs.h"
#include "sandbox/raw_syscall.h"
#include "trace.h"

namespace celda::hypercall {
namespace {

namespace raw = sandbox::raw;
constexpr std::uint64_t kNsPerSecond = 1'000'000'000;

// One call in flight: what every handler needs, so signatures stay short.
struct Call {
    const Context& context;
    const Caller& caller;
    std::uint64_t nr;
    report::StopRecord& stop;
    const guest::GuestMemory& memory() const { return *context.memory; }
};

Outcome stop_with(int exit_status) { return Outcome{true, 0, exit_status}; }
Outcome value(std::int64_t v) { return Outcome{false, static_cast<std::uint64_t>(v), 0}; }

Outcome bad_hypercall(const Call& call, std::uint64_t address, std::uint64_t length) {
    report::StopRecord& record = call.stop;
    begin_record(record, report::StopKind::BadHypercall);
    record.hypercall_nr = call.nr;
    record.bad_address = address;
    record.bad_length = length;
    record.rip = call.caller.return_address;
    record.frames[record.frame_count++] = call.caller.return_address;
    walk_frames(record, call.memory(), call.caller.rbp);
    if (call.context.trace) {
        TraceLine line;
        if (const char* n = name(call.nr)) line.text(n);
        else line.text("hypercall ").udec(call.nr);
        line.text("(...) = invalid; stopping the guest").emit();
    }
    return stop_with(exit_status::kPageFault);
}

std::int64_t now_ns(clockid_t clock) {
    timespec ts{};
    // glibc's clock_gettime goes to the vDSO (no syscall, no TLS on success).
    if (clock_gettime(clock, &ts) != 0) return -1;
    return static_cast<std::int64_t>(ts.tv_sec) * static_cast<std::int64_t>(kNsPerSecond) + ts.tv_nsec;
}

Outcome console_write(const Call& call, celda_hc_console_write* args) {
    const std::uint32_t stream = args->stream;
    const std::uint64_t buf = args->buf, len = args->len;
    const void* host = call.memory().host_pointer(buf, len);
    if (!host) return bad_hypercall(call, buf, len);
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
    if (call.context.trace)
        TraceLine().text("console_write(stream=").udec(stream).text(", buf=").hex(buf).text(", len=")
            .udec(len).text(") = ").dec(result).emit();
    return value(result);
}

Outcome clock(const Call& call, celda_hc_clock* args) {
    const std::uint32_t which = args->clock;
    std::int64_t result = -CELDA_EINVAL;
    if (which == CELDA_CLOCK_MONOTONIC || which == CELDA_CLOCK_WALL) {
        std::int64_t ns = now_ns(which == CELDA_CLOCK_MONOTONIC ? CLOCK_MONOTONIC : CLOCK_REALTIME);
        if (ns >= 0) {
            args->ns = static_cast<std::uint64_t>(ns);
            result = 0;
        }
    }
    if (call.context.trace) {
        TraceLine line;
        line.text("clock(clock=");
        if (which == CELDA_CLOCK_MONOTONIC) line.text("monotonic");
        else if (which == CELDA_CLOCK_WALL) line.text("wall");
        else line.udec(which);
        line.text(") = ").dec(result);
        if (result == 0) line.text(", ns=").udec(args->ns);
        line.emit();
    }
    return value(result);
}

// Readiness of `celda run`'s stdin as CELDA_EVENT_* bits, waiting at most `timeout` (nullptr:
// forever) and only for what `wanted` asks (no fd at all when it asks for nothing).
std::uint64_t wait_events(std::uint64_t wanted, const timespec* timeout) {
    pollfd stdin_fd{0, POLLIN, 0};
    const long nfds = (wanted & CELDA_EVENT_CONSOLE_IN) ? 1 : 0;
    long ready = raw::syscall4(SYS_ppoll, nfds ? reinterpret_cast<long>(&stdin_fd) : 0, nfds,
                               reinterpret_cast<long>(timeout), 0);
    if (ready <= 0 || nfds == 0) return 0;
    std::uint64_t events = 0;
    // A closed or failing stdin counts as readable: the read then reports what is wrong. A
    // pipe whose writer is gone and that holds no data is HUP alone (as poll says natively).
    if (stdin_fd.revents & (POLLIN | POLLERR | POLLNVAL)) events |= CELDA_EVENT_CONSOLE_IN;
    if (stdin_fd.revents & POLLHUP) events |= CELDA_EVENT_CONSOLE_HUP;
    return events;
}

Outcome block(const Call& call, celda_hc_block* args) {
    const std::uint64_t deadline = args->deadline_ns;
    const std::uint64_t wanted = args->events & CELDA_EVENT_CONSOLE_IN;
    std::uint64_t events = 0;
    if (deadline == UINT64_MAX) {
        // Until stdin has input (if asked), or --timeout (or a signal) ends the run.
        events = wait_events(wanted, nullptr);
    } else {
        std::int64_t now = now_ns(CLOCK_MONOTONIC);
        std::uint64_t wait = 0;
        if (now >= 0 && deadline > static_cast<std::uint64_t>(now)) wait = deadline - static_cast<std::uint64_t>(now);
        timespec ts{static_cast<time_t>(wait / kNsPerSecond), static_cast<long>(wait % kNsPerSecond)};
        // A deadline already passed only checks for events.
        if (wait > 0 || wanted) events = wait_events(wanted, &ts);
    }
    args->events = events;
    if (call.context.trace)
        TraceLine().text("block(deadline_ns=").udec(deadline).text(", events=").udec(wanted).text(") = 0, events=")
            .udec(events).emit();
    return value(0);
}

Outcome exit_guest(const Call& call, const celda_hc_exit* args) {
    const std::int32_t status = args->status;
    if (call.context.trace) TraceLine().text("exit(status=").dec(status).text(")").emit();
    begin_record(call.stop, report::StopKind::Exit);
    call.stop.exit_status = status;
    return stop_with(status & 0xff);
}

Outcome abort_guest(const Call& call, const celda_hc_abort* args) {
    std::uint64_t length = args->message_len;
    if (length > report::kMaxMessage) length = report::kMaxMessage;
    const void* message = call.memory().host_pointer(args->message, length);
    if (!message) return bad_hypercall(call, args->message, length);
    std::uint64_t frames = args->frame_count;
    if (frames > report::kMaxFrames) frames = report::kMaxFrames;
    if (call.context.trace)
        TraceLine().text("abort(message=").hex(args->message).text(", len=").udec(args->message_len)
            .text(", frames=").udec(args->frame_count).text(")").emit();
    report::StopRecord& record = call.stop;
    begin_record(record, report::StopKind::Abort);
    set_record_message(record, static_cast<const char*>(message), length);
    for (std::uint64_t i = 0; i < frames; ++i) record.frames[i] = args->frames[i];
    record.frame_count = static_cast<std::uint32_t>(frames);
    record.rip = call.caller.return_address;
    return stop_with(exit_status::kGuestAborted);
}

Outcome console_read(const Call& call, const celda_hc_console_read* args) {
    const std::uint64_t buf = args->buf, len = args->len;
    void* host = call.memory().host_pointer(buf, len);
    if (!host) return bad_hypercall(call, buf, len);
    long result;
    // Never blocks the guest (its other fibers go on): without input, -EAGAIN, and the guest
    // waits for CELDA_EVENT_CONSOLE_IN with BLOCK. fd 0 itself stays blocking: its open file
    // description is shared with the shell and whatever else holds it.
    if (len > 0) {
        const timespec zero{};
        if (!wait_events(CELDA_EVENT_CONSOLE_IN, &zero)) {
            result = -CELDA_EAGAIN;
            if (call.context.trace)
                TraceLine().text("console_read(buf=").hex(buf).text(", len=").udec(len).text(") = ").dec(result).emit();
            return value(result);
        }
    }
    do {
        result = raw::syscall3(SYS_read, 0, reinterpret_cast<long>(host), static_cast<long>(len));
    } while (result == -EINTR);
    if (result < 0) result = -CELDA_EIO;
    if (call.context.trace)
        TraceLine().text("console_read(buf=").hex(buf).text(", len=").udec(len).text(") = ").dec(result).emit();
    return value(result);
}

Outcome protect(const Call& call, const celda_hc_protect* args) {
    const std::uint64_t address = args->address, length = args->length;
    const std::uint32_t prot = args->prot;
    std::int64_t result;
    const bool overlaps_image = address < call.context.image_end && call.context.image_start < address + length;
    if (!call.memory().contains(address, length)) return bad_hypercall(call, address, length);
    if (length == 0 || address % CELDA_PAGE_SIZE || length % CELDA_PAGE_SIZE || (prot & ~7u))
        result = -CELDA_EINVAL;
    else if (overlaps_image)
        result = -CELDA_EACCES;
    else if (!call.context.hooks || !call.context.hooks->protect)
        result = -CELDA_ENOSYS;
    else
        result = call.context.hooks->protect(address, length, prot);
    if (call.context.trace)
        TraceLine().text("protect(address=").hex(address).text(", len=").udec(length).text(", prot=")
            .udec(prot).text(") = ").dec(result).emit();
    return value(result);
}

Outcome syscall_entry(const Call& call, const celda_hc_syscall_entry* args) {
    const std::uint64_t entry = args->entry;
    std::int64_t result;
    if (entry != 0 && !call.memory().contains(entry, 1))
        result = -CELDA_EINVAL;
    else if (!call.context.hooks || !call.context.hooks->set_syscall_entry)
        result = -CELDA_ENOSYS;
    else
        result = call.context.hooks->set_syscall_entry(entry);
    if (call.context.trace) TraceLine().text("syscall_entry(entry=").hex(entry).text(") = ").dec(result).emit();
    return value(result);
}

Outcome fault_entry(const Call& call, const celda_hc_fault_entry* args) {
    const std::uint64_t entry = args->entry;
    std::int64_t result = 0;
    FaultEntry* state = call.context.hooks ? call.context.hooks->fault_entry : nullptr;
    if (entry != 0 && !call.memory().contains(entry, 1))
        result = -CELDA_EINVAL;
    else if (!state)
        result = -CELDA_ENOSYS;
    else
        set_fault_entry(*state, entry);
    if (call.context.trace) TraceLine().text("fault_entry(entry=").hex(entry).text(") = ").dec(result).emit();
    return value(result);
}

Outcome await_payload(const Call& call, const celda_hc_await_payload*) {
    long (*hook)() = call.context.hooks ? call.context.hooks->await_payload : nullptr;
    const long result = hook ? hook() : -CELDA_ENOSYS;
    // (The template never traces: this line appears only if --trace was already on.)
    if (call.context.trace) TraceLine().text("await_payload() = ").dec(result).emit();
    return value(result);
}

Outcome hostfs(const Call& call, const celda_hc_hostfs* args) {
    hostfs::BrokerClient* client = call.context.hooks ? call.context.hooks->hostfs : nullptr;
    HostfsOutcome done = perform_hostfs(call.memory(), client, *args);
    if (done.bad_range) return bad_hypercall(call, done.bad_address, done.bad_length);
    if (call.context.trace) {
        TraceLine line;
        line.text("hostfs(op=").text(hostfs_op_name(args->op));
        if (args->op <= CELDA_HOSTFS_SYMLINK || args->op == CELDA_HOSTFS_CHMOD) line.text(", share=").udec(args->share).text(", path_len=").udec(args->path_len);
        else line.text(", handle=").dec(args->handle);
        if (args->op == CELDA_HOSTFS_READ || args->op == CELDA_HOSTFS_WRITE)
            line.text(", len=").udec(args->len).text(", offset=").udec(args->offset);
        line.text(") = ").dec(done.value).emit();
    }
    return value(done.value);
}

// The argument block of type T at `address`, or nullptr if it is not entirely inside guest
// memory (or misaligned).
template <typename T>
T* argument_block(const Call& call, std::uint64_t address) {
    return call.memory().host_object<T>(address);
}

template <typename T, typename Handler>
Outcome with_block(const Call& call, std::uint64_t address, Handler handler) {
    T* block = argument_block<T>(call, address);
    if (!block) return bad_hypercall(call, address, sizeof(T));
    return handler(call, block);
}

}  // namespace

const char* name(std::uint64_t nr) {
    switch (nr) {
        case CELDA_HC_CONSOLE_WRITE: return "console_write";
        case CELDA_HC_CLOCK: return "clock";
        case CELDA_HC_BLOCK: return "block";
        case CELDA_HC_EXIT: return "exit";
        case CELDA_HC_ABORT: return "abort";
        case CELDA_HC_CONSOLE_READ: return "console_read";
        case CELDA_HC_PROTECT: return "protect";
        case CELDA_HC_SYSCALL_ENTRY: return "syscall_entry";
        case CELDA_HC_HOSTFS: return "hostfs";
        case CELDA_HC_FAULT_ENTRY: return "fault_entry";
        case CELDA_HC_AWAIT_PAYLOAD: return "await_payload";
        default: return nullptr;
    }
}

Outcome dispatch(const Context& context, const Caller& caller, std::uint64_t nr, std::uint64_t args,
                 report::StopRecord& stop) {
    const Call call{context, caller, nr, stop};
    switch (nr) {
        case CELDA_HC_CONSOLE_WRITE: return with_block<celda_hc_console_write>(call, args, console_write);
        case CELDA_HC_CLOCK: return with_block<celda_hc_clock>(call, args, clock);
        case CELDA_HC_BLOCK: return with_block<celda_hc_block>(call, args, block);
        case CELDA_HC_EXIT: return with_block<celda_hc_exit>(call, args, exit_guest);
        case CELDA_HC_ABORT: return with_block<celda_hc_abort>(call, args, abort_guest);
        case CELDA_HC_CONSOLE_READ: return with_block<celda_hc_console_read>(call, args, console_read);
        case CELDA_HC_PROTECT: return with_block<celda_hc_protect>(call, args, protect);
        case CELDA_HC_SYSCALL_ENTRY: return with_block<celda_hc_syscall_entry>(call, args, syscall_entry);
        case CELDA_HC_HOSTFS: return with_block<celda_hc_hostfs>(call, args, hostfs);
        case CELDA_HC_FAULT_ENTRY: return with_block<celda_hc_fault_entry>(call, args, fault_entry);
        case CELDA_HC_AWAIT_PAYLOAD: return with_block<celda_hc_await_payload>(call, args, await_payload);
        default: return bad_hypercall(call, 0, 0);
    }
}

}  // namespace celda::hypercall
