// The exit statuses of `celda run`, in one place so --help, the report and the docs agree.
// Crash statuses follow the shell convention 128+N for "died of signal N".
#pragma once

namespace celda::exit_status {

inline constexpr int kTimeout = 124;            // guest ran past --timeout
inline constexpr int kCeldaFailed = 125;        // bad usage, bad image, setup error
inline constexpr int kGuestAborted = 134;       // 128 + SIGABRT: guest panicked
inline constexpr int kInvalidOpcode = 132;      // 128 + SIGILL
inline constexpr int kBusError = 135;           // 128 + SIGBUS
inline constexpr int kDivideError = 136;        // 128 + SIGFPE
inline constexpr int kPageFault = 139;          // 128 + SIGSEGV; also invalid hypercalls
inline constexpr int kForbiddenSyscall = 159;   // 128 + SIGSYS

inline constexpr int for_signal(int signal) { return 128 + signal; }

}  // namespace celda::exit_status
