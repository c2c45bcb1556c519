// C++17: std::thread x4, mutex, condition_variable, exceptions, iostream, std::filesystem
// over the directory given as argv[1].
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>
#include <algorithm>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    std::mutex m;
    std::condition_variable cv;
    int ready = 0;
    long total = 0;
    std::vector<std::thread> workers;
    for (int t = 0; t < 4; ++t)
        workers.emplace_back([&, t] {
            long local = 0;
            for (int i = 0; i < 100000; ++i) local += i % (t + 2);
            std::unique_lock lock(m);
            total += local;
            ++ready;
            cv.notify_all();
        });
    {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return ready == 4; });
    }
    for (auto& w : workers) w.join();
    std::cout << "threads done, total " << total << '\n';

    try {
        throw std::runtime_error("thrown across frames");
    } catch (const std::exception& e) {
        std::cout << "caught: " << e.what() << '\n';
    }

    fs::path dir = argc > 1 ? argv[1] : "/tmp";
    fs::path work = dir / "cxx-fs-test";
    fs::remove_all(work);
    fs::create_directories(work / "a" / "b");
    for (int i = 0; i < 3; ++i) std::ofstream(work / "a" / ("f" + std::to_string(i) + ".txt")) << "file " << i << '\n';
    std::vector<std::string> seen;
    for (auto& entry : fs::recursive_directory_iterator(work))
        seen.push_back(fs::relative(entry.path(), work).string() + (entry.is_directory() ? "/" : " " + std::to_string(entry.file_size())));
    std::sort(seen.begin(), seen.end());
    for (auto& s : seen) std::cout << s << '\n';
    std::ifstream in(work / "a" / "f1.txt");
    std::string line;
    std::getline(in, line);
    std::cout << "read back: " << line << '\n';
    std::cout << "removed " << fs::remove_all(work) << " entries\n";
    try {
        (void)fs::file_size(work / "missing");
    } catch (const fs::filesystem_error& e) {
        std::cout << "filesystem_error: " << e.code().message() << '\n';
    }
    return 0;
}
