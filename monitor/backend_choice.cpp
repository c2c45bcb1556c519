#include "backend_choice.h"

namespace celda {

Result<BackendChoice> choose_backend(cli::Backend requested) {
    switch (requested) {
        case cli::Backend::Kvm:
            return fail("the kvm backend is not available yet; use --backend sandbox");
        case cli::Backend::Sandbox:
            return BackendChoice{cli::Backend::Sandbox, "requested"};
        case cli::Backend::Auto:
        default:
            return BackendChoice{cli::Backend::Sandbox, "auto: kvm not available"};
    }
}

}  // namespace celda
