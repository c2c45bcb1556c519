#include <doctest/doctest.h>

#include <signal.h>

#include <cstring>

#include "image/pe_symbols.h"
#include "pe_builder.h"
#include "report/stop_report.h"

using namespace celda::report;

namespace {

StopRecord record_of(StopKind kind) {
    StopRecord r{};
    r.magic = kStopRecordMagic;
    r.kind = kind;
    return r;
}

celda::sandbox::SandboxOutcome with(StopRecord r) {
    celda::sandbox::SandboxOutcome o;
    o.record = r;
    return o;
}

}  // namespace

TEST_CASE("stop reports and exit statuses") {
    celda::image::SymbolTable symbols({{0x1000, 0x40, "probe_crash_null"}, {0x1040, 0x40, "main"}});
    ReportContext context{"probe.img", "2", 0x4000000, 0x10000, &symbols};

    SUBCASE("exit status is the guest's, low 8 bits") {
        StopRecord r = record_of(StopKind::Exit);
        r.exit_status = 300;
        StopReport report = describe_stop(with(r), context);
        CHECK(report.lines.empty());
        CHECK(report.exit_status == 300 % 256);
    }
    SUBCASE("an address inside the payload program is named by file and offset") {
        StopRecord r = record_of(StopKind::Crash);
        r.signal = SIGSEGV;
        r.fault_address = 0x10;
        r.rip = 0x40a0580;
        r.program_base = 0x409f000;
        r.program_size = 0x8000;
        ReportContext run_exe{"dir/tool.exe", "", 0x4000000, 0x10000, &symbols};
        StopReport report = describe_stop(with(r), run_exe);
        REQUIRE_FALSE(report.lines.empty());
        CHECK(report.lines[0].find("(rip 0x40a0580 in tool.exe+0x1580)") != std::string::npos);
        r.rip = 0x40a7000;  // one past the program: not named
        report = describe_stop(with(r), run_exe);
        CHECK(report.lines[0].find("tool.exe") == std::string::npos);
    }
    SUBCASE("page fault, symbolized, with backtrace") {
        StopRecord r = record_of(StopKind::Crash);
        r.signal = SIGSEGV;
        r.fault_address = 0;
        r.rip = 0x4001014;
        r.frames[0] = 0x4001052;
        r.frames[1] = 0x9;  // outside the image: raw
        r.frame_count = 2;
        StopReport report = describe_stop(with(r), context);
        REQUIRE(report.lines.size() == 3);
        CHECK(report.lines[0] == "celda: guest crashed: page fault at address 0x0 (rip 0x4001014 in probe_crash_null+0x14)");
        CHECK(report.lines[1] == "celda:   #1 0x4001052 in main+0x12");
        CHECK(report.lines[2] == "celda:   #2 0x9");
        CHECK(report.exit_status == 139);
    }
    SUBCASE("other fault kinds") {
        struct Case { int signal; const char* kind; int status; };
        for (auto [signal, kind, status] : {Case{SIGILL, "invalid opcode", 132}, Case{SIGFPE, "divide error", 136},
                                            Case{SIGBUS, "bus error", 135}}) {
            StopRecord r = record_of(StopKind::Crash);
            r.signal = signal;
            StopReport report = describe_stop(with(r), context);
            CHECK(report.lines[0].starts_with(std::string("celda: guest crashed: ") + kind));
            CHECK(report.exit_status == status);
        }
    }
    SUBCASE("panic") {
        StopRecord r = record_of(StopKind::Abort);
        const char message[] = "out of memory\n";
        std::memcpy(r.message, message, sizeof message - 1);
        r.message_length = sizeof message - 1;
        r.frames[0] = 0x4001044;
        r.frame_count = 1;
        StopReport report = describe_stop(with(r), context);
        REQUIRE(report.lines.size() == 2);
        CHECK(report.lines[0] == "celda: guest panicked: out of memory");
        CHECK(report.lines[1] == "celda:   #0 0x4001044 in main+0x4");
        CHECK(report.exit_status == 134);
    }
    SUBCASE("forbidden syscall") {
        StopRecord r = record_of(StopKind::ForbiddenSyscall);
        r.syscall_nr = 257;
        r.rip = 0x4001050;
        StopReport report = describe_stop(with(r), context);
        CHECK(report.lines[0] == "celda: guest attempted forbidden host syscall openat (257) at rip 0x4001050 in main+0x10; stopped");
        CHECK(report.exit_status == 159);
        r.syscall_nr = 999;
        CHECK(describe_stop(with(r), context).lines[0].find("syscall number 999") != std::string::npos);
    }
    SUBCASE("bad hypercall") {
        StopRecord r = record_of(StopKind::BadHypercall);
        r.hypercall_nr = CELDA_HC_CONSOLE_WRITE;
        r.bad_address = 0x10;
        r.bad_length = 16;
        StopReport report = describe_stop(with(r), context);
        CHECK(report.lines[0] == "celda: guest passed an invalid address to hypercall console_write: [0x10, +16) is outside guest memory; stopped");
        CHECK(report.exit_status == 139);
        r.hypercall_nr = 77;
        CHECK(describe_stop(with(r), context).lines[0] == "celda: guest made an unknown hypercall 77; stopped");
    }
    SUBCASE("setup error is celda's failure") {
        StopRecord r = record_of(StopKind::SetupError);
        std::memcpy(r.message, "cannot map", 10);
        r.message_length = 10;
        StopReport report = describe_stop(with(r), context);
        CHECK(report.lines[0] == "celda: cannot map");
        CHECK(report.exit_status == 125);
    }
    SUBCASE("timeout") {
        celda::sandbox::SandboxOutcome o;
        o.timed_out = true;
        StopReport report = describe_stop(o, context);
        CHECK(report.lines[0] == "celda: guest 'probe.img' ran past --timeout 2s; stopped");
        CHECK(report.exit_status == 124);
    }
    SUBCASE("killed by a signal without a record") {
        celda::sandbox::SandboxOutcome o;
        o.killed_by = SIGKILL;
        StopReport report = describe_stop(o, context);
        CHECK(report.lines[0] == "celda: guest 'probe.img' was killed by SIGKILL without a report");
        CHECK(report.exit_status == 137);
    }
}

