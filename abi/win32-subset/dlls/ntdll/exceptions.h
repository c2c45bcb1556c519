// Structured exception handling, the x64 way: the structures programs and their runtimes
// (mingw's libgcc unwind-seh.c, __C_specific_handler users) exchange with ntdll, laid out as
// winnt.h lays them out. The unwinder itself is in unwind.cpp (RtlLookupFunctionEntry,
// RtlVirtualUnwind) and exceptions.cpp (dispatch, RtlUnwindEx, RaiseException).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "support/winabi.h"

namespace win32::seh {

struct alignas(16) M128A {
    uint64_t low;
    int64_t high;
};

// CONTEXT (AMD64), 0x4d0 bytes. Offsets are fixed by the ABI; context.S uses them by number.
struct alignas(16) Context {
    uint64_t P1Home, P2Home, P3Home, P4Home, P5Home, P6Home;
    DWORD ContextFlags;
    DWORD MxCsr;
    WORD SegCs, SegDs, SegEs, SegFs, SegGs, SegSs;
    DWORD EFlags;
    uint64_t Dr0, Dr1, Dr2, Dr3, Dr6, Dr7;
    uint64_t Rax, Rcx, Rdx, Rbx, Rsp, Rbp, Rsi, Rdi, R8, R9, R10, R11, R12, R13, R14, R15;
    uint64_t Rip;
    // FltSave (XMM_SAVE_AREA32): 0xa0 bytes of x87 state, then Xmm0..15 at 0x1a0.
    uint8_t FltHeader[0xa0];
    M128A Xmm[16];
    uint8_t FltReserved[96];
    M128A VectorRegister[26];
    uint64_t VectorControl;
    uint64_t DebugControl, LastBranchToRip, LastBranchFromRip, LastExceptionToRip, LastExceptionFromRip;

    // The 16 integer registers in the UNWIND_CODE numbering (rax, rcx, rdx, rbx, rsp, ...).
    uint64_t& gpr(unsigned index) { return (&Rax)[index]; }
};
static_assert(offsetof(Context, Rax) == 0x78);
static_assert(offsetof(Context, Rip) == 0xf8);
static_assert(offsetof(Context, Xmm) == 0x1a0);
static_assert(sizeof(Context) == 0x4d0);

inline constexpr DWORD kContextFull = 0x10000b;        // CONTEXT_AMD64 | CONTROL | INTEGER | FLOATING_POINT
inline constexpr DWORD kContextCaptured = 0x10000f;    // ... | SEGMENTS, what RtlCaptureContext fills

inline constexpr DWORD kMaximumParameters = 15;

struct ExceptionRecord {
    DWORD ExceptionCode;
    DWORD ExceptionFlags;
    ExceptionRecord* ExceptionRecordChain;
    void* ExceptionAddress;
    DWORD NumberParameters;
    uint64_t ExceptionInformation[kMaximumParameters];
};
static_assert(sizeof(ExceptionRecord) == 0x98);

// ExceptionFlags.
inline constexpr DWORD kNoncontinuable = 0x01;
inline constexpr DWORD kUnwinding = 0x02;
inline constexpr DWORD kExitUnwind = 0x04;
inline constexpr DWORD kStackInvalid = 0x08;
inline constexpr DWORD kNestedCall = 0x10;
inline constexpr DWORD kTargetUnwind = 0x20;
inline constexpr DWORD kCollidedUnwind = 0x40;

// Dispositions a language handler returns.
enum Disposition : DWORD {
    kDispositionContinueExecution = 0,
    kDispositionContinueSearch = 1,
    kDispositionNestedException = 2,
    kDispositionCollidedUnwind = 3,
};

// Codes this layer raises or names.
enum : DWORD {
    STATUS_UNWIND = 0xc0000027,
    STATUS_NONCONTINUABLE_EXCEPTION = 0xc0000025,
    STATUS_INVALID_DISPOSITION = 0xc0000026,
    STATUS_ACCESS_VIOLATION = 0xc0000005,
    STATUS_BREAKPOINT = 0x80000003,
    STATUS_ILLEGAL_INSTRUCTION = 0xc000001d,
    STATUS_INTEGER_DIVIDE_BY_ZERO = 0xc0000094,
    STATUS_PRIVILEGED_INSTRUCTION = 0xc0000096,
};

// EXCEPTION_POINTERS, what filters and vectored handlers receive.
struct ExceptionPointers {
    ExceptionRecord* record;
    Context* context;
};
// Filter and vectored-handler verdicts.
inline constexpr LONG kExceptionContinueExecution = -1;
inline constexpr LONG kExceptionContinueSearch = 0;
inline constexpr LONG kExceptionExecuteHandler = 1;

struct RuntimeFunction {
    DWORD BeginAddress;
    DWORD EndAddress;
    DWORD UnwindData;
};

struct UnwindHistoryTable;   // opaque: callers pass one; we keep no history

using LanguageHandler = DWORD(WINAPI*)(ExceptionRecord*, void* establisher_frame, Context*, struct DispatcherContext*);

struct DispatcherContext {
    uint64_t ControlPc;
    uint64_t ImageBase;
    RuntimeFunction* FunctionEntry;
    uint64_t EstablisherFrame;
    uint64_t TargetIp;
    Context* ContextRecord;
    LanguageHandler Handler;
    void* HandlerData;
    UnwindHistoryTable* HistoryTable;
    DWORD ScopeIndex;
    DWORD Fill0;
};

// RtlVirtualUnwind's handler types (UNW_FLAG_*).
inline constexpr DWORD kNoHandler = 0;
inline constexpr DWORD kExceptionHandler = 1;
inline constexpr DWORD kUnwindHandler = 2;
inline constexpr DWORD kChainInfo = 4;

// ---- exceptions.cpp -------------------------------------------------------------------------

// How a dispatch ended when nobody unwound: resume `context`, end the process with the
// exception code (the unhandled-exception filter said EXCEPTION_EXECUTE_HANDLER), or nobody
// handled it.
enum class Verdict { Continue, ExecuteHandler, Unhandled };
// Windows' order: vectored exception handlers, the frames' handlers (.pdata), the
// unhandled-exception filter; vectored continue handlers when execution is to continue.
Verdict dispatch(ExceptionRecord* record, Context* context);

// ---- vectored.cpp ---------------------------------------------------------------------------

using VectoredHandler = LONG(WINAPI*)(ExceptionPointers*);
enum class VectoredList { Exception = 0, Continue = 1 };
// Calls the list's handlers in order; true when one returned EXCEPTION_CONTINUE_EXECUTION.
bool call_vectored_handlers(VectoredList which, ExceptionRecord* record, Context* context);

// ---- hardware_exceptions.cpp ----------------------------------------------------------------

// Registers the fault entry with the monitor: from then on the program's CPU faults are
// dispatched as SEH exceptions.
void install_fault_entry();

// ---- unwind.cpp ---------------------------------------------------------------------------

// The .pdata row covering `pc` in the program, or nullptr (pc outside it, or a leaf).
RuntimeFunction* lookup_function(uint64_t pc, uint64_t* image_base);
// One frame of RtlVirtualUnwind: `context` becomes the caller's. Returns the frame's
// language handler when it has one of `handler_type` and pc is past the prolog.
LanguageHandler virtual_unwind(DWORD handler_type, uint64_t image_base, uint64_t pc, const RuntimeFunction* function,
                               Context* context, void** handler_data, uint64_t* establisher_frame);

}  // namespace win32::seh
