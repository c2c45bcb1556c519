#include <libos/format.h>

#include <stdint.h>

namespace libos {
namespace {

// Counts what passes through, so callers learn the full length even when output is clipped.
class CountingSink {
public:
    explicit CountingSink(FormatSink& sink) : sink_(sink) {}
    void write(const char* text, size_t length) {
        if (length == 0) return;
        sink_.write(text, length);
        count_ += length;
    }
    void repeat(char c, size_t times) {
        char chunk[16];
        for (char& slot : chunk) slot = c;
        while (times > 0) {
            size_t n = times < sizeof chunk ? times : sizeof chunk;
            write(chunk, n);
            times -= n;
        }
    }
    size_t count() const { return count_; }

private:
    FormatSink& sink_;
    size_t count_ = 0;
};

struct Spec {
    bool left_align = false;
    bool zero_pad = false;
    bool plus = false;
    bool space = false;
    bool alternate = false;
    size_t width = 0;
    int precision = -1;   // -1: none given
};

size_t string_length(const char* s, size_t limit) {
    size_t n = 0;
    while (n < limit && s[n] != '\0') ++n;
    return n;
}

void emit_padded(CountingSink& out, const Spec& spec, const char* text, size_t length) {
    size_t pad = spec.width > length ? spec.width - length : 0;
    if (!spec.left_align) out.repeat(' ', pad);
    out.write(text, length);
    if (spec.left_align) out.repeat(' ', pad);
}

void emit_number(CountingSink& out, Spec spec, uint64_t magnitude, bool negative,
                 unsigned base, bool upper, const char* prefix) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buffer[24];
    size_t length = 0;
    do {
        buffer[sizeof buffer - 1 - length++] = digits[magnitude % base];
        magnitude /= base;
    } while (magnitude != 0);
    if (spec.precision == 0 && length == 1 && buffer[sizeof buffer - 1] == '0') length = 0;
    const char* body = buffer + sizeof buffer - length;

    char sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '\0';
    size_t prefix_length = string_length(prefix, 2);
    size_t precision_zeros =
        spec.precision > 0 && static_cast<size_t>(spec.precision) > length
            ? static_cast<size_t>(spec.precision) - length : 0;
    size_t total = (sign ? 1 : 0) + prefix_length + precision_zeros + length;
    size_t pad = spec.width > total ? spec.width - total : 0;
    bool zero_fill = spec.zero_pad && !spec.left_align && spec.precision < 0;

    if (!spec.left_align && !zero_fill) out.repeat(' ', pad);
    if (sign) out.write(&sign, 1);
    out.write(prefix, prefix_length);
    if (zero_fill) out.repeat('0', pad);
    out.repeat('0', precision_zeros);
    out.write(body, length);
    if (spec.left_align) out.repeat(' ', pad);
}

enum class Length { none, hh, h, l, ll, z, t, j };

uint64_t fetch_unsigned(va_list& args, Length length) {
    switch (length) {
    case Length::hh: return static_cast<unsigned char>(va_arg(args, unsigned));
    case Length::h: return static_cast<unsigned short>(va_arg(args, unsigned));
    case Length::l: return va_arg(args, unsigned long);
    case Length::ll: return va_arg(args, unsigned long long);
    case Length::z: return va_arg(args, size_t);
    case Length::t: return static_cast<uint64_t>(va_arg(args, ptrdiff_t));
    case Length::j: return va_arg(args, uintmax_t);
    case Length::none: break;
    }
    return va_arg(args, unsigned);
}

int64_t fetch_signed(va_list& args, Length length) {
    switch (length) {
    case Length::hh: return static_cast<signed char>(va_arg(args, int));
    case Length::h: return static_cast<short>(va_arg(args, int));
    case Length::l: return va_arg(args, long);
    case Length::ll: return va_arg(args, long long);
    case Length::z: return static_cast<int64_t>(va_arg(args, size_t));
    case Length::t: return va_arg(args, ptrdiff_t);
    case Length::j: return va_arg(args, intmax_t);
    case Length::none: break;
    }
    return va_arg(args, int);
}

}  // namespace

