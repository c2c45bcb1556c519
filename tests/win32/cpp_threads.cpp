// A static C++17 program on the posix-thread mingw toolchain (libwinpthread inside): std::thread,
// std::mutex, std::condition_variable, iostreams on files, <filesystem>, <chrono> sleeps and
// <cmath>. Exercises _beginthreadex, DuplicateHandle(GetCurrentThread()) (pthread_self),
// TLS, events, file times and directories through the C++ library. Expected values follow from
// the C++ standard (and text mode: "\n" is written as "\r\n"). One PASS/FAIL line per check.
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

static int failures;
static void check(const char* what, bool ok) {
    std::printf("%s %s\n", ok ? "PASS" : "FAIL", what);
    failures += !ok;
}

int main() {
    std::mutex m;
    std::condition_variable cv;
    int total = 0, done = 0;
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&, i] {
            for (int k = 0; k < 1000; ++k) {
                std::lock_guard<std::mutex> g(m);
                total += i;
            }
            std::lock_guard<std::mutex> g(m);
            ++done;
            cv.notify_all();
        });
    {
        std::unique_lock<std::mutex> lock(m);
        cv.wait(lock, [&] { return done == 4; });
    }
    for (auto& t : threads) t.join();
    check("four threads summed under a mutex", total == 6000);
    check("thread ids differ", std::this_thread::get_id() != std::thread::id());

    std::ofstream("C:\\tmp\\words.txt") << "alpha beta\ngamma alpha\n";
    std::ifstream in("C:\\tmp\\words.txt");
    std::map<std::string, int> words;
    for (std::string w; in >> w;) ++words[w];
    check("ifstream word count", words.size() == 3 && words["alpha"] == 2);

    std::error_code ec;
    check("file_size counts CR LF", std::filesystem::file_size("C:\\tmp\\words.txt", ec) == 25 && !ec);
    std::filesystem::create_directories("C:\\tmp\\nested\\dirs", ec);
    check("create_directories", !ec && std::filesystem::is_directory("C:\\tmp\\nested\\dirs"));
    int entries = 0;
    for (auto& entry : std::filesystem::directory_iterator("C:\\tmp\\nested")) entries += entry.is_directory();
    check("directory_iterator", entries == 1);
    auto before = std::filesystem::last_write_time("C:\\tmp\\words.txt", ec);
    std::filesystem::last_write_time("C:\\tmp\\words.txt", before - std::chrono::hours(24), ec);
    check("last_write_time set back a day", !ec && std::filesystem::last_write_time("C:\\tmp\\words.txt") < before);

    auto start = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    check("sleep_for waits", std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(20));
    std::ostringstream os;
    os.precision(6);
    os << std::fixed << std::tgamma(5.0) << ' ' << std::erf(0.5);
    check("<cmath> through iostreams", os.str() == "24.000000 0.520500");
    std::printf("cpp_threads: %d failed\n", failures);
    return failures ? 1 : 0;
}
