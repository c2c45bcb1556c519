// cpp_unwind: C++ exceptions across frames (static libstdc++, SEH unwinding). The expected
// output follows from the C++ rules: destructors of the frames a throw leaves run innermost
// first, before the catch clause's body; a rethrow keeps the same object; catch clauses are
// tried in order; an exception thrown and caught inside a destructor during unwinding is fine.
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

static std::string events;

struct Guard {
    const char* name;
    explicit Guard(const char* n) : name(n) {}
    ~Guard() {
        events += "~";
        events += name;
        events += " ";
    }
};

struct Error {
    int code;
};

// noinline keeps each level a real frame with its own unwind data.
__attribute__((noinline)) static void level3(int mode) {
    Guard g("g3");
    std::vector<int> big(100, mode);   // heap memory that must be freed on the way out
    if (mode == 1) throw std::runtime_error("from level3");
    if (mode == 2) throw Error{42};
    if (mode == 3) throw 7;
    events += "level3-returned ";
}

__attribute__((noinline)) static void level2(int mode) {
    Guard g("g2");
    std::string s = "level2 string that is long enough to live on the heap";
    level3(mode);
    events += "level2-returned ";
}

__attribute__((noinline)) static void level1(int mode) {
    Guard g("g1");
    try {
        level2(mode);
    } catch (const Error& e) {
        events += "level1-caught-Error ";
        throw;   // rethrow the same object
    }
}

struct ThrowsInsideDestructor {
    ~ThrowsInsideDestructor() {
        try {
            throw std::logic_error("inner");
        } catch (const std::exception& e) {
            events += "dtor-caught-";
            events += e.what();
            events += " ";
        }
    }
};

__attribute__((noinline)) static void unwinds_through_catching_destructor() {
    ThrowsInsideDestructor t;
    throw std::out_of_range("outer");
}

int main() {
    // 1. std::exception through three frames.
    try {
        level1(1);
    } catch (const std::exception& e) {
        events += "main-caught:";
        events += e.what();
    }
    std::printf("1: %s\n", events.c_str());

    // 2. A class type, caught, rethrown, caught again.
    events.clear();
    try {
        level1(2);
    } catch (const Error& e) {
        events += "main-caught-Error-" + std::to_string(e.code);
    }
    std::printf("2: %s\n", events.c_str());

    // 3. An int, past a catch clause that does not match, into catch (...).
    events.clear();
    try {
        level1(3);
    } catch (const std::exception&) {
        events += "wrong-clause";
    } catch (...) {
        events += "main-caught-any";
    }
    std::printf("3: %s\n", events.c_str());

    // 4. No throw: every frame returns normally.
    events.clear();
    level1(0);
    std::printf("4: %s\n", events.c_str());

    // 5. An exception caught inside a destructor that runs during unwinding.
    events.clear();
    try {
        unwinds_through_catching_destructor();
    } catch (const std::out_of_range& e) {
        events += "main-caught:";
        events += e.what();
    }
    std::printf("5: %s\n", events.c_str());

    // 6. The standard library throws too.
    try {
        std::stoi("not a number");
    } catch (const std::invalid_argument&) {
        std::printf("6: stoi threw invalid_argument\n");
    }

    // 7. Many throws in a row (the unwinder leaks nothing and keeps the stack intact).
    int caught = 0;
    for (int i = 0; i < 10000; ++i) {
        try {
            level2(i % 3 + 1);
        } catch (...) {
            ++caught;
        }
    }
    std::printf("7: caught %d\n", caught);

    // 8. Uncaught: std::terminate (libstdc++ prints the type and what(), then abort()).
    if (std::getenv("UNCAUGHT")) level3(1);
    return 0;
}
