// A host directory shared into the guest (`celda run -v HOSTDIR:GUESTDIR[:ro]`), as the
// trusted `celda` parent holds it: the directory opened once, before boot, as an O_PATH
// descriptor that every later lookup starts from (beneath it, never above).
#pragma once

#include <string>
#include <vector>

#include "cli/options.h"
#include "error.h"

namespace celda::hostfs {

class HostShare {
public:
    HostShare(int root_fd, std::string guest_dir, bool read_only)
        : root_fd_(root_fd), guest_dir_(std::move(guest_dir)), read_only_(read_only) {}
    HostShare(HostShare&& other) noexcept;
    HostShare& operator=(HostShare&&) = delete;
    HostShare(const HostShare&) = delete;
    ~HostShare();

    int root_fd() const { return root_fd_; }
    const std::string& guest_dir() const { return guest_dir_; }
    bool read_only() const { return read_only_; }

private:
    int root_fd_;
    std::string guest_dir_;
    bool read_only_;
};

// Opens every -v directory; fails with one line naming the first that does not exist or is
// not a directory.
Result<std::vector<HostShare>> open_shares(const std::vector<cli::ShareSpec>& specs);

}  // namespace celda::hostfs
