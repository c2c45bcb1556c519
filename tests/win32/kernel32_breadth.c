// kernel32 functions the C runtimes and libraries call in passing, checked against Microsoft's
// documentation: CompareString (CSTR_*; word sort ignores hyphens, SORT_STRINGSORT does not:
// "co-op" vs "coop" is the documented example; lower case before upper case at equal letters),
// CompareStringOrdinal, LCMapString, GetStringType (C1_*), GetLocaleInfo (en-US values; sizes
// and LOCALE_RETURN_NUMBER), GetDateFormat/GetTimeFormat pictures, FormatMessage (system text
// with CR LF, inserts with !printf!, %%, argument arrays, ALLOCATE_BUFFER, IGNORE_INSERTS),
// vectored exception handlers (see RaiseException first; EXCEPTION_CONTINUE_EXECUTION resumes),
// SLists (LIFO), DOS date/time, SearchPath, GetComputerName's size protocol.
// One PASS/FAIL line per check, exit 1 on failure, summary "kernel32_breadth: N checks, 0 failed".
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <wincrypt.h>

static int checks, failures;

static void check(const char* what, int ok) {
    ++checks;
    if (ok) printf("PASS %s\n", what);
    else ++failures, printf("FAIL %s\n", what);
}
static void check_str(const char* what, const char* got, const char* want) {
    ++checks;
    if (got && strcmp(got, want) == 0) printf("PASS %s\n", what);
    else ++failures, printf("FAIL %s: got '%s', expected '%s'\n", what, got ? got : "(null)", want);
}
static void check_int(const char* what, long long got, long long want) {
    ++checks;
    if (got == want) printf("PASS %s\n", what);
    else ++failures, printf("FAIL %s: got %lld, expected %lld\n", what, got, want);
}

static void sorting(void) {
    check_int("CompareStringW a < B", CompareStringW(LOCALE_USER_DEFAULT, 0, L"a", -1, L"B", -1), CSTR_LESS_THAN);
    check_int("CompareStringW ignore case", CompareStringW(LOCALE_USER_DEFAULT, NORM_IGNORECASE, L"abc", -1, L"ABC", -1),
              CSTR_EQUAL);
    check_int("CompareStringW a < A", CompareStringW(LOCALE_USER_DEFAULT, 0, L"a", -1, L"A", -1), CSTR_LESS_THAN);
    check_int("CompareStringW digits before letters", CompareStringW(LOCALE_USER_DEFAULT, 0, L"9", -1, L"a", -1),
              CSTR_LESS_THAN);
    check_int("CompareStringW prefix shorter", CompareStringW(LOCALE_USER_DEFAULT, 0, L"abc", 2, L"abc", -1),
              CSTR_LESS_THAN);
    check_int("word sort: co-op after coop", CompareStringW(LOCALE_USER_DEFAULT, 0, L"co-op", -1, L"coop", -1),
              CSTR_GREATER_THAN);
    check_int("SORT_STRINGSORT: co-op before coop",
              CompareStringW(LOCALE_USER_DEFAULT, SORT_STRINGSORT, L"co-op", -1, L"coop", -1), CSTR_LESS_THAN);
    check_int("CompareStringA", CompareStringA(LOCALE_USER_DEFAULT, NORM_IGNORECASE, "Hello", -1, "hello", -1), CSTR_EQUAL);
    check_int("CompareStringOrdinal", CompareStringOrdinal(L"a", -1, L"B", -1, FALSE), CSTR_GREATER_THAN);
    check_int("CompareStringOrdinal ignore case", CompareStringOrdinal(L"a", -1, L"B", -1, TRUE), CSTR_LESS_THAN);
    WCHAR mapped[16];
    check_int("LCMapStringW upper count", LCMapStringW(LOCALE_USER_DEFAULT, LCMAP_UPPERCASE, L"Hello", -1, mapped, 16), 6);
    check("LCMapStringW upper text", wcscmp(mapped, L"HELLO") == 0);
    check_int("LCMapStringW size query", LCMapStringW(LOCALE_USER_DEFAULT, LCMAP_LOWERCASE, L"Hello", 5, NULL, 0), 5);
    char narrow[16];
    check_int("LCMapStringA lower", LCMapStringA(LOCALE_USER_DEFAULT, LCMAP_LOWERCASE, "MiXeD", -1, narrow, 16), 6);
    check_str("LCMapStringA text", narrow, "mixed");
    BYTE key_a[32], key_b[32];
    int la = LCMapStringW(LOCALE_USER_DEFAULT, LCMAP_SORTKEY, L"apple", -1, (LPWSTR)key_a, 32);
    int lb = LCMapStringW(LOCALE_USER_DEFAULT, LCMAP_SORTKEY, L"Banana", -1, (LPWSTR)key_b, 32);
    check("sort keys order like CompareString", la > 0 && lb > 0 && memcmp(key_a, key_b, la < lb ? la : lb) < 0);
    WORD types[4];
    check("GetStringTypeW", GetStringTypeW(CT_CTYPE1, L"A1 ,", 4, types));
    check("C1 upper alpha", (types[0] & C1_UPPER) && (types[0] & C1_ALPHA) && !(types[0] & C1_LOWER));
    check("C1 digit", (types[1] & C1_DIGIT) && !(types[1] & C1_ALPHA));
    check("C1 space blank", (types[2] & C1_SPACE) && (types[2] & C1_BLANK));
    check("C1 punct", types[3] & C1_PUNCT);
}

