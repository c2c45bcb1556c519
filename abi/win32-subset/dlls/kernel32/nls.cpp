// National-language support for the one locale celda has, en-US (LCID 0x409, "en-US"; its
// ANSI and OEM code page is UTF-8, see codepages.cpp): CompareString, LCMapString,
// GetStringType, GetLocaleInfo, GetDateFormat/GetTimeFormat. The MSVC C runtime calls these
// when it starts and for strcoll/strxfrm/toupper outside the "C" locale.
//
// Sorting is an ASCII approximation of Windows' word sort: symbols, then digits, then letters
// alphabetically with case ignored; '-' and '\'' are ignored unless SORT_STRINGSORT; at equal
// letters lower case sorts before upper case unless NORM_IGNORECASE; other characters sort by
// code point after all of these. Character types: ASCII and Latin-1 exactly, other letters
// (U+0100 and up) are only "alpha, defined".
#include <libos/libc.h>

#include "dlls/kernel32/kernel32.h"
#include "process/thread.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::kernel32 {
namespace {

constexpr DWORD kIgnoreCase = 0x1, kIgnoreNonSpace = 0x2, kIgnoreSymbols = 0x4, kStringSort = 0x1000,
                kLinguisticIgnoreCase = 0x10;
constexpr DWORD kMapLower = 0x100, kMapUpper = 0x200, kMapSortKey = 0x400, kMapByteReverse = 0x800;
constexpr DWORD kErrorInvalidFlags = 1004;

int fail0(DWORD error) {
    last_error() = error;
    return 0;
}

size_t length_of(const WCHAR* s, int count) {
    if (count >= 0) return static_cast<size_t>(count);
    size_t n = 0;
    while (s[n]) ++n;
    return n;
}

bool is_upper(uint32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7); }
bool is_lower(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 0xdf && c <= 0xff && c != 0xf7); }
uint32_t to_lower(uint32_t c) { return is_upper(c) ? c + 32 : c; }
uint32_t to_upper(uint32_t c) { return is_lower(c) && c != 0xdf && c != 0xff ? c - 32 : c; }

// Primary weight: symbols < digits < letters (case-folded) < everything else.
uint32_t primary(uint32_t c) {
    uint32_t folded = to_lower(c);
    if (folded >= 'a' && folded <= 'z') return 0x3000 + (folded - 'a') * 2;
    if (c >= '0' && c <= '9') return 0x2000 + (c - '0');
    if (c < 0x80) return 0x1000 + c;
    return 0x10000 + folded;
}
bool ignorable(uint32_t c, DWORD flags) {
    if (!(flags & kStringSort) && (c == '-' || c == '\'')) return true;
    if ((flags & kIgnoreSymbols) && c < 0x80 && primary(c) < 0x2000) return true;
    return false;
}

int compare(const WCHAR* a, size_t na, const WCHAR* b, size_t nb, DWORD flags) {
    bool ignore_case = flags & (kIgnoreCase | kLinguisticIgnoreCase);
    // Primary pass, skipping ignorable characters.
    size_t i = 0, j = 0;
    int case_difference = 0, ignorable_difference = 0;
    for (;;) {
        while (i < na && ignorable(a[i], flags)) ++i, --ignorable_difference;
        while (j < nb && ignorable(b[j], flags)) ++j, ++ignorable_difference;
        if (i == na || j == nb) break;
        uint32_t wa = primary(a[i]), wb = primary(b[j]);
        if (wa != wb) return wa < wb ? 1 : 3;
        if (!case_difference && !ignore_case && a[i] != b[j]) case_difference = is_lower(a[i]) ? 1 : 3;
        ++i, ++j;
    }
    if (i < na) return 3;
    if (j < nb) return 1;
    if (case_difference) return case_difference;
    if (ignorable_difference) return ignorable_difference < 0 ? 3 : 1;   // more hyphens sorts later
    return 2;   // CSTR_EQUAL
}

