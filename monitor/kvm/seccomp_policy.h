// The seccomp filters of the kvm backend's two threads: the complete lists of host syscalls
// each may make, with their arguments pinned (built by seccomp/bpf_builder). Anything else
// raises SIGSYS, which is reported as an internal error (on kvm a guest cannot make host
// syscalls at all: only the monitor's own code could). docs/kvm.md documents both tables; a
// unit test keeps them in step.
//
// - The vCPU thread runs guest code and answers its hypercalls.
// - The main thread, once the vCPU thread exists, only waits for it, kicks it at --timeout,
//   formats the report, tears down and exits.
#pragma once

#include <linux/filter.h>
#include <sys/types.h>

#include <string_view>
#include <vector>

namespace celda::kvm {

// Names of the allowed syscalls, in table order (the vCPU's host-share rows included).
std::vector<std::string_view> vcpu_allowed_syscall_names();
// The vCPU rows present only with host shares (-v).
std::vector<std::string_view> vcpu_share_syscall_names();
std::vector<std::string_view> main_allowed_syscall_names();

// The BPF program for a vCPU thread whose vCPU fd is `vcpu_fd`.
std::vector<sock_filter> build_vcpu_seccomp_filter(int vcpu_fd);
// The same with host shares: requests on `broker_fd` (write/recvmsg), the handle operations on
// granted descriptors [first_file_fd, first_file_fd + hostfs::kMaxOpenFiles). broker_fd < 0:
// no shares (the table above).
std::vector<sock_filter> build_vcpu_seccomp_filter(int vcpu_fd, int broker_fd, int first_file_fd);
// The BPF program for the main thread of process `pid` (the timeout kick is pinned to it).
std::vector<sock_filter> build_main_seccomp_filter(pid_t pid);

}  // namespace celda::kvm
