// /dev/kvm: opened and checked once. `usable()` answers backend_choice's question "does KVM
// work here?" with a reason a user can act on.
#pragma once

#include "error.h"
#include "unique_fd.h"

namespace celda::kvm {

struct KvmDevice {
    UniqueFd fd;
    int vcpu_mmap_size = 0;
    bool msr_filter = false;  // KVM_CAP_X86_MSR_FILTER: deny-by-default MSR access
};

// Opens /dev/kvm and checks the API version and the capabilities the backend relies on
// (user memory, immediate exit, CPUID2 for filtering). The error text names the cause, e.g.
// "cannot open /dev/kvm: No such file or directory".
Result<KvmDevice> open_kvm();

}  // namespace celda::kvm
