#include "guest/guest_memory.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "cli/options.h"

namespace celda::guest {
namespace {

std::string hex(std::uint64_t value) {
    char text[24];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
    return text;
}

// Guest memory is never executable when mapped; only the image's code pages are made so.
// MAP_NORESERVE: a 64 GiB guest should not need 64 GiB of commit up front.
constexpr int kProt = PROT_READ | PROT_WRITE;
constexpr int kFlags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;

}  // namespace

Result<GuestMemory> GuestMemory::map_at_guest_base(std::uint64_t size) {
    void* want = reinterpret_cast<void*>(CELDA_GUEST_BASE);
    void* got = ::mmap(want, size, kProt, kFlags | MAP_FIXED_NOREPLACE, -1, 0);
    if (got == MAP_FAILED) {
        int error = errno;
        return fail("cannot map " + cli::format_size(size) + " of guest memory at " + hex(CELDA_GUEST_BASE) +
                    ": " + std::strerror(error) +
                    (error == EEXIST ? " (something is already mapped there)" : "; try a smaller --memory"));
    }
    if (got != want) {  // kernels before 4.17 treat MAP_FIXED_NOREPLACE as a hint
        ::munmap(got, size);
        return fail("cannot map guest memory at " + hex(CELDA_GUEST_BASE) + ": the address is in use");
    }
    return GuestMemory(static_cast<std::byte*>(got), size);
}

Result<GuestMemory> GuestMemory::map_anywhere(std::uint64_t size) {
    void* got = ::mmap(nullptr, size, kProt, kFlags, -1, 0);
    if (got == MAP_FAILED)
        return fail("cannot map " + cli::format_size(size) + " of guest memory: " + std::strerror(errno));
    return GuestMemory(static_cast<std::byte*>(got), size);
}

GuestMemory::GuestMemory(GuestMemory&& other) noexcept
    : host_(std::exchange(other.host_, nullptr)), size_(std::exchange(other.size_, 0)) {}

GuestMemory& GuestMemory::operator=(GuestMemory&& other) noexcept {
    if (this != &other) {
        if (host_) ::munmap(host_, size_);
        host_ = std::exchange(other.host_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

GuestMemory::~GuestMemory() {
    if (host_) ::munmap(host_, size_);
}

Result<void> GuestMemory::protect(std::uint64_t address, std::uint64_t length, int prot) {
    void* host = host_pointer(address, length);
    if (!host || (address % CELDA_PAGE_SIZE) != 0)
        return fail("internal error: cannot protect guest range [" + hex(address) + ", +" +
                    std::to_string(length) + ")");
    if (::mprotect(host, length, prot) != 0)
        return fail("cannot set protection of guest memory [" + hex(address) + ", +" + std::to_string(length) +
                    "): " + std::strerror(errno));
    return {};
}

Result<void> GuestMemory::map_file(std::uint64_t address, std::uint64_t length, int prot, int fd,
                                   std::uint64_t offset) {
    void* host = host_pointer(address, length);
    if (!host || (address % CELDA_PAGE_SIZE) != 0 || (offset % CELDA_PAGE_SIZE) != 0)
        return fail("internal error: cannot map a file at guest range [" + hex(address) + ", +" +
                    std::to_string(length) + ")");
    if (::mmap(host, length, prot, MAP_PRIVATE | MAP_FIXED, fd, static_cast<off_t>(offset)) == MAP_FAILED)
        return fail("cannot map the image file at guest range [" + hex(address) + ", +" + std::to_string(length) +
                    "): " + std::strerror(errno));
    return {};
}

}  // namespace celda::guest
