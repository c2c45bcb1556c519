// Turns how the guest ended into what the user sees: report lines for stderr (each already
// prefixed "celda: ") and the exit status of `celda run`. Pure, so every case is unit-tested.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "image/symbols.h"
#include "sandbox/sandbox_backend.h"

namespace celda::report {

struct ReportContext {
    std::string program;         // as the user gave it
    std::string timeout_text;    // --timeout as given, for the timeout message
    std::uint64_t load_bias = 0; // image_start: guest address - load_bias = image address
    std::uint64_t image_span = 0;
    const image::SymbolTable* symbols = nullptr;
    std::uint64_t program_base = 0;  // where the stock image placed PROGRAM (guest-reported)
    std::uint64_t program_size = 0;
    const image::SymbolTable* program_symbols = nullptr;  // PROGRAM's own, relative to program_base
    bool program_at_link_address = false;  // a fixed-address ELF: its symbols are guest addresses
    // A Windows program's DLLs (boot_info.companions order): names and symbols (lazy), and
    // where the guest placed them (from the stop record).
    std::vector<std::string> companion_names{};
    std::vector<const image::SymbolTable*> companion_symbols{};
    std::vector<celda_placed_module> placed{};
};

struct StopReport {
    std::vector<std::string> lines;  // empty for a normal exit
    int exit_status = 0;
};

StopReport describe_stop(const sandbox::SandboxOutcome& outcome, const ReportContext& context);

// "0x1234 in name+0x10" (or just "0x1234" if no symbol covers it); inside the payload program
// "0x40a0580 in tool.exe!crash_here+0x1c (tool.exe+0x1580)", or "... in tool.exe+0x1580".
// A return address (a backtrace frame) is symbolized by the call before it.
std::string describe_address(std::uint64_t address, const ReportContext& context, bool return_address = false);

}  // namespace celda::report
