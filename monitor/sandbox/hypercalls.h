// The sandbox backend's hypercall entry: a monitor function the guest calls directly through
// boot_info.hypercall_entry, on the guest's own stack, inside the locked-down child. Every guest
// address it receives goes through GuestMemory before it is touched; a bad one stops the guest.
#pragma once

#include <cstdint>

namespace celda::sandbox {

extern "C" std::uint64_t sandbox_hypercall(std::uint64_t nr, void* args);

// "console_write", ... or nullptr for an unknown number.
const char* hypercall_name(std::uint64_t nr);

}  // namespace celda::sandbox
