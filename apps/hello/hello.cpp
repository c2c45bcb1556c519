// hello: the README demo. Greets, lists its arguments, shows that time works, and exits 0,
// or N when run with `--exit N`.
#include <libos/console.h>
#include <libos/libc.h>
#include <libos/main.h>
#include <libos/time.h>

namespace {

// Days since 1970-01-01 to a civil date (proleptic Gregorian), after Howard Hinnant's
// well-known derivation.
void civil_from_days(int64_t days, int& year, unsigned& month, unsigned& day) {
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    auto day_of_era = static_cast<unsigned>(days - era * 146097);
    unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    unsigned shifted_month = (5 * day_of_year + 2) / 153;
    day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
    year = static_cast<int>(year_of_era + era * 400 + (month <= 2));
}

}  // namespace

int celda_main(int argc, char** argv) {
    int exit_status = 0;
    libos::print("Hello from a Celda guest!\n");
    for (int i = 1; i < argc; ++i) {
        if (strcmp(argv[i], "--exit") == 0 && i + 1 < argc) {
            exit_status = static_cast<int>(strtol(argv[++i], nullptr, 10));
            continue;
        }
        libos::print("  argument %d: %s\n", i, argv[i]);
    }

    uint64_t seconds = libos::wall_ns() / libos::kNanosPerSecond;
    int year;
    unsigned month, day;
    civil_from_days(static_cast<int64_t>(seconds / 86400), year, month, day);
    libos::print("The guest's clock says %04d-%02u-%02u %02lu:%02lu:%02lu UTC.\n", year, month, day,
                 seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    return exit_status;
}
