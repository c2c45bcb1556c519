// kernel32's functions that other built-in DLLs (msvcrt, ucrtbase) call directly.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "support/winabi.h"

namespace win32::kernel32 {

int64_t console_write(uint32_t stream, const void* data, size_t length);
int64_t console_read(void* buffer, size_t length);
// One line (through its '\n') at most: ReadConsole's line-input mode.
int64_t console_read_line(void* buffer, size_t length);
// Like console_read, but -CELDA_EAGAIN (negative) instead of waiting when no byte is there yet.
int64_t console_try_read(void* buffer, size_t length);

WINAPI BOOL WriteFile(HANDLE file, const void* buffer, DWORD length, DWORD* written, void* overlapped);
WINAPI BOOL ReadFile(HANDLE file, void* buffer, DWORD length, DWORD* read, void* overlapped);
WINAPI BOOL CloseHandle(HANDLE handle);
WINAPI HANDLE GetStdHandle(DWORD which);
WINAPI BOOL DuplicateHandle(HANDLE process, HANDLE source, HANDLE target_process, HANDLE* target, DWORD access,
                            BOOL inherit, DWORD options);
[[noreturn]] WINAPI void ExitProcess(UINT code);
WINAPI void* HeapAlloc(HANDLE heap, DWORD flags, SIZE_T bytes);
WINAPI BOOL HeapFree(HANDLE heap, DWORD flags, void* block);
WINAPI DWORD GetLastError();
WINAPI void SetLastError(DWORD error);
WINAPI int MultiByteToWideChar(UINT code_page, DWORD flags, const char* in, int in_length, WCHAR* out,
                               int out_length);
WINAPI int WideCharToMultiByte(UINT code_page, DWORD flags, const WCHAR* in, int in_length, char* out,
                               int out_length, const char* default_char, BOOL* used_default);
WINAPI void Sleep(DWORD milliseconds);
WINAPI HANDLE CreateThread(void* security, SIZE_T stack_bytes, uint32_t(WINAPI* start)(void*), void* parameter,
                           DWORD flags, DWORD* id);

WINAPI DWORD GetCurrentProcessId();

struct SystemTime {
    WORD year, month, day_of_week, day, hour, minute, second, milliseconds;
};
WINAPI BOOL SystemTimeToFileTime(const SystemTime* in, uint64_t* out);
WINAPI BOOL FileTimeToSystemTime(const uint64_t* file_time, SystemTime* out);
WINAPI void GetLocalTime(SystemTime* out);

extern UINT console_output_code_page;

// Windows' CRITICAL_SECTION (40 bytes on x64; dlls/kernel32/sync.cpp). msvcrt embeds one after
// each FILE past _iob, where mingw's _lock_file enters it (dlls/msvcrt/stdio.cpp).
struct CriticalSection {
    void* debug_info;
    LONG lock_count;
    LONG recursion_count;
    HANDLE owning_thread;   // the owner's thread id, as Windows stores it
    HANDLE lock_semaphore;
    uintptr_t spin_count;
};
static_assert(sizeof(CriticalSection) == 40, "CRITICAL_SECTION is 40 bytes on x64");
WINAPI void InitializeCriticalSection(CriticalSection* cs);
WINAPI void EnterCriticalSection(CriticalSection* cs);
WINAPI void LeaveCriticalSection(CriticalSection* cs);

}  // namespace win32::kernel32
