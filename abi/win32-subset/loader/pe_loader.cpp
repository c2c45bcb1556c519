#include "loader/pe_loader.h"

#include <libos/boot_info.h>
#include <libos/format.h>
#include <libos/libc.h>
#include <libos/memory.h>

#include "files/paths.h"
#include "loader/companions.h"
#include "loader/dll_files.h"
#include "loader/dll_init.h"
#include "loader/page_protection.h"
#include "loader/pe_exports.h"
#include "registry/thunks.h"
#include "support/text.h"
#include "support/winabi.h"

namespace win32 {
namespace {

// Reads inside a byte range with every offset and length checked; the range is either the
// file or the mapped image.
class Bytes {
public:
    Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
    bool has(uint64_t offset, uint64_t length) const { return length <= size_ && offset <= size_ - length; }
    template <typename T>
    const T* at(uint64_t offset, uint64_t count = 1) const {
        if (count > size_ / sizeof(T) + 1) return nullptr;
        return has(offset, sizeof(T) * count) ? reinterpret_cast<const T*>(data_ + offset) : nullptr;
    }
    // A NUL-terminated string starting at `offset`, or nullptr if it runs off the end.
    const char* string_at(uint64_t offset) const {
        if (offset >= size_) return nullptr;
        for (uint64_t i = offset; i < size_; ++i)
            if (data_[i] == 0) return reinterpret_cast<const char*>(data_ + offset);
        return nullptr;
    }

private:
    const uint8_t* data_;
    size_t size_;
};

// The load in progress (the program at start-up, or one LoadLibrary call): where its first
// error goes and which modules import which, for "imported by" in messages.
struct LoadContext {
    const char* root = nullptr;     // the program's path, or the name LoadLibrary was given
    char* error = nullptr;
    size_t error_capacity = 0;
    bool failed = false;
    uint32_t win32_error = 0;
    const char* chain[32] = {};     // importers, outermost first
    int depth = 0;
    // LoadLibrary only (the program's own imports keep to C:\app): where a name that is not
    // loaded, built in or a companion is looked for next — the folder of the DLL loaded by
    // path (LOAD_WITH_ALTERED_SEARCH_PATH, applied always), then the current directory.
    const char* dll_folder = nullptr;   // a VFS path
    bool search_current_directory = false;
};
constinit LoadContext* context = nullptr;
constinit int32_t next_tls_index = 0;

// "(imported by bar.dll, imported by tool.exe)", innermost importer first.
size_t format_chain(char* out, size_t capacity) {
    size_t n = 0;
    for (int i = context->depth - 1; i >= 0 && n < capacity; --i)
        n += libos::format(out + n, capacity - n, "%s%s", i == context->depth - 1 ? " (imported by " : ", imported by ",
                           context->chain[i]);
    if (context->depth > 0 && n < capacity) n += libos::format(out + n, capacity - n, ")");
    return n;
}

[[gnu::format(printf, 2, 3)]] void record_failure(uint32_t win32_error, const char* fmt, ...) {
    if (!context || context->failed) return;   // the first (innermost) error says what is wrong
    context->failed = true;
    context->win32_error = win32_error;
    va_list args;
    va_start(args, fmt);
    size_t n = libos::format(context->error, context->error_capacity, "'%s': ", context->root);
    if (n < context->error_capacity) libos::vformat(context->error + n, context->error_capacity - n, fmt, args);
    va_end(args);
}

struct Loader {
    const Bytes file;
    bool want_dll;
    PeModule* module = nullptr;
    const pe::NtHeaders64* nt = nullptr;
    const pe::SectionHeader* sections = nullptr;
    uint16_t section_count = 0;

    // Problems with this file: "'tool.exe': <dll>: <what>" for a DLL.
    [[gnu::format(printf, 2, 3)]] bool fail(const char* fmt, ...) {
        char what[200];
        va_list args;
        va_start(args, fmt);
        libos::vformat(what, sizeof what, fmt, args);
        va_end(args);
        if (want_dll) record_failure(ERROR_BAD_EXE_FORMAT, "%s: %s", module->name, what);
        else record_failure(ERROR_BAD_EXE_FORMAT, "%s", what);
        return false;
    }

