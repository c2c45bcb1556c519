// The CRT's <time.h>: time, gmtime/localtime/mktime (32- and 64-bit names, the _s forms),
// strftime/wcsftime, asctime/ctime, clock, difftime, _ftime and the time-zone variables.
// The guest's clock is UTC and has no time-zone database: local time is UTC unless the
// program (or the user, `celda run -e TZ=…`) sets TZ, which _tzset reads in the Microsoft
// form "tzn[+|-]hh[:mm[:ss]][dzn]" (hours west of UTC). A daylight name is recorded in
// _daylight/_tzname but no daylight-saving rules are applied.
#include <libos/format.h>
#include <libos/libc.h>
#include <libos/time.h>

#include "dlls/msvcrt/crt.h"
#include "process/process.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::crt {

struct Tm {
    int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
};

// Data the program may import by address (msvcrt) or through accessors (ucrt).
constinit int32_t timezone_seconds = 0;   // _timezone: seconds west of UTC
constinit int daylight_flag = 0;          // _daylight
constinit int32_t dstbias_seconds = -3600;
constinit char tzname_standard[64] = "UTC";
constinit char tzname_daylight[64] = "UTC";
constinit char* tzname_table[2] = {tzname_standard, tzname_daylight};

namespace {

constexpr int kEinval = 22;
constinit bool tz_ready = false;
constinit uint64_t clock_start_ns = 0;
constinit Tm shared_tm = {};   // gmtime/localtime's static result, as in the CRT
constinit char shared_text[32] = {};

constexpr const char* kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};

// Days since 1970-01-01 <-> civil date (Howard Hinnant's algorithms).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Fills `out` from seconds since the epoch (UTC). False outside what the CRT accepts.
bool break_down(int64_t t, Tm& out, int64_t max_time) {
    if (t < 0 || t > max_time) return false;
    int64_t days = t / 86400, seconds = t % 86400;
    int64_t z = days + 719468;
    int64_t era = z / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    out.tm_year = static_cast<int>(y - 1900);
    out.tm_mon = static_cast<int>(m - 1);
    out.tm_mday = static_cast<int>(d);
    out.tm_hour = static_cast<int>(seconds / 3600);
    out.tm_min = static_cast<int>(seconds / 60 % 60);
    out.tm_sec = static_cast<int>(seconds % 60);
    out.tm_wday = static_cast<int>((days + 4) % 7);   // 1970-01-01 was a Thursday
    out.tm_yday = static_cast<int>(days - days_from_civil(y, 1, 1));
    out.tm_isdst = 0;
    return true;
}

constexpr int64_t kMaxTime64 = 32535215999;   // 3000-12-31 23:59:59, _MAX__TIME64_T
constexpr int64_t kMaxTime32 = 0x7fffffff;

int parse_number(const char*& p, int limit) {
    int v = 0;
    for (int i = 0; i < limit && *p >= '0' && *p <= '9'; ++i) v = v * 10 + (*p++ - '0');
    return v;
}

void tzset_now() {
    tz_ready = true;
    const char* tz = get_environment("TZ");
    if (!tz || !*tz) {
        timezone_seconds = 0;
        daylight_flag = 0;
        memcpy(tzname_standard, "UTC", 4);
        memcpy(tzname_daylight, "UTC", 4);
        return;
    }
    const char* p = tz;
    size_t n = 0;
    while (*p && *p != '+' && *p != '-' && !(*p >= '0' && *p <= '9') && n < 3) tzname_standard[n++] = *p++;
    tzname_standard[n] = 0;
    bool west = true;
    if (*p == '-') west = false, ++p;
    else if (*p == '+') ++p;
    int32_t seconds = parse_number(p, 3) * 3600;
    if (*p == ':') ++p, seconds += parse_number(p, 2) * 60;
    if (*p == ':') ++p, seconds += parse_number(p, 2);
    timezone_seconds = west ? seconds : -seconds;
    n = 0;
    while (*p && n < 3) tzname_daylight[n++] = *p++;
    tzname_daylight[n] = 0;
    daylight_flag = n > 0;
}
void ensure_tz() {
    if (!tz_ready) tzset_now();
}

int64_t now_seconds() { return static_cast<int64_t>(libos::wall_ns() / 1000000000ull); }

