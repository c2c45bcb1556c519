#include <doctest/doctest.h>

#include <map>

#include "cli/options.h"

using namespace celda::cli;

namespace {

std::map<std::string, std::string> g_env{{"HOME", "/home/celda"}};

EnvLookup fake_env() {
    return [](std::string_view name) -> std::optional<std::string> {
        auto it = g_env.find(std::string(name));
        if (it == g_env.end()) return std::nullopt;
        return it->second;
    };
}

celda::Result<Command> parse(std::initializer_list<std::string_view> args) {
    std::vector<std::string_view> v(args);
    return parse_command_line(v, fake_env());
}

RunOptions parse_run(std::initializer_list<std::string_view> args) {
    auto command = parse(args);
    REQUIRE_MESSAGE(command.has_value(), (command ? "" : command.error().message));
    REQUIRE(command->kind == CommandKind::Run);
    return command->run;
}

std::string error_of(std::initializer_list<std::string_view> args) {
    auto command = parse(args);
    REQUIRE_FALSE(command.has_value());
    return command.error().message;
}

}  // namespace

TEST_CASE("help and version spellings") {
    for (auto word : {"help", "--help", "-h"}) CHECK(parse({word})->kind == CommandKind::Help);
    for (auto word : {"version", "--version"}) CHECK(parse({word})->kind == CommandKind::Version);
}

TEST_CASE("run with defaults") {
    RunOptions run = parse_run({"run", "hello.img"});
    CHECK(run.program == "hello.img");
    CHECK(run.args.empty());
    CHECK(run.backend == Backend::Auto);
    CHECK(run.memory_bytes == 64ull << 20);
    CHECK(run.env.empty());
    CHECK_FALSE(run.timeout.has_value());
    CHECK_FALSE(run.trace);
}

TEST_CASE("every option in both spellings") {
    RunOptions a = parse_run({"run", "--backend", "sandbox", "--memory", "128M", "-e", "A=1", "--env", "B=2",
                              "--timeout", "2.5", "--trace", "prog", "x", "y"});
    RunOptions b = parse_run({"run", "--backend=sandbox", "--memory=128M", "--env=A=1", "--env=B=2",
                              "--timeout=2.5", "--trace", "prog", "x", "y"});
    for (const RunOptions& run : {a, b}) {
        CHECK(run.backend == Backend::Sandbox);
        CHECK(run.memory_bytes == 128ull << 20);
        CHECK(run.env == std::vector<std::string>{"A=1", "B=2"});
        REQUIRE(run.timeout.has_value());
        CHECK(run.timeout->duration == std::chrono::milliseconds(2500));
        CHECK(run.timeout->as_given == "2.5");
        CHECK(run.trace);
        CHECK(run.program == "prog");
        CHECK(run.args == std::vector<std::string>{"x", "y"});
    }
    CHECK(parse_run({"run", "--backend", "kvm", "p"}).backend == Backend::Kvm);
    CHECK(parse_run({"run", "--backend=auto", "p"}).backend == Backend::Auto);
}

TEST_CASE("options stop at PROGRAM or --") {
    RunOptions run = parse_run({"run", "prog", "--trace", "-e", "X"});
    CHECK_FALSE(run.trace);
    CHECK(run.args == std::vector<std::string>{"--trace", "-e", "X"});
    RunOptions dashed = parse_run({"run", "--trace", "--", "--weird-name", "--memory"});
    CHECK(dashed.trace);
    CHECK(dashed.program == "--weird-name");
    CHECK(dashed.args == std::vector<std::string>{"--memory"});
}

TEST_CASE("-e KEY takes the value from celda's environment") {
    CHECK(parse_run({"run", "-e", "HOME", "p"}).env == std::vector<std::string>{"HOME=/home/celda"});
    CHECK(parse_run({"run", "-e", "EMPTY=", "p"}).env == std::vector<std::string>{"EMPTY="});
    CHECK(error_of({"run", "-e", "NOT_SET_ANYWHERE", "p"}).find("NOT_SET_ANYWHERE is not set") != std::string::npos);
    CHECK(error_of({"run", "-e", "=x", "p"}).find("needs a variable name") != std::string::npos);
}

