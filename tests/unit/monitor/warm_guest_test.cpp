// serve/run_request, serve/warm_layout and AWAIT_PAYLOAD: a run survives the trip to a warm
// guest intact, a malformed one is refused, the window and boot area limits hold, and the
// hypercall table has exactly the hypercalls the contract lists (each one is attack surface).
#include <doctest/doctest.h>

#include <cstring>

#include "guest/guest_memory.h"
#include "hypercall/dispatch.h"
#include "serve/received_run.h"
#include "serve/run_request.h"
#include "serve/warm_layout.h"

using namespace celda;

namespace {

// How celda run was started (AT_EXECFN), its argv (argv[0] is not sent) and environment, as
// the kernel hands them over.
const char* const kArgv[] = {"/opt/celda/celda", "run", "-e", "A=1", "tool.exe", "two words", "", nullptr};
const char* const kEnvp[] = {"CELDA_SERVER=/tmp/s", "HOME=/root", nullptr};

std::string encoded() {
    static char buffer[4096];
    const std::size_t n = serve::encode_run_request(buffer, sizeof buffer, "/opt/celda/celda", 7, kArgv, kEnvp);
    return std::string(buffer, n);
}

}  // namespace

TEST_CASE("a run request decodes to celda run's arguments and environment") {
    const std::string bytes = encoded();
    REQUIRE_FALSE(bytes.empty());
    auto run = serve::decode_run_request(bytes);
    REQUIRE(run.has_value());
    CHECK(run->executable == "/opt/celda/celda");
    CHECK(run->args == std::vector<std::string>{"run", "-e", "A=1", "tool.exe", "two words", ""});
    CHECK(run->env == std::vector<std::string>{"CELDA_SERVER=/tmp/s", "HOME=/root"});
}

TEST_CASE("a truncated, padded or foreign run request is refused") {
    const std::string bytes = encoded();
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
        CHECK_FALSE(serve::decode_run_request(std::string_view(bytes).substr(0, cut)).has_value());
    CHECK_FALSE(serve::decode_run_request(bytes + "x").has_value());
    std::string foreign = bytes;
    foreign[0] ^= 1;  // another magic: another protocol
    CHECK_FALSE(serve::decode_run_request(foreign).has_value());
    std::string inflated = bytes;
    inflated[4] = 100;  // more arguments than there are strings
    CHECK_FALSE(serve::decode_run_request(inflated).has_value());
    // the encoder refuses what does not fit rather than cutting it
    char small[40];
    CHECK(serve::encode_run_request(small, sizeof small, "/opt/celda/celda", 7, kArgv, kEnvp) == 0);
    const char* const no_args[] = {"celda", nullptr};
    const char* const no_env[] = {nullptr};
    char buffer[64];
    const std::size_t n = serve::encode_run_request(buffer, sizeof buffer, "celda", 1, no_args, no_env);
    CHECK(n == sizeof(serve::RunRequestHeader) + sizeof "celda");
    CHECK_FALSE(serve::decode_run_request(std::string_view(buffer, n)).has_value());  // no command
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
