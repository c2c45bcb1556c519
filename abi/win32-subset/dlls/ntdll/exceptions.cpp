// Exception dispatch and unwinding (ntdll's RtlDispatchException/RtlUnwindEx, kernel32's
// RaiseException), for the frames of the program: its .pdata says how to undo each frame and
// which language handler (e.g. mingw's __gxx_personality_seh0 → _GCC_specific_handler) to ask.
//
// Our own frames (this layer is ELF code without .pdata) are never walked. Handlers are called
// through win32_call_language_handler (context.S), whose frame carries a CallRecord; a walk that
// reaches that frame continues where Windows would after walking through ntdll's frames:
//   - dispatch frame (a handler called while searching): continue from the context the outer
//     exception was raised in (the frames between are the outer dispatcher's own);
//   - unwind frame (a handler called by RtlUnwindEx): a collided unwind — take over the outer
//     unwind's state at the frame whose handler was running (what RtlUnwindEx's
//     ExceptionCollidedUnwind handling does). This is how libgcc's phase-2 cleanups work: the
//     handler raises STATUS_GCC_UNWIND, which unwinds to the landing pad.
// A walk that leaves the program into our code continues at the program's frame that called
// us, when the export it called recorded that state (PROGRAM_ENTRY in context.S: qsort and
// bsearch, whose comparators may throw); our frames between are dropped, as Windows' unwinder
// walks through msvcrt's own frames with their .pdata. A walk that leaves the program
// otherwise (its first frame returns into our thread start) ends it: the exception is
// unhandled.
#include "dlls/ntdll/exceptions.h"

#include <libos/format.h>
#include <libos/libc.h>
#include <libos/panic.h>

#include "loader/pe_loader.h"
#include "process/process.h"
#include "process/thread.h"
#include "registry/registry.h"

extern "C" {
WINAPI void win32_RtlCaptureContext(win32::seh::Context*);
[[noreturn]] WINAPI void win32_RtlRestoreContext(win32::seh::Context*, win32::seh::ExceptionRecord*);
WINAPI void win32_RaiseException(uint32_t, uint32_t, uint32_t, const uint64_t*);
WINAPI void win32_RtlRaiseException(win32::seh::ExceptionRecord*);
WINAPI void win32_RtlUnwindEx(void*, void*, win32::seh::ExceptionRecord*, void*, win32::seh::Context*, void*);
WINAPI void win32_RtlUnwind(void*, void*, win32::seh::ExceptionRecord*, void*);
WINAPI uint32_t win32_call_language_handler(win32::seh::ExceptionRecord*, void* frame, win32::seh::Context*,
                                         win32::seh::DispatcherContext*, win32::seh::LanguageHandler,
                                         void* call_record);
extern char win32_handler_return[];
}

namespace win32::kernel32 {
void* unhandled_exception_filter();   // SetUnhandledExceptionFilter's (process.cpp)
}

