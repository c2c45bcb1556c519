// Loads a PE32+ console program from untrusted bytes into guest memory: headers checked,
// sections copied and protected, base relocations applied, imports bound to the built-in DLLs,
// TLS and the exception table recorded. Every read of the file or of the mapped image is
// bounds-checked; a bad file gives one line naming what is wrong.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "loader/pe_format.h"

namespace win32 {

struct PeModule {
    const char* name = nullptr;          // file name part of the path, for messages
    uint8_t* base = nullptr;
    size_t size = 0;                     // SizeOfImage
    uint64_t entry = 0;                  // absolute
    uint64_t stack_reserve = 0;
    const pe::RuntimeFunction* functions = nullptr;   // the exception directory, sorted
    uint32_t function_count = 0;
    const pe::TlsDirectory64* tls = nullptr;
    uint32_t resource_rva = 0, resource_size = 0;
    uint32_t export_rva = 0, export_size = 0;

    bool contains(uint64_t address, uint64_t length = 1) const {
        uint64_t start = reinterpret_cast<uint64_t>(base);
        return address >= start && length <= size && address - start <= size - length;
    }
};

// Loads the program; on failure returns false with a message in `error` (no "celda:" prefix).
bool load_pe(const uint8_t* file, size_t file_size, const char* path, PeModule& module, char* error,
             size_t error_capacity);

// The program (after load_pe succeeded), for messages and GetModuleHandle(NULL).
const PeModule* main_module();

// The Windows PAGE_* protection the loader gave the image page holding `address`
// (0 when it is not in the image).
uint32_t image_page_protection(uint64_t address);

// TLS: slot index for the program's TLS block; a new thread's block and callbacks.
void attach_thread_tls(struct Thread* thread, uint32_t reason);
// Runs the TLS callbacks with DLL_PROCESS_ATTACH on the current (main) thread.
void run_tls_callbacks(uint32_t reason);

}  // namespace win32
