// The kvm test driver: runs inside ONE nested-KVM boot (scripts/nested-kvm.sh) and drives
// `celda run` on the kvm backend — and on the sandbox backend for comparison — checking exit
// status, stdout and stderr the way tests/integration/cases.sh does on the host.
//
// usage: kvm_cases DIR          DIR holds celda, hello.img, probe.img, posix.img, win32.img and
//                               the Linux/Windows test programs; prints "N passed, M failed"
//        kvm_cases --bench DIR  boot-to-first-output and total `celda run hello.img` times,
//                               ns per raw syscall of a posix.img program (if syscall-bench is there),
//                               kvm vs sandbox, and the number of VM exits for hello
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

struct Outcome {
    int status = -1;
    std::string out, err;
    double first_output_ms = -1;  // spawn to the first stdout byte
    double total_ms = 0;          // spawn to exit
};

double now_ms() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// Runs argv with stdin from /dev/null (or fed `input` through a pipe), collecting stdout and
// stderr through pipes.
Outcome run(const std::vector<std::string>& args, const std::string& input = {}) {
    Outcome outcome;
    int out[2], err[2], in[2];
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 || pipe2(in, O_CLOEXEC) != 0) return outcome;
    double start = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        int source = input.empty() ? open("/dev/null", O_RDONLY) : in[0];
        dup2(source, 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    close(err[1]);
    close(in[0]);
    if (!input.empty() && write(in[1], input.data(), input.size()) < 0) outcome.err = "cannot feed stdin";
    close(in[1]);  // small inputs fit the pipe buffer; EOF follows
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int open_fds = 2;
    char buffer[4096];
    while (open_fds > 0 && poll(fds, 2, -1) > 0) {
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
            ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
                continue;
            }
            if (i == 0 && outcome.first_output_ms < 0) outcome.first_output_ms = now_ms() - start;
            (i == 0 ? outcome.out : outcome.err).append(buffer, static_cast<size_t>(n));
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
    outcome.total_ms = now_ms() - start;
    outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return outcome;
}

struct Case {
    const char* name;
    std::vector<std::string> options;  // before the image
    const char* image;                 // "hello", "probe" (+ ".img"), or a program file in DIR
                                       // (a static Linux ELF or a .exe: the stock images run it)
    std::vector<std::string> args;
    int status;
    std::vector<std::string> out_has;
    std::vector<std::string> err_has;
    bool sandbox_too = true;  // also run on --backend sandbox with the same expectations
    std::string input = {};   // fed to stdin through a pipe (empty: /dev/null)
};

int g_passed = 0, g_failed = 0;

void check(const std::string& dir, const Case& c, const char* backend) {
    std::vector<std::string> args{dir + "/celda", "run"};
    if (backend) args.insert(args.end(), {"--backend", backend});
    args.insert(args.end(), c.options.begin(), c.options.end());
    const std::string image = c.image;
    const bool program = image != "hello" && image != "probe";
    args.push_back(dir + "/" + image + (program ? "" : ".img"));
    args.insert(args.end(), c.args.begin(), c.args.end());
    Outcome o = run(args, c.input);
    std::vector<std::string> problems;
    if (o.status != c.status) problems.push_back("exit status " + std::to_string(o.status) + ", expected " + std::to_string(c.status));
    for (const auto& s : c.out_has)
        if (o.out.find(s) == std::string::npos) problems.push_back("stdout lacks '" + s + "'");
    for (const auto& s : c.err_has)
        if (o.err.find(s) == std::string::npos) problems.push_back("stderr lacks '" + s + "'");
    std::string label = std::string(backend ? backend : "auto") + "." + c.name;
    if (problems.empty()) {
        ++g_passed;
        std::printf("ok   %s\n", label.c_str());
        return;
    }
    ++g_failed;
    std::printf("FAIL %s\n", label.c_str());
    for (const auto& p : problems) std::printf("     %s\n", p.c_str());
    std::printf("     --- stdout:\n%s     --- stderr:\n%s", o.out.substr(0, 2000).c_str(), o.err.substr(0, 2000).c_str());
}