    const pe::DataDirectory& directory(uint32_t index) const {
        static constexpr pe::DataDirectory empty{};
        return index < nt->OptionalHeader.NumberOfRvaAndSizes ? nt->OptionalHeader.DataDirectory[index] : empty;
    }

    Bytes image() const { return Bytes(module->base, module->size); }

    bool check_headers() {
        const auto* dos = file.at<pe::DosHeader>(0);
        if (!dos || dos->e_magic != pe::kDosMagic) return fail("not a Windows executable (no MZ header)");
        nt = file.at<pe::NtHeaders64>(dos->e_lfanew);
        if (!file.at<uint32_t>(dos->e_lfanew) || nt == nullptr) {
            if (file.at<uint32_t>(dos->e_lfanew) && *file.at<uint32_t>(dos->e_lfanew) == pe::kNtSignature &&
                file.at<pe::FileHeader>(dos->e_lfanew + 4) &&
                file.at<pe::FileHeader>(dos->e_lfanew + 4)->Machine != pe::kMachineAmd64)
                return fail("not a 64-bit x86-64 program (PE machine 0x%x)",
                            file.at<pe::FileHeader>(dos->e_lfanew + 4)->Machine);
            return fail("truncated PE headers");
        }
        const auto& header = nt->FileHeader;
        const auto& optional = nt->OptionalHeader;
        if (nt->Signature != pe::kNtSignature) return fail("not a PE file (bad PE signature)");
        if (header.Machine != pe::kMachineAmd64)
            return fail("not a 64-bit x86-64 program (PE machine 0x%x); only PE32+ x86-64 runs", header.Machine);
        if (optional.Magic != pe::kOptionalMagicPe32Plus)
            return fail("a 32-bit PE32 program; only 64-bit PE32+ programs run");
        if (!want_dll && (header.Characteristics & pe::kFileDll)) return fail("a DLL, not a program");
        if (want_dll && !(header.Characteristics & pe::kFileDll)) return fail("not a DLL");
        // A DLL's subsystem says nothing about the program (GUI DLLs serve console programs).
        if (!want_dll && optional.Subsystem != pe::kSubsystemConsole)
            return fail("not a console program (subsystem %u); only console programs run", optional.Subsystem);
        if (header.SizeOfOptionalHeader < offsetof(pe::OptionalHeader64, DataDirectory) ||
            optional.NumberOfRvaAndSizes > pe::kDirCount ||
            header.SizeOfOptionalHeader < offsetof(pe::OptionalHeader64, DataDirectory) +
                                              optional.NumberOfRvaAndSizes * sizeof(pe::DataDirectory))
            return fail("corrupt PE optional header");
        if (optional.SectionAlignment < libos::kPageSize || optional.SectionAlignment % libos::kPageSize)
            return fail("section alignment 0x%x is not a multiple of the 4 KiB page", optional.SectionAlignment);
        if (optional.SizeOfImage == 0 || optional.SizeOfImage > (1u << 30))
            return fail("corrupt PE header (image size 0x%x)", optional.SizeOfImage);
        section_count = header.NumberOfSections;
        uint64_t table = uint64_t(dos->e_lfanew) + 4 + sizeof(pe::FileHeader) + header.SizeOfOptionalHeader;
        sections = file.at<pe::SectionHeader>(table, section_count);
        if (section_count == 0 || section_count > 96 || !sections) return fail("truncated or corrupt section table");
        // The loader reads the headers back from the mapped image (VirtualQuery), so they
        // must be whole.
        if (optional.SizeOfHeaders < table + section_count * sizeof(pe::SectionHeader) ||
            !file.has(0, optional.SizeOfHeaders) || optional.SizeOfHeaders > optional.SizeOfImage)
            return fail("truncated or corrupt PE headers (SizeOfHeaders 0x%x)", optional.SizeOfHeaders);
        if (optional.AddressOfEntryPoint >= optional.SizeOfImage) return fail("entry point outside the image");
        if (!want_dll && optional.AddressOfEntryPoint == 0) return fail("no entry point");
        return true;
    }

