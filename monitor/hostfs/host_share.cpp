#include "hostfs/host_share.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace celda::hostfs {

HostShare::HostShare(HostShare&& other) noexcept
    : root_fd_(other.root_fd_), guest_dir_(std::move(other.guest_dir_)), read_only_(other.read_only_) {
    other.root_fd_ = -1;
}

HostShare::~HostShare() {
    if (root_fd_ >= 0) ::close(root_fd_);
}

Result<std::vector<HostShare>> open_shares(const std::vector<cli::ShareSpec>& specs) {
    std::vector<HostShare> shares;
    shares.reserve(specs.size());
    for (const cli::ShareSpec& spec : specs) {
        const std::string what = "-v " + spec.as_given + ": ";
        int fd = ::open(spec.host_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT) return fail(what + "host directory " + spec.host_dir + " does not exist");
            if (errno == ENOTDIR) return fail(what + spec.host_dir + " is not a directory");
            return fail(what + "cannot open " + spec.host_dir + ": " + std::strerror(errno));
        }
        shares.emplace_back(fd, spec.guest_dir, spec.read_only);
    }
    return shares;
}

}  // namespace celda::hostfs
