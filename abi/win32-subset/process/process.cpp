#include "process/process.h"

#include <libos/boot_info.h>
#include <libos/hypercall.h>
#include <libos/libc.h>

namespace win32 {
namespace {

struct UnicodeString {
    uint16_t length;          // bytes, without the NUL
    uint16_t maximum_length;
    uint32_t padding;
    wchar* buffer;
};

// The parts of RTL_USER_PROCESS_PARAMETERS programs look at.
struct ProcessParameters {
    uint8_t reserved[0x60];
    UnicodeString image_path_name;   // 0x60
    UnicodeString command_line;      // 0x70
    uint8_t rest[0x400 - 0x80];
};

alignas(16) constinit uint8_t the_peb[0x400] = {};
constinit ProcessParameters parameters = {};
constinit void* the_image_base = nullptr;
constinit char* line_a = nullptr;
constinit wchar* line_w = nullptr;
constinit char** env = nullptr;
constinit size_t env_count = 0;
using ExitHook = void (*)();
constinit ExitHook exit_hooks[64] = {};
constinit size_t exit_hook_count = 0;
constinit bool exiting = false;

template <typename T>
T& peb_at(size_t offset) { return *reinterpret_cast<T*>(the_peb + offset); }

bool needs_quotes(const char* argument) {
    if (*argument == '\0') return true;
    for (const char* p = argument; *p; ++p)
        if (*p == ' ' || *p == '\t' || *p == '"' || *p == '\n' || *p == '\v') return true;
    return false;
}

bool build_environment() {
    const auto& info = libos::boot_info();
    auto** source = reinterpret_cast<char**>(info.envp);
    env = static_cast<char**>(calloc(info.envc + 1, sizeof(char*)));
    if (!env) return false;
    for (size_t i = 0; i < info.envc && source && source[i]; ++i) {
        // celda's own switches are not the program's business.
        if (strncmp(source[i], "CELDA_TRACE=", 12) == 0) continue;
        env[env_count++] = source[i];
    }
    return true;
}

// Index of NAME's entry, or env_count.
size_t find_entry(const char* name, size_t name_length) {
    for (size_t i = 0; i < env_count; ++i)
        if (compare_nocase(env[i], name, name_length) == 0 && env[i][name_length] == '=') return i;
    return env_count;
}

}  // namespace

size_t quote_argument(const char* argument, char* out, size_t capacity) {
    size_t length = 0;
    auto put = [&](char c) {
        if (length < capacity) out[length] = c;
        ++length;
    };
    if (!needs_quotes(argument)) {
        for (const char* p = argument; *p; ++p) put(*p);
        return length;
    }
    put('"');
    for (const char* p = argument;; ++p) {
        size_t backslashes = 0;
        while (*p == '\\') ++p, ++backslashes;
        if (*p == '\0') {
            // Doubled: the closing quote must not be escaped by them.
            for (size_t i = 0; i < backslashes * 2; ++i) put('\\');
            break;
        }
        if (*p == '"') {
            for (size_t i = 0; i < backslashes * 2 + 1; ++i) put('\\');
            put('"');
        } else {
            for (size_t i = 0; i < backslashes; ++i) put('\\');
            put(*p);
        }
    }
    put('"');
    return length;
}

template <typename Char>
static Char** split_line(const Char* line, int* argc_out) {
    // Two passes: count characters, then build. Arguments are at most the line's length.
    size_t line_length = 0;
    while (line[line_length]) ++line_length;
    auto* buffer = static_cast<Char*>(malloc((line_length + 1) * 2 * sizeof(Char)));
    auto** argv = static_cast<Char**>(calloc(line_length / 2 + 2, sizeof(Char*)));
    if (!buffer || !argv) {
        free(buffer);
        free(argv);
        return nullptr;
    }
    int argc = 0;
    Char* out = buffer;
    const Char* p = line;
    // argv[0]: the program name ends at the first space, quotes only group (no escapes).
    if (*p) {
        argv[argc++] = out;
        bool quoted = false;
        for (; *p && (quoted || (*p != ' ' && *p != '\t')); ++p) {
            if (*p == '"') quoted = !quoted;
            else *out++ = *p;
        }
        *out++ = 0;
    }
    for (;;) {
        while (*p == ' ' || *p == '\t') ++p;
        if (*p == 0) break;
        argv[argc++] = out;
        bool quoted = false;
        while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
            size_t backslashes = 0;
            while (*p == '\\') ++p, ++backslashes;
            if (*p == '"') {
                for (size_t i = 0; i < backslashes / 2; ++i) *out++ = '\\';
                if (backslashes % 2) {
                    *out++ = '"';
                } else if (quoted && p[1] == '"') {
                    *out++ = '"';   // "" inside quotes: a literal quote (msvcrt 2008+)
                    ++p;
                } else {
                    quoted = !quoted;
                }
                ++p;
            } else {
                for (size_t i = 0; i < backslashes; ++i) *out++ = '\\';
                if (*p && (quoted || (*p != ' ' && *p != '\t'))) *out++ = *p++;
            }
        }
        *out++ = 0;
    }
    argv[argc] = nullptr;
    if (argc == 0) free(buffer);
    *argc_out = argc;
    return argv;
}