    // DWARF left in the image by mingw: discardable, named .debug_* or, for names longer than
    // 8 characters, "/N" (an offset into the COFF string table).
    static bool is_debug_section(const pe::SectionHeader& s) {
        constexpr uint32_t kDiscardable = 0x02000000;
        if (!(s.Characteristics & kDiscardable)) return false;
        return s.Name[0] == '/' || strncmp(s.Name, ".debug", 6) == 0;
    }

    static uint64_t page_up(uint64_t v) { return (v + libos::kPageSize - 1) & ~(libos::kPageSize - 1); }

    bool map_sections() {
        const auto& optional = nt->OptionalHeader;
        // Only up to the end of the last section the program uses: mingw's DLLs carry their
        // DWARF at the end of the image (libstdc++-6.dll: 21 MiB of its 23), never read.
        uint64_t used = optional.SizeOfHeaders;
        for (uint16_t i = 0; i < section_count; ++i) {
            const auto& s = sections[i];
            if (is_debug_section(s)) continue;
            uint64_t end = uint64_t(s.VirtualAddress) + (s.VirtualSize ? s.VirtualSize : s.SizeOfRawData);
            if (end > used) used = end;
        }
        if (used > optional.SizeOfImage) return fail("a section lies outside the image");
        module->size = page_up(used);
        module->base = static_cast<uint8_t*>(libos::page_allocator().allocate_pages(module->size / libos::kPageSize));
        if (!module->base)
            return fail("needs %zu KiB for its image; not enough guest memory (raise --memory)", module->size / 1024);
        // Told to the monitor for crash reports only ("tool.exe+0x…", "zlib1.dll!fn+0x…").
        if (!want_dll) libos::announce_program(reinterpret_cast<uint64_t>(module->base), module->size);
        else if (module->companion >= 0)
            libos::announce_module(static_cast<uint32_t>(module->companion), reinterpret_cast<uint64_t>(module->base),
                                   module->size);
        // Only the pages a section covers are written (copied, then zero-filled to the end of
        // the page): a page fault per page is most of a small program's start-up cost, and
        // debug information is never read by the program, so it is not copied at all.
        auto zero_to_page_end = [&](uint64_t from) {
            uint64_t end = page_up(from);
            if (end > module->size) end = module->size;
            if (from < end) memset(module->base + from, 0, end - from);
        };
        memcpy(module->base, file.at<uint8_t>(0), optional.SizeOfHeaders);   // checked above
        zero_to_page_end(optional.SizeOfHeaders);
        for (uint16_t i = 0; i < section_count; ++i) {
            const auto& s = sections[i];
            uint64_t virtual_size = s.VirtualSize ? s.VirtualSize : s.SizeOfRawData;
            uint64_t raw = s.SizeOfRawData < virtual_size ? s.SizeOfRawData : virtual_size;
            if (raw && !file.has(s.PointerToRawData, raw))
                return fail("section %u runs past the end of the file (truncated)", i);
            if (is_debug_section(s)) continue;   // not mapped (see above)
            if (!Bytes(module->base, module->size).has(s.VirtualAddress, virtual_size))
                return fail("section %u lies outside the image", i);
            if (raw) memcpy(module->base + s.VirtualAddress, file.at<uint8_t>(s.PointerToRawData), raw);
            memset(module->base + s.VirtualAddress + raw, 0, virtual_size - raw);
            zero_to_page_end(s.VirtualAddress + virtual_size);
        }
        module->entry = optional.AddressOfEntryPoint ? reinterpret_cast<uint64_t>(module->base) + optional.AddressOfEntryPoint : 0;
        if (module->entry && !module->contains(module->entry)) return fail("entry point outside the image");
        module->stack_reserve = optional.SizeOfStackReserve;
        return true;
    }

