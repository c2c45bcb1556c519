// Vectored exception and continue handlers (AddVectoredExceptionHandler & co., kernel32 and
// ntdll's Rtl* names). Exception handlers are asked before any frame-based handler, for every
// exception (RaiseException, C++ throw, CPU faults); continue handlers are told when execution
// is about to continue after a handler or the unhandled-exception filter chose to (exceptions.cpp).
// Each list is called in order until a handler returns EXCEPTION_CONTINUE_EXECUTION; `first`
// puts a handler at the front, else at the back, as on Windows.
//
// Entries are linked into a list and never freed: a handler may remove itself (or another)
// while the list is being walked, and a removed entry keeps its `next`, so the walk goes on.
#include <libos/memory.h>

#include "dlls/ntdll/exceptions.h"
#include "process/thread.h"
#include "registry/registry.h"

namespace win32::seh {
namespace {

struct Entry {
    VectoredHandler handler;
    Entry* previous;
    Entry* next;
    bool removed;
};

struct List {
    Entry* head = nullptr;
    Entry* tail = nullptr;
};

List g_lists[2];   // VectoredList::Exception, VectoredList::Continue

void* add(VectoredList which, ULONG first, VectoredHandler handler) {
    if (!handler) return nullptr;
    auto* entry = new Entry{handler, nullptr, nullptr, false};
    if (!entry) return nullptr;
    List& list = g_lists[static_cast<int>(which)];
    if (first || !list.head) {
        entry->next = list.head;
        if (list.head) list.head->previous = entry;
        else list.tail = entry;
        list.head = entry;
    } else {
        entry->previous = list.tail;
        list.tail->next = entry;
        list.tail = entry;
    }
    return entry;
}

ULONG remove(VectoredList which, void* handle) {
    List& list = g_lists[static_cast<int>(which)];
    for (Entry* entry = list.head; entry; entry = entry->next) {
        if (entry != handle) continue;
        if (entry->previous) entry->previous->next = entry->next;
        else list.head = entry->next;
        if (entry->next) entry->next->previous = entry->previous;
        else list.tail = entry->previous;
        entry->removed = true;
        return 1;
    }
    return 0;
}

}  // namespace

bool call_vectored_handlers(VectoredList which, ExceptionRecord* record, Context* context) {
    ExceptionPointers pointers{record, context};
    for (Entry* entry = g_lists[static_cast<int>(which)].head; entry; entry = entry->next) {
        if (entry->removed) continue;
        LONG verdict = entry->handler(&pointers);
        resume_current_thread();
        if (verdict == kExceptionContinueExecution) return true;
    }
    return false;
}

WINAPI void* AddVectoredExceptionHandler(ULONG first, VectoredHandler handler) {
    return add(VectoredList::Exception, first, handler);
}
WINAPI ULONG RemoveVectoredExceptionHandler(void* handle) { return remove(VectoredList::Exception, handle); }
WINAPI void* AddVectoredContinueHandler(ULONG first, VectoredHandler handler) {
    return add(VectoredList::Continue, first, handler);
}
WINAPI ULONG RemoveVectoredContinueHandler(void* handle) { return remove(VectoredList::Continue, handle); }

WIN32_EXPORT_TABLE(kernel32_vectored_exports, WIN32_EXPORT(AddVectoredExceptionHandler),
                   WIN32_EXPORT(RemoveVectoredExceptionHandler), WIN32_EXPORT(AddVectoredContinueHandler),
                   WIN32_EXPORT(RemoveVectoredContinueHandler));
WIN32_EXPORT_TABLE(ntdll_vectored_exports, WIN32_EXPORT_AS("RtlAddVectoredExceptionHandler", AddVectoredExceptionHandler),
                   WIN32_EXPORT_AS("RtlRemoveVectoredExceptionHandler", RemoveVectoredExceptionHandler),
                   WIN32_EXPORT_AS("RtlAddVectoredContinueHandler", AddVectoredContinueHandler),
                   WIN32_EXPORT_AS("RtlRemoveVectoredContinueHandler", RemoveVectoredContinueHandler));

}  // namespace win32::seh