std::vector<Case> cases() {
    return {
        {"hello", {}, "hello", {"Ada"}, 0, {"Hello from a Celda guest!", "argument 1: Ada"}, {}},
        {"exit_status", {}, "probe", {"exit", "42"}, 42, {}, {}},
        {"argv", {}, "probe", {"args", "a", "b c"}, 0, {"argc=4", "argv[2]=a", "argv[3]=b c"}, {}, false},
        {"env", {"-e", "NAME=value"}, "probe", {"env", "NAME"}, 0, {"NAME=value"}, {}, false},
        {"stdout_stderr", {}, "probe", {"stderr"}, 0, {"to stdout"}, {"to stderr"}, false},
        {"fibers", {}, "probe", {"fibers"}, 0, {"fiber 2 step 2", "fibers done"}, {}},
        {"sleep", {}, "probe", {"sleep", "50"}, 0, {"slept "}, {}, false},
        {"memory_cap", {"--memory", "16M"}, "probe", {"alloc"}, 0, {"MiB before out of memory"}, {}, false},
        {"crash_null", {}, "probe", {"crash-null"}, 139, {}, {"celda: guest crashed: page fault at address 0x0 (rip 0x", "#1 0x"}},
        {"crash_invalid_opcode", {}, "probe", {"crash-ud"}, 132, {}, {"celda: guest crashed: invalid opcode at address", "probe_invalid_opcode"}, false},
        {"panic", {}, "probe", {"panic"}, 134, {}, {"celda: guest panicked: deliberate panic from probe", "probe_panic_here"}},
        {"bad_hypercall_pointer", {}, "probe", {"bad-pointer"}, 139, {}, {"invalid address to hypercall console_write: [0x10, +16)"}, false},
        {"deadlock", {}, "probe", {"deadlock"}, 134, {}, {"celda: guest panicked: deadlock"}, false},
        {"timeout", {"--timeout", "1"}, "probe", {"spin"}, 124, {}, {"ran past --timeout 1s; stopped"}},
        {"port_io", {}, "probe", {"port-io"}, 159, {}, {"celda: guest touched I/O port 0x80 at rip 0x", "probe_port_io"}, false},
        {"msr", {}, "probe", {"msr"}, 139, {}, {"celda: guest crashed: general protection fault (error code 0x0) at rip 0x", "probe_msr"}, false},
        // A `syscall` with no registered entry: stopped as a forbidden host syscall on both.
        {"forbidden_syscall", {}, "probe", {"syscall"}, 159, {}, {"forbidden host syscall openat (257)"}},
        // On sandbox both are privileged instructions in user mode: #GP, a SIGSEGV crash.
        {"port_io_sandbox", {"--backend", "sandbox"}, "probe", {"port-io"}, 139, {}, {"celda: guest crashed"}, false},
        {"msr_sandbox", {"--backend", "sandbox"}, "probe", {"msr"}, 139, {}, {"celda: guest crashed"}, false},
        // Prebuilt Linux programs on posix.img: their `syscall` instructions enter the library OS
        // through LSTAR (no VM exit), TLS through FS base (CR4.FSGSBASE), code made executable
        // with PROTECT.
        {"posix_hello_glibc", {"-e", "GREETING=hi"}, "hello-glibc", {"Ada", "two"}, 0,
         {"hello from Ada", "arg 2: two", "GREETING=hi"}, {"to stderr"}},
        {"posix_hello_glibc_status", {}, "hello-glibc", {"Ada", "two", "three"}, 7, {"arg 3: three"}, {}, false},
        {"posix_hello_static_pie", {}, "static-pie-hello", {"Ada"}, 0, {"hello from Ada"}, {}, false},
        {"posix_hello_musl", {}, "hello-musl", {"Ada"}, 0, {"hello from Ada"}, {}, false},
        {"posix_files", {}, "files-glibc", {"/tmp"}, 0, {"pread got", "size after truncate", "big total"}, {}},
        {"posix_cxx_threads", {}, "cxx-threads", {"/tmp"}, 0, {"threads done, total", "read back: "}, {}},
        {"posix_busybox", {}, "busybox", {"seq", "1", "3", "10"}, 0, {"1\n4\n7\n10"}, {}, false},
        // stdin reaches a kvm guest (CONSOLE_READ): busybox sort reading a pipe.
        {"posix_busybox_stdin", {}, "busybox", {"sort"}, 0, {"apple\nfig\npear\n"}, {}, true, "pear\napple\nfig\n"},
        {"posix_malloc_cap", {"--memory", "32M"}, "malloc-cap", {"64"}, 0, {"malloc failed"}, {}, false},
        // Windows programs on win32.img: the TEB behind GS (wrgsbase), threads on fibers.
        {"win32_hello", {}, "hello_msvcrt.exe", {}, 0, {"Hello from Windows, 2 + 3 = 5"}, {"to stderr ok 1.50"}},
        {"win32_threads", {}, "threads.exe", {}, 0, {"counter=", "semaphore: "}, {}, false},
        {"win32_cpp_unwind", {}, "cpp_unwind.exe", {}, 0, {"1: ", "4: "}, {}, false},
        // CPU faults as SEH exceptions (CELDA_HC_FAULT_ENTRY): the exception stub's exit is
        // turned into an iretq to the guest's fault entry. "kvm": hlt is not privileged in ring 0.
        {"win32_hardware_exceptions", {}, "hardware_exceptions.exe", {"kvm"}, 0, {"\n0 failures\n"}, {}},
        {"win32_hardware_execute_handler", {}, "hardware_exceptions.exe", {"execute_handler"}, 5,
         {"filter saw 0xc0000005"}, {}, false},
        {"win32_hardware_unhandled_ud2", {}, "hardware_exceptions.exe", {"unhandled_ud2"}, 132, {},
         {"celda: guest crashed: invalid opcode at address 0x"}, false},
        // Companion DLLs placed by the kvm backend's copy (the sandbox maps them): imports by
        // name and ordinal, DllMain order, LoadLibrary/GetProcAddress/FreeLibrary, C:\app.
        {"win32_dlls", {}, "dlltest.exe", {}, 0, {"all checks passed", "probe: process detach\nhelper: process detach"}, {}},
        // A crash inside a DLL is named by the DLL (boot_info.placed, read from guest memory).
        {"win32_dll_crash", {}, "dll_crash.exe", {}, 139, {"calling helper_poke"}, {"in helper.dll!helper_poke+0x"}},
    };
}