TEST_CASE("crash reports name the program's own functions") {
    using namespace celda::test_pe;
    using celda::image::SymbolTable;
    PeBuilder pe;
    pe.coff_symbols();
    SymbolTable program = celda::image::symbols_from_pe(pe.bytes);
    SymbolTable image({{0x1000, 0x40, "libos_function"}});
    StopRecord r{};
    r.magic = kStopRecordMagic;
    r.kind = StopKind::Crash;
    r.signal = SIGSEGV;
    r.fault_address = 0x10;
    r.program_base = 0x409f000;
    r.program_size = 0x3000;
    r.rip = r.program_base + kTextRva + 0x8c;  // crash_here_with_a_long_name+0xc
    r.frames[0] = r.program_base + kTextRva + 0x90;  // returns to _Z10crash_herev: the call was in the one before
    r.frame_count = 1;
    ReportContext context{"dir/tool.exe", "", 0x4000000, 0x10000, &image};
    context.program_symbols = &program;
    celda::sandbox::SandboxOutcome outcome;
    outcome.record = r;
    StopReport report = describe_stop(outcome, context);
    REQUIRE(report.lines.size() == 2);
    CHECK(report.lines[0] == "celda: guest crashed: page fault at address 0x10 (rip 0x40a008c in "
                             "tool.exe!crash_here_with_a_long_name+0xc (tool.exe+0x108c))");
    CHECK(report.lines[1] == "celda:   #1 0x40a0090 in tool.exe!crash_here_with_a_long_name+0x10 (tool.exe+0x1090)");

    SUBCASE("no symbol covers the address: file and offset only") {
        outcome.record->rip = r.program_base + kTextRva + 0x4;
        CHECK(describe_stop(outcome, context).lines[0].find("(rip 0x40a0004 in tool.exe+0x1004)") != std::string::npos);
    }
    SUBCASE("a fixed-address ELF is looked up by guest address, without being announced") {
        SymbolTable elf({{0x401000, 0x20, "main"}});
        ReportContext linux_run{"/bin/prog", "", 0x4000000, 0x10000, &image};
        linux_run.program_symbols = &elf;
        linux_run.program_at_link_address = true;
        CHECK(describe_address(0x401008, linux_run) == "0x401008 in prog!main+0x8");
        CHECK(describe_address(0x4001010, linux_run) == "0x4001010 in libos_function+0x10");  // the stock image
        linux_run.program_at_link_address = false;  // a static-PIE before it was placed: raw
        CHECK(describe_address(0x401008, linux_run) == "0x401008");
    }
    SUBCASE("an address inside one of the program's DLLs is named by that DLL") {
        SymbolTable dll({{0x1400, 0x40, "inflate"}});
        context.companion_names = {"a.dll", "zlib1.dll"};
        context.companion_symbols = {nullptr, &dll};
        outcome.record->rip = 0x3000000 + 0x1410;
        outcome.record->placed_count = 1;
        outcome.record->placed[0] = {0x3000000, 0x4000, 1, 0};
        CHECK(describe_stop(outcome, context).lines[0].find("(rip 0x3001410 in zlib1.dll!inflate+0x10 (zlib1.dll+0x1410))") !=
              std::string::npos);
        outcome.record->rip = 0x3000000 + 0x10;  // no symbol there
        CHECK(describe_stop(outcome, context).lines[0].find("(rip 0x3000010 in zlib1.dll+0x10)") != std::string::npos);
        // What the guest wrote is untrusted: a companion index out of range names nothing, a
        // count past the array is clamped.
        outcome.record->placed[0].companion = 7;
        outcome.record->placed_count = 1000;
        CHECK(describe_stop(outcome, context).lines[0].find("(rip 0x3000010)") != std::string::npos);
    }
}