TEST_CASE("usage errors name what is wrong") {
    CHECK(error_of({}).find("no command") != std::string::npos);
    CHECK(error_of({"frobnicate"}) == "unknown command 'frobnicate'; see celda --help");
    CHECK(error_of({"--frob"}) == "unknown option '--frob'; see celda --help");
    CHECK(error_of({"run", "--frob", "p"}) == "unknown option '--frob'; see celda --help");
    CHECK(error_of({"run", "--frob=1", "p"}) == "unknown option '--frob'; see celda --help");
    CHECK(error_of({"run"}).find("needs a PROGRAM") != std::string::npos);
    CHECK(error_of({"run", "--trace"}).find("needs a PROGRAM") != std::string::npos);
    CHECK(error_of({"run", "--memory"}) == "option --memory needs a value; see celda --help");
    CHECK(error_of({"run", "--trace=yes", "p"}).find("'yes' is not something celda traces") != std::string::npos);
    CHECK(error_of({"run", "--backend", "qemu", "p"}).find("'qemu' is not a backend") != std::string::npos);
    CHECK(error_of({"run", "--memory", "lots", "p"}).find("'lots' is not a size") != std::string::npos);
    CHECK(error_of({"run", "--timeout", "soon", "p"}).find("'soon'") != std::string::npos);
    CHECK(error_of({"run", "--timeout", "0", "p"}).find("more than 0") != std::string::npos);
    CHECK(error_of({"run", "--timeout=-1", "p"}).find("-1") != std::string::npos);
}

TEST_CASE("memory sizes") {
    CHECK(parse_size("4096").value() == 4096);
    CHECK(parse_size("64M").value() == 64ull << 20);
    CHECK(parse_size("64m").value() == 64ull << 20);
    CHECK(parse_size("64MiB").value() == 64ull << 20);
    CHECK(parse_size("64MB").value() == 64ull << 20);
    CHECK(parse_size("512K").value() == 512ull << 10);
    CHECK(parse_size("512KiB").value() == 512ull << 10);
    CHECK(parse_size("2G").value() == 2ull << 30);
    CHECK(parse_size("2GiB").value() == 2ull << 30);
    for (auto bad : {"", "M", "64X", "64Mi", "64MiBs", "-1", " 64M", "64 M", "0x10", "1.5G"})
        CHECK_MESSAGE(!parse_size(bad).has_value(), bad);
    CHECK_FALSE(parse_size("99999999999999999999").has_value());
    CHECK_FALSE(parse_size("17179869184G").has_value());  // overflows when shifted

    CHECK(parse_memory_option("4M").value() == 4ull << 20);
    CHECK(parse_memory_option("64G").value() == 64ull << 30);
    CHECK(parse_memory_option("3M").error().message.find("minimum is 4M") != std::string::npos);
    CHECK(parse_memory_option("65G").error().message.find("maximum is 64G") != std::string::npos);
    CHECK(parse_memory_option("4194303").error().message.find("too small") != std::string::npos);
}

TEST_CASE("timeouts") {
    CHECK(parse_timeout("2")->duration == std::chrono::seconds(2));
    CHECK(parse_timeout("0.5")->duration == std::chrono::milliseconds(500));
    CHECK(parse_timeout("0.001")->duration == std::chrono::milliseconds(1));
    for (auto bad : {"", "abc", "1s", "inf", "nan", "0", "-2", "1e3", "1e999"})
        CHECK_MESSAGE(!parse_timeout(bad).has_value(), bad);
}

TEST_CASE("format_size is exact") {
    CHECK(format_size(4ull << 20) == "4 MiB");
    CHECK(format_size(2ull << 30) == "2 GiB");
    CHECK(format_size(1536ull << 10) == "1536 KiB");
    CHECK(format_size(100) == "100 bytes");
}