WCHAR* widen(const char* s, int count, size_t& n) {
    size_t bytes = count >= 0 ? static_cast<size_t>(count) : ::strlen(s);
    n = utf8_to_utf16(s, bytes, nullptr, 0);
    auto* out = static_cast<WCHAR*>(::malloc((n + 1) * sizeof(WCHAR)));
    if (!out) return nullptr;
    utf8_to_utf16(s, bytes, out, n);
    out[n] = 0;
    return out;
}

}  // namespace

WINAPI int CompareStringW(DWORD, DWORD flags, const WCHAR* a, int na, const WCHAR* b, int nb) {
    if (!a || !b) return fail0(ERROR_INVALID_PARAMETER);
    return compare(a, length_of(a, na), b, length_of(b, nb), flags);
}
WINAPI int CompareStringEx(const WCHAR*, DWORD flags, const WCHAR* a, int na, const WCHAR* b, int nb, void*, void*,
                           intptr_t) {
    return CompareStringW(0x409, flags, a, na, b, nb);
}
WINAPI int CompareStringA(DWORD locale, DWORD flags, const char* a, int na, const char* b, int nb) {
    if (!a || !b) return fail0(ERROR_INVALID_PARAMETER);
    size_t la, lb;
    WCHAR* wa = widen(a, na, la);
    WCHAR* wb = widen(b, nb, lb);
    int result = wa && wb ? CompareStringW(locale, flags, wa, static_cast<int>(la), wb, static_cast<int>(lb)) : 0;
    ::free(wa);
    ::free(wb);
    return result;
}
WINAPI int CompareStringOrdinal(const WCHAR* a, int na, const WCHAR* b, int nb, BOOL ignore_case) {
    if (!a || !b) return fail0(ERROR_INVALID_PARAMETER);
    size_t la = length_of(a, na), lb = length_of(b, nb);
    for (size_t i = 0; i < la && i < lb; ++i) {
        uint32_t x = ignore_case ? to_upper(a[i]) : a[i], y = ignore_case ? to_upper(b[i]) : b[i];
        if (x != y) return x < y ? 1 : 3;
    }
    return la == lb ? 2 : la < lb ? 1 : 3;
}

