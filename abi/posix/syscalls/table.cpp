// Syscall dispatch and the strace-like trace (celda run --trace=syscalls).
#include "syscalls/table.h"

#include <libos/console.h>
#include <libos/format.h>
#include <libos/libc.h>

namespace posix {
namespace {

constexpr int kTableSize = 512;

struct Entry {
    const char* name;
    Handler handler;
    const char* args;
};
Entry table[kTableSize];
uint64_t reported_missing[kTableSize / 64];

const char* errno_name(int64_t e) {
    switch (e) {
        case linux::EPERM: return "EPERM";
        case linux::ENOENT: return "ENOENT";
        case linux::EINTR: return "EINTR";
        case linux::EIO: return "EIO";
        case linux::EBADF: return "EBADF";
        case linux::EAGAIN: return "EAGAIN";
        case linux::ENOMEM: return "ENOMEM";
        case linux::EACCES: return "EACCES";
        case linux::EFAULT: return "EFAULT";
        case linux::EEXIST: return "EEXIST";
        case linux::ENOTDIR: return "ENOTDIR";
        case linux::EISDIR: return "EISDIR";
        case linux::EINVAL: return "EINVAL";
        case linux::ENOTTY: return "ENOTTY";
        case linux::ESPIPE: return "ESPIPE";
        case linux::EROFS: return "EROFS";
        case linux::EPIPE: return "EPIPE";
        case linux::ERANGE: return "ERANGE";
        case linux::ENOSYS: return "ENOSYS";
        case linux::ENOTEMPTY: return "ENOTEMPTY";
        case linux::ETIMEDOUT: return "ETIMEDOUT";
        case linux::EXDEV: return "EXDEV";
        case linux::ELOOP: return "ELOOP";
        case linux::ECHILD: return "ECHILD";
        case linux::ESRCH: return "ESRCH";
        default: return "";
    }
}

class TraceBuffer final : public libos::FormatSink {
public:
    void write(const char* text, size_t length) override {
        for (size_t i = 0; i < length && used < sizeof data - 1; ++i) data[used++] = text[i];
    }
    void add(const char* fmt, ...) __attribute__((format(printf, 2, 3))) {
        va_list args;
        va_start(args, fmt);
        libos::vformat_to(*this, fmt, args);
        va_end(args);
    }
    char data[512];
    size_t used = 0;
};

void trace_string(TraceBuffer& out, uint64_t address) {
    auto* text = reinterpret_cast<const char*>(address);
    if (!address || !user_ok(address, 1)) {
        out.add("0x%lx", address);
        return;
    }
    out.add("\"");
    for (int i = 0; i < 48; ++i) {
        if (!user_ok(address + i, 1)) break;
        char c = text[i];
        if (c == '\0') {
            out.add("\"");
            return;
        }
        if (c == '\n') out.add("\\n");
        else if (c == '"' || c == '\\') out.add("\\%c", c);
        else if (c >= 32 && c < 127) out.add("%c", c);
        else out.add("\\x%02x", static_cast<unsigned char>(c));
    }
    out.add("\"...");
}

void trace_call(int nr, const Entry* entry, const Call& call, int64_t result) {
    TraceBuffer out;
    out.add("[tid %d] %s(", current_thread().tid, entry && entry->name ? entry->name : (syscall_name(nr) ? syscall_name(nr) : "?"));
    const char* kinds = entry && entry->handler ? entry->args : "xxxxxx";
    for (int i = 0; kinds[i] && i < 6; ++i) {
        if (i) out.add(", ");
        uint64_t v = call.a[i];
        switch (kinds[i]) {
            case 'd': out.add("%ld", static_cast<int64_t>(v)); break;
            case 'f': out.add("%d", static_cast<int>(v)); break;
            case 'u': out.add("%lu", v); break;
            case 'o': out.add("0%lo", v); break;
            case 's': trace_string(out, v); break;
            default: out.add("0x%lx", v); break;
        }
    }
    if (result < 0 && result > -4096) out.add(") = -1 %s (errno %ld)\n", errno_name(-result), -result);
    else if (result > 0xffff || result < 0) out.add(") = 0x%lx\n", result);
    else out.add(") = %ld\n", result);
    if (out.used == sizeof out.data - 1) out.data[out.used - 1] = '\n';
    libos::write_stderr(out.data, out.used);
}

}  // namespace

void define_syscall(int nr, const char* name, Handler handler, const char* args) {
    if (nr >= 0 && nr < kTableSize) table[nr] = Entry{name, handler, args};
}

int64_t dispatch_syscall(celda_syscall_frame* frame) {
    const int64_t nr = static_cast<int64_t>(frame->rax);
    Call call{{frame->rdi, frame->rsi, frame->rdx, frame->r10, frame->r8, frame->r9}, frame};
    const Entry* entry = nr >= 0 && nr < kTableSize ? &table[nr] : nullptr;
    bool trace = process().trace;
    if (trace && entry && entry->handler && (nr == 60 || nr == 231))  // exit: trace before, no return
        trace_call(static_cast<int>(nr), entry, call, 0);
    int64_t result;
    if (entry && entry->handler) {
        result = entry->handler(call);
    } else {
        result = -linux::ENOSYS;
        // Each missing syscall is reported once, by name, even without --trace.
        if (nr >= 0 && nr < kTableSize && !(reported_missing[nr / 64] & (1ull << (nr % 64)))) {
            reported_missing[nr / 64] |= 1ull << (nr % 64);
            const char* name = syscall_name(static_cast<int>(nr));
            if (!trace) libos::eprint("celda: posix: syscall %s (%ld) is not implemented; returning ENOSYS\n", name ? name : "?", nr);
        } else if (nr < 0 || nr >= kTableSize) {
            if (!trace) libos::eprint("celda: posix: unknown syscall %ld; returning ENOSYS\n", nr);
        }
    }
    if (trace) trace_call(static_cast<int>(nr), entry, call, result);
    return result;
}

}  // namespace posix
