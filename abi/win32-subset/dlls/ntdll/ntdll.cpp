// ntdll.dll: what programs call directly. The exception machinery (RtlCaptureContext,
// RtlLookupFunctionEntry, RtlVirtualUnwind, RtlUnwindEx, RaiseException) is in
// ntdll/exceptions.cpp, ntdll/unwind.cpp and ntdll/context.S.
#include <libos/libc.h>

#include "process/thread.h"
#include "registry/registry.h"
#include "support/winabi.h"

namespace win32::crt {
WINAPI int _vsnprintf(char* buffer, size_t size, const char* format, const void* list);   // msvcrt/stdio.cpp
}

namespace win32::ntdll {

WINAPI ULONG RtlNtStatusToDosError(LONG status) { return status == 0 ? ERROR_SUCCESS : ERROR_INVALID_FUNCTION; }
WINAPI void* RtlGetCurrentPeb() { return *reinterpret_cast<void**>(current_thread()->teb + teb::kPeb); }
WINAPI LONG RtlGetVersion(DWORD* info) {
    info[1] = 10;
    info[2] = 0;
    info[3] = 19045;
    info[4] = 2;
    return 0;
}
WINAPI void RtlZeroMemory(void* p, SIZE_T n) { memset(p, 0, n); }
WINAPI void RtlMoveMemory(void* d, const void* s, SIZE_T n) { memmove(d, s, n); }
WINAPI void RtlFillMemory(void* d, SIZE_T n, BYTE v) { memset(d, v, n); }

WIN32_EXPORT_TABLE(ntdll_exports, WIN32_EXPORT(RtlNtStatusToDosError), WIN32_EXPORT(RtlGetCurrentPeb),
                   WIN32_EXPORT(RtlGetVersion), WIN32_EXPORT(RtlZeroMemory), WIN32_EXPORT(RtlMoveMemory),
                   WIN32_EXPORT(RtlFillMemory),
                   // ntdll carries its own copy of some CRT functions (Microsoft's _vsnprintf:
                   // -1 and no terminator when the text does not fit); Wine's programs call it.
                   WIN32_EXPORT_AS("_vsnprintf", crt::_vsnprintf));

}  // namespace win32::ntdll

namespace win32 {
namespace seh {
extern const ExportTable ntdll_exception_exports;
extern const ExportTable ntdll_vectored_exports;
}
namespace {
const ExportTable* const kTables[] = {&ntdll::ntdll_exports, &seh::ntdll_exception_exports, &seh::ntdll_vectored_exports};
}
extern const BuiltinDll kNtdll{"ntdll.dll", kTables, sizeof kTables / sizeof kTables[0]};
}  // namespace win32
