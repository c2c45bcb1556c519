// Self-relocation, the first C++ to run. The image is a static PIE linked at 0 and loaded at
// boot_info.image_start, so every pointer stored in its data needs the load bias added.
//
// Runs before relocation: everything here must be reached PC-relatively (hidden symbols,
// direct calls) and must not read any pointer stored in the image's data.
#include <celda/contract.h>
#include <libos/relocation.h>

namespace {

struct Elf64Dyn {
    int64_t tag;
    uint64_t value;
};

constexpr int64_t kDtNull = 0;
constexpr int64_t kDtRela = 7;
constexpr int64_t kDtRelaSize = 8;
constexpr int64_t kDtRelaEntrySize = 9;

// No console yet and no relocated data, but the hypercall entry is a plain value in the boot
// info and string literals are reached PC-relatively: enough to say what went wrong.
[[noreturn]] void fail(const celda_boot_info* info, const char* message) {
    celda_hc_abort args{};
    args.message = reinterpret_cast<uint64_t>(message);
    for (const char* p = message; *p; ++p) ++args.message_len;
    reinterpret_cast<celda_hypercall_fn>(info->hypercall_entry)(CELDA_HC_ABORT, &args);
    for (;;) __builtin_trap();
}

}  // namespace

extern "C" {
[[gnu::visibility("hidden")]] extern const char __ehdr_start[];
[[gnu::visibility("hidden")]] extern const Elf64Dyn _DYNAMIC[];

void celda_self_relocate(const celda_boot_info* info) {
    // Without valid boot info there is no hypercall entry to report through.
    if (info == nullptr || info->magic != CELDA_BOOT_MAGIC) __builtin_trap();
    if (info->version != CELDA_CONTRACT_VERSION)
        fail(info, "boot: boot info version does not match the image's contract version");

    // Linked at 0, so the runtime address of the ELF header is the load bias.
    auto bias = reinterpret_cast<uintptr_t>(__ehdr_start);
    if (bias != info->image_start)
        fail(info, "boot: image runs at a different address than boot_info.image_start");

    uint64_t rela_offset = 0, rela_bytes = 0, rela_entry_bytes = sizeof(libos::Elf64Rela);
    for (const Elf64Dyn* entry = _DYNAMIC; entry->tag != kDtNull; ++entry) {
        if (entry->tag == kDtRela) rela_offset = entry->value;
        else if (entry->tag == kDtRelaSize) rela_bytes = entry->value;
        else if (entry->tag == kDtRelaEntrySize) rela_entry_bytes = entry->value;
    }
    if (rela_entry_bytes != sizeof(libos::Elf64Rela)) fail(info, "boot: unexpected DT_RELAENT");

    auto* entries = reinterpret_cast<const libos::Elf64Rela*>(bias + rela_offset);
    size_t count = rela_bytes / sizeof(libos::Elf64Rela);
    if (libos::apply_relocations(bias, entries, count) != libos::RelocationError::none)
        fail(info, "boot: image has a relocation other than R_X86_64_RELATIVE");
}
}