namespace win32::seh {
namespace {

constexpr uint64_t kHandlerFrameMagic = 0x72646e61486c6543ull;   // context.S

struct CallRecord {
    bool unwinding;                 // called by RtlUnwindEx (else by the dispatcher)
    const Context* raise_context;   // dispatch: where the exception was raised
    DispatcherContext* dispatch;    // unwind: the outer unwind's state
};

// The record of the handler-call frame `context` is at, or nullptr if it is not one.
const CallRecord* handler_call_at(const Context& context) {
    if (context.Rip != reinterpret_cast<uint64_t>(win32_handler_return)) return nullptr;
    const auto* slots = reinterpret_cast<const uint64_t*>(context.Rsp);
    if (slots[5] != kHandlerFrameMagic) return nullptr;
    return reinterpret_cast<const CallRecord*>(slots[4]);
}

// A frame address the thread's stack holds (8-aligned, within StackLimit..StackBase).
bool on_stack(uint64_t frame) {
    Thread* thread = current_thread();
    if (!thread) return true;
    auto limit = *reinterpret_cast<uint64_t*>(thread->teb + teb::kStackLimit);
    auto base = *reinterpret_cast<uint64_t*>(thread->teb + teb::kStackBase);
    if (!limit || !base) return true;
    return !(frame & 7) && frame >= limit && frame <= base;
}

// The program's state where it called an export that calls back (PROGRAM_ENTRY), innermost
// one above `rsp`, for a walk whose pc left the program at stack depth `rsp`; else nullptr.
const Context* program_entry_above(const Context& context) {
    if (module_containing(context.Rip)) return nullptr;
    Thread* thread = current_thread();
    if (!thread) return nullptr;
    auto* entry = *reinterpret_cast<const Context**>(thread->teb + teb::kProgramEntries);
    for (int depth = 0; entry && depth < 10000; ++depth) {
        auto address = reinterpret_cast<uint64_t>(entry);
        if ((address & 15) || !on_stack(address) || !on_stack(entry->Rsp & ~7ull)) return nullptr;
        if (entry->Rsp > context.Rsp) return entry;
        entry = *reinterpret_cast<const Context* const*>(address + sizeof(Context));
    }
    return nullptr;
}

// Drops the PROGRAM_ENTRY records an unwind to `target_rsp` leaves behind (their frames are gone).
void drop_program_entries_below(uint64_t target_rsp) {
    Thread* thread = current_thread();
    if (!thread) return;
    auto*& head = *reinterpret_cast<const Context**>(thread->teb + teb::kProgramEntries);
    while (head && head->Rsp <= target_rsp)
        head = *reinterpret_cast<const Context* const*>(reinterpret_cast<uint64_t>(head) + sizeof(Context));
}

// Undoes the frame `context` is in (Wine's virtual_unwind): fills `dispatch` for it and makes
// `context` the caller's. False when the pc is not in the program (the walk left it).
bool step(DWORD handler_type, DispatcherContext& dispatch, Context& context) {
    dispatch.ImageBase = 0;
    dispatch.ScopeIndex = 0;
    dispatch.ControlPc = context.Rip;
    dispatch.FunctionEntry = lookup_function(context.Rip, &dispatch.ImageBase);
    if (dispatch.FunctionEntry) {
        dispatch.Handler = virtual_unwind(handler_type, dispatch.ImageBase, context.Rip, dispatch.FunctionEntry,
                                          &context, &dispatch.HandlerData, &dispatch.EstablisherFrame);
        return true;
    }
    if (!module_containing(context.Rip)) return false;
    // In the program (or one of its DLLs) but without a row: a leaf function, its return address on top.
    dispatch.EstablisherFrame = context.Rsp;
    dispatch.Handler = nullptr;
    dispatch.HandlerData = nullptr;
    context.Rip = *reinterpret_cast<uint64_t*>(context.Rsp);
    context.Rsp += 8;
    return true;
}

// Takes over an outer unwind at the frame whose handler was running (a collided unwind):
// `frame` becomes that frame's context, `caller` its caller's, `dispatch` the outer's state.
void take_over_unwind(const DispatcherContext& outer, DispatcherContext& dispatch, Context& frame, Context& caller) {
    uint64_t target_ip = dispatch.TargetIp;
    UnwindHistoryTable* history = dispatch.HistoryTable;
    dispatch = outer;
    dispatch.TargetIp = target_ip;
    dispatch.HistoryTable = history;
    frame = *outer.ContextRecord;
    dispatch.ContextRecord = &frame;
    caller = frame;
    uint64_t establisher;
    virtual_unwind(kNoHandler, dispatch.ImageBase, dispatch.ControlPc, dispatch.FunctionEntry, &caller, nullptr,
                   &establisher);
}

void describe(uint64_t address, char* out, size_t capacity) { describe_address(address, out, capacity); }

const char* code_name(DWORD code) {
    switch (code) {
        case 0x20474343: return "C++ exception (GCC)";
        case 0xe06d7363: return "C++ exception (MSVC)";
        case STATUS_ACCESS_VIOLATION: return "access violation";
        case STATUS_NONCONTINUABLE_EXCEPTION: return "noncontinuable exception";
        case STATUS_INVALID_DISPOSITION: return "invalid disposition";
        case 0xc0000094: return "integer divide by zero";
        case 0xc00000fd: return "stack overflow";
        case 0x80000003: return "breakpoint";
        case 0xc0000409: return "stack buffer overrun (fail fast)";
        default: return "exception";
    }
}

[[noreturn]] void unhandled(const ExceptionRecord& record, const Context& context) {
    char where[64];
    describe(context.Rip, where, sizeof where);
    libos::panic("unhandled exception 0x%x (%s) raised at %s", record.ExceptionCode, code_name(record.ExceptionCode),
                 where);
}

// The search phase: asks each frame's exception handler, innermost first. True if one said
// "continue execution" (then `context` is what to resume; handlers may have changed it).
bool dispatch_exception(ExceptionRecord* record, Context* raise_context) {
    Context context = *raise_context;
    const Context original = *raise_context;   // for walks started inside our handlers
    DispatcherContext dispatch{};
    dispatch.ContextRecord = &context;
    CallRecord call{false, &original, nullptr};
    for (int frames = 0; frames < 100000; ++frames) {
        if (const CallRecord* outer = handler_call_at(context)) {
            if (!outer->unwinding) {
                // Raised inside a handler the outer dispatch called: the outer's frames, then
                // the frames the outer exception was raised in.
                record->ExceptionFlags |= kNestedCall;
                context = *outer->raise_context;
                continue;
            }
            Context frame_context;
            take_over_unwind(*outer->dispatch, dispatch, frame_context, context);
            dispatch.ContextRecord = &context;
        } else if (const Context* entry = program_entry_above(context)) {
            context = *entry;   // past our frames, into the program's call of the export
            continue;
        } else if (!step(kExceptionHandler, dispatch, context)) {
            return false;
        }
        if (!on_stack(dispatch.EstablisherFrame)) {
            record->ExceptionFlags |= kStackInvalid;
            return false;
        }
        if (dispatch.Handler) {
            DWORD result = win32_call_language_handler(record, reinterpret_cast<void*>(dispatch.EstablisherFrame),
                                                       raise_context, &dispatch, dispatch.Handler, &call);
            record->ExceptionFlags &= kNoncontinuable;
            switch (result) {
                case kDispositionContinueExecution:
                    if (record->ExceptionFlags & kNoncontinuable) {
                        char where[64];
                        describe(raise_context->Rip, where, sizeof where);
                        libos::panic("a handler continued noncontinuable exception 0x%x raised at %s",
                                     record->ExceptionCode, where);
                    }
                    return true;
                case kDispositionContinueSearch: break;
                case kDispositionNestedException: record->ExceptionFlags |= kNestedCall; break;
                default:
                    libos::panic("exception handler at %p returned disposition %u", reinterpret_cast<void*>(dispatch.Handler),
                                 result);
            }
        }
        if (context.Rip == 0) return false;
    }
    return false;
}

}  // namespace

Verdict dispatch(ExceptionRecord* record, Context* context) {
    auto continuing = [&] {
        call_vectored_handlers(VectoredList::Continue, record, context);
        return Verdict::Continue;
    };
    if (call_vectored_handlers(VectoredList::Exception, record, context)) {
        if (record->ExceptionFlags & kNoncontinuable) {
            char where[64];
            describe(context->Rip, where, sizeof where);
            libos::panic("a vectored handler continued noncontinuable exception 0x%x raised at %s",
                         record->ExceptionCode, where);
        }
        return continuing();
    }
    if (dispatch_exception(record, context)) return continuing();
    using Filter = LONG(WINAPI*)(ExceptionPointers*);
    if (auto filter = reinterpret_cast<Filter>(kernel32::unhandled_exception_filter())) {
        ExceptionPointers pointers{record, context};
        LONG verdict = filter(&pointers);
        resume_current_thread();
        if (verdict == kExceptionContinueExecution && !(record->ExceptionFlags & kNoncontinuable)) return continuing();
        // Windows' thread start ends the process with the exception code (its __except runs).
        if (verdict == kExceptionExecuteHandler) return Verdict::ExecuteHandler;
    }
    return Verdict::Unhandled;
}

// Raises `record` in `context` (the raiser's state): vectored handlers, then a search for a
// frame handler; if none, the unhandled-exception filter (SetUnhandledExceptionFilter)
// decides; else the program ends.
[[noreturn]] void raise(ExceptionRecord* record, Context* context) {
    switch (dispatch(record, context)) {
        case Verdict::Continue: win32_RtlRestoreContext(context, record);
        case Verdict::ExecuteHandler: exit_process(record->ExceptionCode);
        case Verdict::Unhandled: break;
    }
    unhandled(*record, *context);
}

}  // namespace win32::seh

