// cpp_resource_callback_throw: a C++ exception thrown out of an EnumResourceNames callback
// (kernel32 calls it) reaches the program's catch. Resources come from resources.rc: RCDATA has
// one name, MYDATA; there are five types (CELDACFG, STRING, RCDATA, VERSION, 300). Expected
// output follows from the C++ rules: the callback's and the caller's destructors run innermost
// first, before the catch body, and kernel32 keeps working after an exception left it.
#include <windows.h>

#include <cstdio>
#include <stdexcept>
#include <string>

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

static BOOL CALLBACK throwing_name(HMODULE, LPCSTR, LPSTR name, LONG_PTR) {
    Guard g("callback");
    throw std::runtime_error(IS_INTRESOURCE(name) ? "an id" : name);
}

static BOOL CALLBACK counting_type(HMODULE, LPSTR, LONG_PTR count) {
    ++*reinterpret_cast<int*>(count);
    return TRUE;
}

__attribute__((noinline)) static void enumerate() {
    Guard g("enumerate");
    EnumResourceNamesA(nullptr, reinterpret_cast<LPCSTR>(RT_RCDATA), throwing_name, 0);
    events += "not-reached ";
}

int main() {
    try {
        enumerate();
    } catch (const std::exception& e) {
        events += "caught:";
        events += e.what();
    }
    std::printf("1: %s\n", events.c_str());
    int count = 0;
    BOOL ok = EnumResourceTypesA(nullptr, counting_type, reinterpret_cast<LONG_PTR>(&count));
    std::printf("2: %d %d\n", ok, count);
    return 0;
}