// mktime's core: normalises `tm` (fields may be out of range) and returns UTC seconds of
// the broken-down time read as UTC.
int64_t normalise(Tm& tm) {
    int64_t sec = tm.tm_sec, min = tm.tm_min, hour = tm.tm_hour, mday = tm.tm_mday;
    int64_t mon = tm.tm_mon, year = tm.tm_year + 1900ll;
    year += mon / 12;
    mon %= 12;
    if (mon < 0) mon += 12, --year;
    int64_t days = days_from_civil(year, mon + 1, 1) + mday - 1;
    int64_t total = days * 86400 + hour * 3600 + min * 60 + sec;
    return total;
}

int64_t make_time(Tm* tm, bool local, int64_t max_time) {
    if (!tm) {
        *errno_location() = kEinval;
        return -1;
    }
    if (local) ensure_tz();
    int64_t t = normalise(*tm);
    if (local) t += timezone_seconds;
    Tm result;
    if (!break_down(local ? t - timezone_seconds : t, result, max_time + (local ? -timezone_seconds : 0)) || t < 0 ||
        t > max_time) {
        *errno_location() = kEinval;
        return -1;
    }
    *tm = result;
    return t;
}

Tm* to_tm(int64_t t, Tm* out, bool local, int64_t max_time) {
    if (local) {
        ensure_tz();
        t -= timezone_seconds;
    }
    if (!break_down(t, *out, max_time)) {
        *errno_location() = kEinval;
        return nullptr;
    }
    return out;
}