// LCMapString: case mapping, byte reversal, and sort keys (primary weights as 16-bit big
// endian, then 0x01 and one case byte per character, then 0x00), so memcmp of two keys orders
// like CompareString without ignorable characters.
WINAPI int LCMapStringW(DWORD, DWORD flags, const WCHAR* in, int count, WCHAR* out, int capacity) {
    if (!in || capacity < 0 || (capacity && !out)) return fail0(ERROR_INVALID_PARAMETER);
    size_t n = length_of(in, count);
    bool with_nul = count < 0;
    if (flags & kMapSortKey) {
        auto* bytes = reinterpret_cast<uint8_t*>(out);
        size_t need = 0;
        auto put = [&](uint8_t byte) {
            if (capacity && need < static_cast<size_t>(capacity)) bytes[need] = byte;
            ++need;
        };
        for (size_t i = 0; i < n; ++i) {
            if (ignorable(in[i], flags)) continue;
            uint32_t w = primary(in[i]);
            put(static_cast<uint8_t>(w >> 16 ? 0xff : w >> 8));
            put(static_cast<uint8_t>(w));
        }
        put(1);
        if (!(flags & kIgnoreCase))
            for (size_t i = 0; i < n; ++i)
                if (!ignorable(in[i], flags)) put(is_upper(in[i]) ? 2 : 1);
        put(0);
        if (capacity && need > static_cast<size_t>(capacity)) return fail0(ERROR_INSUFFICIENT_BUFFER);
        return static_cast<int>(need);
    }
    size_t total = n + (with_nul ? 1 : 0);
    if (capacity == 0) return static_cast<int>(total);
    if (total > static_cast<size_t>(capacity)) return fail0(ERROR_INSUFFICIENT_BUFFER);
    for (size_t i = 0; i < n; ++i) {
        uint32_t c = in[i];
        if (flags & kMapLower) c = to_lower(c);
        if (flags & kMapUpper) c = to_upper(c);
        if (flags & kMapByteReverse) c = ((c & 0xff) << 8) | (c >> 8);
        out[i] = static_cast<WCHAR>(c);
    }
    if (with_nul) out[n] = 0;
    return static_cast<int>(total);
}
WINAPI int LCMapStringEx(const WCHAR*, DWORD flags, const WCHAR* in, int count, WCHAR* out, int capacity, void*, void*,
                         intptr_t) {
    return LCMapStringW(0x409, flags, in, count, out, capacity);
}
// The narrow form maps ASCII bytes (UTF-8 sequences pass through); sort keys as above.
WINAPI int LCMapStringA(DWORD locale, DWORD flags, const char* in, int count, char* out, int capacity) {
    if (!in || capacity < 0 || (capacity && !out)) return fail0(ERROR_INVALID_PARAMETER);
    if (flags & kMapSortKey) {
        size_t n;
        WCHAR* wide = widen(in, count, n);
        int r = wide ? LCMapStringW(locale, flags, wide, static_cast<int>(n), reinterpret_cast<WCHAR*>(out), capacity) : 0;
        ::free(wide);
        return r;
    }
    size_t n = count >= 0 ? static_cast<size_t>(count) : ::strlen(in) + 1;
    if (capacity == 0) return static_cast<int>(n);
    if (n > static_cast<size_t>(capacity)) return fail0(ERROR_INSUFFICIENT_BUFFER);
    for (size_t i = 0; i < n; ++i) {
        char c = in[i];
        if ((flags & kMapLower) && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        if ((flags & kMapUpper) && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        out[i] = c;
    }
    return static_cast<int>(n);
}

// GetStringType: CT_CTYPE1 (C1_* flags), CT_CTYPE2 (direction), CT_CTYPE3 (C3_* flags).
namespace {
WORD ctype1(uint32_t c) {
    WORD v = 0x200;   // C1_DEFINED
    if (c < 32 || c == 127 || (c >= 0x80 && c < 0xa0)) v |= 0x20;
    if ((c >= 9 && c <= 13) || c == ' ' || c == 0x85 || c == 0xa0) v |= 0x8;
    if (c == ' ' || c == '\t' || c == 0xa0) v |= 0x40;
    if (c >= '0' && c <= '9') v |= 0x4 | 0x80;
    if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) v |= 0x80;
    if (is_upper(c)) v |= 0x1 | 0x100;
    if (is_lower(c)) v |= 0x2 | 0x100;
    if (c >= 0x100) v |= 0x100;
    if (((c > 32 && c < 127) || (c > 0xa0 && c < 0x100)) && !(v & (0x4 | 0x100))) v |= 0x10;
    return v;
}
WORD ctype2(uint32_t c) {
    WORD t = ctype1(c);
    if (t & 0x4) return 3;          // C2_EUROPENUMBER
    if (t & 0x100) return 1;        // C2_LEFTTORIGHT
    if (t & 0x8) return 0xa;        // C2_WHITESPACE
    if (t & 0x20) return 0;         // C2_NOTAPPLICABLE
    return 0xb;                     // C2_OTHERNEUTRAL
}
WORD ctype3(uint32_t c) {
    WORD t = ctype1(c), v = 0;
    if (t & 0x100) v |= 0x8000;     // C3_ALPHA
    if (t & 0x10) v |= 0x8;         // C3_SYMBOL
    return v;
}
BOOL string_type(DWORD type, const WCHAR* in, size_t n, WORD* out) {
    if (!in || !out) return fail0(ERROR_INVALID_PARAMETER);
    for (size_t i = 0; i < n; ++i)
        out[i] = type == 1 ? ctype1(in[i]) : type == 2 ? ctype2(in[i]) : type == 4 ? ctype3(in[i]) : 0;
    if (type != 1 && type != 2 && type != 4) return fail0(kErrorInvalidFlags);
    return kTrue;
}
}  // namespace
WINAPI BOOL GetStringTypeW(DWORD type, const WCHAR* in, int count, WORD* out) {
    return in ? string_type(type, in, length_of(in, count), out) : fail0(ERROR_INVALID_PARAMETER);
}
WINAPI BOOL GetStringTypeExW(DWORD, DWORD type, const WCHAR* in, int count, WORD* out) {
    return GetStringTypeW(type, in, count, out);
}
// One WORD per byte: ASCII classified, other bytes (parts of UTF-8 sequences) only "defined".
WINAPI BOOL GetStringTypeA(DWORD, DWORD type, const char* in, int count, WORD* out) {
    if (!in || !out) return fail0(ERROR_INVALID_PARAMETER);
    size_t n = count >= 0 ? static_cast<size_t>(count) : ::strlen(in) + 1;
    for (size_t i = 0; i < n; ++i) {
        auto c = static_cast<unsigned char>(in[i]);
        WCHAR w = c < 0x80 ? c : 0xfffe;
        string_type(type, &w, 1, &out[i]);
        if (c >= 0x80) out[i] = type == 1 ? 0x200 : 0;
    }
    return kTrue;
}
WINAPI BOOL GetStringTypeExA(DWORD locale, DWORD type, const char* in, int count, WORD* out) {
    return GetStringTypeA(locale, type, in, count, out);
}

// ---- locale information -------------------------------------------------------------------
namespace {
const char* const kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};

// en-US's values (the registry defaults Windows ships), by LCTYPE.
bool locale_value(DWORD type, char* out, size_t size) {
    const char* text = nullptr;
    char scratch[16];
    switch (type) {
        case 0x01: text = "0409"; break;                       // LOCALE_ILANGUAGE
        case 0x02: text = "English (United States)"; break;    // LOCALE_SLANGUAGE
        case 0x03: text = "ENU"; break;                        // LOCALE_SABBREVLANGNAME
        case 0x04: case 0x1001: text = "English"; break;       // SNATIVELANGNAME, SENGLANGUAGE
        case 0x06: case 0x1002: case 0x08: text = "United States"; break;
        case 0x07: text = "USA"; break;                        // LOCALE_SABBREVCTRYNAME
        case 0x05: text = "1"; break;                          // LOCALE_ICOUNTRY
        case 0x0B: case 0x1004: text = "65001"; break;         // IDEFAULTCODEPAGE, IDEFAULTANSICODEPAGE
        case 0x1011: text = "10000"; break;                    // IDEFAULTMACCODEPAGE
        case 0x0C: text = ","; break;                          // LOCALE_SLIST
        case 0x0D: text = "1"; break;                          // LOCALE_IMEASURE (U.S.)
        case 0x0E: case 0x16: text = "."; break;               // SDECIMAL, SMONDECIMALSEP
        case 0x0F: case 0x17: text = ","; break;               // STHOUSAND, SMONTHOUSANDSEP
        case 0x10: case 0x18: text = "3;0"; break;             // SGROUPING, SMONGROUPING
        case 0x11: case 0x19: text = "2"; break;               // IDIGITS, ICURRDIGITS
        case 0x12: text = "1"; break;                          // ILZERO
        case 0x13: text = "0123456789"; break;                 // SNATIVEDIGITS
        case 0x14: text = "$"; break;                          // SCURRENCY
        case 0x15: text = "USD"; break;                        // SINTLSYMBOL
        case 0x1A: text = "2"; break;                          // IINTLCURRDIGITS
        case 0x1B: text = "0"; break;                          // ICURRENCY
        case 0x1C: text = "0"; break;                          // INEGCURR
        case 0x1D: text = "/"; break;                          // SDATE
        case 0x1E: text = ":"; break;                          // STIME
        case 0x1F: text = "M/d/yyyy"; break;                   // SSHORTDATE
        case 0x20: text = "dddd, MMMM d, yyyy"; break;         // SLONGDATE
        case 0x1003: text = "h:mm:ss tt"; break;               // STIMEFORMAT
        case 0x21: text = "0"; break;                          // IDATE (M/D/Y)
        case 0x22: text = "0"; break;                          // ILDATE
        case 0x23: text = "0"; break;                          // ITIME (12-hour)
        case 0x1005: text = "0"; break;                        // ITIMEMARKPOSN
        case 0x24: text = "1"; break;                          // ICENTURY (4-digit years)
        case 0x25: text = "0"; break;                          // ITLZERO
        case 0x26: text = "1"; break;                          // IDAYLZERO
        case 0x27: text = "1"; break;                          // IMONLZERO
        case 0x28: text = "AM"; break;                         // S1159
        case 0x29: text = "PM"; break;                         // S2359
        case 0x1009: text = "1"; break;                        // ICALENDARTYPE (Gregorian)
        case 0x100B: text = "0"; break;                        // IOPTIONALCALENDAR
        case 0x100C: text = "6"; break;                        // IFIRSTDAYOFWEEK (Sunday)
        case 0x100D: text = "0"; break;                        // IFIRSTWEEKOFYEAR
        case 0x50: text = ""; break;                           // SPOSITIVESIGN
        case 0x51: text = "-"; break;                          // SNEGATIVESIGN
        case 0x1010: text = "1"; break;                        // INEGNUMBER
        case 0x59: text = "en"; break;                         // SISO639LANGNAME
        case 0x5A: text = "US"; break;                         // SISO3166CTRYNAME
        case 0x5C: text = "en-US"; break;                      // SNAME
        default:
            if (type >= 0x2A && type <= 0x30) text = kDays[type - 0x2A];
            else if (type >= 0x31 && type <= 0x37) {
                ::memcpy(scratch, kDays[type - 0x31], 3);
                scratch[3] = 0;
                text = scratch;
            } else if (type >= 0x38 && type <= 0x43) text = kMonths[type - 0x38];
            else if (type >= 0x44 && type <= 0x4F) {
                ::memcpy(scratch, kMonths[type - 0x44], 3);
                scratch[3] = 0;
                text = scratch;
            }
    }
    if (!text) return false;
    size_t n = ::strlen(text);
    if (n + 1 > size) return false;
    ::memcpy(out, text, n + 1);
    return true;
}
constexpr DWORD kReturnNumber = 0x20000000, kNoUserOverride = 0x80000000, kUseCpAcp = 0x40000000;

int locale_info(DWORD type, WCHAR* wide_out, char* narrow_out, int capacity) {
    bool number = type & kReturnNumber;
    type &= ~(kReturnNumber | kNoUserOverride | kUseCpAcp);
    char text[64];
    if (!locale_value(type, text, sizeof text)) return fail0(kErrorInvalidFlags);
    if (number) {
        // The value as a DWORD (2 WCHARs / 4 bytes).
        DWORD value = 0;
        for (const char* p = text; *p >= '0' && *p <= '9'; ++p) value = value * 10 + static_cast<DWORD>(*p - '0');
        int need = wide_out ? 2 : 4;
        if (capacity == 0) return need;
        if (capacity < need) return fail0(ERROR_INSUFFICIENT_BUFFER);
        ::memcpy(wide_out ? static_cast<void*>(wide_out) : static_cast<void*>(narrow_out), &value, 4);
        return need;
    }
    size_t n = ::strlen(text);
    if (capacity == 0) return static_cast<int>(n + 1);
    if (n + 1 > static_cast<size_t>(capacity)) return fail0(ERROR_INSUFFICIENT_BUFFER);
    if (wide_out)
        for (size_t i = 0; i <= n; ++i) wide_out[i] = static_cast<WCHAR>(static_cast<unsigned char>(text[i]));
    else
        ::memcpy(narrow_out, text, n + 1);
    return static_cast<int>(n + 1);
}
}  // namespace