// The "Seccomp:" mode of each thread of `pid` (2 = filter), or empty if it is gone.
std::vector<int> thread_seccomp_modes(pid_t pid) {
    std::vector<int> modes;
    const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
    DIR* dir = opendir(tasks.c_str());
    if (!dir) return modes;
    while (dirent* entry = readdir(dir)) {
        if (entry->d_name[0] == '.') continue;
        std::ifstream status(tasks + "/" + entry->d_name + "/status");
        std::string line;
        while (std::getline(status, line))
            if (line.starts_with("Seccomp:")) modes.push_back(std::atoi(line.c_str() + 8));
    }
    closedir(dir);
    return modes;
}

// While a kvm guest sleeps, every thread of celda (main and vCPU) must be in seccomp filter
// mode: the vCPU thread does not run the guest before the main thread is filtered too.
void check_all_threads_filtered(const std::string& dir) {
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        execl((dir + "/celda").c_str(), "celda", "run", "--backend", "kvm", (dir + "/probe.img").c_str(), "sleep", "3000",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    std::string seen = "no thread seen";
    bool ok = false;
    const double give_up = now_ms() + 2500;
    while (!ok && now_ms() < give_up) {
        std::vector<int> modes = thread_seccomp_modes(pid);
        if (modes.size() >= 2) {
            ok = std::all_of(modes.begin(), modes.end(), [](int m) { return m == 2; });
            seen = std::to_string(modes.size()) + " threads, modes:";
            for (int m : modes) seen += " " + std::to_string(m);
        }
        if (!ok) usleep(20'000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    if (ok) {
        ++g_passed;
        std::printf("ok   kvm.all_threads_seccomp_filtered (%s)\n", seen.c_str());
    } else {
        ++g_failed;
        std::printf("FAIL kvm.all_threads_seccomp_filtered\n     %s (want >= 2 threads, all mode 2)\n", seen.c_str());
    }
}

void run_share_tests(const std::string& dir);

int run_tests(const std::string& dir) {
    for (const Case& c : cases()) {
        const std::string image = c.image;
        if (image != "hello" && image != "probe" && access((dir + "/" + image).c_str(), R_OK) != 0) {
            std::printf("skip %s (%s was not built here)\n", c.name, c.image);
            continue;
        }
        bool explicit_backend = std::find(c.options.begin(), c.options.end(), "--backend") != c.options.end();
        check(dir, c, explicit_backend ? nullptr : "kvm");
        if (c.sandbox_too) check(dir, c, "sandbox");
    }
    check_all_threads_filtered(dir);
    run_share_tests(dir);
    // auto must pick kvm here, and say so.
    check(dir, {"auto_picks_kvm", {"--trace"}, "hello", {}, 0, {"Hello"}, {"backend kvm (auto: /dev/kvm works)", " exits, "}},
          nullptr);
    std::printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void verdict(bool ok, const std::string& label, const std::string& detail) {
    if (ok) {
        ++g_passed;
        std::printf("ok   %s\n", label.c_str());
    } else {
        ++g_failed;
        std::printf("FAIL %s\n     %s\n", label.c_str(), detail.c_str());
    }
}

// Host shares (-v) on kvm, checked against the same runs on sandbox: a share directory made
// here in the nested guest, POSIX file semantics in it (files-glibc: create, pread/pwrite,
// append, truncate, rename, 8 MiB, listing, unlink), busybox writing a file the host then
// reads, an escape through symlinks leading out (EACCES), and :ro (EROFS).
void run_share_tests(const std::string& dir) {
    const double start = now_ms();
    const bool have_files = access((dir + "/files-glibc").c_str(), R_OK) == 0;
    const bool have_busybox = access((dir + "/busybox").c_str(), R_OK) == 0;
    if (!have_files && !have_busybox) {
        std::printf("skip shares (neither files-glibc nor busybox was built here)\n");
        return;
    }
    const std::string base = "/tmp/celda-kvm-shares", share = base + "/share";
    mkdir("/tmp", 01777);
    mkdir(base.c_str(), 0755);
    mkdir(share.c_str(), 0755);
    mkdir((share + "/sub").c_str(), 0755);
    mkdir((base + "/outside").c_str(), 0755);
    write_file(share + "/a.txt", "alpha\n");
    write_file(share + "/sub/b.txt", "beta beta\n");
    write_file(base + "/outside/secret", "host secret\n");
    symlink("../outside/secret", (share + "/rel-escape").c_str());
    symlink((base + "/outside/secret").c_str(), (share + "/abs-escape").c_str());
    const std::string rw = share + ":/data", ro = share + ":/data:ro";
    const char* backends[2] = {"kvm", "sandbox"};

    if (have_files) {
        // Both backends must print exactly the same (the program's output is deterministic).
        Outcome o[2];
        for (int b = 0; b < 2; ++b) {
            o[b] = run({dir + "/celda", "run", "--backend", backends[b], "-v", rw, dir + "/files-glibc", "/data"});
            verdict(o[b].status == 0 && o[b].out.find("big total") != std::string::npos &&
                        o[b].out.find("entry sub") != std::string::npos,
                    std::string(backends[b]) + ".share_posix_files",
                    "status " + std::to_string(o[b].status) + "\n--- stdout:\n" + o[b].out + "--- stderr:\n" + o[b].err);
        }
        verdict(o[0].out == o[1].out, "kvm.share_posix_files_same_as_sandbox",
                "--- kvm:\n" + o[0].out + "--- sandbox:\n" + o[1].out);
        verdict(access((share + "/work").c_str(), F_OK) != 0, "share_posix_files_cleaned_up", share + "/work is left over");
    }
    if (!have_busybox) {
        std::printf("skip shares with busybox (not built here)\n");
        return;
    }
    // busybox on kvm writes into the share (a shell builtin: the guest has no fork) and the
    // host sees the file; `find` and `wc` through the share print what they print on sandbox.
    {
        Outcome w = run({dir + "/celda", "run", "--backend", "kvm", "-v", rw, "-w", "/data/sub", dir + "/busybox", "sh", "-c",
                         "echo written-by-$0 > new.txt", "guest"});
        const std::string host_view = read_file(share + "/sub/new.txt");
        verdict(w.status == 0 && host_view == "written-by-guest\n", "kvm.share_busybox_write",
                "status " + std::to_string(w.status) + ", host sees '" + host_view + "'\n--- stderr:\n" + w.err);
    }
    check(dir, {"share_busybox_wc", {"-v", rw}, "busybox", {"wc", "-c", "/data/a.txt", "/data/sub/b.txt", "/data/sub/new.txt"},
                0, {"6 /data/a.txt", "10 /data/sub/b.txt", "17 /data/sub/new.txt", "33 total"}, {}},
          "kvm");
    Outcome o[2];
    for (int b = 0; b < 2; ++b)
        o[b] = run({dir + "/celda", "run", "--backend", backends[b], "-v", rw, dir + "/busybox", "find", "/data"});
    verdict(o[0].status == 0 && o[0].out.find("/data/sub/new.txt\n") != std::string::npos &&
                o[0].out.find("/data/abs-escape\n") != std::string::npos,
            "kvm.share_busybox_find", "status " + std::to_string(o[0].status) + "\n--- stdout:\n" + o[0].out + "--- stderr:\n" + o[0].err);
    verdict(o[0].out == o[1].out && o[1].status == 0, "kvm.share_busybox_find_same_as_sandbox",
            "--- kvm:\n" + o[0].out + "--- sandbox:\n" + o[1].out + o[1].err);
    // Symlinks that lead out of the share are refused by the broker (RESOLVE_BENEATH); the
    // sandbox side of these is tests/posix/share_cases.sh on the host.
    check(dir, {"share_escape_relative", {"-v", rw}, "busybox", {"cat", "/data/rel-escape"}, 1, {}, {"Permission denied"}}, "kvm");
    check(dir, {"share_escape_absolute", {"-v", rw}, "busybox", {"sh", "-c", "echo x > /data/abs-escape"}, 1, {}, {"Permission denied"}},
          "kvm");
    // :ro: every change is EROFS (reads: the auto case below).
    check(dir, {"share_ro", {"-v", ro}, "busybox", {"touch", "/data/new"}, 1, {}, {"Read-only file system"}}, "kvm");
    // -v no longer steers auto away from kvm.
    check(dir, {"auto_picks_kvm_with_shares", {"--trace", "-v", ro}, "busybox", {"cat", "/data/a.txt"}, 0, {"alpha"},
                {"backend kvm (auto: /dev/kvm works)", "host shares served by broker process"}},
          nullptr);
    verdict(read_file(base + "/outside/secret") == "host secret\n" && access((share + "/new").c_str(), F_OK) != 0,
            "share_host_files_untouched", "the secret changed or /data/new was created");
    std::printf("     (host-share cases: %.1f s)\n", (now_ms() - start) / 1e3);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

int run_bench(const std::string& dir) {
    constexpr int kRuns = 20;
    double first[2], total[2];
    const char* backends[2] = {"kvm", "sandbox"};
    for (int b = 0; b < 2; ++b) {
        std::vector<double> f, t;
        for (int i = 0; i < kRuns; ++i) {
            Outcome o = run({dir + "/celda", "run", "--backend", backends[b], dir + "/hello.img"});
            if (o.status != 0) {
                std::printf("bench: hello failed on %s (status %d): %s\n", backends[b], o.status, o.err.c_str());
                return 1;
            }
            f.push_back(o.first_output_ms);
            t.push_back(o.total_ms);
        }
        first[b] = median(f);
        total[b] = median(t);
    }
    Outcome traced = run({dir + "/celda", "run", "--backend", "kvm", "--trace", dir + "/hello.img"});
    std::string exits = "?";
    if (auto at = traced.err.find("kvm: ", traced.err.find(" page-table pages") + 1); at != std::string::npos)
        exits = traced.err.substr(at + 5, traced.err.find('\n', at) - at - 5);
    std::printf("bench (median of %d, nested TCG: relative cost only)\n", kRuns);
    std::printf("  boot to first output: kvm %.2f ms, sandbox %.2f ms, ratio kvm/sandbox %.2f\n", first[0], first[1], first[0] / first[1]);
    std::printf("  total celda run hello: kvm %.2f ms, sandbox %.2f ms, ratio kvm/sandbox %.2f\n", total[0], total[1], total[0] / total[1]);
    std::printf("  kvm VM exits for hello: %s\n", exits.c_str());
    // A prebuilt program's raw `syscall` (getppid): LSTAR stub on kvm, seccomp trap on sandbox.
    if (access((dir + "/syscall-bench").c_str(), R_OK) == 0) {
        for (const char* backend : backends) {
            Outcome o = run({dir + "/celda", "run", "--backend", backend, dir + "/syscall-bench", "20000"});
            std::printf("  posix syscall-bench on %s: %s", backend, o.status == 0 ? o.out.c_str() : "failed\n");
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::strcmp(argv[1], "--bench") == 0) return run_bench(argv[2]);
    if (argc != 2) {
        std::fprintf(stderr, "usage: kvm_cases [--bench] DIR\n");
        return 2;
    }
    return run_tests(argv[1]);
}
