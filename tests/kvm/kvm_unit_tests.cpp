// Host-side unit tests of the kvm backend's pure parts (no /dev/kvm needed): the vCPU thread's
// seccomp allow-list (count, docs, behaviour) and the system area's page tables.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <linux/kvm.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "kvm/seccomp_policy.h"
#include "kvm/system_area.h"
#include "kvm/verdict_cache.h"
#include "sandbox/raw_syscall.h"
#include "sandbox/seccomp_policy.h"

namespace raw = celda::sandbox::raw;

namespace {

// Written here on purpose: changing an allow-list must change this test and docs/kvm.md too.
constexpr std::size_t kExpectedVcpuSyscalls = 15;  // 7, and 8 more with host shares (-v)
constexpr std::size_t kExpectedVcpuShareSyscalls = 8;
constexpr std::size_t kExpectedMainSyscalls = 9;

// The syscalls in the table under the docs/kvm.md heading "### `heading`" (inside the seccomp
// section).
std::set<std::string> documented_syscalls(const std::string& heading) {
    std::ifstream doc(CELDA_KVM_DOC);
    REQUIRE_MESSAGE(doc.good(), "cannot read " CELDA_KVM_DOC);
    std::set<std::string> names;
    bool in_seccomp = false, in_table = false;
    std::string line;
    while (std::getline(doc, line)) {
        if (line.starts_with("## ")) in_seccomp = line.find("seccomp") != std::string::npos;
        if (line.starts_with("#")) in_table = in_seccomp && line == "### " + heading;
        if (!in_table || !line.starts_with("| `")) continue;
        auto end = line.find('`', 3);
        names.insert(line.substr(3, end - 3));
    }
    return names;
}

// Runs `body` in a forked child under the vCPU filter (vCPU fd 42); returns how it ended.
template <typename Body>
int under_filter(Body body) {
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGSYS, SIG_DFL);
        if (celda::sandbox::install_seccomp_filter(celda::kvm::build_vcpu_seccomp_filter(42)) < 0) _exit(99);
        body();
        raw::syscall3(SYS_exit_group, 0, 0, 0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

}  // namespace

TEST_CASE("the vCPU thread's allow-list has exactly the documented syscalls") {
    auto names = celda::kvm::vcpu_allowed_syscall_names();
    CHECK(names.size() == kExpectedVcpuSyscalls);
    std::set<std::string> in_code(names.begin(), names.end());
    CHECK(in_code == documented_syscalls("The vCPU thread"));
}

TEST_CASE("the vCPU thread's host-share rows are the sandbox child's") {
    auto kvm = celda::kvm::vcpu_share_syscall_names();
    CHECK(kvm.size() == kExpectedVcpuShareSyscalls);
    auto sandbox = celda::sandbox::share_syscall_names();
    CHECK(std::set<std::string_view>(kvm.begin(), kvm.end()) == std::set<std::string_view>(sandbox.begin(), sandbox.end()));
}

TEST_CASE("with host shares the vCPU filter allows the broker socket and the share range only") {
    // vCPU fd 42, broker socket 40, share files [100, 1124).
    auto shares = [](auto body) {
        pid_t pid = fork();
        if (pid == 0) {
            signal(SIGSYS, SIG_DFL);
            if (celda::sandbox::install_seccomp_filter(celda::kvm::build_vcpu_seccomp_filter(42, 40, 100)) < 0) _exit(99);
            body();
            raw::syscall3(SYS_exit, 0, 0, 0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
    };
    char byte = 0;
    const long buf = reinterpret_cast<long>(&byte);
    CHECK(shares([] { raw::write(40, "", 0); }) == 0);
    CHECK(shares([] { raw::syscall3(SYS_recvmsg, 40, 0, MSG_CMSG_CLOEXEC); }) == 0);
    CHECK(shares([] { raw::syscall3(SYS_recvmsg, 41, 0, MSG_CMSG_CLOEXEC); }) == 128 + SIGSYS);
    CHECK(shares([] { raw::syscall3(SYS_recvmsg, 40, 0, 0); }) == 128 + SIGSYS);
    CHECK(shares([&] { raw::syscall4(SYS_pread64, 100, buf, 1, 0); }) == 0);
    CHECK(shares([&] { raw::syscall4(SYS_pread64, 1123, buf, 1, 0); }) == 0);
    CHECK(shares([&] { raw::syscall4(SYS_pread64, 1124, buf, 1, 0); }) == 128 + SIGSYS);
    CHECK(shares([&] { raw::syscall4(SYS_pread64, 42, buf, 1, 0); }) == 128 + SIGSYS);  // the vCPU fd
    CHECK(shares([] { raw::syscall3(SYS_close, 42, 0, 0); }) == 128 + SIGSYS);
    CHECK(shares([] { raw::syscall3(SYS_close, 99, 0, 0); }) == 128 + SIGSYS);
    CHECK(shares([] { raw::syscall3(SYS_close, 100, 0, 0); }) == 0);
    CHECK(shares([] { raw::syscall4(SYS_openat, AT_FDCWD, reinterpret_cast<long>("/etc/passwd"), 0, 0); }) == 128 + SIGSYS);
    // Without shares none of these rows exist.
    CHECK(under_filter([] { raw::syscall3(SYS_recvmsg, 1, 0, MSG_CMSG_CLOEXEC); }) == 128 + SIGSYS);
    CHECK(under_filter([] { raw::syscall3(SYS_close, 100, 0, 0); }) == 128 + SIGSYS);
}

TEST_CASE("the main thread's allow-list has exactly the documented syscalls") {
    auto names = celda::kvm::main_allowed_syscall_names();
    CHECK(names.size() == kExpectedMainSyscalls);
    std::set<std::string> in_code(names.begin(), names.end());
    CHECK(in_code == documented_syscalls("The main thread"));
}

TEST_CASE("the vCPU filter allows its table with pinned arguments and traps the rest") {
    // exit_group is not in the vCPU list: a trapped exit_group dies of SIGSYS, an allowed
    // syscall followed by `exit` (allowed) ends with status 0.
    auto then_exit = [] { raw::syscall3(SYS_exit, 0, 0, 0); };
    CHECK(under_filter([&] { raw::write(1, "", 0); then_exit(); }) == 0);
    CHECK(under_filter([&] { raw::syscall3(SYS_ioctl, 42, KVM_RUN, 0); then_exit(); }) == 0);  // EBADF, allowed
    CHECK(under_filter([&] { raw::syscall3(SYS_ioctl, 43, KVM_RUN, 0); then_exit(); }) == 128 + SIGSYS);
    CHECK(under_filter([&] { raw::syscall3(SYS_ioctl, 42, KVM_SET_REGS, 0); then_exit(); }) == 128 + SIGSYS);
    CHECK(under_filter([&] { raw::write(3, "", 0); then_exit(); }) == 128 + SIGSYS);
    CHECK(under_filter([&] { raw::syscall3(SYS_getpid, 0, 0, 0); then_exit(); }) == 128 + SIGSYS);
    CHECK(under_filter([&] { raw::syscall3(SYS_exit_group, 0, 0, 0); }) == 128 + SIGSYS);
}

namespace {

// Runs `body(pid)` in a forked child under the main-thread filter; returns how it ended.
template <typename Body>
int under_main_filter(Body body) {
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGSYS, SIG_DFL);
        const long self = getpid();  // getpid itself is not allowed once filtered
        if (celda::sandbox::install_seccomp_filter(celda::kvm::build_main_seccomp_filter(static_cast<pid_t>(self))) < 0)
            _exit(99);
        body(self);
        raw::syscall3(SYS_exit_group, 0, 0, 0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

}  // namespace

TEST_CASE("the main-thread filter allows waiting, kicking, reporting and exiting, and nothing else") {
    CHECK(under_main_filter([](long) { raw::write(2, "", 0); }) == 0);
    CHECK(under_main_filter([](long self) { raw::syscall3(SYS_tgkill, self, 999999, SIGUSR1); }) == 0);  // ESRCH, allowed
    CHECK(under_main_filter([](long self) { raw::syscall3(SYS_tgkill, self, 999999, SIGKILL); }) == 128 + SIGSYS);
    CHECK(under_main_filter([](long) { raw::syscall3(SYS_tgkill, 1, 1, SIGUSR1); }) == 128 + SIGSYS);  // another process
    CHECK(under_main_filter([](long) {
        // malloc's fresh memory is allowed; executable or file-backed memory is not.
        void* p = mmap(nullptr, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) raw::syscall3(SYS_exit_group, 3, 0, 0);
        munmap(p, 1 << 20);
        std::string report(100000, 'x');  // heap growth
        raw::write(2, report.data(), 0);
    }) == 0);
    CHECK(under_main_filter([](long) { mmap(nullptr, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); }) ==
          128 + SIGSYS);
    CHECK(under_main_filter([](long) { raw::syscall3(SYS_openat, AT_FDCWD, reinterpret_cast<long>("/etc/passwd"), 0); }) ==
          128 + SIGSYS);
    CHECK(under_main_filter([](long) { raw::syscall3(SYS_ioctl, 3, KVM_RUN, 0); }) == 128 + SIGSYS);
    CHECK(under_main_filter([](long) { raw::syscall3(SYS_mprotect, 0, 4096, PROT_READ | PROT_EXEC); }) == 128 + SIGSYS);
    CHECK(under_main_filter([](long) { raw::write(3, "", 0); }) == 128 + SIGSYS);
}

namespace {

constexpr std::uint64_t kPresent = 1, kWritable = 2, kLarge = 1ull << 7, kNoExecute = 1ull << 63;
constexpr std::uint64_t kMask = 0x000f'ffff'ffff'f000ull;

struct Mapping {
    bool present = false, write = false, execute = false;
};

// Walks the tables the way the CPU does (guest-physical addresses inside the system area).
Mapping walk(const std::byte* area, std::uint64_t cr3, std::uint64_t address) {
    auto table = [&](std::uint64_t physical) {
        return reinterpret_cast<const std::uint64_t*>(area + (physical - celda::kvm::kSystemBase));
    };
    std::uint64_t entry = table(cr3)[(address >> 39) & 511];
    if (!(entry & kPresent)) return {};
    entry = table(entry & kMask)[(address >> 30) & 511];
    if (!(entry & kPresent)) return {};
    entry = table(entry & kMask)[(address >> 21) & 511];
    if (!(entry & kPresent)) return {};
    if (!(entry & kLarge)) {
        entry = table(entry & kMask)[(address >> 12) & 511];
        if (!(entry & kPresent)) return {};
    }
    return {true, (entry & kWritable) != 0, (entry & kNoExecute) == 0};
}

}  // namespace

TEST_CASE("the page tables map guest memory with the image's protections and nothing else") {
    using namespace celda::kvm;
    constexpr std::uint64_t kMem = 64ull << 20;
    const std::uint64_t image_start = CELDA_GUEST_BASE + kMem - 0x10000;
    std::vector<celda::image::PageProtection> image = {
        {0x0000, 0x4000, true, false, true},    // text
        {0x4000, 0x6000, true, false, false},   // rodata
        {0x6000, 0x10000, true, true, false}};  // data, bss
    void* mapped = mmap(nullptr, kSystemSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(mapped != MAP_FAILED);
    auto* area = static_cast<std::byte*>(mapped);
    auto system = build_system_area(area, kMem, image_start, image);
    REQUIRE(system.has_value());

    CHECK_FALSE(walk(area, system->cr3, 0).present);                  // null pointers fault
    CHECK_FALSE(walk(area, system->cr3, 0xff000).present);
    Mapping stubs = walk(area, system->cr3, hypercall_entry_address());
    CHECK((stubs.present && !stubs.write && stubs.execute));
    Mapping tables = walk(area, system->cr3, kTablesAddress);
    CHECK((tables.present && !tables.write && !tables.execute));
    CHECK_FALSE(walk(area, system->cr3, kPageTablePool).present);     // the guest cannot edit its tables
    CHECK_FALSE(walk(area, system->cr3, system->cr3).present);
    Mapping boot = walk(area, system->cr3, CELDA_GUEST_BASE);
    CHECK((boot.present && boot.write && !boot.execute));
    Mapping free_memory = walk(area, system->cr3, CELDA_GUEST_BASE + (8ull << 20));
    CHECK((free_memory.present && free_memory.write && !free_memory.execute));
    Mapping text = walk(area, system->cr3, image_start + 0x1000);
    CHECK((text.present && !text.write && text.execute));
    Mapping rodata = walk(area, system->cr3, image_start + 0x4000);
    CHECK((rodata.present && !rodata.write && !rodata.execute));
    Mapping data = walk(area, system->cr3, image_start + 0x8000);
    CHECK((data.present && data.write && !data.execute));
    CHECK_FALSE(walk(area, system->cr3, CELDA_GUEST_BASE + kMem).present);  // past the end

    // PROTECT: a 2 MiB page is split; only the named pages change; the rest keep RW.
    const std::uint64_t program = CELDA_GUEST_BASE + (8ull << 20);
    const std::uint64_t tables_before = system->page_tables_used;
    CHECK(protect_pages(area, *system, program + 0x1000, 0x2000, CELDA_PROT_READ | CELDA_PROT_EXEC) == 0);
    CHECK(system->page_tables_used == tables_before + 1);
    Mapping code = walk(area, system->cr3, program + 0x2000);
    CHECK((code.present && !code.write && code.execute));
    Mapping before = walk(area, system->cr3, program);
    CHECK((before.present && before.write && !before.execute));
    Mapping after = walk(area, system->cr3, program + 0x3000);
    CHECK((after.present && after.write && !after.execute));
    CHECK(protect_pages(area, *system, program + 0x1000, 0x1000, 0) == 0);  // no access at all
    CHECK_FALSE(walk(area, system->cr3, program + 0x1000).present);
    CHECK(system->page_tables_used == tables_before + 1);  // already split
    munmap(mapped, kSystemSize);
}

TEST_CASE("the kvm verdict cache keeps a verdict for this boot and refuses files it cannot trust") {
    char dir_template[] = "/tmp/celda-verdict-test.XXXXXX";
    REQUIRE(mkdtemp(dir_template) != nullptr);
    const std::string path = std::string(dir_template) + "/verdict";

    CHECK_FALSE(celda::kvm::load_verdict(path).has_value());  // nothing stored yet
    celda::kvm::store_verdict(path, {false, "a test guest using SSE did not run"});
    auto loaded = celda::kvm::load_verdict(path);
    REQUIRE(loaded.has_value());
    CHECK_FALSE(loaded->verdict.usable);
    CHECK(loaded->verdict.reason == "a test guest using SSE did not run");
    CHECK(loaded->path == path);

    celda::kvm::store_verdict(path, {true, {}});
    REQUIRE(celda::kvm::load_verdict(path).has_value());
    CHECK(celda::kvm::load_verdict(path)->verdict.usable);

    // Writable by others: ignored.
    REQUIRE(chmod(path.c_str(), 0666) == 0);
    CHECK_FALSE(celda::kvm::load_verdict(path).has_value());
    REQUIRE(chmod(path.c_str(), 0600) == 0);

    // Another boot (or kernel) made it: ignored.
    {
        std::ofstream stale(path, std::ios::trunc);
        stale << "selftest-2 00000000-0000-0000-0000-000000000000 1.0\nusable\n";
    }
    CHECK_FALSE(celda::kvm::load_verdict(path).has_value());

    // An unwritable place is not an error: no cache, that is all.
    celda::kvm::store_verdict("/proc/celda-no-such-dir/verdict", {true, {}});
    CHECK_FALSE(celda::kvm::load_verdict("/proc/celda-no-such-dir/verdict").has_value());
    CHECK_FALSE(celda::kvm::load_verdict("").has_value());

    std::remove(path.c_str());
    rmdir(dir_template);
}
