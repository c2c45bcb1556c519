#include <libos/hypercall.h>

#include <libos/boot_info.h>

namespace libos::hypercall {

uint64_t raw(uint64_t nr, void* args) {
    auto entry = reinterpret_cast<celda_hypercall_fn>(boot_info().hypercall_entry);
    return entry(nr, args);
}

int64_t console_write(Stream stream, const void* buffer, size_t length) {
    celda_hc_console_write args{};
    args.stream = static_cast<uint32_t>(stream);
    args.buf = reinterpret_cast<uint64_t>(buffer);
    args.len = length;
    return static_cast<int64_t>(raw(CELDA_HC_CONSOLE_WRITE, &args));
}

uint64_t clock(celda_clock_id id) {
    celda_hc_clock args{};
    args.clock = id;
    raw(CELDA_HC_CLOCK, &args);
    return args.ns;
}

uint64_t block(uint64_t deadline_ns, uint64_t events) {
    celda_hc_block args{};
    args.deadline_ns = deadline_ns;
    args.events = events;
    raw(CELDA_HC_BLOCK, &args);
    return args.events;
}

void exit(int status) {
    celda_hc_exit args{};
    args.status = status;
    raw(CELDA_HC_EXIT, &args);
    // The monitor never returns from EXIT; if it did, stopping here beats running on.
    for (;;) __builtin_trap();
}

void abort(const char* message, size_t message_length, const uint64_t* frames,
           size_t frame_count) {
    celda_hc_abort args{};
    args.message = reinterpret_cast<uint64_t>(message);
    args.message_len = message_length;
    if (frame_count > CELDA_ABORT_MAX_FRAMES) frame_count = CELDA_ABORT_MAX_FRAMES;
    args.frame_count = frame_count;
    for (size_t i = 0; i < frame_count; ++i) args.frames[i] = frames[i];
    raw(CELDA_HC_ABORT, &args);
    for (;;) __builtin_trap();
}

int64_t console_read(void* buffer, size_t length) {
    celda_hc_console_read args{};
    args.buf = reinterpret_cast<uint64_t>(buffer);
    args.len = length;
    return static_cast<int64_t>(raw(CELDA_HC_CONSOLE_READ, &args));
}

int64_t protect(uint64_t address, uint64_t length, uint32_t prot) {
    celda_hc_protect args{};
    args.address = address;
    args.length = length;
    args.prot = prot;
    return static_cast<int64_t>(raw(CELDA_HC_PROTECT, &args));
}

int64_t set_syscall_entry(celda_syscall_entry_fn entry) {
    celda_hc_syscall_entry args{};
    args.entry = reinterpret_cast<uint64_t>(entry);
    return static_cast<int64_t>(raw(CELDA_HC_SYSCALL_ENTRY, &args));
}

int64_t set_fault_entry(celda_fault_entry_fn entry) {
    celda_hc_fault_entry args{};
    args.entry = reinterpret_cast<uint64_t>(entry);
    return static_cast<int64_t>(raw(CELDA_HC_FAULT_ENTRY, &args));
}

int64_t hostfs(celda_hc_hostfs& args) { return static_cast<int64_t>(raw(CELDA_HC_HOSTFS, &args)); }

int64_t await_payload() {
    celda_hc_await_payload args{};
    return static_cast<int64_t>(raw(CELDA_HC_AWAIT_PAYLOAD, &args));
}

}  // namespace libos::hypercall
