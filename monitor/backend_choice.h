// Which backend runs the guest: `auto` resolves to kvm when it is usable, else sandbox. KVM is
// not implemented yet, so today auto always means sandbox and an explicit kvm is an error.
#pragma once

#include <string>

#include "cli/options.h"
#include "error.h"

namespace celda {

struct BackendChoice {
    cli::Backend backend;   // Sandbox or Kvm, never Auto
    std::string reason;     // for --trace: "auto: kvm not available"
};

Result<BackendChoice> choose_backend(cli::Backend requested);

}  // namespace celda
