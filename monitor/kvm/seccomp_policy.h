// The seccomp filter of the kvm backend's vCPU thread: the complete list of host syscalls the
// thread that runs guest code and answers its hypercalls may make, each with its arguments
// pinned. Anything else raises SIGSYS, which is reported as an internal error (on kvm a guest
// cannot make host syscalls at all: only the monitor's own code could). docs/kvm.md documents
// the same table; a unit test keeps the two in step.
#pragma once

#include <linux/filter.h>

#include <string_view>
#include <vector>

namespace celda::kvm {

// Names of the allowed syscalls, in table order.
std::vector<std::string_view> vcpu_allowed_syscall_names();

// The BPF program for a vCPU thread whose vCPU fd is `vcpu_fd`.
std::vector<sock_filter> build_vcpu_seccomp_filter(int vcpu_fd);

}  // namespace celda::kvm
