#include "kvm/verdict_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace celda::kvm {
namespace {

// Bump when the self-test changes what it checks: old verdicts then no longer match.
constexpr const char* kSelfTestVersion = "selftest-2";
constexpr std::size_t kMaxFile = 4096;

std::string read_small_file(const char* path) {
    int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    char buffer[256];
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    ::close(fd);
    if (n <= 0) return {};
    std::string text(buffer, static_cast<std::size_t>(n));
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

// "<self-test version> <boot id> <kernel release>", or "" when the boot id is unknown (then
// nothing is cached: a verdict could outlive the boot it was made in).
std::string current_key() {
    std::string boot_id = read_small_file("/proc/sys/kernel/random/boot_id");
    utsname names{};
    if (boot_id.empty() || ::uname(&names) != 0) return {};
    return std::string(kSelfTestVersion) + " " + boot_id + " " + names.release;
}

bool trustworthy(int fd) {
    struct stat st{};
    return ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() &&
           (st.st_mode & (S_IWGRP | S_IWOTH)) == 0 && st.st_size > 0 && st.st_size < static_cast<off_t>(kMaxFile);
}

}  // namespace

std::string verdict_cache_path() {
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && runtime[0] == '/')
        return std::string(runtime) + "/celda-kvm-verdict";
    if (::geteuid() == 0) return "/run/celda/kvm-verdict";
    const char* tmp = std::getenv("TMPDIR");
    std::string dir = tmp && tmp[0] == '/' ? tmp : "/tmp";
    return dir + "/celda-" + std::to_string(::geteuid()) + "-kvm-verdict";
}

std::optional<CachedVerdict> load_verdict(const std::string& path) {
    if (path.empty()) return std::nullopt;
    const std::string key = current_key();
    if (key.empty()) return std::nullopt;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return std::nullopt;
    std::string text;
    if (trustworthy(fd)) {
        char buffer[kMaxFile];
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) text.assign(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    // Line 1: the key. Line 2: "usable" or "unusable <reason>".
    const std::size_t end_of_key = text.find('\n');
    if (end_of_key == std::string::npos || text.compare(0, end_of_key, key) != 0 || end_of_key != key.size())
        return std::nullopt;
    std::string verdict = text.substr(end_of_key + 1);
    if (!verdict.empty() && verdict.back() == '\n') verdict.pop_back();
    if (verdict == "usable") return CachedVerdict{{true, {}}, path};
    constexpr std::string_view kUnusable = "unusable ";
    if (verdict.compare(0, kUnusable.size(), kUnusable) == 0 && verdict.find('\n') == std::string::npos)
        return CachedVerdict{{false, verdict.substr(kUnusable.size())}, path};
    return std::nullopt;
}

void store_verdict(const std::string& path, const Verdict& verdict) {
    if (path.empty()) return;
    const std::string key = current_key();
    if (key.empty()) return;
    std::string reason = verdict.reason;
    for (char& c : reason)
        if (c == '\n') c = ' ';
    const std::string text = key + "\n" + (verdict.usable ? std::string("usable") : "unusable " + reason) + "\n";
    if (const std::size_t slash = path.rfind('/'); slash != std::string::npos && slash > 0)
        ::mkdir(path.substr(0, slash).c_str(), 0700);  // /run/celda; exists already elsewhere
    const std::string temporary = path + "." + std::to_string(::getpid());
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return;
    bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) ::unlink(temporary.c_str());
}

}  // namespace celda::kvm
