#include "backend_choice.h"

#include <cstdlib>
#include <cstring>
#include <optional>

#include "kvm/self_test.h"
#include "kvm/verdict_cache.h"

namespace celda {
namespace {

struct KvmVerdict {
    kvm::Verdict verdict;
    std::string source;  // "" (self-test just now) or " (cached in PATH)"
};

// The self-test's answer, from the per-boot cache when it has one (kvm/verdict_cache.h).
// CELDA_KVM_VERDICT_CACHE=0 always runs the self-test and leaves the cache alone.
std::string cache_path() {
    const char* setting = std::getenv("CELDA_KVM_VERDICT_CACHE");
    const bool use_cache = !(setting && std::strcmp(setting, "0") == 0);
    return use_cache ? kvm::verdict_cache_path() : std::string();
}

std::optional<KvmVerdict> cached_verdict(const std::string& path) {
    if (auto cached = kvm::load_verdict(path)) return KvmVerdict{cached->verdict, " (cached in " + cached->path + ")"};
    return std::nullopt;
}

KvmVerdict kvm_verdict(const kvm::KvmDevice& device) {
    const std::string path = cache_path();
    if (auto cached = cached_verdict(path)) return *cached;
    kvm::Verdict verdict;
    if (auto works = kvm::self_test(device); works)
        verdict.usable = true;
    else
        verdict.reason = works.error().message;
    kvm::store_verdict(path, verdict);
    return {verdict, ""};
}

}  // namespace

Result<BackendChoice> choose_backend(cli::Backend requested) {
    if (requested == cli::Backend::Sandbox) return BackendChoice{cli::Backend::Sandbox, "requested", std::nullopt};
    // auto, and this boot's cache already says kvm cannot run guests here: the sandbox, without
    // opening /dev/kvm and asking its capabilities again (that cost ~0.1 ms of every cold start
    // on such hosts). A "usable" verdict still needs the device, opened below.
    if (requested == cli::Backend::Auto)
        if (auto cached = cached_verdict(cache_path()); cached && !cached->verdict.usable)
            return BackendChoice{cli::Backend::Sandbox, "auto: /dev/kvm cannot run guests: " + cached->verdict.reason +
                                                            cached->source,
                                 std::nullopt};
    auto device = kvm::open_kvm();
    if (requested == cli::Backend::Kvm) {
        if (!device) return fail("/dev/kvm is not available (" + device.error().message + "); use --backend sandbox");
        KvmVerdict works = kvm_verdict(*device);
        if (!works.verdict.usable)
            return fail("/dev/kvm is not usable (it opens, but " + works.verdict.reason + ")" + works.source +
                        "; use --backend sandbox");
        return BackendChoice{cli::Backend::Kvm, "requested" + works.source, std::move(*device)};
    }
    if (!device) return BackendChoice{cli::Backend::Sandbox, "auto: kvm not usable: " + device.error().message, std::nullopt};
    KvmVerdict works = kvm_verdict(*device);
    if (!works.verdict.usable)
        return BackendChoice{cli::Backend::Sandbox, "auto: /dev/kvm opens but " + works.verdict.reason + works.source,
                             std::nullopt};
    return BackendChoice{cli::Backend::Kvm, "auto: /dev/kvm works" + works.source, std::move(*device)};
}

const char* backend_name(cli::Backend backend) {
    return backend == cli::Backend::Kvm ? "kvm" : "sandbox";
}

}  // namespace celda