char** split_command_line(const char* line, int* argc) { return split_line(line, argc); }
wchar** split_command_line_w(const wchar* line, int* argc) { return split_line(line, argc); }

bool init_process(void* image_base, int argc, char** argv, const char* windows_path) {
    the_image_base = image_base;
    auto word = [&](int i) { return i == 0 && windows_path ? windows_path : argv[i]; };
    size_t length = 0;
    for (int i = 0; i < argc; ++i) length += quote_argument(word(i), nullptr, 0) + 1;
    line_a = static_cast<char*>(malloc(length + 1));
    if (!line_a) return false;
    size_t at = 0;
    for (int i = 0; i < argc; ++i) {
        if (i > 0) line_a[at++] = ' ';
        at += quote_argument(word(i), line_a + at, length - at);
    }
    line_a[at] = '\0';
    line_w = to_wide(line_a);
    if (!line_w || !build_environment()) return false;

    parameters.command_line = {static_cast<uint16_t>(wlen(line_w) * 2), static_cast<uint16_t>(wlen(line_w) * 2 + 2), 0, line_w};
    wchar* image_path = argc > 0 ? to_wide(word(0)) : nullptr;
    if (image_path)
        parameters.image_path_name = {static_cast<uint16_t>(wlen(image_path) * 2),
                                      static_cast<uint16_t>(wlen(image_path) * 2 + 2), 0, image_path};
    peb_at<void*>(peb_field::kImageBase) = image_base;
    peb_at<void*>(peb_field::kProcessParameters) = &parameters;
    return true;
}

void* peb() { return the_peb; }
void* image_base() { return the_image_base; }
void set_process_heap(void* heap) { peb_at<void*>(peb_field::kProcessHeap) = heap; }
const char* program_path() {
    auto** argv = reinterpret_cast<char**>(libos::boot_info().argv);
    return argv && argv[0] ? argv[0] : "program.exe";
}
const char* command_line_a() { return line_a; }
const wchar* command_line_w() { return line_w; }

char** environment() { return env; }

const char* get_environment(const char* name) {
    size_t n = strlen(name);
    size_t i = find_entry(name, n);
    return i < env_count ? env[i] + n + 1 : nullptr;
}

bool set_environment(const char* name, const char* value) {
    size_t n = strlen(name);
    size_t i = find_entry(name, n);
    if (value == nullptr) {
        if (i < env_count) {
            memmove(env + i, env + i + 1, (env_count - i) * sizeof(char*));
            --env_count;
        }
        return true;
    }
    size_t v = strlen(value);
    auto* entry = static_cast<char*>(malloc(n + v + 2));
    if (!entry) return false;
    memcpy(entry, name, n);
    entry[n] = '=';
    memcpy(entry + n + 1, value, v + 1);
    if (i < env_count) {
        env[i] = entry;   // the old string may be the monitor's: never freed
        return true;
    }
    auto** grown = static_cast<char**>(realloc(env, (env_count + 2) * sizeof(char*)));
    if (!grown) {
        free(entry);
        return false;
    }
    env = grown;
    env[env_count++] = entry;
    env[env_count] = nullptr;
    return true;
}

void add_exit_hook(void (*hook)()) {
    if (exit_hook_count < sizeof exit_hooks / sizeof exit_hooks[0]) exit_hooks[exit_hook_count++] = hook;
}

void exit_process(uint32_t code) {
    // A hook that calls exit again (an atexit handler calling exit) must not loop.
    if (!exiting) {
        exiting = true;
        while (exit_hook_count > 0) exit_hooks[--exit_hook_count]();
    }
    libos::hypercall::exit(static_cast<int>(code));
}

}  // namespace win32
