// A small printf-style formatter, pure logic (used by print/eprint/panic; host-tested).
//
// Supported: %d %i %u %x %X %o %c %s %p %%, flags '-' '0', width and precision (also '*'),
// length modifiers hh h l ll z t j. Anything else is echoed so mistakes are visible.
#pragma once

#include <stdarg.h>
#include <stddef.h>

namespace libos {

// Receives formatted text in pieces.
class FormatSink {
public:
    virtual void write(const char* text, size_t length) = 0;

protected:
    ~FormatSink() = default;
};

// Formats into `sink`; returns the number of characters produced.
size_t vformat_to(FormatSink& sink, const char* fmt, va_list args);

// snprintf semantics: writes at most capacity-1 characters plus a NUL (when capacity > 0) and
// returns the length the full text would have had.
size_t vformat(char* buffer, size_t capacity, const char* fmt, va_list args);
[[gnu::format(printf, 3, 4)]] size_t format(char* buffer, size_t capacity, const char* fmt, ...);

}  // namespace libos
