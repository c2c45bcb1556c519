#include <libos/console.h>

#include <libos/format.h>
#include <libos/hypercall.h>

#include <stdarg.h>

namespace libos {
namespace {

using hypercall::Stream;

// Collects formatted text and hands it to the monitor in as few hypercalls as possible.
class ConsoleSink final : public FormatSink {
public:
    explicit ConsoleSink(Stream stream) : stream_(stream) {}
    ~ConsoleSink() { flush(); }
    ConsoleSink(const ConsoleSink&) = delete;
    ConsoleSink& operator=(const ConsoleSink&) = delete;

    void write(const char* text, size_t length) override {
        while (length > 0) {
            if (used_ == sizeof buffer_) flush();
            size_t n = sizeof buffer_ - used_;
            if (n > length) n = length;
            for (size_t i = 0; i < n; ++i) buffer_[used_ + i] = text[i];
            used_ += n;
            text += n;
            length -= n;
        }
    }

private:
    void flush() {
        if (used_ > 0) hypercall::console_write(stream_, buffer_, used_);
        used_ = 0;
    }

    Stream stream_;
    size_t used_ = 0;
    char buffer_[512];
};

}  // namespace

void print(const char* fmt, ...) {
    ConsoleSink sink(Stream::out);
    va_list args;
    va_start(args, fmt);
    vformat_to(sink, fmt, args);
    va_end(args);
}

void eprint(const char* fmt, ...) {
    ConsoleSink sink(Stream::err);
    va_list args;
    va_start(args, fmt);
    vformat_to(sink, fmt, args);
    va_end(args);
}

void write_stdout(const char* text, size_t length) {
    hypercall::console_write(Stream::out, text, length);
}

void write_stderr(const char* text, size_t length) {
    hypercall::console_write(Stream::err, text, length);
}

}  // namespace libos