WINAPI int GetLocaleInfoW(DWORD, DWORD type, WCHAR* out, int capacity) {
    if (capacity < 0 || (capacity && !out)) return fail0(ERROR_INVALID_PARAMETER);
    WCHAR scratch[2];
    return locale_info(type, out ? out : scratch, nullptr, capacity);
}
WINAPI int GetLocaleInfoA(DWORD, DWORD type, char* out, int capacity) {
    if (capacity < 0 || (capacity && !out)) return fail0(ERROR_INVALID_PARAMETER);
    return locale_info(type, nullptr, out, capacity);
}
WINAPI int GetLocaleInfoEx(const WCHAR*, DWORD type, WCHAR* out, int capacity) {
    return GetLocaleInfoW(0x409, type, out, capacity);
}
// LCID 0x409 and the neutral/default aliases (0, LOCALE_SYSTEM_DEFAULT 0x800, LOCALE_USER_DEFAULT
// 0x400, LOCALE_INVARIANT 0x7f) are valid; nothing else is installed.
WINAPI BOOL IsValidLocale(DWORD lcid, DWORD) {
    return lcid == 0x409 || lcid == 0x400 || lcid == 0x800 || lcid == 0x7f || lcid == 0 ? kTrue : kFalse;
}
WINAPI BOOL IsValidLocaleName(const WCHAR* name) {
    if (!name) return kFalse;
    static const char16_t* const kNames[] = {u"en-US", u"", u"!x-sys-default-locale"};
    for (const char16_t* known : kNames) {
        size_t i = 0;
        while (known[i] && (name[i] | 0x20) == (known[i] | 0x20)) ++i;
        if (!known[i] && !name[i]) return kTrue;
    }
    return kFalse;
}
WINAPI WORD GetUserDefaultLangID() { return 0x409; }
WINAPI WORD GetSystemDefaultLangID() { return 0x409; }
WINAPI WORD GetUserDefaultUILanguage() { return 0x409; }
WINAPI WORD GetSystemDefaultUILanguage() { return 0x409; }
WINAPI DWORD LocaleNameToLCID(const WCHAR* name, DWORD) {
    return !name || IsValidLocaleName(name) ? 0x409 : (fail0(ERROR_INVALID_PARAMETER), 0);
}
WINAPI int LCIDToLocaleName(DWORD lcid, WCHAR* out, int capacity, DWORD) {
    if (!IsValidLocale(lcid, 0)) return fail0(ERROR_INVALID_PARAMETER);
    static const WCHAR kName[] = u"en-US";
    if (capacity == 0) return 6;
    if (capacity < 6 || !out) return fail0(ERROR_INSUFFICIENT_BUFFER);
    ::memcpy(out, kName, sizeof kName);
    return 6;
}
using LocaleEnumW = BOOL(WINAPI*)(WCHAR*);
using LocaleEnumA = BOOL(WINAPI*)(char*);
WINAPI BOOL EnumSystemLocalesW(LocaleEnumW callback, DWORD) {
    WCHAR id[] = u"00000409";
    if (callback) callback(id);
    resume_current_thread();
    return kTrue;
}
WINAPI BOOL EnumSystemLocalesA(LocaleEnumA callback, DWORD) {
    char id[] = "00000409";
    if (callback) callback(id);
    resume_current_thread();
    return kTrue;
}