using namespace win32;
using namespace win32::seh;

// context.S: RaiseException's body once the caller's state is captured.
extern "C" [[noreturn]] WINAPI void win32_raise_exception(DWORD code, DWORD flags, DWORD count, Context* context,
                                                        const uint64_t* arguments) {
    ExceptionRecord record{};
    record.ExceptionCode = code;
    record.ExceptionFlags = flags & kNoncontinuable;
    record.ExceptionAddress = reinterpret_cast<void*>(context->Rip);
    if (arguments) {
        record.NumberParameters = count < kMaximumParameters ? count : kMaximumParameters;
        for (DWORD i = 0; i < record.NumberParameters; ++i) record.ExceptionInformation[i] = arguments[i];
    }
    raise(&record, context);
}

extern "C" [[noreturn]] WINAPI void win32_raise_record(ExceptionRecord* record, Context* context) {
    record->ExceptionAddress = reinterpret_cast<void*>(context->Rip);
    raise(record, context);
}

// context.S: RtlUnwindEx's body once the caller's state is captured (`start`).
extern "C" [[noreturn]] WINAPI void win32_unwind(void* end_frame, void* target_ip, ExceptionRecord* record,
                                               void* return_value, Context* start) {
    ExceptionRecord local{};
    if (!record) {
        local.ExceptionCode = STATUS_UNWIND;
        local.ExceptionAddress = reinterpret_cast<void*>(start->Rip);
        record = &local;
    }
    record->ExceptionFlags |= kUnwinding | (end_frame ? 0 : kExitUnwind);
    auto end = reinterpret_cast<uint64_t>(end_frame);

    Context frame = *start;    // the frame being unwound, as it is inside that frame
    Context caller = *start;   // the same frame undone: its caller's state
    DispatcherContext dispatch{};
    dispatch.TargetIp = reinterpret_cast<uint64_t>(target_ip);
    dispatch.ContextRecord = &frame;
    CallRecord call{true, nullptr, &dispatch};
    for (int frames = 0; frames < 100000; ++frames) {
        if (const CallRecord* outer = handler_call_at(caller)) {
            if (!outer->unwinding) {
                // Through the dispatcher that called this handler, to where it was raised.
                frame = caller = *outer->raise_context;
                continue;
            }
            take_over_unwind(*outer->dispatch, dispatch, frame, caller);
            record->ExceptionFlags |= kCollidedUnwind;
        } else if (const Context* entry = program_entry_above(caller)) {
            frame = caller = *entry;
            continue;
        } else if (!step(kUnwindHandler, dispatch, caller)) {
            if (!end) libos::panic("exit unwind reached the end of the program's frames");
            char where[64];
            describe(dispatch.TargetIp, where, sizeof where);
            libos::panic("unwind to %s: target frame 0x%lx is not on the stack", where, end);
        }
        if (!on_stack(dispatch.EstablisherFrame))
            libos::panic("unwind: frame 0x%lx is outside the thread's stack", dispatch.EstablisherFrame);
        if (dispatch.Handler) {
            if (end && dispatch.EstablisherFrame > end)
                libos::panic("unwind: went past target frame 0x%lx (at 0x%lx)", end, dispatch.EstablisherFrame);
            if (dispatch.EstablisherFrame == end) record->ExceptionFlags |= kTargetUnwind;
            win32_call_language_handler(record, reinterpret_cast<void*>(dispatch.EstablisherFrame), dispatch.ContextRecord,
                                        &dispatch, dispatch.Handler, &call);
            resume_current_thread();
            record->ExceptionFlags &= ~kCollidedUnwind;
        }
        if (dispatch.EstablisherFrame == end) break;
        frame = caller;
        dispatch.ContextRecord = &frame;
    }
    frame.Rax = reinterpret_cast<uint64_t>(return_value);
    frame.Rip = dispatch.TargetIp;
    drop_program_entries_below(frame.Rsp);
    win32_RtlRestoreContext(&frame, record);
}