size_t vformat_to(FormatSink& sink, const char* fmt, va_list incoming) {
    CountingSink out(sink);
    va_list args;
    va_copy(args, incoming);

    while (*fmt != '\0') {
        if (*fmt != '%') {
            const char* run = fmt;
            while (*fmt != '\0' && *fmt != '%') ++fmt;
            out.write(run, static_cast<size_t>(fmt - run));
            continue;
        }
        const char* directive = fmt++;
        Spec spec;
        for (;; ++fmt) {
            if (*fmt == '-') spec.left_align = true;
            else if (*fmt == '0') spec.zero_pad = true;
            else if (*fmt == '+') spec.plus = true;
            else if (*fmt == ' ') spec.space = true;
            else if (*fmt == '#') spec.alternate = true;
            else break;
        }
        if (*fmt == '*') {
            int width = va_arg(args, int);
            if (width < 0) { spec.left_align = true; width = -width; }
            spec.width = static_cast<size_t>(width);
            ++fmt;
        } else {
            while (*fmt >= '0' && *fmt <= '9') spec.width = spec.width * 10 + size_t(*fmt++ - '0');
        }
        if (*fmt == '.') {
            ++fmt;
            spec.precision = 0;
            if (*fmt == '*') {
                int precision = va_arg(args, int);
                spec.precision = precision < 0 ? -1 : precision;
                ++fmt;
            } else {
                while (*fmt >= '0' && *fmt <= '9') spec.precision = spec.precision * 10 + (*fmt++ - '0');
            }
        }
        Length length = Length::none;
        if (*fmt == 'h') { ++fmt; length = Length::h; if (*fmt == 'h') { ++fmt; length = Length::hh; } }
        else if (*fmt == 'l') { ++fmt; length = Length::l; if (*fmt == 'l') { ++fmt; length = Length::ll; } }
        else if (*fmt == 'z') { ++fmt; length = Length::z; }
        else if (*fmt == 't') { ++fmt; length = Length::t; }
        else if (*fmt == 'j') { ++fmt; length = Length::j; }

        char conversion = *fmt;
        if (conversion != '\0') ++fmt;
        switch (conversion) {
        case 'd':
        case 'i': {
            int64_t value = fetch_signed(args, length);
            uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
            emit_number(out, spec, magnitude, value < 0, 10, false, "");
            break;
        }
        case 'u': emit_number(out, spec, fetch_unsigned(args, length), false, 10, false, ""); break;
        case 'o': emit_number(out, spec, fetch_unsigned(args, length), false, 8, false, spec.alternate ? "0" : ""); break;
        case 'x':
        case 'X': {
            uint64_t value = fetch_unsigned(args, length);
            const char* prefix = spec.alternate && value != 0 ? (conversion == 'x' ? "0x" : "0X") : "";
            emit_number(out, spec, value, false, 16, conversion == 'X', prefix);
            break;
        }
        case 'p': {
            auto value = reinterpret_cast<uintptr_t>(va_arg(args, void*));
            emit_number(out, spec, value, false, 16, false, "0x");
            break;
        }
        case 'c': {
            char c = static_cast<char>(va_arg(args, int));
            emit_padded(out, spec, &c, 1);
            break;
        }
        case 's': {
            const char* s = va_arg(args, const char*);
            if (s == nullptr) s = "(null)";
            size_t limit = spec.precision >= 0 ? static_cast<size_t>(spec.precision) : SIZE_MAX;
            emit_padded(out, spec, s, string_length(s, limit));
            break;
        }
        case '%': out.write("%", 1); break;
        default:
            // Unknown conversion: show it verbatim rather than guess what was meant.
            out.write(directive, static_cast<size_t>(fmt - directive));
            break;
        }
    }
    va_end(args);
    return out.count();
}

namespace {

class BufferSink final : public FormatSink {
public:
    BufferSink(char* buffer, size_t capacity) : buffer_(buffer), capacity_(capacity) {}
    void write(const char* text, size_t length) override {
        for (size_t i = 0; i < length && used_ + 1 < capacity_; ++i) buffer_[used_++] = text[i];
    }
    void terminate() {
        if (capacity_ > 0) buffer_[used_] = '\0';
    }

private:
    char* buffer_;
    size_t capacity_;
    size_t used_ = 0;
};

}  // namespace

size_t vformat(char* buffer, size_t capacity, const char* fmt, va_list args) {
    BufferSink sink(buffer, capacity);
    size_t length = vformat_to(sink, fmt, args);
    sink.terminate();
    return length;
}

size_t format(char* buffer, size_t capacity, const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    size_t length = vformat(buffer, capacity, fmt, args);
    va_end(args);
    return length;
}

}  // namespace libos
