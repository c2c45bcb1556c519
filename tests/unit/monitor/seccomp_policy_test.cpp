#include <doctest/doctest.h>

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/raw_syscall.h"
#include "sandbox/seccomp_policy.h"

namespace raw = celda::sandbox::raw;

namespace {

// Written here on purpose: changing the allow-list must change this test and the docs too.
constexpr std::size_t kExpectedAllowedSyscalls = 17;  // 7 always, 8 more with -v shares, 2 in warm guests

// Syscall names from the first column of the docs' markdown table: rows like "| `write` | ...".
std::set<std::string> documented_syscalls() {
    std::ifstream doc(CELDA_SANDBOX_SYSCALLS_DOC);
    REQUIRE_MESSAGE(doc.good(), "cannot read " CELDA_SANDBOX_SYSCALLS_DOC);
    std::set<std::string> names;
    std::string line;
    while (std::getline(doc, line)) {
        if (!line.starts_with("|")) continue;
        auto end = line.find('|', 1);
        if (end == std::string::npos) continue;
        std::string cell = line.substr(1, end - 1);
        cell.erase(0, cell.find_first_not_of(' '));
        cell.erase(cell.find_last_not_of(' ') + 1);
        if (cell.size() > 2 && cell.front() == '`' && cell.back() == '`') names.insert(cell.substr(1, cell.size() - 2));
    }
    return names;
}

enum class Probe { Nothing, Getpid, WriteOtherFd, WriteFdHighBits, ClockBoottime, PpollWithFds, OpenAt };

// Runs `probe` in a child under the filter; returns the child's wait status. The child first
// proves the allowed calls work by writing 'k' to the report pipe.
int run_under_filter(Probe probe) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        rlimit no_core{0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
        auto filter = celda::sandbox::build_seccomp_filter(fds[1]);
        if (celda::sandbox::install_seccomp_filter(filter) != 0) _exit(100);
        timespec ts{};
        if (raw::syscall3(SYS_clock_gettime, CLOCK_MONOTONIC, reinterpret_cast<long>(&ts), 0) != 0) raw::exit_group(101);
        if (raw::syscall3(SYS_clock_gettime, CLOCK_REALTIME, reinterpret_cast<long>(&ts), 0) != 0) raw::exit_group(102);
        timespec zero{};
        if (raw::syscall4(SYS_ppoll, 0, 0, reinterpret_cast<long>(&zero), 0) != 0) raw::exit_group(103);
        if (raw::write(2, "", 0) != 0) raw::exit_group(104);
        if (raw::write(fds[1], "k", 1) != 1) raw::exit_group(105);
        switch (probe) {
            case Probe::Nothing: break;
            case Probe::Getpid: raw::syscall3(SYS_getpid, 0, 0, 0); break;
            case Probe::WriteOtherFd: raw::write(fds[0], "", 0); break;
            case Probe::WriteFdHighBits: raw::syscall3(SYS_write, (1l << 32) | 2, 0, 0); break;
            case Probe::ClockBoottime: raw::syscall3(SYS_clock_gettime, CLOCK_BOOTTIME, reinterpret_cast<long>(&ts), 0); break;
            case Probe::PpollWithFds: raw::syscall4(SYS_ppoll, 0, 2, reinterpret_cast<long>(&zero), 0); break;
            case Probe::OpenAt: raw::syscall3(SYS_openat, AT_FDCWD, reinterpret_cast<long>("/etc/passwd"), 0); break;
        }
        raw::exit_group(0);
    }
    close(fds[1]);
    int status = 0;
    waitpid(pid, &status, 0);
    char byte = 0;
    CHECK_MESSAGE(read(fds[0], &byte, 1) == 1, "the allowed syscalls did not all succeed; status ", status);
    CHECK(byte == 'k');
    close(fds[0]);
    return status;
}

}  // namespace

TEST_CASE("the docs list exactly the syscalls in the policy table") {
    auto names = celda::sandbox::allowed_syscall_names();
    std::set<std::string> table(names.begin(), names.end());
    CHECK(table.size() == names.size());  // no duplicates
    CHECK(table.size() == kExpectedAllowedSyscalls);
    CHECK(documented_syscalls() == table);
}

