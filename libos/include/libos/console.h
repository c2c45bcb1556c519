// Formatted console output (format syntax: libos/format.h). Each call reaches the monitor as
// whole lines where possible, so output from different fibers does not tear mid-line.
#pragma once

#include <stddef.h>

namespace libos {

[[gnu::format(printf, 1, 2)]] void print(const char* fmt, ...);    // stdout
[[gnu::format(printf, 1, 2)]] void eprint(const char* fmt, ...);   // stderr

// Unformatted writes.
void write_stdout(const char* text, size_t length);
void write_stderr(const char* text, size_t length);

}  // namespace libos