static void locale(void) {
    char text[64];
    check_int("GetLocaleInfoA SDECIMAL", GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SDECIMAL, text, sizeof text), 2);
    check_str("decimal point", text, ".");
    GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_STHOUSAND, text, sizeof text);
    check_str("thousands separator", text, ",");
    GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SMONTHNAME2, text, sizeof text);
    check_str("month name 2", text, "February");
    GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SABBREVDAYNAME1, text, sizeof text);
    check_str("abbreviated day 1", text, "Mon");
    check_int("size query", GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SISO639LANGNAME, NULL, 0), 3);
    SetLastError(0);
    check_int("too small", GetLocaleInfoA(LOCALE_USER_DEFAULT, LOCALE_SLONGDATE, text, 3), 0);
    check_int("too small error", GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    DWORD digits = 0;
    check_int("LOCALE_RETURN_NUMBER", GetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_IDIGITS | LOCALE_RETURN_NUMBER,
                                                     (LPWSTR)&digits, sizeof digits / sizeof(WCHAR)), 2);
    check_int("IDIGITS value", digits, 2);
    WCHAR wide[16];
    GetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_SISO3166CTRYNAME, wide, 16);
    check("GetLocaleInfoW country", wcscmp(wide, L"US") == 0);
    check("IsValidLocale en-US", IsValidLocale(0x409, LCID_INSTALLED));
    SYSTEMTIME t = {2009, 2, 5, 13, 23, 31, 30, 0};   // Friday 2009-02-13 23:31:30
    GetDateFormatA(LOCALE_USER_DEFAULT, 0, &t, "ddd',' MMM dd yy", text, sizeof text);
    check_str("GetDateFormat picture", text, "Fri, Feb 13 09");
    GetDateFormatA(LOCALE_USER_DEFAULT, 0, &t, "dddd, MMMM d, yyyy", text, sizeof text);
    check_str("GetDateFormat long", text, "Friday, February 13, 2009");
    GetTimeFormatA(LOCALE_USER_DEFAULT, 0, &t, "hh':'mm':'ss tt", text, sizeof text);
    check_str("GetTimeFormat picture", text, "11:31:30 PM");
    GetTimeFormatA(LOCALE_USER_DEFAULT, TIME_FORCE24HOURFORMAT, &t, "h:mm", text, sizeof text);
    check_str("GetTimeFormat 24 hour", text, "23:31");
    // A dropped field takes its separator along (the default picture is "h:mm:ss tt").
    GetTimeFormatA(LOCALE_USER_DEFAULT, TIME_NOSECONDS, &t, NULL, text, sizeof text);
    check_str("GetTimeFormat TIME_NOSECONDS", text, "11:31 PM");
    GetTimeFormatA(LOCALE_USER_DEFAULT, TIME_NOMINUTESORSECONDS, &t, NULL, text, sizeof text);
    check_str("GetTimeFormat TIME_NOMINUTESORSECONDS", text, "11 PM");
    GetTimeFormatA(LOCALE_USER_DEFAULT, TIME_NOTIMEMARKER, &t, NULL, text, sizeof text);
    check_str("GetTimeFormat TIME_NOTIMEMARKER", text, "11:31:30");
}