TEST_CASE("-v HOSTDIR:GUESTDIR[:ro] and -w") {
    RunOptions run = parse_run({"run", "-v", "/srv/data:/data", "--volume=rel/dir:/mnt//x/./y/:ro", "-w", "/data/../data/sub",
                                "prog"});
    REQUIRE(run.shares.size() == 2);
    CHECK(run.shares[0].host_dir == "/srv/data");
    CHECK(run.shares[0].guest_dir == "/data");
    CHECK_FALSE(run.shares[0].read_only);
    CHECK(run.shares[1].host_dir == "rel/dir");
    CHECK(run.shares[1].guest_dir == "/mnt/x/y");
    CHECK(run.shares[1].read_only);
    CHECK(run.workdir == "/data/sub");
    CHECK(parse_run({"run", "-v", "/a:/b:rw", "p"}).shares[0].read_only == false);
    CHECK(error_of({"run", "-v", "/a:data", "p"}).find("must be an absolute path") != std::string::npos);
    CHECK(error_of({"run", "-v", "/a", "p"}).find("HOSTDIR:GUESTDIR") != std::string::npos);
    CHECK(error_of({"run", "-v", "/a:/", "p"}).find("root") != std::string::npos);
    CHECK(error_of({"run", "-w", "rel", "p"}).find("absolute") != std::string::npos);
}

TEST_CASE("--trace lists and CELDA_TRACE") {
    RunOptions plain = parse_run({"run", "--trace", "p"});
    CHECK(plain.trace);
    CHECK_FALSE(plain.trace_choice.syscalls);
    RunOptions list = parse_run({"run", "--trace=syscalls,win32", "p"});
    CHECK_FALSE(list.trace);
    CHECK(list.trace_choice.syscalls);
    CHECK(list.trace_choice.win32);
    RunOptions all = parse_run({"run", "--trace=hypercalls,syscalls", "p"});
    CHECK(all.trace);
    CHECK(all.trace_choice.syscalls);
    g_env["CELDA_TRACE"] = "win32";
    RunOptions from_env = parse_run({"run", "p"});
    CHECK(from_env.trace_choice.win32);
    CHECK_FALSE(from_env.trace);
    g_env["CELDA_TRACE"] = "bogus";
    CHECK(error_of({"run", "p"}).find("CELDA_TRACE: 'bogus'") != std::string::npos);
    g_env.erase("CELDA_TRACE");
}

TEST_CASE("serve and --server: spellings, defaults and bad input") {
    auto serve = parse({"serve"});
    REQUIRE(serve.has_value());
    CHECK(serve->kind == CommandKind::Serve);
    CHECK(serve->serve.dir.empty());  // the default folder is chosen by serve itself
    CHECK(parse({"serve", "--dir", "/tmp/s"})->serve.dir == "/tmp/s");
    CHECK(parse({"serve", "--dir=/tmp/s"})->serve.dir == "/tmp/s");
    CHECK(error_of({"serve", "--dir"}).find("needs a value") != std::string::npos);
    CHECK(error_of({"serve", "--dir="}).find("--dir needs a folder") != std::string::npos);
    CHECK(error_of({"serve", "--bogus"}).find("serve takes only --dir DIR, not '--bogus'") != std::string::npos);

    CHECK(parse_run({"run", "--server", "/tmp/s", "x.exe"}).server == "/tmp/s");
    CHECK(parse_run({"run", "x.exe"}).server.empty());
    g_env["CELDA_SERVER"] = "/tmp/from-env";
    CHECK(parse_run({"run", "x.exe"}).server == "/tmp/from-env");
    CHECK(parse_run({"run", "--server=/tmp/s", "x.exe"}).server == "/tmp/s");  // the option wins
    g_env.erase("CELDA_SERVER");
    CHECK(error_of({"run", "--server=", "x.exe"}).find("--server needs the folder") != std::string::npos);
}
