// serve/warm_request and AWAIT_PAYLOAD: a run survives the trip to a warm guest intact, a
// malformed one is refused, the window and boot area limits hold, and the hypercall table
// has exactly the hypercalls the contract lists (each one is attack surface).
#include <doctest/doctest.h>

#include <cstring>

#include "guest/guest_memory.h"
#include "hypercall/dispatch.h"
#include "serve/warm_request.h"

using namespace celda;

namespace {

serve::WarmRequest sample() {
    serve::WarmRequest request;
    request.celda = {1, 2, 3, 4};
    request.image = {5, 6, 7, 8};
    request.payload_kind = CELDA_PAYLOAD_WINDOWS_PE;
    request.trace_flags = CELDA_TRACE_WIN32;
    request.monitor_trace = true;
    request.program_size = 245735;
    request.inputs.argv = {"tool.exe", "two words", ""};
    request.inputs.env = {"A=1"};
    request.inputs.payload_path = "dir/tool.exe";
    request.inputs.workdir = "/work";
    request.inputs.companions = {{"zlib1.dll", 100000}, {"helper.dll", 5}};
    return request;
}

}  // namespace

TEST_CASE("a warm request decodes to what was encoded") {
    const serve::WarmRequest in = sample();
    auto out = serve::decode_request(serve::encode_request(in));
    REQUIRE(out.has_value());
    CHECK(out->celda == in.celda);
    CHECK(out->image == in.image);
    CHECK(out->payload_kind == in.payload_kind);
    CHECK(out->inputs.payload_kind == in.payload_kind);
    CHECK(out->inputs.trace_flags == CELDA_TRACE_WIN32);
    CHECK(out->monitor_trace);
    CHECK(out->program_size == in.program_size);
    CHECK(out->inputs.argv == in.inputs.argv);
    CHECK(out->inputs.env == in.inputs.env);
    CHECK(out->inputs.payload_path == in.inputs.payload_path);
    CHECK(out->inputs.workdir == in.inputs.workdir);
    REQUIRE(out->inputs.companions.size() == 2);
    CHECK(out->inputs.companions[0].name == "zlib1.dll");
    CHECK(out->inputs.companions[1].size == 5);
}

TEST_CASE("a truncated, padded or foreign request is refused") {
    const std::string bytes = serve::encode_request(sample());
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
        CHECK_FALSE(serve::decode_request(std::string_view(bytes).substr(0, cut)).has_value());
    CHECK_FALSE(serve::decode_request(bytes + "x").has_value());
    std::string foreign = bytes;
    foreign[4] ^= 1;  // another request version
    CHECK_FALSE(serve::decode_request(foreign).has_value());
    serve::WarmRequest no_argv = sample();
    no_argv.inputs.argv.clear();
    CHECK_FALSE(serve::decode_request(serve::encode_request(no_argv)).has_value());
}

TEST_CASE("a run is placed in the warm guest's window, or not at all") {
    auto layout = serve::warm_layout(3 << 20);
    REQUIRE(layout.has_value());
    CHECK(layout->boot_area_end == CELDA_GUEST_BASE + serve::kWarmBootArea);
    CHECK(layout->image_start - layout->payload_start == serve::kWarmPayloadWindow);
    // the guest's free memory is what a default run of the same image gets at most
    CHECK(layout->payload_start - layout->boot_area_end == (64ull << 20) - (3ull << 20));
    guest::GuestLayout run = *layout;
    REQUIRE(serve::place_in_window(run, 5000, {{"a.dll", 1}}));
    CHECK(run.payload_size == 5000);
    CHECK(run.companions_start == layout->payload_start + 8192);
    guest::GuestLayout too_big = *layout;
    CHECK_FALSE(serve::place_in_window(too_big, serve::kWarmPayloadWindow - 4096, {{"b.dll", 8192}}));
    // the client's test, from sizes alone, agrees at the edge (pages are counted whole)
    CHECK(serve::fits_window(serve::kWarmPayloadWindow - 4096, {{"b.dll", 4096}}));
    CHECK_FALSE(serve::fits_window(serve::kWarmPayloadWindow - 4096, {{"b.dll", 4097}}));
    CHECK_FALSE(serve::fits_window(serve::kWarmPayloadWindow + 1, {}));
    guest::GuestLayout edge = *layout;
    CHECK(serve::place_in_window(edge, serve::kWarmPayloadWindow - 4096, {{"b.dll", 4096}}));
}

TEST_CASE("the hypercall table is the contract's, and AWAIT_PAYLOAD is refused without a warm guest") {
    CHECK(CELDA_HYPERCALL_COUNT == 11);  // a new hypercall is new attack surface: change this on purpose
    for (std::uint64_t nr = 1; nr <= CELDA_HYPERCALL_COUNT; ++nr) CHECK(hypercall::name(nr) != nullptr);
    CHECK(hypercall::name(0) == nullptr);
    CHECK(hypercall::name(CELDA_HYPERCALL_COUNT + 1) == nullptr);
    CHECK(std::strcmp(hypercall::name(CELDA_HC_AWAIT_PAYLOAD), "await_payload") == 0);

    auto memory = guest::GuestMemory::map_anywhere(1 << 20);
    REQUIRE(memory.has_value());
    const hypercall::BackendHooks no_warm_guest{};  // kvm, or a sandbox child that is not warm
    const hypercall::Context context{&*memory, false, &no_warm_guest, CELDA_GUEST_BASE + (1 << 19), CELDA_GUEST_BASE + (1 << 20)};
    report::StopRecord stop{};
    auto outcome = hypercall::dispatch(context, {}, CELDA_HC_AWAIT_PAYLOAD, CELDA_GUEST_BASE + 0x100, stop);
    CHECK_FALSE(outcome.stopped);
    CHECK(static_cast<std::int64_t>(outcome.value) == -CELDA_ENOSYS);
}
