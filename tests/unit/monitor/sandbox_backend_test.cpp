// The whole sandbox path (fork, map, load, lock down, enter, report) on tiny hand-assembled
// guests, independent of the library OS.
#include <doctest/doctest.h>

#include <signal.h>

#include <cstddef>

#include "elf_builder.h"
#include "guest/layout.h"
#include "image/elf_image.h"
#include "sandbox/sandbox_backend.h"

using namespace celda;

namespace {

void append_u32(std::vector<std::uint8_t>& code, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) code.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

// Calls hypercall `nr` (EXIT by default) with an argument block at boot_info->free_start whose
// first 32-bit field is `status`.
std::vector<std::uint8_t> exit_code(std::uint32_t status, std::uint32_t nr = CELDA_HC_EXIT) {
    std::vector<std::uint8_t> code;
    code.insert(code.end(), {0x48, 0x8b, 0x87});  // mov rax, [rdi + hypercall_entry]
    append_u32(code, offsetof(celda_boot_info, hypercall_entry));
    code.insert(code.end(), {0x48, 0x8b, 0xb7});  // mov rsi, [rdi + free_start]
    append_u32(code, offsetof(celda_boot_info, free_start));
    code.insert(code.end(), {0xc7, 0x06});        // mov dword [rsi], status
    append_u32(code, status);
    code.insert(code.end(), {0xbf});              // mov edi, nr
    append_u32(code, nr);
    code.insert(code.end(), {0x48, 0x83, 0xec, 0x08});  // sub rsp, 8 (16-byte aligned call)
    code.insert(code.end(), {0xff, 0xd0});              // call rax
    code.insert(code.end(), {0x0f, 0x0b});              // ud2 (never reached)
    return code;
}

struct Ran {
    sandbox::SandboxOutcome outcome;
    std::uint64_t entry;  // guest address of the entry point
};

Ran run_code(std::vector<std::uint8_t> code, std::optional<std::chrono::nanoseconds> timeout = std::nullopt) {
    test::ElfBuilder builder;
    builder.code = std::move(code);
    auto image = image::parse_elf_image(builder.build(), "t.img");
    REQUIRE(image.has_value());
    std::vector<std::string> argv{"t.img"};
    auto layout = guest::plan_layout(8ull << 20, image->span, guest::boot_area_size(argv, {}), "t.img");
    REQUIRE(layout.has_value());
    sandbox::SandboxRun run{&*image, *layout, argv, {}};
    run.timeout = timeout;
    auto outcome = sandbox::run_sandboxed(run);
    REQUIRE_MESSAGE(outcome.has_value(), (outcome ? "" : outcome.error().message));
    return {*outcome, layout->image_start + image->entry};
}

}  // namespace

TEST_CASE("sandbox: the EXIT hypercall ends the guest with its status") {
    Ran ran = run_code(exit_code(42));
    REQUIRE(ran.outcome.record.has_value());
    CHECK(ran.outcome.record->kind == report::StopKind::Exit);
    CHECK(ran.outcome.record->exit_status == 42);
    CHECK(ran.outcome.exit_code == 42);
}

TEST_CASE("sandbox: an invalid opcode is reported with its rip") {
    Ran ran = run_code({0x0f, 0x0b});
    REQUIRE(ran.outcome.record.has_value());
    CHECK(ran.outcome.record->kind == report::StopKind::Crash);
    CHECK(ran.outcome.record->signal == SIGILL);
    CHECK(ran.outcome.record->rip == ran.entry);
}

TEST_CASE("sandbox: a write to the image's code is a page fault (code is not writable)") {
    // lea rax, [rip - 7] (the instruction itself); mov byte [rax], 0x90
    Ran ran = run_code({0x48, 0x8d, 0x05, 0xf9, 0xff, 0xff, 0xff, 0xc6, 0x00, 0x90});
    REQUIRE(ran.outcome.record.has_value());
    CHECK(ran.outcome.record->kind == report::StopKind::Crash);
    CHECK(ran.outcome.record->signal == SIGSEGV);
    CHECK(ran.outcome.record->fault_address == ran.entry);
}

TEST_CASE("sandbox: a forbidden host syscall is trapped and named") {
    Ran ran = run_code({0xb8, 39, 0, 0, 0, 0x0f, 0x05, 0x0f, 0x0b});  // mov eax, getpid; syscall
    REQUIRE(ran.outcome.record.has_value());
    CHECK(ran.outcome.record->kind == report::StopKind::ForbiddenSyscall);
    CHECK(ran.outcome.record->syscall_nr == 39);
    CHECK(ran.outcome.record->rip == ran.entry + 5);
}

TEST_CASE("sandbox: a guest that spins is stopped at the timeout") {
    Ran ran = run_code({0xeb, 0xfe}, std::chrono::milliseconds(100));  // jmp .
    CHECK(ran.outcome.timed_out);
    CHECK_FALSE(ran.outcome.record.has_value());
}

TEST_CASE("sandbox: an unknown hypercall stops the guest") {
    Ran ran = run_code(exit_code(0, 99));
    REQUIRE(ran.outcome.record.has_value());
    CHECK(ran.outcome.record->kind == report::StopKind::BadHypercall);
    CHECK(ran.outcome.record->hypercall_nr == 99);
}
