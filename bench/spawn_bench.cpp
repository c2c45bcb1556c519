// spawn_bench: cold-start comparison of whole commands, run alternately so that machine noise
// hits every side alike. For each command: median and p90 wall time (fork+exec to reap) and
// peak RSS of the process tree (wait4 reports the max over the child and the descendants it
// reaped). Prints a table and each side's median as a ratio to the first (the peer).
//
// usage: spawn_bench [--runs N] -- NAME1 CMD1 ARGS... ::: NAME2 CMD2 ARGS... [::: ...]
// A side may start with `@before:SHELL-COMMAND` (right after its NAME): run through /bin/sh,
// untimed, before each of that side's runs (e.g. stopping a server for a cold measurement).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace {

struct Side {
    std::string name;
    std::vector<std::string> argv;
    std::vector<double> wall_us;
    long peak_rss_kib = 0;
    std::string before;   // untimed shell command before each run
};

double now_us() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

// Runs one command with stdout/stderr to /dev/null; returns false if it did not exit 0.
bool run_once(Side& side) {
    if (!side.before.empty()) {
        std::string quiet = "(" + side.before + ") >/dev/null 2>&1";
        if (std::system(quiet.c_str()) != 0) return false;
    }
    std::vector<char*> argv;
    for (auto& a : side.argv) argv.push_back(a.data());
    argv.push_back(nullptr);
    double t0 = now_us();
    pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        dup2(devnull, 2);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    rusage ru{};
    if (wait4(pid, &status, 0, &ru) != pid) return false;
    side.wall_us.push_back(now_us() - t0);
    side.peak_rss_kib = std::max(side.peak_rss_kib, ru.ru_maxrss);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 21;
    std::vector<Side> sides;
    int i = 1;
    for (; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
        if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = std::atoi(argv[++i]);
    }
    for (++i; i < argc; ++i) {
        if (sides.empty() || std::strcmp(argv[i], ":::") == 0) {
            if (std::strcmp(argv[i], ":::") == 0) ++i;
            if (i >= argc) break;
            sides.push_back(Side{argv[i], {}, {}, 0, {}});
            continue;
        }
        if (sides.back().argv.empty() && std::strncmp(argv[i], "@before:", 8) == 0) {
            sides.back().before = argv[i] + 8;
            continue;
        }
        sides.back().argv.push_back(argv[i]);
    }
    if (sides.size() < 2 || runs < 1 ||
        std::any_of(sides.begin(), sides.end(), [](const Side& s) { return s.argv.empty(); })) {
        std::fprintf(stderr,
                     "usage: spawn_bench [--runs N] -- NAME CMD ARGS... ::: NAME CMD ARGS...\n");
        return 2;
    }
    for (auto& s : sides) {  // warm the page cache once, and check each side works at all
        if (!run_once(s)) {
            std::fprintf(stderr, "spawn_bench: '%s' (%s) did not exit 0\n", s.name.c_str(),
                         s.argv[0].c_str());
            return 1;
        }
        s.wall_us.clear();
    }
    for (int r = 0; r < runs; ++r)
        for (auto& s : sides)
            if (!run_once(s)) {
                std::fprintf(stderr, "spawn_bench: '%s' failed on run %d\n", s.name.c_str(), r);
                return 1;
            }
    double peer = percentile(sides[0].wall_us, 0.5);
    std::printf("%-24s %12s %12s %14s %10s\n", "command", "median us", "p90 us", "peak RSS KiB",
                "ratio");
    for (auto& s : sides) {
        double med = percentile(s.wall_us, 0.5);
        std::printf("%-24s %12.0f %12.0f %14ld %9.2fx\n", s.name.c_str(), med,
                    percentile(s.wall_us, 0.9), s.peak_rss_kib, med / peer);
    }
    std::printf("(%d alternating runs per command)\n", runs);
    return 0;
}
