// Vectored exception handlers (AddVectoredExceptionHandler, RtlAddVectoredExceptionHandler):
// called, first-registered-first unless added with `first`, before any frame-based handler
// for every exception raised in software (RaiseException, C++ throw, RtlRaiseException).
// Hardware faults are not dispatched at all yet (see README), so they reach no handler.
// Continue handlers (AddVectoredContinueHandler) run when a handler resumes execution.
#include <libos/libc.h>

#include "dlls/ntdll/exceptions.h"
#include "process/thread.h"
#include "registry/registry.h"

namespace win32::seh {
namespace {

using Handler = LONG(WINAPI*)(void* pointers);

struct Entry {
    Handler handler;
    Entry* next;
};
constinit Entry* exception_handlers = nullptr;
constinit Entry* continue_handlers = nullptr;

void* add(Entry*& list, uint32_t first, Handler handler) {
    auto* entry = static_cast<Entry*>(::malloc(sizeof(Entry)));
    if (!entry) return nullptr;
    entry->handler = handler;
    entry->next = nullptr;
    if (first) {
        entry->next = list;
        list = entry;
    } else {
        Entry** link = &list;
        while (*link) link = &(*link)->next;
        *link = entry;
    }
    return entry;   // the cookie Remove* takes
}
uint32_t remove(Entry*& list, void* cookie) {
    for (Entry** link = &list; *link; link = &(*link)->next)
        if (*link == cookie) {
            Entry* dead = *link;
            *link = dead->next;
            ::free(dead);
            return 1;
        }
    return 0;
}

// EXCEPTION_CONTINUE_EXECUTION is -1, EXCEPTION_CONTINUE_SEARCH 0.
bool call_all(Entry* list, ExceptionRecord* record, Context* context, bool stop_on_continue) {
    struct {
        ExceptionRecord* record;
        Context* context;
    } pointers{record, context};
    for (Entry* entry = list; entry; entry = entry->next) {
        LONG verdict = entry->handler(&pointers);
        resume_current_thread();
        if (verdict == -1 && stop_on_continue) return true;
    }
    return false;
}

}  // namespace

bool call_vectored_handlers(ExceptionRecord* record, Context* context) {
    if (!call_all(exception_handlers, record, context, true)) return false;
    call_all(continue_handlers, record, context, false);
    return true;
}

WINAPI void* AddVectoredExceptionHandler(uint32_t first, Handler handler) { return add(exception_handlers, first, handler); }
WINAPI uint32_t RemoveVectoredExceptionHandler(void* cookie) { return remove(exception_handlers, cookie); }
WINAPI void* AddVectoredContinueHandler(uint32_t first, Handler handler) { return add(continue_handlers, first, handler); }
WINAPI uint32_t RemoveVectoredContinueHandler(void* cookie) { return remove(continue_handlers, cookie); }

// kernel32's names and ntdll's Rtl* names for the same four.
WIN32_EXPORT_TABLE(kernel32_vectored_exports, WIN32_EXPORT(AddVectoredExceptionHandler),
                   WIN32_EXPORT(RemoveVectoredExceptionHandler), WIN32_EXPORT(AddVectoredContinueHandler),
                   WIN32_EXPORT(RemoveVectoredContinueHandler));
WIN32_EXPORT_TABLE(ntdll_vectored_exports, WIN32_EXPORT_AS("RtlAddVectoredExceptionHandler", AddVectoredExceptionHandler),
                   WIN32_EXPORT_AS("RtlRemoveVectoredExceptionHandler", RemoveVectoredExceptionHandler),
                   WIN32_EXPORT_AS("RtlAddVectoredContinueHandler", AddVectoredContinueHandler),
                   WIN32_EXPORT_AS("RtlRemoveVectoredContinueHandler", RemoveVectoredContinueHandler));

}  // namespace win32::seh
