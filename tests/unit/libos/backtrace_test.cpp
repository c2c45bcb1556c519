#include <doctest/doctest.h>

#include <libos/backtrace.h>

#include <cstdint>

using libos::collect_return_addresses;

namespace {

// A fake stack: frames at increasing addresses, each {caller frame, return address}.
struct FakeStack {
    alignas(16) uintptr_t words[64] = {};
    uintptr_t at(size_t index) const { return reinterpret_cast<uintptr_t>(words + index); }
    void frame(size_t index, uintptr_t caller, uintptr_t ret) {
        words[index] = caller;
        words[index + 1] = ret;
    }
    uintptr_t low() const { return at(0); }
    uintptr_t high() const { return at(64); }
};

}  // namespace

TEST_CASE("backtrace: follows the chain innermost first until a null frame") {
    FakeStack s;
    s.frame(4, s.at(10), 0x1111);
    s.frame(10, s.at(20), 0x2222);
    s.frame(20, 0, 0x3333);
    uint64_t out[8];
    REQUIRE(collect_return_addresses(s.at(4), s.low(), s.high(), out, 8) == 3);
    CHECK(out[0] == 0x1111);
    CHECK(out[1] == 0x2222);
    CHECK(out[2] == 0x3333);
}

TEST_CASE("backtrace: stops at frames outside the bounds, misaligned or going backwards") {
    FakeStack s;
    uint64_t out[8];
    s.frame(4, s.high() + 64, 0x1111);   // next frame outside the stack
    CHECK(collect_return_addresses(s.at(4), s.low(), s.high(), out, 8) == 1);
    s.frame(4, s.at(10) + 3, 0x1111);    // misaligned
    CHECK(collect_return_addresses(s.at(4), s.low(), s.high(), out, 8) == 1);
    s.frame(4, s.at(2), 0x1111);         // points down: a loop or garbage
    s.frame(2, s.at(4), 0x2222);
    CHECK(collect_return_addresses(s.at(4), s.low(), s.high(), out, 8) == 1);
    CHECK(collect_return_addresses(s.high(), s.low(), s.high(), out, 8) == 0);
    CHECK(collect_return_addresses(0, 0, ~uintptr_t{0}, out, 8) == 0);
    s.frame(62, 0, 0x1);                 // record would straddle the upper bound
    CHECK(collect_return_addresses(s.at(62), s.low(), s.at(63), out, 8) == 0);
}

TEST_CASE("backtrace: respects the frame limit") {
    FakeStack s;
    for (size_t i = 0; i < 60; i += 2) s.frame(i, s.at(i + 2), 0x1000 + i);
    uint64_t out[4];
    CHECK(collect_return_addresses(s.at(0), s.low(), s.high(), out, 4) == 4);
    CHECK(out[3] == 0x1006);
}
