// An owned anonymous or file mapping: unmapped exactly once, when its owner goes.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <utility>

namespace celda::kvm {

class HostMapping {
public:
    HostMapping() = default;
    HostMapping(void* address, std::size_t size) : address_(address), size_(size) {}
    HostMapping(HostMapping&& o) noexcept
        : address_(std::exchange(o.address_, nullptr)), size_(std::exchange(o.size_, 0)) {}
    HostMapping& operator=(HostMapping&& o) noexcept {
        if (this != &o) {
            release();
            address_ = std::exchange(o.address_, nullptr);
            size_ = std::exchange(o.size_, 0);
        }
        return *this;
    }
    HostMapping(const HostMapping&) = delete;
    HostMapping& operator=(const HostMapping&) = delete;
    ~HostMapping() { release(); }

    std::byte* bytes() const { return static_cast<std::byte*>(address_); }
    std::size_t size() const { return size_; }

private:
    void release() {
        if (address_) ::munmap(address_, size_);
        address_ = nullptr;
    }
    void* address_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace celda::kvm
