// brk, mmap (anonymous, and file-backed private as a copy), munmap, mprotect, mremap, madvise.
#include <libos/libc.h>

#include "kernel/memory_map.h"
#include "syscalls/table.h"

namespace posix {
namespace {

constexpr uint64_t kPage = 4096;
uint64_t page_up(uint64_t v) { return (v + kPage - 1) & ~(kPage - 1); }

int64_t sys_brk(Call& c) {
    Process& p = process();
    uint64_t want = c.a[0];
    if (want < p.brk_start) return static_cast<int64_t>(p.brk_current);
    uint64_t old_end = page_up(p.brk_current), new_end = page_up(want);
    if (new_end > old_end) {
        // Grow in place only: the pages right above the break must be free.
        if (!memory_map().map_fixed(old_end, new_end - old_end)) return static_cast<int64_t>(p.brk_current);
        memset(reinterpret_cast<void*>(old_end), 0, new_end - old_end);
    } else if (new_end < old_end) {
        memory_map().unmap(new_end, old_end - new_end);
    }
    p.brk_current = want;
    return static_cast<int64_t>(want);
}

int64_t sys_mmap(Call& c) {
    uint64_t address = c.a[0], length = c.a[1];
    int prot = static_cast<int>(c.a[2]), flags = static_cast<int>(c.a[3]), fd = static_cast<int>(c.a[4]);
    uint64_t offset = c.a[5];
    if (length == 0 || (offset & (kPage - 1))) return -linux::EINVAL;
    int type = flags & linux::MAP_TYPE;
    if (type != linux::MAP_PRIVATE && type != linux::MAP_SHARED && type != linux::MAP_SHARED_VALIDATE)
        return -linux::EINVAL;
    if (length > (1ull << 46)) return -linux::ENOMEM;
    length = page_up(length);
    Ref<File> file;
    if (!(flags & linux::MAP_ANONYMOUS)) {
        if (int rc = fd_get(fd, file); rc < 0) return rc;
        libos::vfs::Attr attr;
        file->getattr(attr);
        if ((attr.mode & libos::vfs::kTypeMask) != libos::vfs::kRegular && (attr.mode & libos::vfs::kTypeMask) != libos::vfs::kCharDevice)
            return -linux::EACCES;
        // A shared writable mapping would need write-back; refuse rather than lose data.
        if (type != linux::MAP_PRIVATE && (prot & linux::PROT_WRITE)) return -linux::ENODEV;
    }
    uint64_t at;
    if (flags & (linux::MAP_FIXED | linux::MAP_FIXED_NOREPLACE)) {
        if (address & (kPage - 1)) return -linux::EINVAL;
        if (flags & linux::MAP_FIXED_NOREPLACE) {
            for (uint64_t a = address; a < address + length; a += kPage)
                if (memory_map().prot_at(a) >= 0) return -linux::EEXIST;
        }
        if (!memory_map().map_fixed(address, length)) return -linux::ENOMEM;
        at = address;
    } else {
        at = memory_map().map_anywhere(length);
        if (!at) return -linux::ENOMEM;
    }
    memset(reinterpret_cast<void*>(at), 0, length);
    if (file) {
        // Private file mapping: a copy of the file's bytes (what a private mapping shows until
        // either side writes).
        uint64_t done = 0;
        while (done < length) {
            int64_t n = file->read(reinterpret_cast<void*>(at + done), length - done, offset + done);
            if (n <= 0) break;
            done += static_cast<uint64_t>(n);
        }
    }
    if (prot != (linux::PROT_READ | linux::PROT_WRITE)) memory_map().protect(at, length, prot);
    return static_cast<int64_t>(at);
}

int64_t sys_munmap(Call& c) {
    if ((c.a[0] & (kPage - 1)) || c.a[1] == 0) return -linux::EINVAL;
    memory_map().unmap(c.a[0], page_up(c.a[1]));
    return 0;
}

int64_t sys_mprotect(Call& c) {
    if (c.a[0] & (kPage - 1)) return -linux::EINVAL;
    if (c.a[2] & ~7ull) return -linux::EINVAL;
    if (c.a[1] == 0) return 0;
    return memory_map().protect(c.a[0], page_up(c.a[1]), static_cast<int>(c.a[2]));
}

int64_t sys_mremap(Call& c) {
    uint64_t old_address = c.a[0], old_size = page_up(c.a[1]), new_size = page_up(c.a[2]);
    uint64_t flags = c.a[3];
    if ((old_address & (kPage - 1)) || new_size == 0) return -linux::EINVAL;
    if (flags & linux::MREMAP_FIXED) return -linux::EINVAL;
    if (!memory_map().owns(old_address, old_size)) return -linux::EFAULT;
    if (new_size <= old_size) {
        memory_map().unmap(old_address + new_size, old_size - new_size);
        return static_cast<int64_t>(old_address);
    }
    int prot = memory_map().prot_at(old_address);
    if (memory_map().map_fixed(old_address + old_size, new_size - old_size)) {
        memset(reinterpret_cast<void*>(old_address + old_size), 0, new_size - old_size);
        if (prot != (linux::PROT_READ | linux::PROT_WRITE))
            memory_map().protect(old_address + old_size, new_size - old_size, prot);
        return static_cast<int64_t>(old_address);
    }
    if (!(flags & linux::MREMAP_MAYMOVE)) return -linux::ENOMEM;
    uint64_t at = memory_map().map_anywhere(new_size);
    if (!at) return -linux::ENOMEM;
    memcpy(reinterpret_cast<void*>(at), reinterpret_cast<void*>(old_address), old_size);
    memset(reinterpret_cast<void*>(at + old_size), 0, new_size - old_size);
    memory_map().unmap(old_address, old_size);
    if (prot != (linux::PROT_READ | linux::PROT_WRITE)) memory_map().protect(at, new_size, prot);
    return static_cast<int64_t>(at);
}

int64_t sys_madvise(Call& c) {
    constexpr int MADV_DONTNEED = 4;
    // DONTNEED on private anonymous memory reads back as zeros afterwards.
    if (static_cast<int>(c.a[2]) == MADV_DONTNEED && memory_map().owns(c.a[0] & ~(kPage - 1), page_up(c.a[1])) &&
        memory_map().prot_at(c.a[0]) & linux::PROT_WRITE)
        memset(reinterpret_cast<void*>(c.a[0]), 0, c.a[1]);
    return 0;
}

int64_t sys_zero(Call&) { return 0; }

}  // namespace

void register_memory_syscalls() {
    define_syscall(12, "brk", sys_brk, "x");
    define_syscall(9, "mmap", sys_mmap, "xuxxfx");
    define_syscall(11, "munmap", sys_munmap, "xu");
    define_syscall(10, "mprotect", sys_mprotect, "xux");
    define_syscall(25, "mremap", sys_mremap, "xuux");
    define_syscall(28, "madvise", sys_madvise, "xud");
    define_syscall(26, "msync", sys_zero, "xux");
    define_syscall(149, "mlock", sys_zero, "xu");
    define_syscall(150, "munlock", sys_zero, "xu");
}

}  // namespace posix
