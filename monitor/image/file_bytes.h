// The bytes of an image file. Files are mapped read-only and private rather than read: the
// pages come straight from the page cache, only the ones the loader touches are faulted in,
// and nothing is zero-filled first. Tests hand in an owned buffer instead. A mapped file keeps
// its read-only, close-on-exec descriptor open, so the sandbox can map segments of it straight
// into guest memory, copy-on-write (guest/image_loader.h); the sandboxed child closes it.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "error.h"

namespace celda::image {

class FileBytes {
public:
    FileBytes() = default;
    FileBytes(std::vector<std::byte> owned);  // implicit: tests parse plain buffers
    FileBytes(FileBytes&& other) noexcept;
    FileBytes& operator=(FileBytes&& other) noexcept;
    FileBytes(const FileBytes&) = delete;
    FileBytes& operator=(const FileBytes&) = delete;
    ~FileBytes();

    // Opens and maps the regular file at `path`. Errors name the file and say what is wrong
    // (missing, a directory, unreadable, over 4 GiB).
    static Result<FileBytes> open(const std::string& path);

    const std::byte* data() const { return data_; }
    // The open file (read-only), or -1 for an owned buffer.
    int fd() const { return fd_; }
    std::size_t size() const { return size_; }
    std::byte operator[](std::size_t i) const { return data_[i]; }
    operator std::span<const std::byte>() const { return {data_, size_}; }

private:
    void release();

    std::vector<std::byte> owned_;
    const std::byte* data_ = nullptr;
    std::size_t size_ = 0;
    bool mapped_ = false;
    int fd_ = -1;
};

}  // namespace celda::image