    bool relocate() {
        const auto& optional = nt->OptionalHeader;
        uint64_t delta = reinterpret_cast<uint64_t>(module->base) - optional.ImageBase;
        if (delta == 0) return true;
        const auto& dir = directory(pe::kDirBaseReloc);
        if ((nt->FileHeader.Characteristics & pe::kFileRelocsStripped) || dir.Size == 0)
            return fail("has no base relocations and its preferred address 0x%lx is outside guest memory",
                        optional.ImageBase);
        Bytes img = image();
        if (!img.has(dir.VirtualAddress, dir.Size)) return fail("corrupt relocation directory");
        uint64_t offset = dir.VirtualAddress, end = uint64_t(dir.VirtualAddress) + dir.Size;
        while (offset + sizeof(pe::BaseRelocationBlock) <= end) {
            const auto* block = img.at<pe::BaseRelocationBlock>(offset);
            if (!block || block->SizeOfBlock < sizeof(pe::BaseRelocationBlock) || offset + block->SizeOfBlock > end)
                return fail("corrupt relocation block at RVA 0x%lx", offset);
            size_t entries = (block->SizeOfBlock - sizeof(pe::BaseRelocationBlock)) / 2;
            const auto* items = img.at<uint16_t>(offset + sizeof(pe::BaseRelocationBlock), entries);
            for (size_t i = 0; i < entries; ++i) {
                uint16_t type = items[i] >> 12;
                uint64_t target = uint64_t(block->VirtualAddress) + (items[i] & 0xfff);
                if (type == pe::kRelAbsolute) continue;
                if (type == pe::kRelDir64) {
                    if (!img.has(target, 8)) return fail("relocation outside the image");
                    uint64_t value;
                    memcpy(&value, module->base + target, 8);
                    value += delta;
                    memcpy(module->base + target, &value, 8);
                } else if (type == pe::kRelHighLow) {
                    if (!img.has(target, 4)) return fail("relocation outside the image");
                    uint32_t value;
                    memcpy(&value, module->base + target, 4);
                    value += static_cast<uint32_t>(delta);
                    memcpy(module->base + target, &value, 4);
                } else {
                    return fail("unsupported relocation type %u", type);
                }
            }
            offset += block->SizeOfBlock;
        }
        return true;
    }

    // Walks one import descriptor's lookup table and writes into the IAT what `resolve` gives
    // for each entry; `resolve` returns nullptr after recording why.
    template <typename Resolve>
    bool bind_descriptor(const pe::ImportDescriptor& d, const char* dll_name, Resolve resolve) {
        Bytes img = image();
        uint32_t lookup = d.OriginalFirstThunk ? d.OriginalFirstThunk : d.FirstThunk;
        for (uint64_t i = 0;; ++i) {
            const auto* entry = img.at<uint64_t>(lookup + i * 8);
            if (!entry || !img.at<uint64_t>(d.FirstThunk + i * 8))
                return fail("corrupt import table for %s (runs off the image)", dll_name);
            if (*entry == 0) return true;
            void* address = resolve(*entry, img);
            if (!address) return false;
            memcpy(module->base + d.FirstThunk + i * 8, &address, 8);
        }
    }

    // One import descriptor bound to a program DLL: by name (hint first) or by ordinal.
    bool bind_to_module(const pe::ImportDescriptor& d, const char* dll_name, const PeModule& dll) {
        return bind_descriptor(d, dll_name, [&](uint64_t entry, Bytes img) -> void* {
            void* address;
            if (entry & pe::kOrdinalFlag) {
                auto ordinal = static_cast<uint32_t>(entry & 0xffff);
                address = pe_export_by_ordinal(dll, ordinal);
                if (!address && !context->failed)
                    record_failure(ERROR_PROC_NOT_FOUND, "%s has no export #%u (imported by %s)", dll.name, ordinal,
                                   module->name);
            } else {
                const auto* hint = img.at<uint16_t>(entry & 0x7fffffff);
                const char* function = img.string_at((entry & 0x7fffffff) + 2);
                if (!hint || !function) {
                    fail("corrupt import table for %s (name outside the image)", dll_name);
                    return nullptr;
                }
                address = pe_export_by_name(dll, function, *hint);
                if (!address && !context->failed)
                    record_failure(ERROR_PROC_NOT_FOUND, "%s has no export %s (imported by %s)", dll.name, function,
                                   module->name);
            }
            return address;
        });
    }

