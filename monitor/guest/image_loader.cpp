#include "guest/image_loader.h"

#include <elf.h>
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

Result<void> protect_image(GuestMemory& memory, const GuestLayout& layout, const image::ElfImage& image) {
    for (const image::PageProtection& p : image.protections) {
        int prot = (p.read ? PROT_READ : 0) | (p.write ? PROT_WRITE : 0) | (p.execute ? PROT_EXEC : 0);
        if (auto done = memory.protect(layout.image_start + p.start, p.end - p.start, prot); !done) return done;
    }
    return {};
}

namespace {

constexpr std::uint64_t page_down(std::uint64_t v) { return v & ~(CELDA_PAGE_SIZE - 1); }
constexpr std::uint64_t page_up(std::uint64_t v) { return page_down(v + CELDA_PAGE_SIZE - 1); }

int prot_of(std::uint32_t flags) {
    return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) | (flags & PF_X ? PROT_EXEC : 0);
}

bool mappable(const image::ElfImage& image) {
    if (image.file.fd() < 0) return false;
    std::uint64_t previous_end = 0;  // page-aligned end of the previous segment's pages
    for (const image::Segment& segment : image.segments) {  // sorted by vaddr
        if (segment.offset % CELDA_PAGE_SIZE != segment.vaddr % CELDA_PAGE_SIZE) return false;
        if (segment.offset + segment.filesz > image.file.size()) return false;
        if (page_down(segment.vaddr) < previous_end) return false;  // shares a page
        previous_end = page_up(segment.vaddr + segment.memsz);
        // The .bss tail of the last file page is zeroed by a write: the segment must allow it.
        if (segment.memsz > segment.filesz && (segment.vaddr + segment.filesz) % CELDA_PAGE_SIZE != 0 &&
            segment.filesz != 0 && !(segment.flags & PF_W))
            return false;
        if ((segment.flags & PF_W) && (segment.flags & PF_X)) return false;  // never W+X
    }
    return true;
}

}  // namespace

Result<bool> map_image(GuestMemory& memory, const GuestLayout& layout, const image::ElfImage& image) {
    if (!mappable(image)) return false;
    for (const image::Segment& segment : image.segments) {
        const std::uint64_t start = page_down(segment.vaddr);
        const std::uint64_t file_end = page_up(segment.vaddr + segment.filesz);
        const std::uint64_t end = page_up(segment.vaddr + segment.memsz);
        const int prot = prot_of(segment.flags);
        if (segment.filesz != 0) {
            if (auto mapped = memory.map_file(layout.image_start + start, file_end - start, prot, image.file.fd(),
                                              segment.offset - (segment.vaddr - start));
                !mapped)
                return std::unexpected(mapped.error());
            // The rest of the last file page holds whatever follows in the file: .bss is zero.
            if (const std::uint64_t tail = file_end - (segment.vaddr + segment.filesz); tail && segment.memsz > segment.filesz) {
                void* host = memory.host_pointer(layout.image_start + segment.vaddr + segment.filesz, tail);
                if (!host) return fail("internal error: segment of '" + image.name + "' outside guest memory");
                std::memset(host, 0, tail);
            }
        }
        // Pages past the file's part are the guest memory's fresh zero pages (read-write).
        const std::uint64_t anonymous = segment.filesz != 0 ? file_end : start;
        if (end > anonymous && prot != (PROT_READ | PROT_WRITE))
            if (auto done = memory.protect(layout.image_start + anonymous, end - anonymous, prot); !done)
                return std::unexpected(done.error());
    }
    return true;
}

Result<void> place_payload(GuestMemory& memory, const GuestLayout& layout, std::span<const PayloadFile> files,
                           bool map_files) {
    std::uint64_t at = layout.payload_start;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const PayloadFile& file = files[i];
        if (i == 1) at = layout.companions_start;
        const std::uint64_t size = file.bytes.size();
        if (i == 0 && size > layout.payload_size)
            return fail("internal error: the payload does not fit where the layout put it");
        if (size == 0) continue;
        if (next_payload_file(at, size) > layout.image_start)
            return fail("internal error: the payload does not fit where the layout put it");
        if (map_files && file.fd >= 0) {
            if (auto mapped = memory.map_file(at, page_up(size), PROT_READ | PROT_WRITE, file.fd, 0); !mapped)
                return std::unexpected(mapped.error());
        } else {
            void* host = memory.host_pointer(at, size);
            if (!host) return fail("internal error: the payload does not fit where the layout put it");
            std::memcpy(host, file.bytes.data(), size);
        }
        at = next_payload_file(at, size);
    }
    return {};
}

}  // namespace celda::guest
