// Clocks: QueryPerformanceCounter in 100 ns ticks (10 MHz, as current Windows reports),
// FILETIME = 100 ns since 1601-01-01 UTC.
#include <libos/libc.h>
#include <libos/time.h>

#include "registry/registry.h"
#include "dlls/kernel32/kernel32.h"

namespace win32::kernel32 {
namespace {

constexpr uint64_t kEpochDifference = 116444736000000000ull;   // 1601 -> 1970 in 100 ns

uint64_t filetime_now() { return libos::wall_ns() / 100 + kEpochDifference; }

// Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm).
void civil_from_days(int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    auto doe = static_cast<unsigned>(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int>(yoe) + static_cast<int>(era) * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

int64_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    auto yoe = static_cast<unsigned>(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

WINAPI BOOL QueryPerformanceCounter(int64_t* counter) {
    *counter = static_cast<int64_t>(libos::monotonic_ns() / 100);
    return kTrue;
}
WINAPI BOOL QueryPerformanceFrequency(int64_t* frequency) {
    *frequency = 10'000'000;
    return kTrue;
}
WINAPI void GetSystemTimeAsFileTime(uint64_t* time) { *time = filetime_now(); }
WINAPI void GetSystemTimePreciseAsFileTime(uint64_t* time) { *time = filetime_now(); }
WINAPI DWORD GetTickCount() { return static_cast<DWORD>(libos::monotonic_ns() / libos::kNanosPerMilli); }
WINAPI uint64_t GetTickCount64() { return libos::monotonic_ns() / libos::kNanosPerMilli; }

WINAPI BOOL FileTimeToSystemTime(const uint64_t* file_time, SystemTime* out) {
    uint64_t t = *file_time;
    if (t < kEpochDifference) t = kEpochDifference;   // before 1970: clamp (not needed so far)
    uint64_t unix100 = t - kEpochDifference;
    auto days = static_cast<int64_t>(unix100 / 864000000000ull);
    uint64_t rest = unix100 % 864000000000ull;
    int y;
    unsigned m, d;
    civil_from_days(days, y, m, d);
    out->year = static_cast<WORD>(y);
    out->month = static_cast<WORD>(m);
    out->day = static_cast<WORD>(d);
    out->day_of_week = static_cast<WORD>((days + 4) % 7);   // 1970-01-01 was a Thursday
    out->hour = static_cast<WORD>(rest / 36000000000ull);
    out->minute = static_cast<WORD>(rest / 600000000ull % 60);
    out->second = static_cast<WORD>(rest / 10000000ull % 60);
    out->milliseconds = static_cast<WORD>(rest / 10000ull % 1000);
    return kTrue;
}

WINAPI BOOL SystemTimeToFileTime(const SystemTime* in, uint64_t* out) {
    int64_t days = days_from_civil(in->year, in->month, in->day);
    *out = kEpochDifference + static_cast<uint64_t>(days) * 864000000000ull + in->hour * 36000000000ull +
           in->minute * 600000000ull + in->second * 10000000ull + in->milliseconds * 10000ull;
    return kTrue;
}

// The guest's time zone is UTC.
WINAPI void GetSystemTime(SystemTime* out) {
    uint64_t now = filetime_now();
    FileTimeToSystemTime(&now, out);
}
WINAPI void GetLocalTime(SystemTime* out) { GetSystemTime(out); }
WINAPI BOOL FileTimeToLocalFileTime(const uint64_t* in, uint64_t* out) {
    *out = *in;
    return kTrue;
}
WINAPI BOOL LocalFileTimeToFileTime(const uint64_t* in, uint64_t* out) {
    *out = *in;
    return kTrue;
}
WINAPI DWORD GetTimeZoneInformation(void* info) {
    memset(info, 0, 172);   // TIME_ZONE_INFORMATION: all zero = UTC
    return 0;               // TIME_ZONE_ID_UNKNOWN
}

// The export table of this file (registry/registry.h).
WIN32_EXPORT_TABLE(kernel32_time_exports,
    WIN32_EXPORT(QueryPerformanceCounter),
    WIN32_EXPORT(QueryPerformanceFrequency),
    WIN32_EXPORT(GetSystemTimeAsFileTime),
    WIN32_EXPORT(GetSystemTimePreciseAsFileTime),
    WIN32_EXPORT(GetTickCount),
    WIN32_EXPORT(GetTickCount64),
    WIN32_EXPORT(FileTimeToSystemTime),
    WIN32_EXPORT(SystemTimeToFileTime),
    WIN32_EXPORT(GetSystemTime),
    WIN32_EXPORT(GetLocalTime),
    WIN32_EXPORT(FileTimeToLocalFileTime),
    WIN32_EXPORT(LocalFileTimeToFileTime),
    WIN32_EXPORT(GetTimeZoneInformation));

}  // namespace win32::kernel32