    // One import descriptor bound to a built-in DLL: by name; by ordinal (our DLLs have no
    // ordinal table) to an unimplemented stub named "DLL!#N".
    bool bind_to_builtin(const pe::ImportDescriptor& d, const char* dll_name, const BuiltinDll& dll) {
        return bind_descriptor(d, dll_name, [&](uint64_t entry, Bytes img) -> void* {
            const char* function;
            const Export* row = nullptr;
            if (entry & pe::kOrdinalFlag) {
                char text[24];
                libos::format(text, sizeof text, "#%u", static_cast<unsigned>(entry & 0xffff));
                function = dup(text);
            } else {
                function = img.string_at((entry & 0x7fffffff) + 2);
                if (!function) {
                    fail("corrupt import table for %s (name outside the image)", dll_name);
                    return nullptr;
                }
                row = find_export(dll, function);
            }
            void* address = bind_import(dll_name, function, row);
            if (!address) fail("imports too many unimplemented functions");
            return address;
        });
    }

    bool bind_imports() {
        const auto& dir = directory(pe::kDirImport);
        if (dir.Size == 0) return true;
        Bytes img = image();
        for (uint64_t offset = dir.VirtualAddress;; offset += sizeof(pe::ImportDescriptor)) {
            const auto* d = img.at<pe::ImportDescriptor>(offset);
            if (!d) return fail("corrupt import table (runs off the image)");
            if (d->Name == 0 && d->FirstThunk == 0) break;
            const char* dll_name = img.string_at(d->Name);
            if (!dll_name) return fail("corrupt import table (DLL name outside the image)");
            // System DLL names and API sets are ours, whatever the program ships.
            if (const BuiltinDll* builtin = find_dll(dll_name)) {
                if (!bind_to_builtin(*d, dll_name, *builtin)) return false;
                continue;
            }
            if (context->depth >= static_cast<int>(sizeof context->chain / sizeof context->chain[0]))
                return fail("DLLs nested too deeply");
            context->chain[context->depth++] = module->name;
            PeModule* dll = load_dependency(dll_name);
            --context->depth;
            if (!dll) return false;
            if (!bind_to_module(*d, dll_name, *dll)) return false;
        }
        return true;
    }

    bool record_directories() {
        Bytes img = image();
        const auto& exceptions = directory(pe::kDirException);
        if (exceptions.Size) {
            module->function_count = exceptions.Size / sizeof(pe::RuntimeFunction);
            module->functions = img.at<pe::RuntimeFunction>(exceptions.VirtualAddress, module->function_count);
            if (!module->functions) return fail("corrupt exception directory");
        }
        const auto& tls = directory(pe::kDirTls);
        if (tls.Size) {
            module->tls = img.at<pe::TlsDirectory64>(tls.VirtualAddress);
            if (!module->tls) return fail("corrupt TLS directory");
            const auto* t = module->tls;
            if (t->StartAddressOfRawData > t->EndAddressOfRawData ||
                (t->EndAddressOfRawData > t->StartAddressOfRawData &&
                 !module->contains(t->StartAddressOfRawData, t->EndAddressOfRawData - t->StartAddressOfRawData)) ||
                !module->contains(t->AddressOfIndex, 4) || t->SizeOfZeroFill > (1u << 24))
                return fail("corrupt TLS directory");
            if (t->AddressOfCallBacks) {
                for (uint64_t at = t->AddressOfCallBacks;; at += 8) {
                    if (!module->contains(at, 8)) return fail("corrupt TLS callback list");
                    uint64_t callback = *reinterpret_cast<const uint64_t*>(at);
                    if (callback == 0) break;
                    if (!module->contains(callback)) return fail("TLS callback outside the image");
                }
            }
            // Each module with TLS has its own slot in ThreadLocalStoragePointer.
            if (next_tls_index >= static_cast<int32_t>(kMaxTlsModules)) return fail("too many modules with TLS");
            module->tls_index = next_tls_index++;
            // Written now, while every page is still writable.
            memcpy(reinterpret_cast<void*>(t->AddressOfIndex), &module->tls_index, 4);
        }
        module->resource_rva = directory(pe::kDirResource).VirtualAddress;
        module->resource_size = directory(pe::kDirResource).Size;
        module->export_rva = directory(pe::kDirExport).VirtualAddress;
        module->export_size = directory(pe::kDirExport).Size;
        return true;
    }

