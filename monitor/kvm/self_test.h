// Does KVM here actually run a Celda guest? Boots a throwaway VM set up exactly like a real one
// (long mode, paging, SSE) that runs one SSE instruction and reports by port I/O. `auto` uses
// it so that a /dev/kvm which opens but cannot run guests falls back to the sandbox.
#pragma once

#include "error.h"
#include "kvm/kvm_device.h"

namespace celda::kvm {

Result<void> self_test(const KvmDevice& kvm);

}  // namespace celda::kvm
