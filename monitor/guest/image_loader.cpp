#include "guest/image_loader.h"

#include <sys/mman.h>

#include <cstring>

namespace celda::guest {

Result<void> copy_image(const GuestMemory& memory, const GuestLayout& layout, const image::ElfImage& image) {
    for (const image::Segment& segment : image.segments) {
        // Bounds were validated by the parser and the layout; checked again here because this
        // is the step that writes.
        void* host = memory.host_pointer(layout.image_start + segment.vaddr, segment.memsz);
        if (!host || segment.offset + segment.filesz > image.file.size())
            return fail("internal error: segment of '" + image.name + "' outside guest memory");
        std::memcpy(host, image.file.data() + segment.offset, segment.filesz);
        // Fresh anonymous memory is already zero: the .bss tail needs nothing.
    }
    return {};
}

Result<void> copy_payload(const GuestMemory& memory, const GuestLayout& layout, std::span<const std::byte> payload) {
    if (payload.empty()) return {};
    void* host = memory.host_pointer(layout.payload_start, payload.size());
    if (!host || payload.size() > layout.payload_size)
        return fail("internal error: the payload does not fit where the layout put it");
    std::memcpy(host, payload.data(), payload.size());
    return {};
}

Result<void> protect_image(GuestMemory& memory, const GuestLayout& layout, const image::ElfImage& image) {
    for (const image::PageProtection& p : image.protections) {
        int prot = (p.read ? PROT_READ : 0) | (p.write ? PROT_WRITE : 0) | (p.execute ? PROT_EXEC : 0);
        if (auto done = memory.protect(layout.image_start + p.start, p.end - p.start, prot); !done) return done;
    }
    return {};
}

}  // namespace celda::guest