TEST_CASE("the filter allows the table and traps everything else") {
    int allowed = run_under_filter(Probe::Nothing);
    CHECK(WIFEXITED(allowed));
    CHECK(WEXITSTATUS(allowed) == 0);

    for (Probe probe : {Probe::Getpid, Probe::WriteOtherFd, Probe::WriteFdHighBits, Probe::ClockBoottime,
                        Probe::PpollWithFds, Probe::OpenAt}) {
        CAPTURE(static_cast<int>(probe));
        int status = run_under_filter(probe);
        CHECK(WIFSIGNALED(status));
        CHECK(WTERMSIG(status) == SIGSYS);
    }
}

namespace {

// Runs `call` in a child under the filter (with or without the host-share and warm-guest rows),
// after `prepare` (unfiltered, in the child), and returns the child's wait status; exit 0 means
// the call was allowed.
template <class Prepare, class Call>
int status_under_filter(bool host_shares, bool warm_guest, Prepare prepare, Call call) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        rlimit no_core{0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
        prepare();
        auto filter = celda::sandbox::build_seccomp_filter(3, 0, 0, host_shares, warm_guest);
        if (celda::sandbox::install_seccomp_filter(filter) != 0) _exit(101);
        call();
        raw::exit_group(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

// fstat on `fd` (a descriptor of /dev/null put there first).
int fstat_under_filter(bool host_shares, int fd) {
    auto put_fd = [fd] {
        int target = open("/dev/null", O_RDONLY);
        if (target < 0 || dup2(target, fd) < 0) _exit(100);
    };
    return status_under_filter(host_shares, false, put_fd, [fd] {
        struct stat st {};
        raw::syscall3(SYS_fstat, fd, reinterpret_cast<long>(&st), 0);
    });
}

}  // namespace

TEST_CASE("the host-share rows exist only with -v and only for received descriptors") {
    int allowed = fstat_under_filter(true, 5);
    CHECK(WIFEXITED(allowed));
    CHECK(WEXITSTATUS(allowed) == 0);
    allowed = fstat_under_filter(true, 1028);
    CHECK(WIFEXITED(allowed));
    for (auto [shares, fd] : {std::pair{false, 5}, std::pair{true, 4}, std::pair{true, 3}, std::pair{true, 1029}}) {
        CAPTURE(shares);
        CAPTURE(fd);
        int status = fstat_under_filter(shares, fd);
        CHECK(WIFSIGNALED(status));
        CHECK(WTERMSIG(status) == SIGSYS);
    }
    auto names = celda::sandbox::share_syscall_names();
    CHECK(names.size() == 8);
}

namespace {

enum class SchedCall { IdleSelf, OtherSelf, IdleParent, Yield };

int sched_call_under_filter(bool warm_guest, SchedCall call) {
    const pid_t parent = getpid();
    return status_under_filter(false, warm_guest, [] {}, [=] {
        static const sched_param zero{};
        const long param = reinterpret_cast<long>(&zero);
        switch (call) {
            case SchedCall::IdleSelf: raw::syscall3(SYS_sched_setscheduler, 0, SCHED_IDLE, param); break;
            case SchedCall::OtherSelf: raw::syscall3(SYS_sched_setscheduler, 0, SCHED_OTHER, param); break;
            case SchedCall::IdleParent: raw::syscall3(SYS_sched_setscheduler, parent, SCHED_IDLE, param); break;
            case SchedCall::Yield: raw::syscall3(SYS_sched_yield, 0, 0, 0); break;
        }
    });
}

}  // namespace

TEST_CASE("the warm-guest rows exist only in a warm guest: lowering itself to SCHED_IDLE, and yielding") {
    for (SchedCall call : {SchedCall::IdleSelf, SchedCall::Yield}) {
        CAPTURE(static_cast<int>(call));
        int allowed = sched_call_under_filter(true, call);
        CHECK(WIFEXITED(allowed));
        CHECK(WEXITSTATUS(allowed) == 0);
        int direct = sched_call_under_filter(false, call);
        CHECK(WIFSIGNALED(direct));
        CHECK(WTERMSIG(direct) == SIGSYS);
    }
    // Any other policy, or another process, traps even in a warm guest.
    for (SchedCall call : {SchedCall::OtherSelf, SchedCall::IdleParent}) {
        CAPTURE(static_cast<int>(call));
        int status = sched_call_under_filter(true, call);
        CHECK(WIFSIGNALED(status));
        CHECK(WTERMSIG(status) == SIGSYS);
    }
    auto names = celda::sandbox::warm_syscall_names();
    CHECK(names == std::vector<std::string_view>{"sched_setscheduler", "sched_yield"});
}
