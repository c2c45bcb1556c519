// cpp_callback_throw: C++ exceptions thrown out of a callback that msvcrt.dll calls (qsort's and
// bsearch's comparators), caught by the program's frames that called msvcrt. On Windows the
// unwinder walks through msvcrt's own frames; the expected output follows from the C++ rules:
// the comparator's and the callers' destructors run innermost first, before the catch body, and
// the runtime keeps working after an exception left it (qsort/bsearch hold no locks).
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

static std::string events;
static int calls;

struct Guard {
    const char* name;
    explicit Guard(const char* n) : name(n) {}
    ~Guard() {
        events += "~";
        events += name;
        events += " ";
    }
};

static int throwing_compare(const void* a, const void* b) {
    if (++calls == 5) {
        Guard g("cmp");
        throw std::runtime_error("from comparator");
    }
    int x = *static_cast<const int*>(a), y = *static_cast<const int*>(b);
    return (x > y) - (x < y);
}

static int plain_compare(const void* a, const void* b) {
    int x = *static_cast<const int*>(a), y = *static_cast<const int*>(b);
    return (x > y) - (x < y);
}

static int search_compare(const void*, const void*) {
    Guard g("search");
    throw 42;
}

// A comparator that runs an inner qsort whose comparator throws, and catches that itself.
static int nesting_compare(const void* a, const void* b) {
    int inner[4] = {4, 3, 2, 1};
    calls = 0;
    try {
        std::qsort(inner, 4, sizeof(int), throwing_compare);
    } catch (const std::exception&) {
        events += "inner-caught ";
    }
    return plain_compare(a, b);
}

__attribute__((noinline)) static void sort_with(int (*compare)(const void*, const void*)) {
    Guard g("sort_with");
    int values[20];
    for (int i = 0; i < 20; ++i) values[i] = (i * 7) % 20;
    std::qsort(values, 20, sizeof(int), compare);
    events += "sorted ";
}

int main() {
    // 1: the comparator throws on its 5th call; main catches.
    try {
        sort_with(throwing_compare);
    } catch (const std::runtime_error& e) {
        events += "main-caught:";
        events += e.what();
    }
    std::printf("1: %s\n", events.c_str());

    // 2: qsort works normally afterwards.
    events.clear();
    int values[8] = {5, 1, 7, 3, 8, 2, 6, 4};
    std::qsort(values, 8, sizeof(int), plain_compare);
    std::printf("2:");
    for (int v : values) std::printf(" %d", v);
    std::printf("\n");

    // 3: bsearch's comparator throws an int.
    try {
        int key = 3;
        Guard g("main3");
        std::bsearch(&key, values, 8, sizeof(int), search_compare);
        events += "not-reached ";
    } catch (int code) {
        events += "caught-int-" + std::to_string(code);
    }
    std::printf("3: %s\n", events.c_str());

    // 4: an exception thrown inside a nested qsort, caught in the outer comparator.
    events.clear();
    int pair[2] = {2, 1};
    std::qsort(pair, 2, sizeof(int), nesting_compare);
    std::printf("4: %s%d %d\n", events.c_str(), pair[0], pair[1]);
    return 0;
}