    // Last: imports and relocations are written first, then pages get their final protection.
    // Adjacent sections with the same protection are protected in one call (mingw images have
    // runs like .rdata/.pdata/.xdata and .bss/.idata/.CRT/.tls): each call is a hypercall.
    bool protect_sections() {
        if (!set_page_protection(module->base, libos::kPageSize, PageProtection::read))
            return fail("cannot protect the image headers");
        uint64_t run_start = 0, run_end = 0;
        PageProtection run_protection = PageProtection::read;
        auto flush_run = [&]() {
            bool ok = run_end <= run_start ||
                      set_page_protection(module->base + run_start, run_end - run_start, run_protection);
            run_start = run_end = 0;
            return ok;
        };
        for (uint16_t i = 0; i < section_count; ++i) {
            const auto& s = sections[i];
            uint64_t virtual_size = s.VirtualSize ? s.VirtualSize : s.SizeOfRawData;
            uint64_t start = s.VirtualAddress & ~(libos::kPageSize - 1);
            uint64_t end = (uint64_t(s.VirtualAddress) + virtual_size + libos::kPageSize - 1) & ~(libos::kPageSize - 1);
            if (end > module->size) end = module->size;
            if (end <= start) continue;
            // W^X: a section that is both writable and executable gets RW (never both).
            PageProtection protection = (s.Characteristics & pe::kScnMemWrite) ? PageProtection::read_write
                                        : (s.Characteristics & pe::kScnMemExecute) ? PageProtection::read_execute
                                                                                   : PageProtection::read;
            if (start == run_end && protection == run_protection && run_end > run_start) {
                run_end = end;   // extends the run
                continue;
            }
            // A section sharing a page with the run ends it first, so the later section's
            // protection wins on the shared page, as it did section by section.
            if (!flush_run()) return fail("cannot protect the sections before section %u", i);
            run_start = start;
            run_end = end;
            run_protection = protection;
        }
        if (!flush_run()) return fail("cannot protect the last sections");
        return true;
    }