static DWORD format_with(char* out, DWORD size, const char* format, ...) {
    va_list args;
    va_start(args, format);
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING, format, 0, 0, out, size, &args);
    va_end(args);
    return n;
}

static void messages(void) {
    char text[256];
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_FILE_NOT_FOUND, 0, text, sizeof text, NULL);
    check_str("system message", text, "The system cannot find the file specified.\r\n");
    check_int("system message length", n, (long long)strlen("The system cannot find the file specified.\r\n"));
    FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_MAX_WIDTH_MASK, NULL, ERROR_ACCESS_DENIED, 0, text,
                   sizeof text, NULL);
    check_str("MAX_WIDTH_MASK drops the line break", text, "Access is denied.");
    format_with(text, sizeof text, "%1!d! apples and %2, 100%%%0", 3, "pears");
    check_str("inserts", text, "3 apples and pears, 100%");
    DWORD_PTR array[2] = {(DWORD_PTR)"x", 42};
    FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, "%2!03d!-%1%n", 0, 0, text, sizeof text,
                   (va_list*)array);
    check_str("argument array and %n", text, "042-x\r\n");
    FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "keep %1 as is", 0, 0, text, sizeof text,
                   NULL);
    check_str("IGNORE_INSERTS", text, "keep %1 as is");
    char* allocated = NULL;
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL, ERROR_INVALID_PARAMETER, 0,
                       (char*)&allocated, 0, NULL);
    check_str("ALLOCATE_BUFFER", allocated, "The parameter is incorrect.\r\n");
    LocalFree(allocated);
    SetLastError(0);
    check_int("unknown message", FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 0x7654321, 0, text, sizeof text, NULL), 0);
    check_int("unknown message error", GetLastError(), ERROR_MR_MID_NOT_FOUND);
    check_int("buffer too small", FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 2, 0, text, 5, NULL), 0);
    WCHAR wide[64];
    DWORD_PTR wide_args[2] = {(DWORD_PTR)L"wide", 7};
    FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, L"%1 %2!d!", 0, 0, wide, 64,
                   (va_list*)wide_args);
    check("FormatMessageW", wcscmp(wide, L"wide 7") == 0);
}

static DWORD seen_code;
static int handler_calls;
static LONG CALLBACK vectored(EXCEPTION_POINTERS* pointers) {
    ++handler_calls;
    seen_code = pointers->ExceptionRecord->ExceptionCode;
    return seen_code == 0xE0001234 ? EXCEPTION_CONTINUE_EXECUTION : EXCEPTION_CONTINUE_SEARCH;
}

