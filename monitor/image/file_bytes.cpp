#include "image/file_bytes.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

namespace celda::image {

FileBytes::FileBytes(std::vector<std::byte> owned)
    : owned_(std::move(owned)), data_(owned_.data()), size_(owned_.size()) {}

FileBytes::FileBytes(FileBytes&& other) noexcept { *this = std::move(other); }

FileBytes& FileBytes::operator=(FileBytes&& other) noexcept {
    if (this == &other) return *this;
    release();
    owned_ = std::move(other.owned_);
    mapped_ = std::exchange(other.mapped_, false);
    fd_ = std::exchange(other.fd_, -1);
    size_ = std::exchange(other.size_, 0);
    data_ = mapped_ ? std::exchange(other.data_, nullptr) : owned_.data();
    other.data_ = nullptr;
    return *this;
}

FileBytes::~FileBytes() { release(); }

void FileBytes::release() {
    if (mapped_ && size_ != 0) ::munmap(const_cast<std::byte*>(data_), size_);
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    mapped_ = false;
    data_ = nullptr;
    size_ = 0;
    owned_.clear();
}

Result<FileBytes> FileBytes::open(const std::string& path) {
    auto cannot = [&](int error) { return fail("cannot open '" + path + "': " + std::strerror(error)); };
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return cannot(errno);
    struct FdCloser { int fd; ~FdCloser() { if (fd >= 0) ::close(fd); } } closer{fd};

    struct stat st{};
    if (::fstat(fd, &st) != 0) return cannot(errno);
    if (S_ISDIR(st.st_mode)) return fail("cannot run '" + path + "': it is a directory");
    if (!S_ISREG(st.st_mode)) return fail("cannot run '" + path + "': it is not a regular file");
    if (static_cast<std::uint64_t>(st.st_size) > (1ull << 32))
        return fail("'" + path + "' is too large to run (over 4 GiB)");

    FileBytes bytes;
    if (st.st_size == 0) return bytes;
    void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) return fail("cannot read '" + path + "': " + std::strerror(errno));
    bytes.data_ = static_cast<const std::byte*>(p);
    bytes.size_ = static_cast<std::size_t>(st.st_size);
    bytes.mapped_ = true;
    bytes.fd_ = std::exchange(closer.fd, -1);
    return bytes;
}

}  // namespace celda::image