// ---- GetDateFormat / GetTimeFormat pictures ------------------------------------------------
namespace {
struct Out {
    char text[256];
    size_t n = 0;
    void add(const char* s) {
        for (; *s && n + 1 < sizeof text; ++s) text[n++] = *s;
        text[n] = 0;
    }
    void number(unsigned v, int width) {
        char digits[12];
        int k = 0;
        do digits[k++] = static_cast<char>('0' + v % 10), v /= 10;
        while (v);
        while (k < width) digits[k++] = '0';
        while (k) {
            char c[2] = {digits[--k], 0};
            add(c);
        }
    }
};
// Runs of one picture letter; 'quoted' text copied; everything else literal.
// A time field the flags drop takes the literal text before it (its separator) along, back to
// the end of the field before: "h:mm:ss tt" with TIME_NOSECONDS is "1:55 AM", as on Windows.
void render(const char* picture, const SystemTime& t, bool date, DWORD flags, Out& out) {
    size_t field_end = 0;   // out.n after the last field written
    auto drop = [&] {
        out.n = field_end;
        out.text[out.n] = 0;
    };
    for (const char* p = picture; *p;) {
        char c = *p;
        int run = 1;
        while (p[run] == c) ++run;
        if (c == '\'') {
            const char* q = p + 1;
            while (*q && *q != '\'') {
                char one[2] = {*q++, 0};
                out.add(one);
            }
            p = *q ? q + 1 : q;
            continue;
        }
        int weekday = (t.day_of_week + 6) % 7;   // kDays starts on Monday
        if (date && c == 'd') {
            if (run <= 2) out.number(t.day, run);
            else if (run == 3) {
                char three[4] = {kDays[weekday][0], kDays[weekday][1], kDays[weekday][2], 0};
                out.add(three);
            } else out.add(kDays[weekday]);
        } else if (date && c == 'M') {
            if (run <= 2) out.number(t.month, run);
            else if (run == 3) {
                const char* m = kMonths[(t.month + 11) % 12];
                char three[4] = {m[0], m[1], m[2], 0};
                out.add(three);
            } else out.add(kMonths[(t.month + 11) % 12]);
        } else if (date && c == 'y') {
            if (run <= 2) out.number(t.year % 100, run);
            else out.number(t.year, run >= 5 ? 5 : 4);
        } else if (date && c == 'g') {
            out.add("A.D.");
        } else if (!date && (c == 'h' || c == 'H')) {
            unsigned hour = t.hour;
            if (c == 'h' && !(flags & 8)) hour = hour % 12 ? hour % 12 : 12;   // TIME_FORCE24HOURFORMAT
            out.number(hour, run >= 2 ? 2 : 1);
        } else if (!date && c == 'm') {
            if (flags & 1) drop();                                      // TIME_NOMINUTESORSECONDS
            else out.number(t.minute, run >= 2 ? 2 : 1);
        } else if (!date && c == 's') {
            if (flags & 3) drop();                                      // TIME_NOSECONDS
            else out.number(t.second, run >= 2 ? 2 : 1);
        } else if (!date && c == 't') {
            if (flags & 4) {                                            // TIME_NOTIMEMARKER
                drop();
            } else {
                const char* marker = t.hour < 12 ? "AM" : "PM";
                char one[3] = {marker[0], run >= 2 ? marker[1] : '\0', 0};
                out.add(one);
            }
        } else {
            for (int i = 0; i < run; ++i) {
                char one[2] = {c, 0};
                out.add(one);
            }
            p += run;
            continue;   // literal text: not a field
        }
        field_end = out.n;
        p += run;
    }
}
int format_time_text(bool date, DWORD flags, const SystemTime* when, const char* picture, WCHAR* wide_out,
                     char* narrow_out, int capacity) {
    SystemTime now;
    if (!when) {
        GetLocalTime(&now);
        when = &now;
    }
    const char* chosen = picture ? picture : date ? ((flags & 2) ? "dddd, MMMM d, yyyy" : "M/d/yyyy") : "h:mm:ss tt";
    Out out;
    render(chosen, *when, date, flags, out);
    if (capacity == 0) return static_cast<int>(out.n + 1);
    if (out.n + 1 > static_cast<size_t>(capacity)) return fail0(ERROR_INSUFFICIENT_BUFFER);
    if (wide_out)
        for (size_t i = 0; i <= out.n; ++i) wide_out[i] = static_cast<WCHAR>(static_cast<unsigned char>(out.text[i]));
    else
        ::memcpy(narrow_out, out.text, out.n + 1);
    return static_cast<int>(out.n + 1);
}
char* narrow_picture(const WCHAR* picture) { return picture ? to_utf8(picture) : nullptr; }
}  // namespace

