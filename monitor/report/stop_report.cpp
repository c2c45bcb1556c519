#include "report/stop_report.h"

#include <signal.h>
#include <string.h>

#include <algorithm>
#include <cstdio>

#include "exit_status.h"
#include "report/syscall_names.h"
#include "hypercall/dispatch.h"

namespace celda::report {
namespace {

std::string hex(std::uint64_t value) {
    char text[24];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
    return text;
}

std::string fault_kind(int signal) {
    switch (signal) {
        case SIGSEGV: return "page fault";
        case SIGILL: return "invalid opcode";
        case SIGFPE: return "divide error";
        case SIGBUS: return "bus error";
        case SIGTRAP: return "breakpoint";
        default: return "signal " + std::to_string(signal);
    }
}

// x86 exception vectors the kvm backend reports itself (page faults, invalid opcodes and
// divide errors are reported as the sandbox reports their signals).
std::string exception_name(std::uint32_t vector) {
    static const char* const kNames[32] = {
        "divide error", "debug exception", "NMI", "breakpoint", "overflow", "bound range exceeded",
        "invalid opcode", "device not available", "double fault", "coprocessor segment overrun",
        "invalid TSS", "segment not present", "stack-segment fault", "general protection fault",
        "page fault", "reserved exception 15", "x87 floating-point error", "alignment check",
        "machine check", "SIMD floating-point error", "virtualization exception",
        "control protection exception"};
    if (vector < 32 && kNames[vector]) return kNames[vector];
    return "exception " + std::to_string(vector);
}

std::string signal_name(int signal) {
    const char* abbrev = sigabbrev_np(signal);
    return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(signal);
}

// Return addresses point after the call: symbolize the call itself (address - 1) so a call
// that ends a function is not attributed to the next one.
void append_backtrace(std::vector<std::string>& lines, const StopRecord& record, const ReportContext& context,
                      int first_number) {
    std::uint32_t count = record.frame_count <= kMaxFrames ? record.frame_count : kMaxFrames;
    for (std::uint32_t i = 0; i < count; ++i)
        lines.push_back("celda:   #" + std::to_string(first_number + static_cast<int>(i)) + " " +
                        describe_address(record.frames[i], context, true));
}

StopReport from_record(const StopRecord& record, const ReportContext& context) {
    StopReport report;
    auto& lines = report.lines;
    switch (record.kind) {
        case StopKind::Exit:
            report.exit_status = record.exit_status & 0xff;
            break;
        case StopKind::Abort: {
            std::uint32_t length = record.message_length <= kMaxMessage ? record.message_length : kMaxMessage;
            std::string message(record.message, length);
            while (!message.empty() && (message.back() == '\n' || message.back() == '\0')) message.pop_back();
            for (char& c : message)
                if (c == '\n' || (static_cast<unsigned char>(c) < 0x20 && c != '\t')) c = ' ';
            lines.push_back("celda: guest panicked: " + message);
            append_backtrace(lines, record, context, 0);
            report.exit_status = exit_status::kGuestAborted;
            break;
        }
        case StopKind::Crash:
            lines.push_back("celda: guest crashed: " + fault_kind(record.signal) + " at address " +
                            hex(record.fault_address) + " (rip " + describe_address(record.rip, context) + ")");
            append_backtrace(lines, record, context, 1);
            report.exit_status = exit_status::for_signal(record.signal);
            break;
        case StopKind::ForbiddenSyscall: {
            auto name = syscall_name(record.syscall_nr);
            std::string which = name ? std::string(*name) + " (" + std::to_string(record.syscall_nr) + ")"
                                     : "number " + std::to_string(record.syscall_nr);
            lines.push_back("celda: guest attempted forbidden host syscall " + which + " at rip " +
                            describe_address(record.rip, context) + "; stopped");
            append_backtrace(lines, record, context, 1);
            report.exit_status = exit_status::kForbiddenSyscall;
            break;
        }
        case StopKind::BadHypercall: {
            const char* name = hypercall::name(record.hypercall_nr);
            if (name)
                lines.push_back("celda: guest passed an invalid address to hypercall " + std::string(name) + ": [" +
                                hex(record.bad_address) + ", +" + std::to_string(record.bad_length) +
                                ") is outside guest memory; stopped");
            else
                lines.push_back("celda: guest made an unknown hypercall " + std::to_string(record.hypercall_nr) +
                                "; stopped");
            append_backtrace(lines, record, context, 0);
            report.exit_status = exit_status::kPageFault;
            break;
        }
        case StopKind::CpuException:
            lines.push_back("celda: guest crashed: " + exception_name(record.vector) + " (error code " +
                            hex(record.error_code) + ") at rip " + describe_address(record.rip, context));
            append_backtrace(lines, record, context, 1);
            report.exit_status = exit_status::for_signal(record.signal);
            break;
        case StopKind::ForbiddenPort:
            lines.push_back("celda: guest touched I/O port " + hex(record.port) + " at rip " +
                            describe_address(record.rip, context) + "; stopped");
            append_backtrace(lines, record, context, 1);
            report.exit_status = exit_status::kForbiddenSyscall;
            break;
        case StopKind::VcpuStop: {
            std::uint32_t length = record.message_length <= kMaxMessage ? record.message_length : kMaxMessage;
            lines.push_back("celda: guest " + std::string(record.message, length) + " at rip " +
                            describe_address(record.rip, context) + "; stopped");
            report.exit_status = record.exit_status;
            break;
        }
        case StopKind::SetupError: {
            std::uint32_t length = record.message_length <= kMaxMessage ? record.message_length : kMaxMessage;
            lines.push_back("celda: " + std::string(record.message, length));
            report.exit_status = exit_status::kCeldaFailed;
            break;
        }
        default:
            lines.push_back("celda: guest '" + context.program + "' stopped with an unreadable report");
            report.exit_status = exit_status::kCeldaFailed;
    }
    return report;
}

}  // namespace

std::string describe_address(std::uint64_t address, const ReportContext& context, bool return_address) {
    std::string text = hex(address);
    std::string_view file = context.program;
    if (auto slash = file.rfind('/'); slash != std::string_view::npos) file.remove_prefix(slash + 1);
    // "tool.exe!crash_here+0x1c": a symbol of the payload program itself (parsed only now).
    auto program_symbol = [&](std::uint64_t at) -> std::optional<std::string> {
        if (!context.program_symbols) return std::nullopt;
        auto symbol = context.program_symbols->describe(at, return_address ? at - 1 : at);
        if (!symbol) return std::nullopt;
        return std::string(file) + "!" + *symbol;
    };
    // Inside the program a stock image ran (it told us where it placed it): name the function
    // and, always, the file and offset, which `objdump -d --start-address` or a map file read.
    if (context.program_size != 0 && address >= context.program_base &&
        address - context.program_base < context.program_size) {
        std::uint64_t offset = address - context.program_base;
        std::string at_offset = std::string(file) + "+" + hex(offset);
        if (auto symbol = program_symbol(offset)) return text + " in " + *symbol + " (" + at_offset + ")";
        return text + " in " + at_offset;
    }
    // Inside one of the program's DLLs: the same, with the DLL's name and symbols.
    for (const celda_placed_module& module : context.placed) {
        if (module.size == 0 || address < module.base || address - module.base >= module.size ||
            module.companion >= context.companion_names.size())
            continue;
        std::uint64_t offset = address - module.base;
        const std::string& name = context.companion_names[module.companion];
        std::string at_offset = name + "+" + hex(offset);
        const image::SymbolTable* symbols =
            module.companion < context.companion_symbols.size() ? context.companion_symbols[module.companion] : nullptr;
        if (symbols)
            if (auto symbol = symbols->describe(offset, return_address ? offset - 1 : offset))
                return text + " in " + name + "!" + *symbol + " (" + at_offset + ")";
        return text + " in " + at_offset;
    }
    if (address > context.load_bias && address - context.load_bias < context.image_span) {  // the guest image
        std::uint64_t relative = address - context.load_bias;
        if (!context.symbols) return text;
        if (auto symbol = context.symbols->describe(relative, return_address ? relative - 1 : relative))
            text += " in " + *symbol;
        return text;
    }
    // A fixed-address Linux program runs at its link addresses and is never announced.
    if (context.program_at_link_address)
        if (auto symbol = program_symbol(address)) text += " in " + *symbol;
    return text;
}

StopReport describe_stop(const sandbox::SandboxOutcome& outcome, const ReportContext& context) {
    if (outcome.timed_out)
        return {{"celda: guest '" + context.program + "' ran past --timeout " + context.timeout_text + "s; stopped"},
                exit_status::kTimeout};
    if (outcome.record) {
        ReportContext with_program = context;
        with_program.program_base = outcome.record->program_base;
        with_program.program_size = outcome.record->program_size;
        with_program.placed.assign(outcome.record->placed,
                                   outcome.record->placed + std::min<std::uint32_t>(outcome.record->placed_count,
                                                                                     CELDA_MAX_PLACED_MODULES));
        return from_record(*outcome.record, with_program);
    }
    if (outcome.killed_by != 0)
        return {{"celda: guest '" + context.program + "' was killed by " + signal_name(outcome.killed_by) +
                 " without a report"},
                exit_status::for_signal(outcome.killed_by)};
    // The guest may end itself with a raw exit_group (allowed): take its status as given.
    return {{}, outcome.exit_code & 0xff};
}

}  // namespace celda::report