static void exceptions_and_more(void) {
    PVOID cookie = AddVectoredExceptionHandler(1, vectored);
    check("AddVectoredExceptionHandler", cookie != NULL);
    RaiseException(0xE0001234, 0, 0, NULL);
    check("vectored handler continued execution", handler_calls == 1 && seen_code == 0xE0001234);
    check("RemoveVectoredExceptionHandler", RemoveVectoredExceptionHandler(cookie) != 0);
    check("removed twice fails", RemoveVectoredExceptionHandler(cookie) == 0);

    SLIST_HEADER head;
    InitializeSListHead(&head);
    static SLIST_ENTRY entries[3] __attribute__((aligned(16)));
    for (int i = 0; i < 3; ++i) InterlockedPushEntrySList(&head, &entries[i]);
    check_int("QueryDepthSList", QueryDepthSList(&head), 3);
    check("SList is LIFO", InterlockedPopEntrySList(&head) == &entries[2] && InterlockedPopEntrySList(&head) == &entries[1]);
    check("InterlockedFlushSList", InterlockedFlushSList(&head) == &entries[0] && InterlockedPopEntrySList(&head) == NULL);

    FILETIME ft;
    SYSTEMTIME st;
    WORD date = (WORD)(((2009 - 1980) << 9) | (2 << 5) | 13), time = (WORD)((23 << 11) | (31 << 5) | (30 / 2));
    check("DosDateTimeToFileTime", DosDateTimeToFileTime(date, time, &ft) && FileTimeToSystemTime(&ft, &st));
    check("DOS date fields", st.wYear == 2009 && st.wMonth == 2 && st.wDay == 13 && st.wHour == 23 && st.wMinute == 31 &&
                                 st.wSecond == 30);
    WORD date2, time2;
    check("FileTimeToDosDateTime round trip", FileTimeToDosDateTime(&ft, &date2, &time2) && date2 == date && time2 == time);

    HANDLE h = CreateFileA("C:\\tmp\\findme.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CloseHandle(h);
    char found[MAX_PATH];
    char* part = NULL;
    DWORD n = SearchPathA("C:\\nowhere;C:\\tmp", "findme", ".txt", sizeof found, found, &part);
    check_str("SearchPathA", n ? found : NULL, "C:\\tmp\\findme.txt");
    check_str("SearchPathA file part", part, "findme.txt");
    SetLastError(0);
    check("SearchPathA missing", SearchPathA("C:\\tmp", "absent.txt", NULL, sizeof found, found, NULL) == 0 &&
                                     GetLastError() == ERROR_FILE_NOT_FOUND);

    char name[64];
    DWORD size = 1;
    SetLastError(0);
    check("GetComputerNameA too small", !GetComputerNameA(name, &size) && GetLastError() == ERROR_BUFFER_OVERFLOW && size > 1);
    DWORD needed = size;
    check("GetComputerNameA", GetComputerNameA(name, &size) && size == needed - 1 && strlen(name) == size);
    FILETIME creation, exit_time, kernel, user, now;
    GetSystemTimeAsFileTime(&now);
    check("GetProcessTimes", GetProcessTimes(GetCurrentProcess(), &creation, &exit_time, &kernel, &user) &&
                                 CompareFileTime(&creation, &now) <= 0);
    DWORD_PTR process_mask = 0, system_mask = 0;
    check("GetProcessAffinityMask", GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask) &&
                                        process_mask && (process_mask & ~system_mask) == 0);
    STARTUPINFOA si = {sizeof si};
    PROCESS_INFORMATION pi;
    check("CreateProcessA of a missing program fails",
          !CreateProcessA("C:\\tmp\\missing.exe", NULL, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
}

static void volumes_and_random(void) {
    ULARGE_INTEGER available, total, total_free;
    check("GetDiskFreeSpaceExA", GetDiskFreeSpaceExA("C:\\tmp", &available, &total, &total_free) &&
                                     total.QuadPart > 0 && available.QuadPart <= total.QuadPart);
    char label[32], fs[32];
    DWORD serial = 0, max_component = 0, flags = 0;
    check("GetVolumeInformationA", GetVolumeInformationA("C:\\", label, sizeof label, &serial, &max_component, &flags, fs,
                                                         sizeof fs));
    check("case-preserving names up to 255", (flags & FILE_CASE_PRESERVED_NAMES) && max_component == 255);
    HANDLE h = CreateFileA("C:\\tmp\\original.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD n;
    WriteFile(h, "linked", 6, &n, NULL);
    CloseHandle(h);
    check("CreateHardLinkA", CreateHardLinkA("C:\\tmp\\link.txt", "C:\\tmp\\original.txt", NULL));
    h = CreateFileA("C:\\tmp\\link.txt", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    char data[8] = "";
    ReadFile(h, data, 6, &n, NULL);
    BY_HANDLE_FILE_INFORMATION info;
    check("link has the data and 2 links", strcmp(data, "linked") == 0 && GetFileInformationByHandle(h, &info) &&
                                               info.nNumberOfLinks == 2);
    CloseHandle(h);
    SetLastError(0);
    check("CreateHardLinkA onto an existing name",
          !CreateHardLinkA("C:\\tmp\\link.txt", "C:\\tmp\\original.txt", NULL) && GetLastError() == ERROR_ALREADY_EXISTS);
    HCRYPTPROV provider = 0;
    BYTE a[16] = {0}, b[16] = {0};
    check("CryptAcquireContext", CryptAcquireContextA(&provider, NULL, NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT));
    check("CryptGenRandom", CryptGenRandom(provider, sizeof a, a) && CryptGenRandom(provider, sizeof b, b) &&
                                memcmp(a, b, sizeof a) != 0);
    check("CryptReleaseContext", CryptReleaseContext(provider, 0));
}

int main(void) {
    volumes_and_random();
    sorting();
    locale();
    messages();
    exceptions_and_more();
    printf("kernel32_breadth: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
