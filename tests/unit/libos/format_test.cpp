#include <doctest/doctest.h>

#include <libos/format.h>

#include <cstdint>
#include <string>

namespace {

template <typename... Args>
std::string fmt(const char* format, Args... args) {
    char buffer[256];
    size_t length = libos::format(buffer, sizeof buffer, format, args...);
    CHECK(length == std::string(buffer).size());
    return buffer;
}

}  // namespace

#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"

TEST_CASE("format: integers") {
    CHECK(fmt("%d", 0) == "0");
    CHECK(fmt("%d", -42) == "-42");
    CHECK(fmt("%i", 2147483647) == "2147483647");
    CHECK(fmt("%d", INT32_MIN) == "-2147483648");
    CHECK(fmt("%u", 4294967295u) == "4294967295");
    CHECK(fmt("%ld", -9000000000L) == "-9000000000");
    CHECK(fmt("%lu", 18446744073709551615UL) == "18446744073709551615");
    CHECK(fmt("%lld", INT64_MIN) == "-9223372036854775808");
    CHECK(fmt("%llu", 12345678901234ULL) == "12345678901234");
    CHECK(fmt("%zu", size_t{77}) == "77");
    CHECK(fmt("%hhu", 300) == "44");
    CHECK(fmt("%hd", 70000) == "4464");
}

TEST_CASE("format: hex, octal and pointers") {
    CHECK(fmt("%x", 255u) == "ff");
    CHECK(fmt("%X", 255u) == "FF");
    CHECK(fmt("%#x", 255u) == "0xff");
    CHECK(fmt("%lx", 0xdeadbeefcafeUL) == "deadbeefcafe");
    CHECK(fmt("%zx", size_t{4096}) == "1000");
    CHECK(fmt("%o", 8u) == "10");
    CHECK(fmt("%p", reinterpret_cast<void*>(0x1234)) == "0x1234");
    CHECK(fmt("%p", nullptr) == "0x0");
}

TEST_CASE("format: width, zero padding, alignment and precision") {
    CHECK(fmt("%5d", 42) == "   42");
    CHECK(fmt("%-5d|", 42) == "42   |");
    CHECK(fmt("%05d", 42) == "00042");
    CHECK(fmt("%05d", -42) == "-0042");
    CHECK(fmt("%016lx", 0xabcUL) == "0000000000000abc");
    CHECK(fmt("%#010x", 0xabu) == "0x000000ab");
    CHECK(fmt("%+d", 5) == "+5");
    CHECK(fmt("%.3d", 7) == "007");
    CHECK(fmt("%*d", 4, 1) == "   1");
    CHECK(fmt("%-*d|", 3, 1) == "1  |");
    CHECK(fmt("%8s|", "abc") == "     abc|");
    CHECK(fmt("%-8s|", "abc") == "abc     |");
    CHECK(fmt("%.2s", "abcdef") == "ab");
    CHECK(fmt("%.*s", 3, "abcdef") == "abc");
}

TEST_CASE("format: characters, strings, percent and unknown conversions") {
    CHECK(fmt("%c%c", 'o', 'k') == "ok");
    CHECK(fmt("%3c", 'x') == "  x");
    CHECK(fmt("[%s]", "hello") == "[hello]");
    CHECK(fmt("%s", static_cast<const char*>(nullptr)) == "(null)");
    CHECK(fmt("100%%") == "100%");
    CHECK(fmt("%q") == "%q");
    CHECK(fmt("plain text") == "plain text");
    CHECK(fmt("a %s b %d c", "x", 1) == "a x b 1 c");
}

TEST_CASE("format: truncates like snprintf and reports the full length") {
    char buffer[6];
    CHECK(libos::format(buffer, sizeof buffer, "%s", "hello world") == 11);
    CHECK(std::string(buffer) == "hello");
    CHECK(libos::format(nullptr, 0, "%d", 12345) == 5);
    char one[1] = {'x'};
    CHECK(libos::format(one, 1, "abc") == 3);
    CHECK(one[0] == '\0');
}
