#include "image/file_bytes.h"

#include <sys/mman.h>

#include <cerrno>
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
    size_ = std::exchange(other.size_, 0);
    data_ = mapped_ ? std::exchange(other.data_, nullptr) : owned_.data();
    other.data_ = nullptr;
    return *this;
}

FileBytes::~FileBytes() { release(); }

void FileBytes::release() {
    if (mapped_ && size_ != 0) ::munmap(const_cast<std::byte*>(data_), size_);
    mapped_ = false;
    data_ = nullptr;
    size_ = 0;
    owned_.clear();
}

Result<FileBytes> FileBytes::map(int fd, std::size_t size, const std::string& path) {
    FileBytes bytes;
    if (size == 0) return bytes;
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) return fail("cannot read '" + path + "': " + std::strerror(errno));
    bytes.data_ = static_cast<const std::byte*>(p);
    bytes.size_ = size;
    bytes.mapped_ = true;
    return bytes;
}

}  // namespace celda::image
