// hypercall/fault_delivery: where the fault frame goes, and every case where the monitor must
// refuse to deliver (and report the crash instead) rather than write outside guest memory,
// over the image, or loop on a guest whose fault entry faults.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>

#include "guest/guest_memory.h"
#include "hypercall/dispatch.h"
#include "hypercall/fault_delivery.h"

using namespace celda;

namespace {

constexpr std::uint64_t kSize = 1ull << 20;
constexpr std::uint64_t kBase = CELDA_GUEST_BASE;
constexpr std::uint64_t kImageStart = kBase + kSize - 0x10000;  // the image: the top 64 KiB

celda_fault_frame page_fault(std::uint64_t rsp, std::uint64_t rip) {
    celda_fault_frame f{};
    f.vector = CELDA_FAULT_PAGE;
    f.error_code = CELDA_FAULT_PF_WRITE;
    f.address = 0x10;
    f.rsp = rsp;
    f.rip = rip;
    f.rax = 0x1111;
    f.r15 = 0xffff;
    f.rflags = 0x202 | 0x100 | 0x400;  // IF, TF, DF
    return f;
}

}  // namespace

TEST_CASE("a fault goes below the red zone, 16-byte aligned, with a zero return address") {
    auto memory = guest::GuestMemory::map_anywhere(kSize);
    REQUIRE(memory.has_value());
    const hypercall::FaultDelivery where{&*memory, kImageStart, kBase + kSize, false};
    hypercall::FaultEntry state;
    hypercall::set_fault_entry(state, kBase + 0x1000);
    const std::uint64_t rsp = kBase + 0x8008;  // not aligned, as inside a function
    auto fault = page_fault(rsp, kBase + 0x2000);
    hypercall::FaultResume resume;
    REQUIRE(hypercall::deliver_fault(where, state, fault, resume));
    CHECK(resume.rip == kBase + 0x1000);
    CHECK(resume.rdi % 16 == 0);
    CHECK(resume.rdi + sizeof(celda_fault_frame) <= rsp - 128);  // the red zone is untouched
    CHECK(resume.rsp == resume.rdi - 8);
    CHECK(resume.rflags == 0x202);  // TF and DF cleared, IF kept
    const auto* written = memory->host_object<celda_fault_frame>(resume.rdi);
    REQUIRE(written);
    CHECK(std::memcmp(written, &fault, sizeof fault) == 0);
    CHECK(*memory->host_object<std::uint64_t>(resume.rsp) == 0);

    SUBCASE("delivery disarms until the guest registers again") {
        CHECK_FALSE(state.armed);
        CHECK_FALSE(hypercall::deliver_fault(where, state, fault, resume));
        hypercall::set_fault_entry(state, kBase + 0x1000);
        CHECK(hypercall::deliver_fault(where, state, fault, resume));
    }
}

TEST_CASE("faults the monitor reports instead of delivering") {
    auto memory = guest::GuestMemory::map_anywhere(kSize);
    REQUIRE(memory.has_value());
    const hypercall::FaultDelivery where{&*memory, kImageStart, kBase + kSize, false};
    hypercall::FaultEntry state;
    hypercall::FaultResume resume;
    const std::uint64_t rip = kBase + 0x2000;

    CHECK_FALSE(hypercall::deliver_fault(where, state, page_fault(kBase + 0x8000, rip), resume));  // no entry
    hypercall::set_fault_entry(state, kBase + 0x1000);
    CHECK_FALSE(hypercall::deliver_fault(where, state, page_fault(kBase + 0x8000, 0x7f0000001000), resume));  // monitor code
    CHECK_FALSE(hypercall::deliver_fault(where, state, page_fault(0x10, rip), resume));            // rsp outside memory
    CHECK_FALSE(hypercall::deliver_fault(where, state, page_fault(kBase + 64, rip), resume));      // no room below rsp
    CHECK_FALSE(hypercall::deliver_fault(where, state, page_fault(~0ull - 8, rip), resume));       // wraps
    CHECK_FALSE(hypercall::deliver_fault(where, state, page_fault(kImageStart + 0x1000, rip), resume));  // over the image
    auto double_fault = page_fault(kBase + 0x8000, rip);
    double_fault.vector = 8;
    CHECK_FALSE(hypercall::deliver_fault(where, state, double_fault, resume));
    CHECK(state.armed);  // nothing was delivered
    hypercall::set_fault_entry(state, 0);
    CHECK_FALSE(hypercall::deliver_fault(where, state, page_fault(kBase + 0x8000, rip), resume));  // unregistered
}

TEST_CASE("FAULT_ENTRY registers, unregisters and refuses entries outside guest memory") {
    auto memory = guest::GuestMemory::map_anywhere(kSize);
    REQUIRE(memory.has_value());
    hypercall::FaultEntry state;
    hypercall::BackendHooks hooks;
    hooks.fault_entry = &state;
    const hypercall::Context context{&*memory, false, &hooks, kImageStart, kBase + kSize};
    const hypercall::Caller caller{};
    report::StopRecord stop{};
    auto* args = memory->host_object<celda_hc_fault_entry>(kBase + 0x100);
    REQUIRE(args);

    args->entry = kBase + 0x1000;
    auto outcome = hypercall::dispatch(context, caller, CELDA_HC_FAULT_ENTRY, kBase + 0x100, stop);
    CHECK_FALSE(outcome.stopped);
    CHECK(outcome.value == 0);
    CHECK(state.entry == kBase + 0x1000);
    CHECK(state.armed);

    args->entry = 0x1000;  // outside guest memory
    outcome = hypercall::dispatch(context, caller, CELDA_HC_FAULT_ENTRY, kBase + 0x100, stop);
    CHECK(static_cast<std::int64_t>(outcome.value) == -CELDA_EINVAL);
    CHECK(state.entry == kBase + 0x1000);

    args->entry = 0;
    outcome = hypercall::dispatch(context, caller, CELDA_HC_FAULT_ENTRY, kBase + 0x100, stop);
    CHECK(outcome.value == 0);
    CHECK(state.entry == 0);
    CHECK_FALSE(state.armed);
    CHECK(std::strcmp(hypercall::name(CELDA_HC_FAULT_ENTRY), "fault_entry") == 0);
}
