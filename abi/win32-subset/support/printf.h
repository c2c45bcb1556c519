// The C runtime's printf engine, shared by msvcrt and ucrtbase (and user32's wsprintf).
// Arguments come from a Windows va_list: a pointer to consecutive 8-byte slots, which is also
// what __builtin_ms_va_start gives a WINAPI variadic function. Floating point: %f %e %g %a
// with digits exact for 2^-60 < |x| < 2^64 (approximate beyond), round-half-even; infinities
// and NaNs print as ucrt does ("inf", "nan"). "long double" is double, as in the MS runtimes.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace win32 {

struct WinArgs {
    const uint64_t* next;
    uint64_t take() { return *next++; }
    double take_double() {
        double d;
        __builtin_memcpy(&d, next++, 8);
        return d;
    }
};

class TextSink {
public:
    virtual void put(const char* text, size_t length) = 0;

protected:
    ~TextSink() = default;
};

// `wide_strings`: %s takes wide strings and %S narrow (the wprintf family's swap).
// Returns the number of bytes produced.
size_t format_windows(TextSink& sink, const char* format, WinArgs args, bool wide_strings = false);

// Into a buffer, snprintf-style: returns the full length; writes at most capacity-1 + NUL.
size_t format_to_buffer(char* buffer, size_t capacity, const char* format, WinArgs args,
                        bool wide_strings = false);

}  // namespace win32
