// Running the modules' initialization code, in Windows' order: for each DLL, its TLS callbacks
// and then DllMain — DLL_PROCESS_ATTACH in load-completion order (dependencies first),
// DLL_THREAD_ATTACH/DETACH for every thread CreateThread starts and ends, DLL_PROCESS_DETACH
// at exit in the reverse order — and the per-thread TLS blocks of every module with a TLS
// directory (ThreadLocalStoragePointer[module.tls_index]).
#pragma once

#include <stdint.h>

#include "loader/pe_module.h"

namespace win32 {

struct Thread;

// The loader queues each DLL it finished loading; cancel drops one of a failed load.
void queue_dll_attach(PeModule* module);
void cancel_dll_attach(PeModule* module);

// DLL_PROCESS_ATTACH for the queued DLLs, in order. `static_load`: the program's imports at
// start-up (lpReserved non-NULL, as Windows passes). Returns the DLL whose DllMain returned
// FALSE, or nullptr. After a FALSE from a LoadLibrary'd DLL it gets DLL_PROCESS_DETACH and
// it and the DLLs queued after it are forgotten, as Windows unloads them.
PeModule* attach_queued_dlls(bool static_load);

// A new thread: its TLS blocks, then (not for the main thread, whose DLLs get
// PROCESS_ATTACH instead) DLL_THREAD_ATTACH for every attached DLL, then the program's TLS
// callbacks (PROCESS_ATTACH on the main thread, THREAD_ATTACH on others).
void attach_thread(Thread* thread, bool main_thread);
// A thread ending: the program's TLS callbacks and then every DLL, newest first, with
// DLL_THREAD_DETACH.
void detach_thread(Thread* thread);
// Process exit (an exit hook, after the CRT's atexit table): DLL_PROCESS_DETACH, newest first.
void detach_all_dlls();
// FreeLibrary dropped the last reference: DLL_PROCESS_DETACH and the module is forgotten.
void unload_dll(PeModule* module);

}  // namespace win32
