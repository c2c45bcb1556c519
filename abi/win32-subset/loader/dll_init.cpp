#include "loader/dll_init.h"

#include <libos/libc.h>

#include "process/thread.h"
#include "support/winabi.h"

namespace win32 {
namespace {

constexpr uint32_t kProcessDetach = 0, kProcessAttach = 1, kThreadAttach = 2, kThreadDetach = 3;

// Loaded, DllMain not yet run.
constinit PeModule* queued[kMaxModules] = {};
constinit size_t queued_count = 0;
// Attached, in initialization order.
constinit PeModule* attached[kMaxModules] = {};
constinit size_t attached_count = 0;

using Callback = void(WINAPI*)(void* module, uint32_t reason, void* reserved);
using DllMain = BOOL(WINAPI*)(void* module, uint32_t reason, void* reserved);

void run_tls_callbacks(const PeModule& module, uint32_t reason, void* reserved) {
    if (!module.tls || !module.tls->AddressOfCallBacks) return;
    for (auto* at = reinterpret_cast<const uint64_t*>(module.tls->AddressOfCallBacks); *at; ++at)
        reinterpret_cast<Callback>(*at)(module.base, reason, reserved);
}

// TLS callbacks first, then the entry point, as Windows' loader calls them.
BOOL notify(const PeModule& module, uint32_t reason, void* reserved) {
    run_tls_callbacks(module, reason, reserved);
    if (!module.entry) return kTrue;
    return reinterpret_cast<DllMain>(module.entry)(module.base, reason, reserved);
}

void remove_from(PeModule** list, size_t& count, PeModule* module) {
    for (size_t i = 0; i < count; ++i)
        if (list[i] == module) {
            memmove(&list[i], &list[i + 1], (count - i - 1) * sizeof list[0]);
            --count;
            return;
        }
}

// The block a thread needs for `module`'s TLS: its initial data and zero fill.
void* new_tls_block(const PeModule& module) {
    const auto* t = module.tls;
    size_t data = t->EndAddressOfRawData - t->StartAddressOfRawData;
    size_t total = data + t->SizeOfZeroFill;
    auto* block = static_cast<uint8_t*>(calloc(1, total ? total : 1));
    if (block && data) memcpy(block, reinterpret_cast<const void*>(t->StartAddressOfRawData), data);
    return block;
}

void** tls_array_of(Thread* thread) { return *reinterpret_cast<void***>(thread->teb + teb::kTlsPointer); }

// A DLL with TLS loaded while threads run: each running thread gets its block now.
void add_tls_block(Thread* thread, void* context) {
    const auto& module = *static_cast<const PeModule*>(context);
    void** array = tls_array_of(thread);
    if (array && !array[module.tls_index]) array[module.tls_index] = new_tls_block(module);
}

}  // namespace

void queue_dll_attach(PeModule* module) {
    if (queued_count < kMaxModules) queued[queued_count++] = module;
}

void cancel_dll_attach(PeModule* module) { remove_from(queued, queued_count, module); }

PeModule* attach_queued_dlls(bool static_load) {
    void* reserved = static_load ? reinterpret_cast<void*>(1) : nullptr;
    while (queued_count > 0) {
        PeModule* module = queued[0];
        remove_from(queued, queued_count, module);
        if (module->tls_index >= 0) for_each_live_thread(add_tls_block, module);
        if (!notify(*module, kProcessAttach, reserved)) {
            if (!static_load) {
                notify(*module, kProcessDetach, nullptr);
                while (queued_count > 0) {
                    PeModule* later = queued[0];
                    remove_from(queued, queued_count, later);
                    forget_module(later);
                }
                forget_module(module);
            }
            return module;
        }
        module->attached = true;
        if (attached_count < kMaxModules) attached[attached_count++] = module;
    }
    return nullptr;
}

void attach_thread(Thread* thread, bool main_thread) {
    auto** array = static_cast<void**>(calloc(kMaxTlsModules, sizeof(void*)));
    if (array) {
        for (size_t i = 0; i < module_count(); ++i) {
            const PeModule* module = module_at(i);
            if (module->tls_index >= 0) array[module->tls_index] = new_tls_block(*module);
        }
        *reinterpret_cast<void***>(thread->teb + teb::kTlsPointer) = array;
    }   // else the program faults on TLS use; reported as a crash
    if (!main_thread)
        for (size_t i = 0; i < attached_count; ++i)
            if (attached[i]->thread_calls) notify(*attached[i], kThreadAttach, nullptr);
    if (const PeModule* program = main_module())
        run_tls_callbacks(*program, main_thread ? kProcessAttach : kThreadAttach, nullptr);
}

void detach_thread(Thread*) {
    if (const PeModule* program = main_module()) run_tls_callbacks(*program, kThreadDetach, nullptr);
    for (size_t i = attached_count; i-- > 0;)
        if (attached[i]->thread_calls) notify(*attached[i], kThreadDetach, nullptr);
}

void detach_all_dlls() {
    // lpReserved non-NULL: the process is terminating.
    while (attached_count > 0) {
        PeModule* module = attached[--attached_count];
        module->attached = false;
        notify(*module, kProcessDetach, reinterpret_cast<void*>(1));
    }
}

void unload_dll(PeModule* module) {
    if (module->attached) {
        remove_from(attached, attached_count, module);
        module->attached = false;
        notify(*module, kProcessDetach, nullptr);
    }
    forget_module(module);
}

}  // namespace win32
