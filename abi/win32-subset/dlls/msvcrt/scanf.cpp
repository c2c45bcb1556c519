// The scanf family: sscanf/fscanf/scanf, their v* forms, swscanf/fwscanf/wscanf, _snscanf, and
// ucrt's __stdio_common_vsscanf/vfscanf/vswscanf/vfwscanf. One engine over a character source (a string or a
// FILE). Conversions: d i u o x X p n f e g a (E G A F) s c [set] %, with '*', widths and the
// size prefixes h hh l ll L I64 I32 I j z t w. Integers wrap as the Microsoft CRT's do;
// numbers go through strtod/_strtoi64 semantics.
#include <libos/libc.h>

#include "dlls/msvcrt/crt.h"
#include "registry/registry.h"
#include "support/text.h"

namespace win32::crt {

WINAPI int fgetc(File* file);
WINAPI int ungetc(int c, File* file);
WINAPI double strtod(const char* text, char** end);

namespace {

constexpr int kEof = -1;

class Source {
public:
    Source(const char* text, size_t length) : text_(text), length_(length) {}
    explicit Source(File* file) : file_(file) {}
    int get() {
        ++consumed_;
        if (file_) return fgetc(file_);
        if (position_ >= length_ || text_[position_] == 0) {
            ++position_;
            return kEof;
        }
        return static_cast<unsigned char>(text_[position_++]);
    }
    void unget(int c) {
        --consumed_;
        if (file_) {
            if (c != kEof) ungetc(c, file_);
            return;
        }
        --position_;
    }
    size_t consumed() const { return consumed_; }

private:
    const char* text_ = nullptr;
    size_t length_ = 0;
    size_t position_ = 0;
    File* file_ = nullptr;
    size_t consumed_ = 0;
};

bool is_space(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
int digit_value(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

void store_integer(void* target, int size, uint64_t value) {
    switch (size) {
        case -2: *static_cast<uint8_t*>(target) = static_cast<uint8_t>(value); break;
        case -1: *static_cast<uint16_t*>(target) = static_cast<uint16_t>(value); break;
        case 2: *static_cast<uint64_t*>(target) = value; break;
        default: *static_cast<uint32_t*>(target) = static_cast<uint32_t>(value); break;
    }
}

// Collects the characters of a number into `text` (at most `width`), as scanf reads them.
size_t read_integer_text(Source& in, char* text, size_t width, int& base) {
    size_t n = 0;
    int c = in.get();
    if ((c == '+' || c == '-') && n < width) text[n++] = static_cast<char>(c), c = in.get();
    if (c == '0' && n < width && (base == 0 || base == 16)) {
        text[n++] = '0';
        c = in.get();
        if ((c == 'x' || c == 'X') && n < width) {
            text[n++] = static_cast<char>(c);
            c = in.get();
            base = 16;
        } else if (base == 0) {
            base = 8;
        }
    }
    if (base == 0) base = 10;
    while (n < width && n < 126 && c != kEof && digit_value(c) < base) text[n++] = static_cast<char>(c), c = in.get();
    in.unget(c);
    text[n] = 0;
    return n;
}

size_t read_float_text(Source& in, char* text, size_t width) {
    size_t n = 0;
    int c = in.get();
    auto take = [&] {
        text[n++] = static_cast<char>(c);
        c = in.get();
    };
    if ((c == '+' || c == '-') && n < width) take();
    if (c == 'i' || c == 'I' || c == 'n' || c == 'N') {   // inf, infinity, nan
        const char* word = (c == 'i' || c == 'I') ? "infinity" : "nan";
        size_t k = 0;
        while (word[k] && n < width && n < 126 && ascii_lower(static_cast<char>(c)) == word[k]) take(), ++k;
        in.unget(c);
        text[n] = 0;
        return n;
    }
    bool hex = false;
    if (c == '0' && n < width) {
        take();
        if ((c == 'x' || c == 'X') && n < width) take(), hex = true;
    }
    int limit = hex ? 16 : 10;
    while (n < width && n < 126 && c != kEof && digit_value(c) < limit) take();
    if (c == '.' && n < width) {
        take();
        while (n < width && n < 126 && c != kEof && digit_value(c) < limit) take();
    }
    if ((hex ? (c == 'p' || c == 'P') : (c == 'e' || c == 'E')) && n < width) {
        take();
        if ((c == '+' || c == '-') && n < width) take();
        while (n < width && n < 126 && c >= '0' && c <= '9') take();
    }
    in.unget(c);
    text[n] = 0;
    return n;
}

double parse_hex_float(const char* text, char** end) {
    const char* p = text;
    bool negative = *p == '-';
    if (*p == '+' || *p == '-') ++p;
    p += 2;   // 0x
    long double value = 0;
    int exponent = 0;
    bool point = false;
    for (;; ++p) {
        if (*p == '.' && !point) {
            point = true;
            continue;
        }
        int d = digit_value(*p);
        if (d >= 16) break;
        value = value * 16 + d;
        if (point) exponent -= 4;
    }
    if (*p == 'p' || *p == 'P') {
        ++p;
        bool negative_exponent = *p == '-';
        if (*p == '+' || *p == '-') ++p;
        int e = 0;
        while (*p >= '0' && *p <= '9') e = e * 10 + (*p++ - '0');
        exponent += negative_exponent ? -e : e;
    }
    if (end) *end = const_cast<char*>(p);
    while (exponent > 0) value *= 2, --exponent;
    while (exponent < 0) value /= 2, ++exponent;
    return negative ? -static_cast<double>(value) : static_cast<double>(value);
}

// The engine. `wide` (swscanf): %s %c %[ store UTF-16 unless 'h'; otherwise wide only with 'l'/'w'.
int scan(Source& in, const char* format, WinArgs args, bool wide) {
    int assigned = 0;
    bool any_conversion = false;
    for (const char* f = format; *f; ++f) {
        if (is_space(static_cast<unsigned char>(*f))) {
            int c;
            while ((c = in.get()) != kEof && is_space(c)) {}
            in.unget(c);
            continue;
        }
        if (*f != '%' || f[1] == '%') {
            if (*f == '%') ++f;
            int c = in.get();
            if (*f == '%')
                while (is_space(c)) c = in.get();
            if (c != static_cast<unsigned char>(*f)) {
                in.unget(c);
                return c == kEof && !any_conversion ? kEof : assigned;
            }
            continue;
        }
        ++f;
        bool suppress = false;
        if (*f == '*') suppress = true, ++f;
        size_t width = 0;
        while (*f >= '0' && *f <= '9') width = width * 10 + static_cast<size_t>(*f++ - '0');
        bool has_width = width > 0;
        int size = 0;
        bool wide_char = false, narrow_char = false;
        for (bool more = true; more;) {
            switch (*f) {
                case 'h': size = size == -1 ? -2 : -1; narrow_char = true; ++f; break;
                case 'l': size = size >= 1 ? 2 : 1; wide_char = true; ++f; break;
                case 'L': size = 3; ++f; break;
                case 'w': wide_char = true; ++f; break;
                case 'j': case 'z': case 't': size = 2; ++f; break;
                case 'I':
                    if (f[1] == '6' && f[2] == '4') size = 2, f += 3;
                    else if (f[1] == '3' && f[2] == '2') size = 0, f += 3;
                    else size = 2, ++f;
                    break;
                default: more = false;
            }
        }
        char conversion = *f;
        if (!conversion) break;
        bool store_wide = wide ? !narrow_char : wide_char;
        if (conversion == 'C' || conversion == 'S') {
            store_wide = wide ? wide_char : !narrow_char;
            conversion = static_cast<char>(conversion + 32);
        }
        if (conversion == 'n') {
            if (!suppress) store_integer(reinterpret_cast<void*>(args.take()), size, in.consumed());
            continue;
        }
        if (conversion != 'c' && conversion != '[') {
            int c;
            while ((c = in.get()) != kEof && is_space(c)) {}
            in.unget(c);
        }
        if (!has_width) width = conversion == 'c' ? 1 : SIZE_MAX;
        char text[128];
        switch (conversion) {
            case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p': {
                int base = conversion == 'd' || conversion == 'u' ? 10 : conversion == 'i' ? 0
                         : conversion == 'o' ? 8 : 16;
                if (conversion == 'p') size = 2;
                size_t n = read_integer_text(in, text, width, base);
                const char* digits = text;
                bool negative = *digits == '-';
                if (*digits == '+' || *digits == '-') ++digits;
                if (base == 16 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) digits += 2;
                if (n == 0 || *digits == 0) {
                    // "0x" alone reads as 0 with the x left unread; nothing at all is a failure.
                    if (n > 0 && text[n - 1] != '+' && text[n - 1] != '-') {
                        any_conversion = true;
                        if (!suppress) store_integer(reinterpret_cast<void*>(args.take()), size, 0), ++assigned;
                        break;
                    }
                    int c = in.get();
                    in.unget(c);
                    return c == kEof && !any_conversion ? kEof : assigned;
                }
                uint64_t value = 0;
                for (; *digits; ++digits) value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(digit_value(*digits));
                if (negative) value = 0 - value;
                any_conversion = true;
                if (!suppress) store_integer(reinterpret_cast<void*>(args.take()), size, value), ++assigned;
                break;
            }
            case 'f': case 'e': case 'g': case 'a': case 'E': case 'G': case 'A': case 'F': {
                size_t n = read_float_text(in, text, width);
                const char* body = text + (text[0] == '+' || text[0] == '-');
                char* end = nullptr;
                double value = (body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) ? parse_hex_float(text, &end)
                                                                                      : strtod(text, &end);
                if (n == 0 || end == text) {
                    int c = in.get();
                    in.unget(c);
                    return c == kEof && !any_conversion ? kEof : assigned;
                }
                any_conversion = true;
                if (!suppress) {
                    void* target = reinterpret_cast<void*>(args.take());
                    if (size >= 1) *static_cast<double*>(target) = value;   // l, L (long double is double)
                    else *static_cast<float*>(target) = static_cast<float>(value);
                    ++assigned;
                }
                break;
            }
            case 's': case 'c': case '[': {
                bool set[256] = {};
                bool negate = false;
                if (conversion == '[') {
                    ++f;
                    if (*f == '^') negate = true, ++f;
                    if (*f == ']') set[static_cast<unsigned char>(']')] = true, ++f;
                    for (; *f && *f != ']'; ++f) {
                        if (f[1] == '-' && f[2] && f[2] != ']') {
                            for (int ch = static_cast<unsigned char>(f[0]); ch <= static_cast<unsigned char>(f[2]); ++ch)
                                set[ch] = true;
                            f += 2;
                        } else {
                            set[static_cast<unsigned char>(*f)] = true;
                        }
                    }
                    if (!*f) --f;
                }
                char* narrow = nullptr;
                WCHAR* wide_out = nullptr;
                if (!suppress) {
                    void* target = reinterpret_cast<void*>(args.take());
                    if (store_wide) wide_out = static_cast<WCHAR*>(target);
                    else narrow = static_cast<char*>(target);
                }
                size_t n = 0;
                int c;
                while (n < width && (c = in.get()) != kEof) {
                    bool accept = conversion == 'c' ? true : conversion == 's' ? !is_space(c) : set[c] != negate;
                    if (!accept) {
                        in.unget(c);
                        break;
                    }
                    if (narrow) narrow[n] = static_cast<char>(c);
                    if (wide_out) wide_out[n] = static_cast<WCHAR>(c);
                    ++n;
                }
                if (n == 0 || (conversion == 'c' && n < width)) {
                    if (n == 0) {
                        int next = in.get();
                        in.unget(next);
                        return next == kEof && !any_conversion ? kEof : assigned;
                    }
                }
                if (conversion != 'c') {
                    if (narrow) narrow[n] = 0;
                    if (wide_out) wide_out[n] = 0;
                }
                any_conversion = true;
                if (!suppress) ++assigned;
                break;
            }
            default: return assigned;
        }
    }
    return assigned;
}

WinArgs args_of(__builtin_ms_va_list list) { return WinArgs{reinterpret_cast<const uint64_t*>(list)}; }
WinArgs args_of_pointer(const void* list) { return WinArgs{static_cast<const uint64_t*>(list)}; }

// swscanf: the input and format as UTF-8 (ASCII conversions read the same either way).
int scan_wide_string(const WCHAR* input, size_t length, const WCHAR* format, WinArgs args) {
    size_t units = 0;
    while (units < length && input[units]) ++units;
    char* text = static_cast<char*>(malloc(units * 3 + 1));
    char* narrow_format = to_utf8(format);
    int result = kEof;
    if (text && narrow_format) {
        size_t n = utf16_to_utf8(input, units, text, units * 3);
        text[n] = 0;
        Source in(text, n);
        result = scan(in, narrow_format, args, true);
    }
    free(text);
    free(narrow_format);
    return result;
}

}  // namespace

WINAPI int vsscanf(const char* input, const char* format, const void* list) {
    Source in(input, SIZE_MAX);
    return scan(in, format, args_of_pointer(list), false);
}
WINAPI int sscanf(const char* input, const char* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    Source in(input, SIZE_MAX);
    int n = scan(in, format, args_of(list), false);
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int vfscanf(File* file, const char* format, const void* list) {
    Source in(file);
    return scan(in, format, args_of_pointer(list), false);
}
WINAPI int fscanf(File* file, const char* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    Source in(file);
    int n = scan(in, format, args_of(list), false);
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int vscanf(const char* format, const void* list) {
    Source in(&iob()[0]);
    return scan(in, format, args_of_pointer(list), false);
}
WINAPI int scanf(const char* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    Source in(&iob()[0]);
    int n = scan(in, format, args_of(list), false);
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int swscanf(const WCHAR* input, const WCHAR* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = scan_wide_string(input, SIZE_MAX, format, args_of(list));
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int vswscanf(const WCHAR* input, const WCHAR* format, const void* list) {
    return scan_wide_string(input, SIZE_MAX, format, args_of_pointer(list));
}
// ucrt: (options, buffer, buffer_count, format, locale, va_list); SIZE_MAX count = NUL-terminated.
WINAPI int __stdio_common_vsscanf(uint64_t, const char* input, size_t length, const char* format, void*,
                                  const void* list) {
    Source in(input, length);
    return scan(in, format, args_of_pointer(list), false);
}
WINAPI int __stdio_common_vswscanf(uint64_t, const WCHAR* input, size_t length, const WCHAR* format, void*,
                                   const void* list) {
    return scan_wide_string(input, length, format, args_of_pointer(list));
}
WINAPI int __stdio_common_vfscanf(uint64_t, File* file, const char* format, void*, const void* list) {
    Source in(file);
    return scan(in, format, args_of_pointer(list), false);
}

// Wide scanning of a FILE: the file's bytes are multibyte (UTF-8) text, read with the format
// converted to UTF-8; %s/%c/%[ store wide strings as in swscanf.
namespace {
int scan_file_wide(File* file, const WCHAR* format, WinArgs args) {
    char* narrow_format = format ? to_utf8(format) : nullptr;
    if (!narrow_format) return kEof;
    Source in(file);
    int n = scan(in, narrow_format, args, true);
    free(narrow_format);
    return n;
}
}  // namespace
WINAPI int vfwscanf(File* file, const WCHAR* format, const void* list) {
    return scan_file_wide(file, format, args_of_pointer(list));
}
WINAPI int fwscanf(File* file, const WCHAR* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = scan_file_wide(file, format, args_of(list));
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int vwscanf(const WCHAR* format, const void* list) { return scan_file_wide(&iob()[0], format, args_of_pointer(list)); }
WINAPI int wscanf(const WCHAR* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = scan_file_wide(&iob()[0], format, args_of(list));
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int __stdio_common_vfwscanf(uint64_t, File* file, const WCHAR* format, void*, const void* list) {
    return scan_file_wide(file, format, args_of_pointer(list));
}
// _snscanf/_snwscanf: at most `length` characters of the input.
WINAPI int _snscanf(const char* input, size_t length, const char* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    Source in(input, length);
    int n = scan(in, format, args_of(list), false);
    __builtin_ms_va_end(list);
    return n;
}
WINAPI int _snwscanf(const WCHAR* input, size_t length, const WCHAR* format, ...) {
    __builtin_ms_va_list list;
    __builtin_ms_va_start(list, format);
    int n = scan_wide_string(input, length, format, args_of(list));
    __builtin_ms_va_end(list);
    return n;
}

WIN32_EXPORT_TABLE(msvcrt_scanf_exports,
    WIN32_EXPORT(vsscanf), WIN32_EXPORT(sscanf), WIN32_EXPORT(vfscanf), WIN32_EXPORT(fscanf), WIN32_EXPORT(vscanf),
    WIN32_EXPORT(scanf), WIN32_EXPORT(swscanf), WIN32_EXPORT(vswscanf),
    WIN32_EXPORT(__stdio_common_vsscanf), WIN32_EXPORT(__stdio_common_vswscanf),
    WIN32_EXPORT(__stdio_common_vfscanf), WIN32_EXPORT(vfwscanf), WIN32_EXPORT(fwscanf), WIN32_EXPORT(vwscanf),
    WIN32_EXPORT(wscanf), WIN32_EXPORT(__stdio_common_vfwscanf), WIN32_EXPORT(_snscanf), WIN32_EXPORT(_snwscanf));

}  // namespace win32::crt