    // Maps, relocates and records the module, makes it visible (so a cycle of imports finds
    // it), binds its imports (loading what they need) and protects its pages.
    bool load() {
        if (!check_headers() || !map_sections() || !relocate() || !record_directories()) return false;
        publish_module(module);
        if (!bind_imports() || !protect_sections()) return false;
        // After its dependencies: DllMain order (dependencies first).
        if (want_dll) queue_dll_attach(module);
        return true;
    }
};

// A file name for a module: persistent (module names outlive the load).
const char* module_name_from(const char* path) { return dup(file_name_of(path)); }

const char* app_path_of(const char* name) {
    char path[300];
    libos::format(path, sizeof path, "%s%s", kAppFolder, name);
    return dup(path);
}

// Forgets the modules published after `first` (a failed LoadLibrary).
void forget_modules_from(size_t first) {
    while (module_count() > first) {
        PeModule* module = module_at(module_count() - 1);
        cancel_dll_attach(module);
        forget_module(module);
    }
}

}  // namespace

PeModule* load_pe(const uint8_t* file, size_t file_size, const char* path, char* error, size_t error_capacity) {
    LoadContext load{};
    load.root = path;
    load.error = error;
    load.error_capacity = error_capacity;
    context = &load;
    PeModule* module = new_module();
    Loader loader{Bytes(file, file_size), false, module};
    module->name = module_name_from(path);
    module->path = app_path_of(module->name);
    module->pinned = true;
    bool ok = loader.load();
    context = nullptr;
    return ok ? module : nullptr;
}

namespace {

// Loads the DLL in `data` as `name` (file name) with GetModuleFileName's `path`; `companion`:
// its index in boot_info.companions, -1 for a file read from the VFS.
PeModule* load_dll_bytes(const char* name, const char* path, const uint8_t* data, size_t size, int32_t companion) {
    PeModule* module = new_module();
    if (!module) {
        record_failure(ERROR_NOT_ENOUGH_MEMORY, "loads too many DLLs (at most %zu modules)", kMaxModules);
        return nullptr;
    }
    module->name = name;
    module->path = path;
    module->is_dll = true;
    module->companion = companion;
    // Imports pin a DLL (FreeLibrary never unloads it); LoadLibrary counts its own references.
    module->pinned = context == nullptr || context->depth > 0;
    LoadContext runtime{};   // a forwarder followed by GetProcAddress: no load in progress
    bool own_context = context == nullptr;
    char ignored[8];
    if (own_context) {
        runtime.root = name;
        runtime.error = ignored;
        runtime.error_capacity = sizeof ignored;
        context = &runtime;
    }
    Loader loader{Bytes(data, size), true, module};
    bool ok = loader.load();
    if (own_context) context = nullptr;
    return ok ? module : nullptr;
}

// The DLL at VFS path `vfs_path`: the module already loaded from there, else read and loaded.
// nullptr with `missing` set when no such file exists (the caller decides what that means).
PeModule* load_dll_file(const char* vfs_path, bool& missing) {
    missing = false;
    char windows_path[300];
    files::to_windows_path(vfs_path, windows_path, sizeof windows_path);
    for (size_t i = 0; i < module_count(); ++i)
        if (equal_nocase(module_at(i)->path, windows_path)) return module_at(i);
    uint8_t* data;
    size_t size;
    if (uint32_t error = read_dll_file(vfs_path, data, size)) {
        missing = error == ERROR_MOD_NOT_FOUND;
        if (!missing) record_failure(error, "cannot read %s", windows_path);
        return nullptr;
    }
    // The module keeps nothing of the file: sections are copied into its own pages.
    const char* path = dup(windows_path);
    PeModule* module = load_dll_bytes(file_name_of(path), path, data, size, -1);
    free(data);
    return module;
}

// "x" -> "x.dll": Windows appends .dll to a file name without an extension.
void with_dll_extension(const char* name, char* out, size_t capacity) {
    bool has_dot = strchr_ascii(file_name_of(name), '.') != nullptr;
    libos::format(out, capacity, "%s%s", name, has_dot ? "" : ".dll");
}

// Path buffers on the heap: a load recurses through imports, possibly on a small thread stack.
struct PathBuffers {
    char* text = static_cast<char*>(malloc(3 * files::kPathMax));
    ~PathBuffers() { free(text); }
    char* operator[](int i) const { return text + i * files::kPathMax; }
};

// `name` (a plain file name) in VFS folder `folder`, or nullptr (`missing` when not there).
PeModule* load_from_folder(const char* folder, const char* name, bool& missing) {
    missing = true;
    PathBuffers paths;
    if (!paths.text) return nullptr;
    char* file = paths[0];
    with_dll_extension(name, file, 300);
    libos::format(paths[1], files::kPathMax, "%s/%s", strcmp(folder, "/") == 0 ? "" : folder, file);
    // Through the Windows path rules: the name is matched case-insensitively.
    if (files::to_vfs_path(paths[1], paths[2]) != 0) return nullptr;
    return load_dll_file(paths[2], missing);
}

}  // namespace

PeModule* load_dependency(const char* name) {
    if (PeModule* loaded = module_by_name(name)) return loaded;
    CompanionFile companion;
    if (find_companion(file_name_of(name), companion))
        return load_dll_bytes(companion.name, app_path_of(companion.name), companion.data, companion.size,
                              static_cast<int32_t>(companion.index));
    // LoadLibrary's further search folders (see LoadContext).
    bool missing = true;
    PeModule* found = nullptr;
    if (context && context->dll_folder) found = load_from_folder(context->dll_folder, file_name_of(name), missing);
    if (!found && missing && context && context->search_current_directory)
        found = load_from_folder(files::current_directory(), file_name_of(name), missing);
    if (found || !missing) return found;
    char chain[160];
    chain[0] = 0;
    if (context) format_chain(chain, sizeof chain);
    record_failure(ERROR_MOD_NOT_FOUND, "needs %s%s, which is neither beside the program nor built into celda", name,
                   chain);
    return nullptr;
}

namespace {

// Whether LoadLibrary's `name` has a folder part: then it is loaded from exactly there.
bool has_folder(const char* name) {
    for (const char* p = name; *p; ++p)
        if (*p == '\\' || *p == '/' || *p == ':') return true;
    return false;
}

// LoadLibrary of a path: the file it names, its own imports also searched in its folder.
PeModule* load_path(const char* name, LoadContext& load) {
    PathBuffers paths;
    if (!paths.text) {
        record_failure(ERROR_NOT_ENOUGH_MEMORY, "out of memory");
        return nullptr;
    }
    char *with_extension = paths[0], *vfs_path = paths[1], *folder = paths[2];
    with_dll_extension(name, with_extension, files::kPathMax);
    if (files::to_vfs_path(with_extension, vfs_path) != 0) {
        record_failure(ERROR_MOD_NOT_FOUND, "no such file %s", name);
        return nullptr;
    }
    // The folder part of the VFS path ("/" for a file in the root).
    size_t length = static_cast<size_t>(file_name_of(vfs_path) - vfs_path);
    memcpy(folder, vfs_path, length);
    folder[length > 1 ? length - 1 : length] = 0;
    // C:\app holds the companions: loaded by name as before (so crash reports can name their
    // functions), and a name that is not one is not looked for anywhere else.
    if (strcmp(folder, kAppVfsFolder) == 0) {
        load.search_current_directory = false;
        return load_dependency(file_name_of(vfs_path));
    }
    load.dll_folder = folder;
    bool missing;
    PeModule* module = load_dll_file(vfs_path, missing);
    load.dll_folder = nullptr;
    if (missing) record_failure(ERROR_MOD_NOT_FOUND, "no such file %s", name);
    return module;
}

}  // namespace

PeModule* load_library(const char* name, uint32_t& win32_error, char* message, size_t message_capacity) {
    bool path = has_folder(name);
    if (!path)
        if (PeModule* loaded = module_by_name(name)) return loaded;
    LoadContext load{};
    load.root = path ? name : file_name_of(name);
    load.error = message;
    load.error_capacity = message_capacity;
    load.search_current_directory = true;
    context = &load;
    size_t first = module_count();
    PeModule* module = path ? load_path(name, load) : load_dependency(name);
    context = nullptr;
    if (!module) {
        forget_modules_from(first);
        win32_error = load.win32_error ? load.win32_error : ERROR_MOD_NOT_FOUND;
        return nullptr;
    }
    return module;
}

uint32_t image_page_protection(uint64_t address) {
    const PeModule* module = module_containing(address);
    if (!module) return 0;
    const PeModule& loaded = *module;
    uint64_t rva = address - reinterpret_cast<uint64_t>(loaded.base);
    // The headers were validated by load_pe; the first page holds them (read-only).
    const auto* dos = reinterpret_cast<const pe::DosHeader*>(loaded.base);
    const auto* nt = reinterpret_cast<const pe::NtHeaders64*>(loaded.base + dos->e_lfanew);
    const auto* sections = reinterpret_cast<const pe::SectionHeader*>(
        reinterpret_cast<const uint8_t*>(&nt->OptionalHeader) + nt->FileHeader.SizeOfOptionalHeader);
    for (uint16_t i = 0; i < nt->FileHeader.NumberOfSections; ++i) {
        const auto& s = sections[i];
        uint64_t start = s.VirtualAddress & ~(libos::kPageSize - 1);
        uint64_t size = s.VirtualSize ? s.VirtualSize : s.SizeOfRawData;
        uint64_t end = (uint64_t(s.VirtualAddress) + size + libos::kPageSize - 1) & ~(libos::kPageSize - 1);
        if (rva >= start && rva < end)
            return (s.Characteristics & pe::kScnMemWrite) ? 0x04 : (s.Characteristics & pe::kScnMemExecute) ? 0x20 : 0x02;
    }
    return 0x02;
}

}  // namespace win32