// strftime for the "C" locale, C99's conversions and Microsoft's '#' flag.
class TimeFormatter {
public:
    TimeFormatter(char* out, size_t capacity) : out_(out), capacity_(capacity) {}
    bool put(const char* text) {
        while (*text) {
            if (used_ + 1 >= capacity_) return overflow_ = false;
            out_[used_++] = *text++;
        }
        return true;
    }
    void number(int64_t value, int width, bool strip) {
        char text[24];
        if (strip) libos::format(text, sizeof text, "%lld", static_cast<long long>(value));
        else if (width == 3) libos::format(text, sizeof text, "%03lld", static_cast<long long>(value));
        else if (width == 4) libos::format(text, sizeof text, "%04lld", static_cast<long long>(value));
        else libos::format(text, sizeof text, "%02lld", static_cast<long long>(value));
        put(text);
    }
    bool format(const char* fmt, const Tm& tm) {
        for (; *fmt; ++fmt) {
            if (*fmt != '%') {
                char c[2] = {*fmt, 0};
                put(c);
                continue;
            }
            ++fmt;
            bool strip = false;
            if (*fmt == '#') strip = true, ++fmt;
            if (*fmt == 'E' || *fmt == 'O') ++fmt;   // C99 modifiers: same in the C locale
            int hour12 = tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12;
            int64_t year = tm.tm_year + 1900ll;
            switch (*fmt) {
                case 'a': put(tm.tm_wday >= 0 && tm.tm_wday < 7 ? abbreviation(kDays[tm.tm_wday]) : "?"); break;
                case 'A': put(tm.tm_wday >= 0 && tm.tm_wday < 7 ? kDays[tm.tm_wday] : "?"); break;
                case 'b': case 'h': put(tm.tm_mon >= 0 && tm.tm_mon < 12 ? abbreviation(kMonths[tm.tm_mon]) : "?"); break;
                case 'B': put(tm.tm_mon >= 0 && tm.tm_mon < 12 ? kMonths[tm.tm_mon] : "?"); break;
                case 'c':
                    if (strip) format("%A, %B %#d, %Y %H:%M:%S", tm);
                    else format("%m/%d/%y %H:%M:%S", tm);
                    break;
                case 'C': number(year / 100, 2, strip); break;
                case 'd': number(tm.tm_mday, 2, strip); break;
                case 'D': format("%m/%d/%y", tm); break;
                case 'e': {
                    char text[8];
                    libos::format(text, sizeof text, strip ? "%d" : "%2d", tm.tm_mday);
                    put(text);
                    break;
                }
                case 'F': format("%Y-%m-%d", tm); break;
                case 'g': number(iso_year(tm) % 100, 2, strip); break;
                case 'G': number(iso_year(tm), 4, strip); break;
                case 'H': number(tm.tm_hour, 2, strip); break;
                case 'I': number(hour12, 2, strip); break;
                case 'j': number(tm.tm_yday + 1, 3, strip); break;
                case 'm': number(tm.tm_mon + 1, 2, strip); break;
                case 'M': number(tm.tm_min, 2, strip); break;
                case 'n': put("\n"); break;
                case 'p': put(tm.tm_hour < 12 ? "AM" : "PM"); break;
                case 'r': format("%I:%M:%S %p", tm); break;
                case 'R': format("%H:%M", tm); break;
                case 'S': number(tm.tm_sec, 2, strip); break;
                case 't': put("\t"); break;
                case 'T': format("%H:%M:%S", tm); break;
                case 'u': number(tm.tm_wday == 0 ? 7 : tm.tm_wday, 1, true); break;
                case 'U': number((tm.tm_yday + 7 - tm.tm_wday) / 7, 2, strip); break;
                case 'V': number(iso_week(tm), 2, strip); break;
                case 'w': number(tm.tm_wday, 1, true); break;
                case 'W': number((tm.tm_yday + 7 - (tm.tm_wday + 6) % 7) / 7, 2, strip); break;
                case 'x':
                    if (strip) format("%A, %B %#d, %Y", tm);
                    else format("%m/%d/%y", tm);
                    break;
                case 'X': format("%H:%M:%S", tm); break;
                case 'y': number(year % 100, 2, strip); break;
                case 'Y': number(year, 4, true); break;
                case 'z': {
                    ensure_tz();
                    int32_t east = -(timezone_seconds) + (tm.tm_isdst > 0 ? -dstbias_seconds : 0);
                    char text[8];
                    int32_t a = east < 0 ? -east : east;
                    libos::format(text, sizeof text, "%c%02d%02d", east < 0 ? '-' : '+', a / 3600, a / 60 % 60);
                    put(text);
                    break;
                }
                case 'Z': ensure_tz(); put(tm.tm_isdst > 0 ? tzname_daylight : tzname_standard); break;
                case '%': put("%"); break;
                case 0: --fmt; break;
                default: *errno_location() = kEinval; return false;
            }
        }
        return overflow_;
    }
    size_t finish() {
        if (!overflow_ || used_ >= capacity_) {
            if (capacity_) out_[0] = 0;
            return 0;
        }
        out_[used_] = 0;
        return used_;
    }

private:
    static const char* abbreviation(const char* name) {
        static char text[4];
        memcpy(text, name, 3);
        text[3] = 0;
        return text;
    }
    // ISO 8601 week-based year and week number.
    static int iso_week_of(int yday, int wday, int64_t year, int64_t& iso_year) {
        int week = (yday - (wday + 6) % 7 + 10) / 7;
        iso_year = year;
        if (week < 1) {
            iso_year = year - 1;
            int prev_days = is_leap(year - 1) ? 366 : 365;
            return iso_week_of(yday + prev_days, wday, year - 1, iso_year);
        }
        int days = is_leap(year) ? 366 : 365;
        if (week == 53) {
            // The week belongs to next year when Thursday of it falls there.
            int thursday = yday - (wday + 6) % 7 + 3;
            if (thursday >= days) {
                iso_year = year + 1;
                return 1;
            }
        }
        return week;
    }
    static int64_t iso_year(const Tm& tm) {
        int64_t y;
        iso_week_of(tm.tm_yday, tm.tm_wday, tm.tm_year + 1900ll, y);
        return y;
    }
    static int iso_week(const Tm& tm) {
        int64_t y;
        return iso_week_of(tm.tm_yday, tm.tm_wday, tm.tm_year + 1900ll, y);
    }

    char* out_;
    size_t capacity_;
    size_t used_ = 0;
    bool overflow_ = true;   // true while everything fit
};

void asctime_into(const Tm& tm, char* out, size_t size) {
    // "Wed Jan 02 02:03:55 1980\n"
    char day[4] = "???", month[4] = "???";
    if (tm.tm_wday >= 0 && tm.tm_wday < 7) memcpy(day, kDays[tm.tm_wday], 3);
    if (tm.tm_mon >= 0 && tm.tm_mon < 12) memcpy(month, kMonths[tm.tm_mon], 3);
    libos::format(out, size, "%s %s %02d %02d:%02d:%02d %d\n", day, month, tm.tm_mday, tm.tm_hour, tm.tm_min,
                  tm.tm_sec, tm.tm_year + 1900);
}

}  // namespace

