#include "support/printf.h"

#include <libos/libc.h>

#include "support/float_conversion.h"
#include "support/text.h"

namespace win32 {
namespace {

struct Spec {
    bool left = false, plus = false, space = false, alternate = false, zero = false;
    int width = 0;
    int precision = -1;
    int size = 0;   // 0 int, 1 long (32-bit on Windows), 2 64-bit, -1 short, -2 char, 3 wide-char marker
};

class Writer {
public:
    explicit Writer(TextSink& sink) : sink_(sink) {}
    void put(const char* text, size_t length) {
        if (length) sink_.put(text, length);
        count_ += length;
    }
    void repeat(char c, int times) {
        char chunk[32];
        memset(chunk, c, sizeof chunk);
        while (times > 0) {
            int n = times < 32 ? times : 32;
            put(chunk, static_cast<size_t>(n));
            times -= n;
        }
    }
    // Pads `body` (with an optional sign/prefix that zero padding goes after) to the width.
    void field(const Spec& spec, const char* prefix, size_t prefix_length, const char* body, size_t length,
               bool zero_pad_allowed = true) {
        int pad = spec.width - static_cast<int>(prefix_length + length);
        if (pad < 0) pad = 0;
        if (!spec.left && !(spec.zero && zero_pad_allowed)) repeat(' ', pad);
        put(prefix, prefix_length);
        if (!spec.left && spec.zero && zero_pad_allowed) repeat('0', pad);
        put(body, length);
        if (spec.left) repeat(' ', pad);
    }
    size_t count() const { return count_; }

private:
    TextSink& sink_;
    size_t count_ = 0;
};

void format_integer(Writer& out, const Spec& spec, uint64_t value, bool negative, unsigned base, bool upper,
                    char conversion) {
    char digits[72];
    int n = 0;
    const char* alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    while (value) {
        digits[sizeof digits - 1 - n++] = alphabet[value % base];
        value /= base;
    }
    int minimum = spec.precision < 0 ? 1 : spec.precision;
    while (n < minimum && n < 64) digits[sizeof digits - 1 - n++] = '0';
    char prefix[4];
    size_t prefix_length = 0;
    if (negative) prefix[prefix_length++] = '-';
    else if (spec.plus && conversion == 'd') prefix[prefix_length++] = '+';
    else if (spec.space && conversion == 'd') prefix[prefix_length++] = ' ';
    if (spec.alternate && base == 16 && n > 0 && !(n == 1 && digits[sizeof digits - 1] == '0' && minimum == 1)) {
        prefix[prefix_length++] = '0';
        prefix[prefix_length++] = upper ? 'X' : 'x';
    }
    if (spec.alternate && base == 8 && digits[sizeof digits - n] != '0') digits[sizeof digits - 1 - n++] = '0';
    out.field(spec, prefix, prefix_length, digits + sizeof digits - n, static_cast<size_t>(n), spec.precision < 0);
}

char digit_at(const Decimal& d, int index) { return index >= 0 && index < d.count ? d.digits[index] : '0'; }

void format_float(Writer& out, Spec spec, double value, char conversion, PrintfFlavor flavor) {
    bool upper = conversion >= 'A' && conversion <= 'Z';
    char lower = static_cast<char>(upper ? conversion + 32 : conversion);
    bool negative = __builtin_signbit(value);
    if (negative) value = -value;
    char prefix[2];
    size_t prefix_length = 0;
    if (negative) prefix[prefix_length++] = '-';
    else if (spec.plus) prefix[prefix_length++] = '+';
    else if (spec.space) prefix[prefix_length++] = ' ';
    if (__builtin_isnan(value) || __builtin_isinf(value)) {
        uint64_t bits;
        memcpy(&bits, &value, 8);   // sign already cleared
        bool indefinite = negative && __builtin_isnan(value) && bits == 0x7ff8000000000000ull;
        if (!flavor.legacy_special_values) {
            const char* text = __builtin_isinf(value) ? "inf"
                             : indefinite             ? "nan(ind)"
                             : (bits & 0x0008000000000000ull) == 0 ? "nan(snan)"
                                                                   : "nan";
            char spelled[12];
            size_t length = strlen(text);
            for (size_t i = 0; i < length; ++i)
                spelled[i] = upper && text[i] >= 'a' && text[i] <= 'z' ? static_cast<char>(text[i] - 32) : text[i];
            out.field(spec, prefix, prefix_length, spelled, length, false);
            return;
        }
        // msvcrt formats "1.#INF" like the digits of a number: "#INF" is the fraction,
        // padded with zeros or cut to the precision (rounding the last kept character up).
        const char* fraction = __builtin_isinf(value) ? "#INF" : indefinite ? "#IND" : "#QNAN";
        int fraction_length = static_cast<int>(strlen(fraction));
        int precision = spec.precision < 0 ? 6 : spec.precision;
        if (precision > 100) precision = 100;
        if (lower == 'g' || lower == 'a') precision = precision == 0 ? 0 : precision - 1;
        char body[128];
        int n = 0;
        body[n++] = '1';
        if (precision > 0 || spec.alternate) body[n++] = '.';
        for (int i = 0; i < precision; ++i) body[n++] = i < fraction_length ? fraction[i] : '0';
        if (precision > 0 && precision < fraction_length) ++body[n - 1];
        if (lower == 'g' || lower == 'a') {
            while (body[n - 1] == '0') --n;
        } else if (lower == 'e') {
            body[n++] = upper ? 'E' : 'e';
            body[n++] = '+';
            body[n++] = '0';
            body[n++] = '0';
            if (flavor.three_digit_exponent) body[n++] = '0';
        }
        out.field(spec, prefix, prefix_length, body, static_cast<size_t>(n));
        return;
    }
    static char body[900];
    int n = 0;
    int precision = spec.precision < 0 ? 6 : spec.precision;
    if (precision > 500) precision = 500;
    static Decimal d;
    exact_decimal(value, d);
    bool half_away = flavor.legacy_rounding;
    // msvcrt converts to 17 significant digits first; everything after them prints as 0.
    if (flavor.legacy_rounding) round_decimal(d, 17, true);
    bool strip_zeros = false;
    if (lower == 'g') {
        if (precision == 0) precision = 1;
        Decimal probe = d;
        round_decimal(probe, precision, half_away);
        int exponent = value == 0 ? 0 : probe.point - 1;
        strip_zeros = !spec.alternate;
        if (exponent < -4 || exponent >= precision) {
            lower = 'e';
            precision -= 1;
        } else {
            lower = 'f';
            precision -= exponent + 1;
        }
    }
    if (lower == 'f') {
        round_decimal(d, d.point + precision, half_away);
        int integer_digits = d.point > 0 ? d.point : 1;
        for (int i = 0; i < integer_digits; ++i) body[n++] = d.point > 0 ? digit_at(d, i) : '0';
        if (precision > 0 || spec.alternate) body[n++] = '.';
        for (int i = 0; i < precision; ++i) body[n++] = digit_at(d, d.point + i);
    } else if (lower == 'e') {
        round_decimal(d, precision + 1, half_away);
        int exponent = value == 0 ? 0 : d.point - 1;
        body[n++] = digit_at(d, 0);
        if (precision > 0 || spec.alternate) body[n++] = '.';
        for (int i = 0; i < precision; ++i) body[n++] = digit_at(d, 1 + i);
        if (strip_zeros) {
            while (n > 0 && body[n - 1] == '0') --n;
            if (n > 0 && body[n - 1] == '.') --n;
            strip_zeros = false;
        }
        body[n++] = upper ? 'E' : 'e';
        body[n++] = exponent < 0 ? '-' : '+';
        int e = exponent < 0 ? -exponent : exponent;
        if (e >= 100 || flavor.three_digit_exponent) body[n++] = static_cast<char>('0' + e / 100);
        body[n++] = static_cast<char>('0' + e / 10 % 10);
        body[n++] = static_cast<char>('0' + e % 10);
    } else {   // 'a'
        uint64_t bits;
        memcpy(&bits, &value, 8);
        int exponent = static_cast<int>((bits >> 52) & 0x7ff);
        uint64_t mantissa = bits & ((1ull << 52) - 1);
        body[n++] = '0';
        body[n++] = upper ? 'X' : 'x';
        body[n++] = exponent == 0 ? '0' : '1';
        exponent = exponent == 0 ? (mantissa ? -1022 : 0) : exponent - 1023;
        int hex_digits = spec.precision < 0 ? 13 : (spec.precision > 13 ? 13 : spec.precision);
        if (spec.precision < 0)
            while (hex_digits > 0 && ((mantissa >> (4 * (13 - hex_digits))) & 0xf) == 0) --hex_digits;
        if (hex_digits > 0 || spec.alternate) body[n++] = '.';
        for (int i = 0; i < hex_digits; ++i)
            body[n++] = (upper ? "0123456789ABCDEF" : "0123456789abcdef")[(mantissa >> (48 - 4 * i)) & 0xf];
        body[n++] = upper ? 'P' : 'p';
        body[n++] = exponent < 0 ? '-' : '+';
        int e = exponent < 0 ? -exponent : exponent;
        char digits[8];
        int k = 0;
        do digits[k++] = static_cast<char>('0' + e % 10), e /= 10; while (e);
        while (k) body[n++] = digits[--k];
    }
    if (strip_zeros) {
        bool has_point = false;
        for (int i = 0; i < n; ++i) has_point |= body[i] == '.';
        if (has_point) {
            while (n > 0 && body[n - 1] == '0') --n;
            if (n > 0 && body[n - 1] == '.') --n;
        }
    }
    out.field(spec, prefix, prefix_length, body, static_cast<size_t>(n));
}

void format_string(Writer& out, const Spec& spec, const void* text, bool wide) {
    if (text == nullptr) {
        text = wide ? static_cast<const void*>(u"(null)") : "(null)";
    }
    if (!wide) {
        const char* s = static_cast<const char*>(text);
        size_t length = 0;
        while ((spec.precision < 0 || length < static_cast<size_t>(spec.precision)) && s[length]) ++length;
        out.field(spec, "", 0, s, length, false);
        return;
    }
    const auto* w = static_cast<const wchar*>(text);
    size_t units = 0;
    while (w[units]) ++units;
    size_t bytes = utf16_to_utf8(w, units, nullptr, 0);
    char stack_buffer[256];
    char* buffer = bytes <= sizeof stack_buffer ? stack_buffer : static_cast<char*>(malloc(bytes));
    if (!buffer) return;
    utf16_to_utf8(w, units, buffer, bytes);
    // Precision counts characters written; with UTF-8 output count bytes (a close enough rule).
    if (spec.precision >= 0 && static_cast<size_t>(spec.precision) < bytes) bytes = static_cast<size_t>(spec.precision);
    out.field(spec, "", 0, buffer, bytes, false);
    if (buffer != stack_buffer) free(buffer);
}

class BufferSink final : public TextSink {
public:
    BufferSink(char* buffer, size_t capacity) : buffer_(buffer), capacity_(capacity) {}
    void put(const char* text, size_t length) override {
        for (size_t i = 0; i < length; ++i, ++used_)
            if (capacity_ && used_ < capacity_ - 1) buffer_[used_] = text[i];
    }
    void finish() {
        if (capacity_) buffer_[used_ < capacity_ - 1 ? used_ : capacity_ - 1] = '\0';
    }

private:
    char* buffer_;
    size_t capacity_;
    size_t used_ = 0;
};

}  // namespace

size_t format_windows(TextSink& sink, const char* format, WinArgs args, bool wide_strings, PrintfFlavor flavor) {
    Writer out(sink);
    const char* p = format;
    while (*p) {
        const char* literal = p;
        while (*p && *p != '%') ++p;
        out.put(literal, static_cast<size_t>(p - literal));
        if (!*p) break;
        const char* start = p++;
        Spec spec;
        for (;; ++p) {
            if (*p == '-') spec.left = true;
            else if (*p == '+') spec.plus = true;
            else if (*p == ' ') spec.space = true;
            else if (*p == '#') spec.alternate = true;
            else if (*p == '0') spec.zero = true;
            else break;
        }
        if (*p == '*') {
            spec.width = static_cast<int>(args.take());
            if (spec.width < 0) spec.left = true, spec.width = -spec.width;
            ++p;
        } else {
            while (*p >= '0' && *p <= '9') spec.width = spec.width * 10 + (*p++ - '0');
        }
        if (*p == '.') {
            ++p;
            spec.precision = 0;
            if (*p == '*') {
                spec.precision = static_cast<int>(args.take());
                ++p;
            } else {
                while (*p >= '0' && *p <= '9') spec.precision = spec.precision * 10 + (*p++ - '0');
            }
        }
        bool wide_char = false, narrow_char = false;
        for (bool more = true; more;) {
            switch (*p) {
                case 'h': spec.size = spec.size == -1 ? -2 : -1; narrow_char = true; ++p; break;
                case 'l': spec.size = spec.size >= 1 ? 2 : 1; wide_char = true; ++p; break;
                case 'L': ++p; break;
                case 'w': wide_char = true; ++p; break;
                case 'q': case 'j': spec.size = 2; ++p; break;
                case 'z': case 't': spec.size = 2; ++p; break;
                case 'I':
                    if (p[1] == '6' && p[2] == '4') spec.size = 2, p += 3;
                    else if (p[1] == '3' && p[2] == '2') spec.size = 0, p += 3;
                    else spec.size = 2, ++p;
                    break;
                default: more = false;
            }
        }
        char c = *p ? *p++ : '\0';
        auto signed_value = [&]() -> int64_t {
            uint64_t raw = args.take();
            switch (spec.size) {
                case -2: return static_cast<signed char>(raw);
                case -1: return static_cast<short>(raw);
                case 2: return static_cast<int64_t>(raw);
                default: return static_cast<int32_t>(raw);   // int and long are 32-bit on Windows
            }
        };
        auto unsigned_value = [&]() -> uint64_t {
            uint64_t raw = args.take();
            switch (spec.size) {
                case -2: return static_cast<unsigned char>(raw);
                case -1: return static_cast<unsigned short>(raw);
                case 2: return raw;
                default: return static_cast<uint32_t>(raw);
            }
        };
        switch (c) {
            case 'd': case 'i': {
                int64_t v = signed_value();
                format_integer(out, spec, v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v), v < 0, 10,
                               false, 'd');
                break;
            }
            case 'u': format_integer(out, spec, unsigned_value(), false, 10, false, 'u'); break;
            case 'o': format_integer(out, spec, unsigned_value(), false, 8, false, 'o'); break;
            case 'x': format_integer(out, spec, unsigned_value(), false, 16, false, 'x'); break;
            case 'X': format_integer(out, spec, unsigned_value(), false, 16, true, 'X'); break;
            case 'p': {
                Spec pointer = spec;
                pointer.precision = 16;   // msvcrt: 16 upper-case hex digits, no prefix
                format_integer(out, pointer, args.take(), false, 16, true, 'p');
                break;
            }
            case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
                format_float(out, spec, args.take_double(), c, flavor);
                break;
            case 'c': case 'C': {
                bool wide = c == 'C' ? !narrow_char : (wide_char || (wide_strings && !narrow_char));
                uint64_t raw = args.take();
                if (wide) {
                    wchar unit = static_cast<wchar>(raw);
                    char utf8[4];
                    size_t n = utf16_to_utf8(&unit, 1, utf8, sizeof utf8);
                    out.field(spec, "", 0, utf8, n, false);
                } else {
                    char ch = static_cast<char>(raw);
                    out.field(spec, "", 0, &ch, 1, false);
                }
                break;
            }
            case 's': case 'S': {
                bool wide = c == 'S' ? !narrow_char && !(wide_strings && !wide_char) : (wide_char || (wide_strings && !narrow_char));
                if (c == 'S' && !wide_strings) wide = !narrow_char;
                format_string(out, spec, reinterpret_cast<const void*>(args.take()), wide);
                break;
            }
            case 'n': args.take(); break;   // refused, as modern runtimes do by default
            case '%': out.put("%", 1); break;
            default: out.put(start, static_cast<size_t>(p - start)); break;
        }
    }
    return out.count();
}

size_t format_to_buffer(char* buffer, size_t capacity, const char* format, WinArgs args, bool wide_strings,
                        PrintfFlavor flavor) {
    BufferSink sink(buffer, capacity);
    size_t n = format_windows(sink, format, args, wide_strings, flavor);
    sink.finish();
    return n;
}

}  // namespace win32
