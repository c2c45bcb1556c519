// Ending the guest because it cannot go on: the message and a frame-pointer backtrace go to
// the monitor (ABORT hypercall), which symbolizes the frames and exits with status 134.
#pragma once

namespace libos {

[[noreturn, gnu::format(printf, 1, 2)]] void panic(const char* fmt, ...);

}  // namespace libos
