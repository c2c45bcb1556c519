// Guest memory: one contiguous region of guest addresses [CELDA_GUEST_BASE, +size), backed by
// one host mapping this class owns. It is the ONE place that turns a guest (address, length)
// into a host pointer, and it refuses any range that is not entirely inside the region.
//
// Async-signal-safe and allocation-free after construction: the sandbox's hypercall handler
// and crash handler use it after the seccomp lockdown.
#pragma once

#include <cstddef>
#include <cstdint>

#include "celda/contract.h"
#include "error.h"

namespace celda::guest {

class GuestMemory {
public:
    // Maps guest memory at host address CELDA_GUEST_BASE (sandbox: guest address == host
    // address, so the guest uses its pointers directly). Fails if anything is mapped there.
    static Result<GuestMemory> map_at_guest_base(std::uint64_t size);
    // Maps guest memory anywhere in the host (for building and inspecting it, and for tests).
    static Result<GuestMemory> map_anywhere(std::uint64_t size);

    GuestMemory(GuestMemory&& other) noexcept;
    GuestMemory& operator=(GuestMemory&& other) noexcept;
    GuestMemory(const GuestMemory&) = delete;
    GuestMemory& operator=(const GuestMemory&) = delete;
    ~GuestMemory();

    static constexpr std::uint64_t base() { return CELDA_GUEST_BASE; }
    std::uint64_t size() const { return size_; }
    std::uint64_t end() const { return CELDA_GUEST_BASE + size_; }

    // True if [address, address + length) lies inside guest memory (no overflow possible).
    // An empty range is inside if its address is in [base, end].
    bool contains(std::uint64_t address, std::uint64_t length) const noexcept {
        return address >= CELDA_GUEST_BASE && length <= size_ && address - CELDA_GUEST_BASE <= size_ - length;
    }

    // The host pointer for a checked guest range, or nullptr if the range is not inside.
    void* host_pointer(std::uint64_t address, std::uint64_t length) const noexcept {
        if (!contains(address, length)) return nullptr;
        return host_ + (address - CELDA_GUEST_BASE);
    }

    template <typename T>
    T* host_object(std::uint64_t address) const noexcept {
        if (address % alignof(T) != 0) return nullptr;
        return static_cast<T*>(host_pointer(address, sizeof(T)));
    }

    // Changes the host protection of a page-aligned guest range (loading the image).
    Result<void> protect(std::uint64_t address, std::uint64_t length, int prot);
    // Replaces a page-aligned guest range with a private (copy-on-write) mapping of `fd` at the
    // page-aligned `offset`, with protection `prot` (loading the image from its file).
    Result<void> map_file(std::uint64_t address, std::uint64_t length, int prot, int fd, std::uint64_t offset);

private:
    GuestMemory(std::byte* host, std::uint64_t size) : host_(host), size_(size) {}

    std::byte* host_ = nullptr;
    std::uint64_t size_ = 0;
};

}  // namespace celda::guest