WINAPI int GetDateFormatA(DWORD, DWORD flags, const SystemTime* when, const char* picture, char* out, int capacity) {
    return format_time_text(true, flags, when, picture, nullptr, out, capacity);
}
WINAPI int GetDateFormatW(DWORD, DWORD flags, const SystemTime* when, const WCHAR* picture, WCHAR* out, int capacity) {
    char* p = narrow_picture(picture);
    int r = format_time_text(true, flags, when, p, out, nullptr, capacity);
    ::free(p);
    return r;
}
WINAPI int GetDateFormatEx(const WCHAR*, DWORD flags, const SystemTime* when, const WCHAR* picture, WCHAR* out,
                           int capacity, const WCHAR*) {
    return GetDateFormatW(0x409, flags, when, picture, out, capacity);
}
WINAPI int GetTimeFormatA(DWORD, DWORD flags, const SystemTime* when, const char* picture, char* out, int capacity) {
    return format_time_text(false, flags, when, picture, nullptr, out, capacity);
}
WINAPI int GetTimeFormatW(DWORD, DWORD flags, const SystemTime* when, const WCHAR* picture, WCHAR* out, int capacity) {
    char* p = narrow_picture(picture);
    int r = format_time_text(false, flags, when, p, out, nullptr, capacity);
    ::free(p);
    return r;
}
WINAPI int GetTimeFormatEx(const WCHAR*, DWORD flags, const SystemTime* when, const WCHAR* picture, WCHAR* out,
                           int capacity) {
    return GetTimeFormatW(0x409, flags, when, picture, out, capacity);
}

