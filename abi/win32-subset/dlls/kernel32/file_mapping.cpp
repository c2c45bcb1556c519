// File mappings (CreateFileMapping, MapViewOfFile, FlushViewOfFile, UnmapViewOfFile) without an
// MMU trick: a mapping owns one buffer holding the file's bytes (or zeros, for a mapping backed
// by the paging file), read when the mapping is created; every view of it points into that
// buffer, so views of one mapping see each other's writes, as on Windows. Writes reach the file
// when a writable view is flushed or unmapped. Not modelled: coherence with ReadFile/WriteFile
// on the same file while it is mapped, per-view page protection (views are read-write memory),
// names (OpenFileMapping finds nothing), and MapViewOfFileEx at a chosen address.
#include <libos/libc.h>
#include <libos/memory.h>
#include <libos/placement_new.h>

#include "dlls/kernel32/files.h"
#include "dlls/kernel32/kernel32.h"
#include "files/paths.h"
#include "process/objects.h"
#include "process/thread.h"
#include "registry/registry.h"

namespace win32::kernel32 {
namespace {

constexpr DWORD kPageReadonly = 0x02, kPageReadwrite = 0x04, kPageWritecopy = 0x08, kPageExecuteRead = 0x20,
                kPageExecuteReadwrite = 0x40;
constexpr DWORD kMapCopy = 0x1, kMapWrite = 0x2;
constexpr DWORD kErrorFileInvalid = 1006, kErrorMappedAlignment = 1132;

struct Mapping {
    libos::vfs::Ref<libos::vfs::File> file;   // null: backed by the paging file
    uint8_t* memory = nullptr;
    size_t pages = 0;
    uint64_t size = 0;
    bool writable = false;
    uint32_t references = 1;   // the handle's object + every view
};

struct View {
    uint8_t* address;
    Mapping* mapping;
    uint64_t offset, length;
    bool write_back;    // a writable view of a file
    bool private_copy;  // FILE_MAP_COPY: its own pages
    View* next;
};
constinit View* views = nullptr;

BOOL fail(DWORD error) {
    last_error() = error;
    return kFalse;
}

void release_mapping(Mapping* m) {
    if (--m->references) return;
    if (m->memory) libos::page_allocator().free_pages(m->memory, m->pages);
    m->~Mapping();
    ::free(m);
}

void write_back(const View& v, uint64_t from, uint64_t length) {
    if (!v.write_back || !v.mapping->file) return;
    uint64_t end = v.offset + from + length;
    if (end > v.mapping->size) end = v.mapping->size;
    uint64_t start = v.offset + from;
    if (start < end) v.mapping->file->write(v.mapping->memory + start, end - start, start);
}

}  // namespace

WINAPI HANDLE CreateFileMappingA(HANDLE file, void*, DWORD protect, DWORD size_high, DWORD size_low, const char*) {
    DWORD page = protect & 0xff;
    bool writable = page == kPageReadwrite || page == kPageExecuteReadwrite;
    if (page != kPageReadonly && page != kPageReadwrite && page != kPageWritecopy && page != kPageExecuteRead &&
        page != kPageExecuteReadwrite) {
        last_error() = ERROR_INVALID_PARAMETER;
        return nullptr;
    }
    uint64_t size = (static_cast<uint64_t>(size_high) << 32) | size_low;
    OpenFile* open = nullptr;
    if (file != kInvalidHandle) {
        open = open_file_of(file);
        if (!open || open->directory) {
            last_error() = ERROR_INVALID_HANDLE;
            return nullptr;
        }
        if (writable && !open->writable) {
            last_error() = ERROR_ACCESS_DENIED;
            return nullptr;
        }
        libos::vfs::Attr attr;
        open->file->getattr(attr);
        auto file_size = static_cast<uint64_t>(attr.size);
        if (size == 0) size = file_size;
        if (size == 0) {
            last_error() = kErrorFileInvalid;   // an empty file cannot be mapped whole
            return nullptr;
        }
        if (size > file_size) {
            // Windows grows the file to the mapping's size (only possible with write access).
            if (!writable) {
                last_error() = ERROR_ACCESS_DENIED;
                return nullptr;
            }
            open->file->truncate(size);
        }
    } else if (size == 0) {
        last_error() = ERROR_INVALID_PARAMETER;
        return nullptr;
    }
    size_t pages = (size + libos::kPageSize - 1) / libos::kPageSize;
    auto* memory = static_cast<uint8_t*>(libos::page_allocator().allocate_pages(pages));
    auto* mapping = memory ? static_cast<Mapping*>(::malloc(sizeof(Mapping))) : nullptr;
    Object* object = mapping ? new_object(ObjectKind::file_mapping) : nullptr;
    if (!object) {
        if (memory) libos::page_allocator().free_pages(memory, pages);
        ::free(mapping);
        last_error() = ERROR_NOT_ENOUGH_MEMORY;
        return nullptr;
    }
    ::memset(memory, 0, pages * libos::kPageSize);
    new (mapping) Mapping{};
    mapping->memory = memory;
    mapping->pages = pages;
    mapping->size = size;
    mapping->writable = writable;
    if (open) {
        mapping->file = open->file;
        for (uint64_t done = 0; done < size;) {
            int64_t n = open->file->read(memory + done, size - done, done);
            if (n <= 0) break;
            done += static_cast<uint64_t>(n);
        }
        resume_current_thread();
    }
    object->data = mapping;
    object->destroy = [](Object* o) { release_mapping(static_cast<Mapping*>(o->data)); };
    HANDLE handle = add_handle(object);
    if (!handle) last_error() = ERROR_TOO_MANY_OPEN_FILES;
    else last_error() = 0;
    return handle;
}
WINAPI HANDLE CreateFileMappingW(HANDLE file, void* security, DWORD protect, DWORD size_high, DWORD size_low,
                                 const WCHAR*) {
    return CreateFileMappingA(file, security, protect, size_high, size_low, nullptr);
}
WINAPI HANDLE OpenFileMappingA(DWORD, BOOL, const char*) {
    last_error() = ERROR_FILE_NOT_FOUND;
    return nullptr;
}
WINAPI HANDLE OpenFileMappingW(DWORD, BOOL, const WCHAR*) { return OpenFileMappingA(0, 0, nullptr); }

WINAPI void* MapViewOfFile(HANDLE handle, DWORD access, DWORD offset_high, DWORD offset_low, SIZE_T bytes) {
    Object* object = object_of(handle);
    if (!object || object->kind != ObjectKind::file_mapping) {
        last_error() = ERROR_INVALID_HANDLE;
        return nullptr;
    }
    auto* mapping = static_cast<Mapping*>(object->data);
    uint64_t offset = (static_cast<uint64_t>(offset_high) << 32) | offset_low;
    if (offset % 65536 != 0 || offset > mapping->size || (bytes && offset + bytes > mapping->size)) {
        last_error() = offset % 65536 ? kErrorMappedAlignment : ERROR_ACCESS_DENIED;
        return nullptr;
    }
    // FILE_MAP_COPY alone is copy-on-write; FILE_MAP_ALL_ACCESS also has that bit set.
    bool private_copy = (access & 0x1f) == kMapCopy;
    bool write = (access & kMapWrite) && !private_copy;
    if (write && !mapping->writable) {
        last_error() = ERROR_ACCESS_DENIED;
        return nullptr;
    }
    uint64_t length = bytes ? bytes : mapping->size - offset;
    auto* view = static_cast<View*>(::malloc(sizeof(View)));
    if (!view) {
        last_error() = ERROR_NOT_ENOUGH_MEMORY;
        return nullptr;
    }
    uint8_t* address = mapping->memory + offset;
    if (private_copy) {
        size_t pages = (length + libos::kPageSize - 1) / libos::kPageSize;
        auto* copy = static_cast<uint8_t*>(libos::page_allocator().allocate_pages(pages ? pages : 1));
        if (!copy) {
            ::free(view);
            last_error() = ERROR_NOT_ENOUGH_MEMORY;
            return nullptr;
        }
        ::memcpy(copy, address, length);
        address = copy;
    }
    ++mapping->references;
    *view = {address, mapping, offset, length, write && mapping->file, private_copy, views};
    views = view;
    return address;
}
WINAPI void* MapViewOfFileEx(HANDLE handle, DWORD access, DWORD offset_high, DWORD offset_low, SIZE_T bytes,
                             void* base) {
    if (base) {
        last_error() = ERROR_INVALID_ADDRESS;   // no placement at chosen addresses
        return nullptr;
    }
    return MapViewOfFile(handle, access, offset_high, offset_low, bytes);
}

WINAPI BOOL FlushViewOfFile(const void* address, SIZE_T bytes) {
    auto* at = static_cast<const uint8_t*>(address);
    for (View* v = views; v; v = v->next)
        if (at >= v->address && at < v->address + (v->length ? v->length : 1)) {
            uint64_t from = static_cast<uint64_t>(at - v->address);
            write_back(*v, from, bytes ? bytes : v->length - from);
            return kTrue;
        }
    return fail(ERROR_INVALID_ADDRESS);
}
WINAPI BOOL UnmapViewOfFile(const void* address) {
    for (View** link = &views; *link; link = &(*link)->next) {
        View* v = *link;
        if (v->address != address) continue;
        write_back(*v, 0, v->length);
        *link = v->next;
        if (v->private_copy) {
            size_t pages = (v->length + libos::kPageSize - 1) / libos::kPageSize;
            libos::page_allocator().free_pages(v->address, pages ? pages : 1);
        }
        release_mapping(v->mapping);
        ::free(v);
        return kTrue;
    }
    return fail(ERROR_INVALID_ADDRESS);
}

WIN32_EXPORT_TABLE(kernel32_file_mapping_exports,
    WIN32_EXPORT(CreateFileMappingA), WIN32_EXPORT(CreateFileMappingW), WIN32_EXPORT(OpenFileMappingA),
    WIN32_EXPORT(OpenFileMappingW), WIN32_EXPORT(MapViewOfFile), WIN32_EXPORT(MapViewOfFileEx),
    WIN32_EXPORT(FlushViewOfFile), WIN32_EXPORT(UnmapViewOfFile));

}  // namespace win32::kernel32
