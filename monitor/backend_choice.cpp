#include "backend_choice.h"

#include "kvm/self_test.h"

namespace celda {

Result<BackendChoice> choose_backend(cli::Backend requested) {
    if (requested == cli::Backend::Sandbox) return BackendChoice{cli::Backend::Sandbox, "requested", std::nullopt};
    auto device = kvm::open_kvm();
    if (requested == cli::Backend::Kvm) {
        if (!device) return fail("/dev/kvm is not available (" + device.error().message + "); use --backend sandbox");
        if (auto works = kvm::self_test(*device); !works)
            return fail("/dev/kvm is not usable (it opens, but " + works.error().message + "); use --backend sandbox");
        return BackendChoice{cli::Backend::Kvm, "requested", std::move(*device)};
    }
    if (!device) return BackendChoice{cli::Backend::Sandbox, "auto: kvm not usable: " + device.error().message, std::nullopt};
    if (auto works = kvm::self_test(*device); !works)
        return BackendChoice{cli::Backend::Sandbox, "auto: /dev/kvm opens but " + works.error().message, std::nullopt};
    return BackendChoice{cli::Backend::Kvm, "auto: /dev/kvm works", std::move(*device)};
}

const char* backend_name(cli::Backend backend) {
    return backend == cli::Backend::Kvm ? "kvm" : "sandbox";
}

}  // namespace celda