namespace win32::seh {

WINAPI RuntimeFunction* RtlLookupFunctionEntry(uint64_t pc, uint64_t* image_base, void*) {
    return lookup_function(pc, image_base);
}

WINAPI void* RtlVirtualUnwind(DWORD handler_type, uint64_t image_base, uint64_t pc, RuntimeFunction* function,
                              Context* context, void** handler_data, uint64_t* establisher_frame, void*) {
    uint64_t frame;
    void* data;
    auto handler = virtual_unwind(handler_type, image_base, pc, function, context, &data, &frame);
    if (handler_data) *handler_data = data;
    if (establisher_frame) *establisher_frame = frame;
    return reinterpret_cast<void*>(handler);
}

WINAPI LONG NtContinue(Context* context, BOOL) { win32_RtlRestoreContext(context, nullptr); }

// The language handler MSVC-style __try/__except/__finally code uses (mingw's CRT start-up
// wraps main in one): a table of scopes, each with a filter + jump target (__except) or a
// termination handler (__finally, JumpTarget 0).
struct ScopeTable {
    DWORD count;
    struct {
        DWORD begin, end, handler, target;
    } scopes[1];
};

WINAPI DWORD __C_specific_handler(ExceptionRecord* record, void* frame, Context* context, DispatcherContext* dispatch) {
    const auto* table = static_cast<const ScopeTable*>(dispatch->HandlerData);
    const PeModule* module = table ? module_containing(reinterpret_cast<uint64_t>(table)) : nullptr;
    if (!table || !module || !module->contains(reinterpret_cast<uint64_t>(table), 4) ||
        !module->contains(reinterpret_cast<uint64_t>(table), 4 + 16ull * table->count))
        return kDispositionContinueSearch;
    uint64_t base = dispatch->ImageBase;
    auto covers = [&](unsigned i, uint64_t pc) { return pc >= base + table->scopes[i].begin && pc < base + table->scopes[i].end; };
    if (record->ExceptionFlags & (kUnwinding | kExitUnwind)) {
        for (unsigned i = dispatch->ScopeIndex; i < table->count; ++i) {
            if (!covers(i, dispatch->ControlPc) || table->scopes[i].target) continue;
            if ((record->ExceptionFlags & kTargetUnwind) && covers(i, dispatch->TargetIp)) break;
            using Termination = void(WINAPI*)(BOOL abnormal, void* frame);
            dispatch->ScopeIndex = i + 1;
            reinterpret_cast<Termination>(base + table->scopes[i].handler)(kTrue, frame);
            resume_current_thread();
        }
        return kDispositionContinueSearch;
    }
    for (unsigned i = dispatch->ScopeIndex; i < table->count; ++i) {
        if (!covers(i, dispatch->ControlPc) || !table->scopes[i].target) continue;
        if (table->scopes[i].handler != 1) {   // 1: EXCEPTION_EXECUTE_HANDLER without a filter
            struct {
                ExceptionRecord* record;
                Context* context;
            } pointers{record, context};
            using Filter = LONG(WINAPI*)(void* pointers, void* frame);
            LONG verdict = reinterpret_cast<Filter>(base + table->scopes[i].handler)(&pointers, frame);
            resume_current_thread();
            if (verdict == 0) continue;                                // EXCEPTION_CONTINUE_SEARCH
            if (verdict < 0) return kDispositionContinueExecution;     // EXCEPTION_CONTINUE_EXECUTION
        }
        // Unwind from where the exception was raised (`context`), not from this frame: ours have
        // no .pdata (Windows' RtlUnwindEx walks through ntdll's own frames to the same place).
        Context start = *context;
        win32_unwind(frame, reinterpret_cast<void*>(base + table->scopes[i].target), record,
                     reinterpret_cast<void*>(static_cast<uint64_t>(record->ExceptionCode)), &start);
    }
    return kDispositionContinueSearch;
}

WIN32_EXPORT_TABLE(crt_exception_exports, WIN32_EXPORT(__C_specific_handler));

// Entry points whose caller's frame they capture or replace: relayed on entry only.
#define SEH_ENTRY(name, symbol) ::win32::Export{name, reinterpret_cast<void*>(&symbol), ::win32::kExportNoRelay}
#define SEH_EXPORTS                                                                                          \
    SEH_ENTRY("RtlCaptureContext", win32_RtlCaptureContext), SEH_ENTRY("RtlRestoreContext", win32_RtlRestoreContext), \
        SEH_ENTRY("RtlUnwindEx", win32_RtlUnwindEx), SEH_ENTRY("RtlUnwind", win32_RtlUnwind),                 \
        SEH_ENTRY("RtlRaiseException", win32_RtlRaiseException), SEH_ENTRY("NtContinue", NtContinue),        \
        WIN32_EXPORT(RtlLookupFunctionEntry), WIN32_EXPORT(RtlVirtualUnwind)

// ntdll.dll's rows, and kernel32.dll's (which exports the same unwinding functions, plus
// RaiseException; mingw's libgcc imports them from kernel32).
WIN32_EXPORT_TABLE(ntdll_exception_exports, SEH_EXPORTS, WIN32_EXPORT(__C_specific_handler));
WIN32_EXPORT_TABLE(kernel32_exception_exports, SEH_EXPORTS, SEH_ENTRY("RaiseException", win32_RaiseException));

}  // namespace win32::seh
