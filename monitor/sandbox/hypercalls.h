// The sandbox backend's hypercall entry: a monitor function the guest calls directly through
// boot_info.hypercall_entry, on the guest's own stack, inside the locked-down child. It hands
// the call to the backend-neutral dispatcher (monitor/hypercall/) and turns a stop into the
// child's report + exit.
#pragma once

#include <cstdint>

namespace celda::sandbox {

extern "C" std::uint64_t sandbox_hypercall(std::uint64_t nr, void* args);

// "console_write", ... or nullptr for an unknown number (same as hypercall::name).
const char* hypercall_name(std::uint64_t nr);

}  // namespace celda::sandbox
