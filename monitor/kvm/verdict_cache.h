// The answer to "does /dev/kvm run Celda guests here?", remembered per host boot.
//
// The self-test (kvm/self_test.h) boots a throwaway VM: ~15-20 ms, more than a whole
// `celda run hello.img` on the sandbox. Its answer cannot change until the host reboots or
// runs another kernel, so `auto` asks it once and keeps the verdict in a small file keyed by
// /proc/sys/kernel/random/boot_id, the kernel release and the self-test's version:
//
//   $XDG_RUNTIME_DIR/celda-kvm-verdict                     when XDG_RUNTIME_DIR is set
//   /run/celda/kvm-verdict                                 for root
//   ${TMPDIR:-/tmp}/celda-<uid>-kvm-verdict                 otherwise
//
// A file is believed only if it is a regular file owned by this user and writable by no one
// else, and its key matches. Anything unreadable or unwritable just means no cache: the
// self-test runs, as before. A wrong verdict cannot weaken isolation: "usable" that is not
// makes the kvm run fail with the self-test's message; "unusable" falls back to the sandbox.
#pragma once

#include <optional>
#include <string>

namespace celda::kvm {

struct Verdict {
    bool usable = false;
    std::string reason;  // why not, when !usable (the self-test's message)
};

struct CachedVerdict {
    Verdict verdict;
    std::string path;    // where it came from, for --trace
};

// The cache file for this user, or "" if there is nowhere sensible to keep one.
std::string verdict_cache_path();

// The verdict stored at `path` for this boot and kernel, if there is a trustworthy one.
std::optional<CachedVerdict> load_verdict(const std::string& path);

// Stores `verdict` at `path` for this boot and kernel (atomically: temp file + rename).
// Failures are ignored: the cache is an optimisation.
void store_verdict(const std::string& path, const Verdict& verdict);

}  // namespace celda::kvm
