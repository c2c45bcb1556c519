// Fills the boot area at CELDA_GUEST_BASE: struct celda_boot_info followed by the argv and envp
// pointer arrays (guest addresses) and their strings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "error.h"
#include "guest/guest_memory.h"
#include "guest/layout.h"

namespace celda::guest {

struct BootInputs {
    std::vector<std::string> argv;  // argv[0] = PROGRAM as given
    std::vector<std::string> env;   // "K=V": only what -e passed
    std::uint64_t hypercall_entry = 0;
    std::uint32_t backend = 0;      // enum celda_backend_kind
    std::uint64_t wall_clock_ns = 0;
    std::uint64_t monotonic_ns = 0;
    std::uint32_t payload_kind = 0; // enum celda_payload_kind; the bytes are placed by copy_payload
    std::string payload_path;       // PROGRAM as given, when there is a payload
    struct Share {
        std::string guest_dir;      // absolute, normalized
        bool read_only = false;
    };
    std::vector<Share> shares;      // -v, in the order given (index = share id)
    struct Companion {
        std::string name;           // file name of a DLL beside the program
        std::uint64_t size = 0;     // bytes; placed by place_payload after the program
    };
    std::vector<Companion> companions;
    std::string workdir;            // -w, "" = none
    std::uint32_t trace_flags = 0;  // CELDA_TRACE_* (--trace=syscalls,win32)
    std::uint32_t boot_flags = 0;   // CELDA_BOOT_* (a warm guest: CELDA_BOOT_AWAIT_PAYLOAD)
};

// Bytes the shares, the working directory and the companion DLLs' names add to the boot area.
std::uint64_t boot_extra_size(const std::vector<BootInputs::Share>& shares, const std::string& workdir,
                              const std::vector<BootInputs::Companion>& companions = {});

// Writes the boot info; returns its guest address (CELDA_GUEST_BASE).
Result<std::uint64_t> write_boot_info(const GuestMemory& memory, const GuestLayout& layout,
                                      const BootInputs& inputs);

}  // namespace celda::guest
