// A C++ program linked the default (dynamic) way: it imports libstdc++-6.dll and
// libgcc_s_seh-1.dll, copied beside it from Debian's mingw-w64 packages at build time.
// Checks (expected values from the C++ standard), one PASS/FAIL line each, exit 1 on failure:
// iostream output, std::string, exceptions thrown inside libstdc++-6.dll (std::stoi,
// std::vector::at, std::string::substr) and caught here, exceptions thrown here through
// frames of the DLL (a std::function stored and called back), rethrow, destructors run
// during unwinding, std::map/std::sort, std::ostringstream formatting.
#include <algorithm>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

static int failures = 0;

static void check(bool ok, const char* what) {
    std::cout << (ok ? "PASS: " : "FAIL: ") << what << '\n';
    if (!ok) ++failures;
}

struct Guard {
    int* counter;
    ~Guard() { ++*counter; }
};

static int throws_through(const std::function<int(int)>& f, int x, int* destroyed) {
    Guard guard{destroyed};
    return f(x);
}

int main() {
    std::string greeting = "Hello";
    greeting += ", DLL";
    check(greeting == "Hello, DLL" && greeting.size() == 10, "std::string append");

    try {
        (void)std::stoi("not a number");
        check(false, "std::stoi throws invalid_argument");
    } catch (const std::invalid_argument& e) {
        check(std::string(e.what()).find("stoi") != std::string::npos, "std::stoi throws invalid_argument");
    }

    std::vector<int> v{3, 1, 2};
    try {
        (void)v.at(10);
        check(false, "vector::at throws out_of_range");
    } catch (const std::out_of_range&) {
        check(true, "vector::at throws out_of_range");
    }

    try {
        (void)greeting.substr(100);
        check(false, "string::substr throws out_of_range");
    } catch (const std::logic_error& e) {   // out_of_range derives from logic_error
        check(dynamic_cast<const std::out_of_range*>(&e) != nullptr, "string::substr throws out_of_range");
    }

    int destroyed = 0;
    try {
        throws_through([](int x) -> int { if (x > 0) throw std::runtime_error("from a callback"); return x; }, 1,
                       &destroyed);
        check(false, "exception through std::function");
    } catch (const std::runtime_error& e) {
        check(std::string(e.what()) == "from a callback" && destroyed == 1,
              "exception through std::function, destructor ran");
    }

    try {
        try {
            throw 42;
        } catch (int) {
            throw;
        }
    } catch (int value) {
        check(value == 42, "rethrow");
    }

    std::sort(v.begin(), v.end());
    check(v == std::vector<int>({1, 2, 3}), "std::sort");
    std::map<std::string, int> counts;
    for (const char* word : {"b", "a", "b"}) ++counts[word];
    check(counts.size() == 2 && counts["b"] == 2 && counts.begin()->first == "a", "std::map");

    std::ostringstream out;
    out << 42 << ' ' << 1.5 << ' ' << std::hex << 255;
    check(out.str() == "42 1.5 ff", "std::ostringstream");

    std::cout << "done: " << (failures ? "SOME CHECKS FAILED" : "all checks passed") << std::endl;
    return failures ? 1 : 0;
}