WIN32_EXPORT_TABLE(kernel32_nls_exports,
    WIN32_EXPORT(CompareStringW), WIN32_EXPORT(CompareStringA), WIN32_EXPORT(CompareStringEx),
    WIN32_EXPORT(CompareStringOrdinal), WIN32_EXPORT(LCMapStringW), WIN32_EXPORT(LCMapStringA), WIN32_EXPORT(LCMapStringEx),
    WIN32_EXPORT(GetStringTypeW), WIN32_EXPORT(GetStringTypeA), WIN32_EXPORT(GetStringTypeExW),
    WIN32_EXPORT(GetStringTypeExA), WIN32_EXPORT(GetLocaleInfoW), WIN32_EXPORT(GetLocaleInfoA),
    WIN32_EXPORT(GetLocaleInfoEx), WIN32_EXPORT(IsValidLocale), WIN32_EXPORT(IsValidLocaleName),
    WIN32_EXPORT(GetUserDefaultLangID), WIN32_EXPORT(GetSystemDefaultLangID), WIN32_EXPORT(GetUserDefaultUILanguage),
    WIN32_EXPORT(GetSystemDefaultUILanguage), WIN32_EXPORT(LocaleNameToLCID), WIN32_EXPORT(LCIDToLocaleName),
    WIN32_EXPORT(EnumSystemLocalesW), WIN32_EXPORT(EnumSystemLocalesA), WIN32_EXPORT(GetDateFormatA),
    WIN32_EXPORT(GetDateFormatW), WIN32_EXPORT(GetDateFormatEx), WIN32_EXPORT(GetTimeFormatA),
    WIN32_EXPORT(GetTimeFormatW), WIN32_EXPORT(GetTimeFormatEx));

}  // namespace win32::kernel32
