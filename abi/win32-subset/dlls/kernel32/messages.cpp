// FormatMessageA/W: message text from a string (FORMAT_MESSAGE_FROM_STRING) or from the
// system's table (FROM_SYSTEM: the texts Windows gives for the error codes celda reports),
// with inserts %1..%99 (optionally %n!printf-format!, default !s!), %0 %n %% %. %! %space,
// FORMAT_MESSAGE_ALLOCATE_BUFFER (LocalAlloc), ARGUMENT_ARRAY, IGNORE_INSERTS and
// MAX_WIDTH_MASK 0xFF (the text's own line breaks dropped). Message-table resources of a module
// (FROM_HMODULE) are not read: ERROR_RESOURCE_TYPE_NOT_FOUND.
#include <libos/libc.h>

#include "dlls/kernel32/kernel32.h"
#include "process/thread.h"
#include "registry/registry.h"
#include "support/printf.h"
#include "support/text.h"

namespace win32::kernel32 {

WINAPI void* LocalAlloc(UINT flags, SIZE_T bytes);   // memory.cpp

namespace {

constexpr DWORD kAllocateBuffer = 0x100, kIgnoreInserts = 0x200, kFromString = 0x400, kFromModule = 0x800,
                kFromSystem = 0x1000, kArgumentArray = 0x2000, kMaxWidthMask = 0xff;
constexpr DWORD kErrorMessageNotFound = 317, kErrorResourceTypeNotFound = 1813;

struct SystemMessage {
    DWORD code;
    const char* text;
};
// Windows' English texts (each ends with CR LF, as FormatMessage returns them).
constexpr SystemMessage kSystemMessages[] = {
    {0, "The operation completed successfully."},
    {1, "Incorrect function."},
    {2, "The system cannot find the file specified."},
    {3, "The system cannot find the path specified."},
    {4, "The system cannot open the file."},
    {5, "Access is denied."},
    {6, "The handle is invalid."},
    {8, "Not enough memory resources are available to process this command."},
    {13, "The data is invalid."},
    {14, "Not enough memory resources are available to complete this operation."},
    {17, "The system cannot move the file to a different disk drive."},
    {18, "There are no more files."},
    {31, "A device attached to the system is not functioning."},
    {32, "The process cannot access the file because it is being used by another process."},
    {38, "Reached the end of the file."},
    {50, "The request is not supported."},
    {53, "The network path was not found."},
    {80, "The file exists."},
    {87, "The parameter is incorrect."},
    {109, "The pipe has been ended."},
    {111, "The file name is too long."},
    {112, "There is not enough space on the disk."},
    {120, "This function is not supported on this system."},
    {122, "The data area passed to a system call is too small."},
    {123, "The filename, directory name, or volume label syntax is incorrect."},
    {126, "The specified module could not be found."},
    {127, "The specified procedure could not be found."},
    {131, "An attempt was made to move the file pointer before the beginning of the file."},
    {145, "The directory is not empty."},
    {161, "The specified path is invalid."},
    {183, "Cannot create a file when that file already exists."},
    {203, "The system could not find the environment option that was entered."},
    {206, "The filename or extension is too long."},
    {258, "The wait operation timed out."},
    {267, "The directory name is invalid."},
    {288, "Attempt to release mutex not owned by caller."},
    {298, "Too many posts were made to a semaphore."},
    {487, "Attempt to access invalid address."},
    {998, "Invalid access to memory location."},
    {1004, "Invalid flags."},
    {1113, "No mapping for the Unicode character exists in the target multi-byte code page."},
    {1814, "The specified resource name cannot be found in the image file."},
};

const char* system_message(DWORD code) {
    for (const SystemMessage& m : kSystemMessages)
        if (m.code == code) return m.text;
    return nullptr;
}

class Buffer final : public TextSink {
public:
    ~Buffer() { ::free(data_); }
    void put(const char* text, size_t length) override {
        if (size_ + length + 1 > capacity_) {
            size_t grown = (size_ + length + 1) * 2;
            auto* bigger = static_cast<char*>(::realloc(data_, grown));
            if (!bigger) return;
            data_ = bigger;
            capacity_ = grown;
        }
        ::memcpy(data_ + size_, text, length);
        size_ += length;
        data_[size_] = 0;
    }
    void put(const char* text) { put(text, ::strlen(text)); }
    const char* text() const { return data_ ? data_ : ""; }
    size_t size() const { return size_; }

private:
    char* data_ = nullptr;
    size_t size_ = 0, capacity_ = 0;
};

// Expands `text` (UTF-8) into `out`. `args`: 8-byte slots (a va_list or an argument array).
void expand(const char* text, DWORD flags, const uint64_t* args, bool wide, Buffer& out) {
    bool drop_breaks = (flags & kMaxWidthMask) == kMaxWidthMask;
    for (const char* p = text; *p;) {
        if (drop_breaks && (*p == '\r' || *p == '\n')) {
            ++p;
            continue;
        }
        if (*p != '%') {
            const char* run = p;
            while (*p && *p != '%' && !(drop_breaks && (*p == '\r' || *p == '\n'))) ++p;
            out.put(run, static_cast<size_t>(p - run));
            continue;
        }
        char c = p[1];
        if (c == 0) break;
        if (c == '0') return;   // end of message, no trailing newline
        if (c == 'n') {
            out.put("\r\n");
            p += 2;
            continue;
        }
        if (c >= '1' && c <= '9') {
            int index = c - '0';
            const char* q = p + 2;
            if (*q >= '0' && *q <= '9') index = index * 10 + (*q++ - '0');
            char spec[32] = "%s";
            if (*q == '!') {
                const char* end = q + 1;
                while (*end && *end != '!') ++end;
                size_t n = static_cast<size_t>(end - q - 1);
                if (n + 2 < sizeof spec) {
                    spec[0] = '%';
                    ::memcpy(spec + 1, q + 1, n);
                    spec[n + 1] = 0;
                }
                q = *end ? end + 1 : end;
            }
            if ((flags & kIgnoreInserts) || !args) {
                out.put(p, static_cast<size_t>(q - p));   // the insert stays as written
            } else {
                format_windows(out, spec, WinArgs{args + (index - 1)}, wide);
            }
            p = q;
            continue;
        }
        // %% %. %! %space (and any other escaped character): the character itself.
        if (flags & kIgnoreInserts) {
            out.put(p, 2);
        } else {
            char one[2] = {c, 0};
            out.put(one);
        }
        p += 2;
    }
}

DWORD format_message(DWORD flags, const char* source_text, DWORD id, void* buffer, DWORD size, const void* args,
                     bool wide) {
    const char* text = nullptr;
    if (flags & kFromString) {
        text = source_text;
    } else if (flags & kFromSystem) {
        text = system_message(id);
        if (!text) {
            last_error() = kErrorMessageNotFound;
            return 0;
        }
    } else {
        last_error() = (flags & kFromModule) ? kErrorResourceTypeNotFound : ERROR_INVALID_PARAMETER;
        return 0;
    }
    if (!text || !buffer) {
        last_error() = ERROR_INVALID_PARAMETER;
        return 0;
    }
    const uint64_t* slots = nullptr;
    if (args) {
        // A va_list* (its value points at the slots) unless ARGUMENT_ARRAY (the slots themselves).
        slots = (flags & kArgumentArray) ? static_cast<const uint64_t*>(args)
                                         : *static_cast<const uint64_t* const*>(args);
    }
    Buffer out;
    if (!(flags & kFromString)) {
        Buffer system_text;
        system_text.put(text);
        system_text.put("\r\n");
        expand(system_text.text(), flags, slots, wide, out);
    } else {
        expand(text, flags, slots, wide, out);
    }
    // Out in the caller's width.
    size_t units = wide ? utf8_to_utf16(out.text(), out.size(), nullptr, 0) : out.size();
    if (flags & kAllocateBuffer) {
        size_t bytes = ((units + 1 > size ? units + 1 : size)) * (wide ? 2 : 1);
        void* block = LocalAlloc(0, bytes);
        if (!block) {
            last_error() = ERROR_NOT_ENOUGH_MEMORY;
            return 0;
        }
        *static_cast<void**>(buffer) = block;
        buffer = block;
    } else if (units + 1 > size) {
        last_error() = ERROR_INSUFFICIENT_BUFFER;
        return 0;
    }
    if (wide) {
        utf8_to_utf16(out.text(), out.size(), static_cast<WCHAR*>(buffer), units);
        static_cast<WCHAR*>(buffer)[units] = 0;
    } else {
        ::memcpy(buffer, out.text(), units + 1);
    }
    return static_cast<DWORD>(units);
}

}  // namespace

WINAPI DWORD FormatMessageA(DWORD flags, const void* source, DWORD id, DWORD, char* buffer, DWORD size, void* args) {
    return format_message(flags, static_cast<const char*>(source), id, buffer, size, args, false);
}
WINAPI DWORD FormatMessageW(DWORD flags, const void* source, DWORD id, DWORD, WCHAR* buffer, DWORD size, void* args) {
    char* narrow = (flags & kFromString) && source ? to_utf8(static_cast<const WCHAR*>(source)) : nullptr;
    DWORD n = format_message(flags, narrow, id, buffer, size, args, true);
    ::free(narrow);
    return n;
}

WIN32_EXPORT_TABLE(kernel32_messages_exports, WIN32_EXPORT(FormatMessageA), WIN32_EXPORT(FormatMessageW));

}  // namespace win32::kernel32
