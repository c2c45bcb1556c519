// Which backend runs the guest: `auto` resolves to kvm when /dev/kvm opens and has what the
// kvm backend needs, else to sandbox; an explicit `kvm` without a usable /dev/kvm is an error
// the user can act on. The reason is shown by --trace.
#pragma once

#include <optional>
#include <string>

#include "cli/options.h"
#include "error.h"
#include "kvm/kvm_device.h"

namespace celda {

struct BackendChoice {
    cli::Backend backend;   // Sandbox or Kvm, never Auto
    std::string reason;     // for --trace: "auto: cannot open /dev/kvm: ..."
    std::optional<kvm::KvmDevice> kvm;  // the opened device, when backend == Kvm
};

Result<BackendChoice> choose_backend(cli::Backend requested);

// "sandbox" or "kvm".
const char* backend_name(cli::Backend backend);

}  // namespace celda
