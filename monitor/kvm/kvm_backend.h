// The kvm backend: runs the guest image in a KVM virtual machine with one vCPU. The guest gets
// the same guest addresses, boot info and hypercalls as on the sandbox backend; only the
// hypercall entry differs (a stub in the system area that exits by port I/O).
//
// Threads: the calling thread sets everything up, starts the vCPU thread, and waits for it,
// enforcing --timeout by kicking it (SIGUSR1: KVM_RUN and the BLOCK hypercall's ppoll return
// EINTR). The vCPU thread seccomp-filters itself (kvm/seccomp_policy.h) before KVM_RUN.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "error.h"
#include "guest/boot_info.h"
#include "guest/image_loader.h"
#include "guest/layout.h"
#include "hostfs/host_share.h"
#include "image/elf_image.h"
#include "kvm/kvm_device.h"
#include "sandbox/sandbox_backend.h"

namespace celda::kvm {

// A run is described the same way for both backends (on kvm, -v shares are served by a helper
// process, kvm/share_broker.h, instead of the sandbox's parent).
using KvmRun = sandbox::SandboxRun;

// How the guest ended, in the same shape the sandbox reports it, so one report covers both.
Result<sandbox::SandboxOutcome> run_on_kvm(const KvmRun& run, const KvmDevice& kvm);

}  // namespace celda::kvm