void start_clock() { clock_start_ns = libos::monotonic_ns(); }

WINAPI int64_t _time64(int64_t* out) {
    int64_t t = now_seconds();
    if (out) *out = t;
    return t;
}
WINAPI int32_t _time32(int32_t* out) {
    auto t = static_cast<int32_t>(now_seconds());
    if (out) *out = t;
    return t;
}
WINAPI Tm* _gmtime64(const int64_t* t) { return t ? to_tm(*t, &shared_tm, false, kMaxTime64) : nullptr; }
WINAPI Tm* _gmtime32(const int32_t* t) { return t ? to_tm(*t, &shared_tm, false, kMaxTime32) : nullptr; }
WINAPI Tm* _localtime64(const int64_t* t) { return t ? to_tm(*t, &shared_tm, true, kMaxTime64) : nullptr; }
WINAPI Tm* _localtime32(const int32_t* t) { return t ? to_tm(*t, &shared_tm, true, kMaxTime32) : nullptr; }
WINAPI int _gmtime64_s(Tm* out, const int64_t* t) {
    if (!out || !t) return kEinval;
    return to_tm(*t, out, false, kMaxTime64) ? 0 : kEinval;
}
WINAPI int _gmtime32_s(Tm* out, const int32_t* t) {
    if (!out || !t) return kEinval;
    return to_tm(*t, out, false, kMaxTime32) ? 0 : kEinval;
}
WINAPI int _localtime64_s(Tm* out, const int64_t* t) {
    if (!out || !t) return kEinval;
    return to_tm(*t, out, true, kMaxTime64) ? 0 : kEinval;
}
WINAPI int _localtime32_s(Tm* out, const int32_t* t) {
    if (!out || !t) return kEinval;
    return to_tm(*t, out, true, kMaxTime32) ? 0 : kEinval;
}
WINAPI int64_t _mktime64(Tm* tm) { return make_time(tm, true, kMaxTime64); }
WINAPI int32_t _mktime32(Tm* tm) { return static_cast<int32_t>(make_time(tm, true, kMaxTime32)); }
WINAPI int64_t _mkgmtime64(Tm* tm) { return make_time(tm, false, kMaxTime64); }
WINAPI int32_t _mkgmtime32(Tm* tm) { return static_cast<int32_t>(make_time(tm, false, kMaxTime32)); }
WINAPI double _difftime64(int64_t a, int64_t b) { return static_cast<double>(a - b); }
WINAPI double _difftime32(int32_t a, int32_t b) { return static_cast<double>(a - b); }
WINAPI int32_t clock() {
    // Milliseconds since the process started (CLOCKS_PER_SEC is 1000).
    return static_cast<int32_t>((libos::monotonic_ns() - clock_start_ns) / 1000000ull);
}
WINAPI void _tzset() { tzset_now(); }
WINAPI size_t strftime(char* out, size_t capacity, const char* format, const Tm* tm) {
    if (!out || !format || !tm || capacity == 0) {
        *errno_location() = kEinval;
        return 0;
    }
    TimeFormatter formatter(out, capacity);
    formatter.format(format, *tm);
    return formatter.finish();
}
WINAPI size_t _strftime_l(char* out, size_t capacity, const char* format, const Tm* tm, void*) {
    return strftime(out, capacity, format, tm);
}
WINAPI size_t wcsftime(WCHAR* out, size_t capacity, const WCHAR* format, const Tm* tm) {
    if (!out || !format || !tm || capacity == 0) return 0;
    char* narrow_format = to_utf8(format);
    char buffer[1024];
    size_t n = narrow_format ? strftime(buffer, sizeof buffer, narrow_format, tm) : 0;
    ::free(narrow_format);
    size_t units = utf8_to_utf16(buffer, n, nullptr, 0);
    if (n == 0 || units + 1 > capacity) {
        out[0] = 0;
        return 0;
    }
    utf8_to_utf16(buffer, n, out, capacity);
    out[units] = 0;
    return units;
}
WINAPI char* asctime(const Tm* tm) {
    if (!tm) return nullptr;
    asctime_into(*tm, shared_text, sizeof shared_text);
    return shared_text;
}
WINAPI int asctime_s(char* out, size_t size, const Tm* tm) {
    if (!out || !tm || size < 26) return kEinval;
    asctime_into(*tm, out, size);
    return 0;
}
WINAPI char* _ctime64(const int64_t* t) {
    Tm* tm = t ? to_tm(*t, &shared_tm, true, kMaxTime64) : nullptr;
    return tm ? asctime(tm) : nullptr;
}
WINAPI char* _ctime32(const int32_t* t) {
    Tm* tm = t ? to_tm(*t, &shared_tm, true, kMaxTime32) : nullptr;
    return tm ? asctime(tm) : nullptr;
}
struct Timeb64 {
    int64_t time;
    uint16_t millitm;
    int16_t timezone;
    int16_t dstflag;
};
WINAPI void _ftime64(Timeb64* out) {
    ensure_tz();
    uint64_t ns = libos::wall_ns();
    out->time = static_cast<int64_t>(ns / 1000000000ull);
    out->millitm = static_cast<uint16_t>(ns / 1000000ull % 1000);
    out->timezone = static_cast<int16_t>(timezone_seconds / 60);
    out->dstflag = 0;
}
WINAPI int _ftime64_s(Timeb64* out) {
    if (!out) return kEinval;
    _ftime64(out);
    return 0;
}
struct Timeb32 {
    int32_t time;
    uint16_t millitm;
    int16_t timezone;
    int16_t dstflag;
};
WINAPI void _ftime32(Timeb32* out) {
    Timeb64 t;
    _ftime64(&t);
    *out = {static_cast<int32_t>(t.time), t.millitm, t.timezone, t.dstflag};
}
WINAPI int* __p__daylight() { ensure_tz(); return &daylight_flag; }
WINAPI int32_t* __p__timezone() { ensure_tz(); return &timezone_seconds; }
WINAPI char** __p__tzname() { ensure_tz(); return tzname_table; }
WINAPI int32_t* __p__dstbias() { return &dstbias_seconds; }
WINAPI int _get_timezone(int32_t* seconds) {
    if (!seconds) return kEinval;
    ensure_tz();
    *seconds = timezone_seconds;
    return 0;
}
WINAPI int _get_daylight(int* hours) {
    if (!hours) return kEinval;
    ensure_tz();
    *hours = daylight_flag;
    return 0;
}
WINAPI int _get_dstbias(int32_t* seconds) {
    if (!seconds) return kEinval;
    *seconds = dstbias_seconds;
    return 0;
}
WINAPI char* _strdate(char* out) {
    Tm tm;
    to_tm(now_seconds(), &tm, true, kMaxTime64);
    libos::format(out, 9, "%02d/%02d/%02d", tm.tm_mon + 1, tm.tm_mday, tm.tm_year % 100);
    return out;
}
WINAPI char* _strtime(char* out) {
    Tm tm;
    to_tm(now_seconds(), &tm, true, kMaxTime64);
    libos::format(out, 9, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
    return out;
}

// Wide forms of the text-producing time functions: the narrow text widened (it is ASCII).
namespace {
WCHAR* widen_ascii(const char* text, WCHAR* out, size_t capacity) {
    if (!text || !out) return nullptr;
    size_t i = 0;
    for (; text[i] && i + 1 < capacity; ++i) out[i] = static_cast<WCHAR>(text[i]);
    out[i] = 0;
    return out;
}
constinit WCHAR shared_wide_text[32] = {};
}  // namespace
WINAPI WCHAR* _wasctime(const Tm* tm) { return widen_ascii(asctime(tm), shared_wide_text, 32); }
WINAPI WCHAR* _wctime64(const int64_t* t) { return widen_ascii(_ctime64(t), shared_wide_text, 32); }
WINAPI WCHAR* _wctime32(const int32_t* t) { return widen_ascii(_ctime32(t), shared_wide_text, 32); }
WINAPI WCHAR* _wstrdate(WCHAR* out) {
    char text[9];
    return widen_ascii(_strdate(text), out, 9);
}
WINAPI WCHAR* _wstrtime(WCHAR* out) {
    char text[9];
    return widen_ascii(_strtime(text), out, 9);
}
WINAPI size_t _wcsftime_l(WCHAR* out, size_t capacity, const WCHAR* format, const Tm* tm, void*) {
    return wcsftime(out, capacity, format, tm);
}
// _get_tzname(&length, buffer, size, index): the standard (0) or daylight (1) zone name.
WINAPI int _get_tzname(size_t* length, char* buffer, size_t size, int index) {
    if (!length || index < 0 || index > 1 || (buffer && size == 0)) return kEinval;
    ensure_tz();
    const char* name = tzname_table[index];
    *length = ::strlen(name) + 1;
    if (!buffer) return 0;
    if (*length > size) return 34;   // ERANGE
    ::memcpy(buffer, name, *length);
    return 0;
}

// msvcrt.dll: time_t is 64-bit on x64, so the unsuffixed names are the 64-bit functions.
WIN32_EXPORT_TABLE(msvcrt_time_exports,
    WIN32_EXPORT(_wasctime), WIN32_EXPORT(_wctime64), WIN32_EXPORT(_wctime32), WIN32_EXPORT_AS("_wctime", _wctime64),
    WIN32_EXPORT(_wstrdate), WIN32_EXPORT(_wstrtime), WIN32_EXPORT(_wcsftime_l), WIN32_EXPORT(_get_tzname),
    WIN32_EXPORT(_time64), WIN32_EXPORT(_time32), WIN32_EXPORT_AS("time", _time64), WIN32_EXPORT(_gmtime64),
    WIN32_EXPORT(_gmtime32), WIN32_EXPORT_AS("gmtime", _gmtime64), WIN32_EXPORT(_localtime64),
    WIN32_EXPORT(_localtime32), WIN32_EXPORT_AS("localtime", _localtime64), WIN32_EXPORT(_gmtime64_s),
    WIN32_EXPORT(_gmtime32_s), WIN32_EXPORT_AS("gmtime_s", _gmtime64_s), WIN32_EXPORT(_localtime64_s),
    WIN32_EXPORT(_localtime32_s), WIN32_EXPORT_AS("localtime_s", _localtime64_s), WIN32_EXPORT(_mktime64),
    WIN32_EXPORT(_mktime32), WIN32_EXPORT_AS("mktime", _mktime64), WIN32_EXPORT(_mkgmtime64),
    WIN32_EXPORT(_mkgmtime32), WIN32_EXPORT_AS("_mkgmtime", _mkgmtime64), WIN32_EXPORT(_difftime64),
    WIN32_EXPORT(_difftime32), WIN32_EXPORT_AS("difftime", _difftime64), WIN32_EXPORT(clock),
    WIN32_EXPORT(_tzset), WIN32_EXPORT(strftime), WIN32_EXPORT(_strftime_l), WIN32_EXPORT(wcsftime),
    WIN32_EXPORT(asctime), WIN32_EXPORT(asctime_s), WIN32_EXPORT(_ctime64), WIN32_EXPORT(_ctime32),
    WIN32_EXPORT_AS("ctime", _ctime64), WIN32_EXPORT(_ftime64), WIN32_EXPORT(_ftime64_s), WIN32_EXPORT(_ftime32),
    WIN32_EXPORT_AS("_ftime", _ftime64), WIN32_EXPORT(__p__daylight), WIN32_EXPORT(__p__timezone),
    WIN32_EXPORT(__p__tzname), WIN32_EXPORT(__p__dstbias), WIN32_EXPORT_AS("__daylight", __p__daylight),
    WIN32_EXPORT_AS("__timezone", __p__timezone), WIN32_EXPORT_AS("__tzname", __p__tzname),
    WIN32_EXPORT_AS("__dstbias", __p__dstbias), WIN32_EXPORT(_get_timezone), WIN32_EXPORT(_get_daylight),
    WIN32_EXPORT(_get_dstbias), WIN32_EXPORT(_strdate), WIN32_EXPORT(_strtime),
    WIN32_EXPORT_DATA("_timezone", timezone_seconds), WIN32_EXPORT_DATA("_daylight", daylight_flag),
    WIN32_EXPORT_DATA("_dstbias", dstbias_seconds), WIN32_EXPORT_DATA("_tzname", tzname_table));

}  // namespace win32::crt
