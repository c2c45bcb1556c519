// The Win32 process: PEB, the command line, the environment and process exit.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "support/text.h"

namespace win32 {

inline constexpr uint32_t kProcessId = 0x2a;

// PEB offsets programs read.
namespace peb_field {
inline constexpr size_t kImageBase = 0x10;
inline constexpr size_t kLdr = 0x18;
inline constexpr size_t kProcessParameters = 0x20;
inline constexpr size_t kProcessHeap = 0x30;
}  // namespace peb_field

// Builds the PEB, the command line (Windows quoting of celda's argv) and the environment.
// The command line's first word (and the PEB's ImagePathName) is `windows_path`, the program's
// Windows path (C:\app\tool.exe), not the host path celda was given: a Windows program
// parses its own command line, and a host path's '/' would read as switches (cmd.exe takes
// "/tmp/x/cmd.exe /c ..." for "/t", "/c md/cmd.exe..."). False when memory is exhausted.
bool init_process(void* image_base, int argc, char** argv, const char* windows_path);

void* peb();
void* image_base();
void set_process_heap(void* heap);

const char* program_path();   // argv[0] as the user gave it
const char* command_line_a();
const wchar* command_line_w();

// Splits a command line the way the Microsoft C runtime does for argv (backslashes before a
// quote, "" inside quotes). Returns a heap array of heap strings, NULL-terminated.
char** split_command_line(const char* line, int* argc);
wchar** split_command_line_w(const wchar* line, int* argc);
// The inverse: quotes one argument so split_command_line gives it back; appends to `out`
// (capacity counts bytes; returns the length the full result would need).
size_t quote_argument(const char* argument, char* out, size_t capacity);

// The environment as "NAME=VALUE" UTF-8 strings (NULL-terminated array, owned here).
char** environment();
// Value of NAME (case-insensitive, as on Windows) or nullptr.
const char* get_environment(const char* name);
// value == nullptr removes. False when memory is exhausted.
bool set_environment(const char* name, const char* value);

// Called in order (last registered first) by exit_process: the CRT's atexit table, flushing.
void add_exit_hook(void (*hook)());
[[noreturn]] void exit_process(uint32_t code);

}  // namespace win32
