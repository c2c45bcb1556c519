// Locales. celda has one: the "C" locale, with UTF-8 as the multibyte code page (the ACP is
// 65001, see kernel32/codepages.cpp), so MB_CUR_MAX is 4 and ___lc_codepage_func() is 65001
// where Windows' C locale would say 1 and 0. setlocale accepts "C", "" (the user's default:
// this same locale) and the UTF-8 names ucrt knows (".UTF-8", ".utf8"), and returns NULL for
// any other name, as Windows does for a locale it does not have; queries name it "C".
// _create_locale gives a _locale_t for the same names; every `_l` function ignores it.
// Character classes: the Microsoft ctype table (_pctype) for the C locale: ASCII only.
#include <libos/libc.h>

#include "dlls/msvcrt/crt.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::crt {
namespace {

constexpr unsigned short kUpper = 0x1, kLower = 0x2, kDigit = 0x4, kSpace = 0x8, kPunct = 0x10, kControl = 0x20,
                         kBlank = 0x40, kHex = 0x80, kAlphaBit = 0x100;

// Index 0 is EOF (-1); _pctype points at index 1.
struct CtypeTable {
    unsigned short entries[257];
    constexpr CtypeTable() : entries{} {
        for (int c = 0; c < 128; ++c) {
            unsigned short v = 0;
            if (c < 32 || c == 127) v |= kControl;
            if ((c >= 9 && c <= 13) || c == ' ') v |= kSpace;
            if (c == ' ' || c == '\t') v |= kBlank;
            if (c >= '0' && c <= '9') v |= kDigit | kHex;
            if (c >= 'A' && c <= 'Z') v |= kUpper | kAlphaBit;
            if (c >= 'a' && c <= 'z') v |= kLower | kAlphaBit;
            if ((c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f')) v |= kHex;
            if (c > 32 && c < 127 && !(v & (kDigit | kUpper | kLower))) v |= kPunct;
            entries[c + 1] = v;
        }
    }
};
constexpr CtypeTable kCtype;
// The wide table covers 0..255 (_pwctype has no EOF slot); Latin-1 letters are not classified.
const unsigned short* const kPctype = kCtype.entries + 1;

unsigned short class_of(int c) { return c >= -1 && c < 256 ? kPctype[c] : 0; }

struct Lconv {
    const char* decimal_point;
    const char* thousands_sep;
    const char* grouping;
    const char* int_curr_symbol;
    const char* currency_symbol;
    const char* mon_decimal_point;
    const char* mon_thousands_sep;
    const char* mon_grouping;
    const char* positive_sign;
    const char* negative_sign;
    char int_frac_digits, frac_digits, p_cs_precedes, p_sep_by_space, n_cs_precedes, n_sep_by_space, p_sign_posn,
        n_sign_posn;
    const WCHAR* w_decimal_point;
    const WCHAR* w_thousands_sep;
    const WCHAR* w_int_curr_symbol;
    const WCHAR* w_currency_symbol;
    const WCHAR* w_mon_decimal_point;
    const WCHAR* w_mon_thousands_sep;
    const WCHAR* w_positive_sign;
    const WCHAR* w_negative_sign;
};
// C11 7.11.2.1: the "C" locale's values; CHAR_MAX (127) means "not available".
Lconv c_lconv{".", "", "", "", "", "", "", "", "", "", 127, 127, 127, 127, 127, 127, 127, 127,
              u".", u"", u"", u"", u"", u"", u"", u""};

// msvcrt's threadlocinfo, only as far as code compiled against mingw's/MSVC's headers reads it
// (refcount, code page, mb_cur_max, lconv, pctype); the rest stays zero.
struct LocaleInfo {
    int refcount;
    unsigned lc_codepage;
    unsigned lc_collate_cp;
    unsigned long_handles[6];
    unsigned short lc_id[18];
    struct {
        char* locale;
        WCHAR* wlocale;
        int* refcount;
        int* wrefcount;
    } lc_category[6];
    int lc_clike;
    int mb_cur_max;
    int* lconv_intl_refcount;
    int* lconv_num_refcount;
    int* lconv_mon_refcount;
    Lconv* lconv;
    int* ctype1_refcount;
    unsigned short* ctype1;
    const unsigned short* pctype;
    const unsigned char* pclmap;
    const unsigned char* pcumap;
    void* lc_time_curr;
};
static_assert(__builtin_offsetof(LocaleInfo, pctype) == 320, "msvcrt threadlocinfo layout");
struct MbcInfo {
    int refcount;
    int mbcodepage;
};
struct Locale {
    LocaleInfo* locinfo;
    MbcInfo* mbcinfo;
};

constexpr unsigned kCodePage = 65001;
constexpr int kMbCurMax = 4;
char c_name[] = "C";
unsigned char lower_map[256], upper_map[256];
LocaleInfo c_info;
MbcInfo c_mbc{1, static_cast<int>(kCodePage)};
Locale c_locale_object{&c_info, &c_mbc};

LocaleInfo& info() {
    if (c_info.refcount == 0) {
        for (int c = 0; c < 256; ++c) {
            lower_map[c] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
            upper_map[c] = static_cast<unsigned char>(c >= 'a' && c <= 'z' ? c - 32 : c);
        }
        c_info.refcount = 1;
        c_info.lc_codepage = kCodePage;
        c_info.lc_collate_cp = kCodePage;
        for (auto& category : c_info.lc_category) category.locale = c_name;
        c_info.lc_clike = 1;
        c_info.mb_cur_max = kMbCurMax;
        c_info.lconv = &c_lconv;
        c_info.pctype = kPctype;
        c_info.pclmap = lower_map;
        c_info.pcumap = upper_map;
    }
    return c_info;
}

bool known_locale(const char* name) {
    return name[0] == 0 || equal_nocase(name, "C") || equal_nocase(name, ".UTF-8") || equal_nocase(name, ".utf8") ||
           equal_nocase(name, "C.UTF-8");
}

constexpr int kLcMax = 5;   // LC_ALL 0 .. LC_TIME 5

}  // namespace

// Data exports.
int mb_cur_max_variable = kMbCurMax;
unsigned lc_codepage_variable = kCodePage;
const unsigned short* pctype_variable = kPctype;
const unsigned short* pwctype_variable = kPctype;

WINAPI char* setlocale(int category, const char* locale) {
    if (category < 0 || category > kLcMax) return nullptr;
    if (locale == nullptr || known_locale(locale)) return c_name;
    return nullptr;
}
WINAPI WCHAR* _wsetlocale(int category, const WCHAR* locale) {
    static WCHAR c_wide[] = u"C";
    if (category < 0 || category > kLcMax) return nullptr;
    if (locale == nullptr) return c_wide;
    char narrow[32];
    size_t i = 0;
    for (; locale[i] && i + 1 < sizeof narrow; ++i) narrow[i] = locale[i] < 128 ? static_cast<char>(locale[i]) : '?';
    narrow[i] = 0;
    return known_locale(narrow) ? c_wide : nullptr;
}
WINAPI Lconv* localeconv() { return &c_lconv; }
WINAPI void* _create_locale(int category, const char* locale) {
    if (category < 0 || category > kLcMax || !locale || !known_locale(locale)) return nullptr;
    info();
    return &c_locale_object;   // one shared object: _free_locale of it is a no-op
}
WINAPI void* _wcreate_locale(int category, const WCHAR* locale) {
    return locale && _wsetlocale(category, locale) ? _create_locale(category, "C") : nullptr;
}
WINAPI void _free_locale(void*) {}
WINAPI void* _get_current_locale() {
    info();
    return &c_locale_object;
}

WINAPI unsigned ___lc_codepage_func() { return kCodePage; }
WINAPI unsigned ___lc_collate_cp_func() { return kCodePage; }
WINAPI int ___mb_cur_max_func() { return kMbCurMax; }
WINAPI int ___mb_cur_max_l_func(void*) { return kMbCurMax; }
WINAPI int* __p___mb_cur_max() { return &mb_cur_max_variable; }
WINAPI WCHAR** ___lc_locale_name_func() {
    static WCHAR* names[6] = {};
    return names;   // all null: the C locale
}
WINAPI const unsigned short* __pctype_func() { return kPctype; }
WINAPI const unsigned short* __pwctype_func() { return kPctype; }
WINAPI const unsigned short** __p__pctype() { return &pctype_variable; }
WINAPI const unsigned short** __p__pwctype() { return &pwctype_variable; }
WINAPI int _getmbcp() { return static_cast<int>(kCodePage); }
WINAPI int _setmbcp(int code_page) {
    // _MB_CP_SBCS 0, _MB_CP_ANSI -3, _MB_CP_LOCALE -4, _MB_CP_OEM -2 and 65001 itself: all
    // the code page we have; anything else is refused (EINVAL), as for an unknown one.
    if (code_page == 0 || code_page == -2 || code_page == -3 || code_page == -4 || code_page == 65001) return 0;
    *errno_location() = 22;
    return -1;
}

WINAPI int _isctype(int c, int mask) { return class_of(c) & mask; }
WINAPI int _isctype_l(int c, int mask, void*) { return class_of(c) & mask; }
WINAPI int iswctype(int c, int mask) { return c >= 0 && c < 256 ? kPctype[c] & mask : 0; }
WINAPI int _iswctype_l(int c, int mask, void*) { return iswctype(c, mask); }

#define CELDA_CLASS(name, mask)                                                      \
    WINAPI int name(int c, void*) { return class_of(c) & (mask); }                   \
    WINAPI int name##_w(int c, void*) { return iswctype(c, mask); }
CELDA_CLASS(_isalpha_l, kAlphaBit | kUpper | kLower)
CELDA_CLASS(_isupper_l, kUpper)
CELDA_CLASS(_islower_l, kLower)
CELDA_CLASS(_isdigit_l, kDigit)
CELDA_CLASS(_isxdigit_l, kHex)
CELDA_CLASS(_isspace_l, kSpace)
CELDA_CLASS(_ispunct_l, kPunct)
CELDA_CLASS(_isalnum_l, kAlphaBit | kUpper | kLower | kDigit)
CELDA_CLASS(_isprint_l, kAlphaBit | kUpper | kLower | kDigit | kPunct | kBlank)
CELDA_CLASS(_isgraph_l, kAlphaBit | kUpper | kLower | kDigit | kPunct)
CELDA_CLASS(_iscntrl_l, kControl)
CELDA_CLASS(_isblank_l, kBlank)
#undef CELDA_CLASS
WINAPI int isblank(int c) { return class_of(c) & kBlank; }
WINAPI int iswupper(int c) { return iswctype(c, kUpper); }
WINAPI int iswlower(int c) { return iswctype(c, kLower); }
WINAPI int iswxdigit(int c) { return iswctype(c, kHex); }
WINAPI int iswpunct(int c) { return iswctype(c, kPunct); }
WINAPI int iswalnum(int c) { return iswctype(c, kAlphaBit | kUpper | kLower | kDigit); }
WINAPI int iswprint(int c) { return iswctype(c, kAlphaBit | kUpper | kLower | kDigit | kPunct | kBlank); }
WINAPI int iswgraph(int c) { return iswctype(c, kAlphaBit | kUpper | kLower | kDigit | kPunct); }
WINAPI int iswcntrl(int c) { return iswctype(c, kControl); }
WINAPI int iswblank(int c) { return iswctype(c, kBlank); }
WINAPI int iswascii(int c) { return c >= 0 && c < 128; }
WINAPI int __isascii(int c) { return c >= 0 && c < 128; }
WINAPI int __toascii(int c) { return c & 0x7f; }
WINAPI int __iscsym(int c) { return (class_of(c) & (kAlphaBit | kDigit)) || c == '_'; }
WINAPI int __iscsymf(int c) { return (class_of(c) & kAlphaBit) || c == '_'; }
WINAPI int _tolower_l(int c, void*) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
WINAPI int _toupper_l(int c, void*) { return c >= 'a' && c <= 'z' ? c - 32 : c; }
WINAPI int _tolower(int c) { return c + 32; }   // documented: only for upper-case input
WINAPI int _toupper(int c) { return c - 32; }
WINAPI int _stricmp_l(const char* a, const char* b, void*) { return compare_nocase(a, b); }
WINAPI int _strnicmp_l(const char* a, const char* b, size_t n, void*) { return compare_nocase(a, b, n); }
// Collation in the C locale is by code unit (strcmp), and strxfrm copies.
WINAPI int strcoll(const char* a, const char* b) { return ::strcmp(a, b); }
WINAPI int _strcoll_l(const char* a, const char* b, void*) { return ::strcmp(a, b); }
WINAPI int _stricoll(const char* a, const char* b) { return compare_nocase(a, b); }
WINAPI int _stricoll_l(const char* a, const char* b, void*) { return compare_nocase(a, b); }
WINAPI int _strncoll(const char* a, const char* b, size_t n) { return ::strncmp(a, b, n); }
WINAPI int _strnicoll(const char* a, const char* b, size_t n) { return compare_nocase(a, b, n); }
WINAPI size_t strxfrm(char* out, const char* in, size_t n) {
    size_t length = ::strlen(in);
    if (out && length < n) ::memcpy(out, in, length + 1);
    return length;
}
WINAPI size_t _strxfrm_l(char* out, const char* in, size_t n, void*) { return strxfrm(out, in, n); }

WIN32_EXPORT_TABLE(msvcrt_locale_exports,
    WIN32_EXPORT(setlocale), WIN32_EXPORT(_wsetlocale), WIN32_EXPORT(localeconv), WIN32_EXPORT(_create_locale),
    WIN32_EXPORT(_wcreate_locale), WIN32_EXPORT(_free_locale), WIN32_EXPORT(_get_current_locale),
    WIN32_EXPORT_AS("__get_current_locale", _get_current_locale), WIN32_EXPORT_AS("__create_locale", _create_locale),
    WIN32_EXPORT_AS("__free_locale", _free_locale), WIN32_EXPORT(___lc_codepage_func),
    WIN32_EXPORT(___lc_collate_cp_func), WIN32_EXPORT(___mb_cur_max_func), WIN32_EXPORT(___mb_cur_max_l_func),
    WIN32_EXPORT(__p___mb_cur_max), WIN32_EXPORT(___lc_locale_name_func), WIN32_EXPORT(__pctype_func),
    WIN32_EXPORT(__pwctype_func), WIN32_EXPORT(__p__pctype), WIN32_EXPORT(__p__pwctype), WIN32_EXPORT(_getmbcp),
    WIN32_EXPORT(_setmbcp), WIN32_EXPORT_DATA("__mb_cur_max", mb_cur_max_variable),
    WIN32_EXPORT_DATA("__lc_codepage", lc_codepage_variable), WIN32_EXPORT_DATA("_pctype", pctype_variable),
    WIN32_EXPORT_DATA("_pwctype", pwctype_variable), WIN32_EXPORT(_isctype), WIN32_EXPORT(_isctype_l),
    WIN32_EXPORT(iswctype), WIN32_EXPORT_AS("is_wctype", iswctype), WIN32_EXPORT(_iswctype_l),
    WIN32_EXPORT(_isalpha_l), WIN32_EXPORT(_isupper_l), WIN32_EXPORT(_islower_l), WIN32_EXPORT(_isdigit_l),
    WIN32_EXPORT(_isxdigit_l), WIN32_EXPORT(_isspace_l), WIN32_EXPORT(_ispunct_l), WIN32_EXPORT(_isalnum_l),
    WIN32_EXPORT(_isprint_l), WIN32_EXPORT(_isgraph_l), WIN32_EXPORT(_iscntrl_l), WIN32_EXPORT(_isblank_l),
    WIN32_EXPORT_AS("_iswalpha_l", _isalpha_l_w), WIN32_EXPORT_AS("_iswupper_l", _isupper_l_w),
    WIN32_EXPORT_AS("_iswlower_l", _islower_l_w), WIN32_EXPORT_AS("_iswdigit_l", _isdigit_l_w),
    WIN32_EXPORT_AS("_iswxdigit_l", _isxdigit_l_w), WIN32_EXPORT_AS("_iswspace_l", _isspace_l_w),
    WIN32_EXPORT_AS("_iswpunct_l", _ispunct_l_w), WIN32_EXPORT_AS("_iswalnum_l", _isalnum_l_w),
    WIN32_EXPORT_AS("_iswprint_l", _isprint_l_w), WIN32_EXPORT_AS("_iswgraph_l", _isgraph_l_w),
    WIN32_EXPORT_AS("_iswcntrl_l", _iscntrl_l_w), WIN32_EXPORT_AS("_iswblank_l", _isblank_l_w),
    WIN32_EXPORT(isblank), WIN32_EXPORT(iswupper), WIN32_EXPORT(iswlower), WIN32_EXPORT(iswxdigit),
    WIN32_EXPORT(iswpunct), WIN32_EXPORT(iswalnum), WIN32_EXPORT(iswprint), WIN32_EXPORT(iswgraph),
    WIN32_EXPORT(iswcntrl), WIN32_EXPORT(iswblank), WIN32_EXPORT(iswascii), WIN32_EXPORT(__isascii),
    WIN32_EXPORT_AS("isascii", __isascii), WIN32_EXPORT(__toascii), WIN32_EXPORT_AS("toascii", __toascii),
    WIN32_EXPORT(__iscsym), WIN32_EXPORT(__iscsymf), WIN32_EXPORT(_tolower_l), WIN32_EXPORT(_toupper_l),
    WIN32_EXPORT_AS("_towlower_l", _tolower_l), WIN32_EXPORT_AS("_towupper_l", _toupper_l),
    WIN32_EXPORT(_tolower), WIN32_EXPORT(_toupper), WIN32_EXPORT(_stricmp_l), WIN32_EXPORT(_strnicmp_l),
    WIN32_EXPORT(strcoll), WIN32_EXPORT(_strcoll_l), WIN32_EXPORT(_stricoll), WIN32_EXPORT(_stricoll_l),
    WIN32_EXPORT(_strncoll), WIN32_EXPORT(_strnicoll), WIN32_EXPORT(strxfrm), WIN32_EXPORT(_strxfrm_l));

}  // namespace win32::crt
