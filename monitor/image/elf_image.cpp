#include "image/elf_image.h"

#include <elf.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <set>

#include "celda/contract.h"
#include "image/byte_reader.h"

namespace celda::image {
namespace {

constexpr std::uint64_t kPage = CELDA_PAGE_SIZE;
// No guest image comes near this; it bounds the arithmetic and `span` below.
constexpr std::uint64_t kMaxImageAddress = 1ull << 47;

std::uint64_t align_up(std::uint64_t value) { return (value + kPage - 1) & ~(kPage - 1); }
std::uint64_t align_down(std::uint64_t value) { return value & ~(kPage - 1); }

std::string hex(std::uint64_t value) {
    char text[24];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
    return text;
}

std::string quoted(std::string_view name) { return "'" + std::string(name) + "'"; }

std::string machine_name(std::uint16_t machine) {
    switch (machine) {
        case EM_386: return "x86 (32-bit)";
        case EM_X86_64: return "x86-64";
        case EM_AARCH64: return "AArch64";
        case EM_ARM: return "ARM (32-bit)";
        case EM_RISCV: return "RISC-V";
        case EM_PPC: return "PowerPC (32-bit)";
        case EM_PPC64: return "PowerPC 64";
        case EM_S390: return "IBM s390";
        case EM_MIPS: return "MIPS";
        case EM_SPARCV9: return "SPARC v9";
        case EM_LOONGARCH: return "LoongArch";
        default: return "an unknown architecture (ELF machine " + std::to_string(machine) + ")";
    }
}

struct NoteScan {
    bool found = false;
    std::uint32_t version = 0;
};

// Walks the notes of one PT_NOTE segment looking for name "Celda", type CONTRACT.
std::optional<NoteScan> scan_notes(const ByteReader& reader, const Elf64_Phdr& note) {
    NoteScan scan;
    std::uint64_t pos = note.p_offset;
    std::uint64_t end = note.p_offset + note.p_filesz;  // bounds checked by the caller
    while (pos + sizeof(Elf64_Nhdr) <= end) {
        auto header = reader.read<Elf64_Nhdr>(pos);
        if (!header) return std::nullopt;
        std::uint64_t name_at = pos + sizeof(Elf64_Nhdr);
        std::uint64_t desc_at = name_at + ((std::uint64_t{header->n_namesz} + 3) & ~3ull);
        std::uint64_t next = desc_at + ((std::uint64_t{header->n_descsz} + 3) & ~3ull);
        if (next > end) return std::nullopt;
        constexpr std::string_view kName{CELDA_NOTE_NAME, sizeof(CELDA_NOTE_NAME)};  // with NUL
        auto name = reader.slice(name_at, header->n_namesz);
        bool is_celda = name && name->size() == kName.size() &&
                        std::memcmp(name->data(), kName.data(), kName.size()) == 0;
        if (is_celda && header->n_type == CELDA_NOTE_TYPE_CONTRACT) {
            if (header->n_descsz != 4) return std::nullopt;
            auto version = reader.read<std::uint32_t>(desc_at);
            if (!version) return std::nullopt;
            scan.found = true;
            scan.version = *version;
        }
        pos = next;
    }
    return scan;
}

std::vector<PageProtection> plan_protections(const std::vector<Segment>& segments) {
    // Boundaries of every segment's page range; each interval between two boundaries gets the
    // union of the flags of the segments whose pages cover it (two segments may share a page).
    std::set<std::uint64_t> bounds;
    for (const Segment& s : segments) {
        bounds.insert(align_down(s.vaddr));
        bounds.insert(align_up(s.vaddr + s.memsz));
    }
    std::vector<PageProtection> plan;
    for (auto it = bounds.begin(); it != bounds.end() && std::next(it) != bounds.end(); ++it) {
        std::uint64_t start = *it, end = *std::next(it);
        std::uint32_t flags = 0;
        bool covered = false;
        for (const Segment& s : segments) {
            if (align_down(s.vaddr) < end && start < align_up(s.vaddr + s.memsz)) {
                flags |= s.flags;
                covered = true;
            }
        }
        if (!covered) continue;
        PageProtection p{start, end, (flags & PF_R) != 0, (flags & PF_W) != 0, (flags & PF_X) != 0};
        if (!plan.empty() && plan.back().end == start && plan.back().read == p.read &&
            plan.back().write == p.write && plan.back().execute == p.execute)
            plan.back().end = end;
        else
            plan.push_back(p);
    }
    return plan;
}

// The checks every file must pass to be treated as an x86-64 ELF executable at all, whatever
// runs it afterwards (a Celda image, or a Linux program handed to the POSIX layer).
Result<Elf64_Ehdr> check_elf_header(std::span<const std::byte> file, std::string_view name) {
    ByteReader reader(file);
    const std::string who = quoted(name);
    auto corrupt = [&](std::string_view what) {
        return fail(who + " is truncated or corrupt: " + std::string(what));
    };

    if (file.size() < 4 || std::memcmp(file.data(), ELFMAG, SELFMAG) != 0)
        return fail(who + " is not an executable (no ELF header)");
    if (file.size() < EI_NIDENT + 4) return corrupt("the ELF header is cut short");

    auto ident = [&](int i) { return static_cast<unsigned char>(file[i]); };
    // e_machine sits at the same offset in ELF32 and ELF64; read it in the file's byte order
    // so that "built for AArch64" is reported even for the wrong class or endianness.
    std::uint16_t machine = ident(EI_DATA) == ELFDATA2MSB
                                ? static_cast<std::uint16_t>(ident(18) << 8 | ident(19))
                                : static_cast<std::uint16_t>(ident(19) << 8 | ident(18));
    if (machine != EM_X86_64)
        return fail(who + " is built for " + machine_name(machine) + "; celda runs x86-64 programs");
    if (ident(EI_CLASS) != ELFCLASS64)
        return fail(who + " is a 32-bit (x32) executable; celda runs 64-bit x86-64 programs");
    if (ident(EI_DATA) != ELFDATA2LSB)
        return fail(who + " is big-endian; celda runs little-endian x86-64 programs");

    auto ehdr = reader.read<Elf64_Ehdr>(0);
    if (!ehdr) return corrupt("the ELF header is cut short");
    if (ehdr->e_type == ET_REL) return fail(who + " is an object file (.o), not an executable; link it first");
    if (ehdr->e_type == ET_CORE) return fail(who + " is a core dump, not an executable");
    if (ehdr->e_type != ET_EXEC && ehdr->e_type != ET_DYN)
        return corrupt("unknown ELF type " + std::to_string(ehdr->e_type));
    if (ehdr->e_phnum == 0) return corrupt("it has no program headers");
    if (ehdr->e_phentsize != sizeof(Elf64_Phdr))
        return corrupt("program header size is " + std::to_string(ehdr->e_phentsize) + ", expected " +
                       std::to_string(sizeof(Elf64_Phdr)));
    if (!reader.contains(ehdr->e_phoff, std::uint64_t{ehdr->e_phnum} * sizeof(Elf64_Phdr)))
        return corrupt("the program headers lie beyond the end of the file");

    // Section headers are not needed to load, but a file whose sections run past its end has
    // been cut short (a partial download or copy): refuse it rather than run part of it.
    if (ehdr->e_shnum != 0) {
        if (ehdr->e_shentsize != sizeof(Elf64_Shdr))
            return corrupt("section header size is " + std::to_string(ehdr->e_shentsize) + ", expected " +
                           std::to_string(sizeof(Elf64_Shdr)));
        if (!reader.contains(ehdr->e_shoff, std::uint64_t{ehdr->e_shnum} * sizeof(Elf64_Shdr)))
            return corrupt("the section headers lie beyond the end of the file");
        for (std::uint64_t i = 0; i < ehdr->e_shnum; ++i) {
            Elf64_Shdr sh = *reader.read<Elf64_Shdr>(ehdr->e_shoff + i * sizeof(Elf64_Shdr));
            if (sh.sh_type != SHT_NOBITS && sh.sh_type != SHT_NULL && !reader.contains(sh.sh_offset, sh.sh_size))
                return corrupt("section " + std::to_string(i) + " lies beyond the end of the file");
        }
    }

    return *ehdr;
}

}  // namespace

Result<ElfKind> classify_elf(std::span<const std::byte> file, std::string_view name) {
    auto ehdr = check_elf_header(file, name);
    if (!ehdr) return std::unexpected(ehdr.error());
    ByteReader reader(file);
    bool celda_note = false, interpreter = false;
    for (std::uint64_t i = 0; i < ehdr->e_phnum; ++i) {
        Elf64_Phdr ph = *reader.read<Elf64_Phdr>(ehdr->e_phoff + i * sizeof(Elf64_Phdr));
        if (ph.p_type == PT_INTERP) interpreter = true;
        if (ph.p_type == PT_NOTE && reader.contains(ph.p_offset, ph.p_filesz)) {
            auto scan = scan_notes(reader, ph);
            if (scan && scan->found) celda_note = true;
        }
    }
    if (celda_note) return ElfKind::CeldaImage;
    return interpreter ? ElfKind::LinuxDynamic : ElfKind::LinuxStatic;
}

Result<ElfImage> parse_elf_image(FileBytes file, std::string_view name) {
    auto header = check_elf_header(file, name);
    if (!header) return std::unexpected(header.error());
    const Elf64_Ehdr* ehdr = &*header;
    ByteReader reader(file);
    const std::string who = quoted(name);
    auto corrupt = [&](std::string_view what) {
        return fail(who + " is truncated or corrupt: " + std::string(what));
    };

    ElfImage image;
    image.name = std::string(name);
    NoteScan note;
    bool bad_note = false;
    for (std::uint64_t i = 0; i < ehdr->e_phnum; ++i) {
        Elf64_Phdr ph = *reader.read<Elf64_Phdr>(ehdr->e_phoff + i * sizeof(Elf64_Phdr));
        std::string which = "segment " + std::to_string(i);
        if (ph.p_type == PT_LOAD) {
            if (!reader.contains(ph.p_offset, ph.p_filesz))
                return corrupt(which + " lies beyond the end of the file");
            if (ph.p_filesz > ph.p_memsz) return corrupt(which + " has more file bytes than memory bytes");
            if (ph.p_vaddr >= kMaxImageAddress || ph.p_memsz >= kMaxImageAddress - ph.p_vaddr) {
                // Absurd addresses: report them as not fitting, in the layout's terms.
                image.span = kMaxImageAddress;
            }
            if (ph.p_memsz == 0) continue;
            if (ph.p_flags & PF_W && ph.p_flags & PF_X)
                return fail(who + " has a segment that is both writable and executable; celda refuses W+X memory");
            image.segments.push_back({ph.p_vaddr, ph.p_memsz, ph.p_offset, ph.p_filesz, ph.p_flags});
        } else if (ph.p_type == PT_NOTE) {
            if (!reader.contains(ph.p_offset, ph.p_filesz)) return corrupt(which + " (notes) lies beyond the end of the file");
            auto scan = scan_notes(reader, ph);
            if (!scan) { bad_note = true; continue; }
            if (scan->found) note = *scan;
        }
    }

    if (!note.found) {
        if (bad_note) return corrupt("its notes are malformed");
        return fail(who + " is a Linux executable, not a Celda guest image; running Linux programs "
                          "directly is not supported yet");
    }
    if (note.version != CELDA_CONTRACT_VERSION)
        return fail(who + " was built for Celda contract version " + std::to_string(note.version) +
                    ", but this celda speaks version " + std::to_string(CELDA_CONTRACT_VERSION) +
                    "; rebuild the image against this celda");
    image.contract_version = note.version;
    if (ehdr->e_type != ET_DYN)
        return fail(who + " is not position-independent (ELF type EXEC); Celda guest images must be "
                          "static-PIE (link with -static-pie)");
    if (image.segments.empty()) return corrupt("it has no loadable segments");

    if (image.span == 0) {  // no absurd segment seen
        std::ranges::sort(image.segments, {}, &Segment::vaddr);
        for (std::size_t i = 1; i < image.segments.size(); ++i) {
            const Segment& prev = image.segments[i - 1];
            if (prev.vaddr + prev.memsz > image.segments[i].vaddr)
                return corrupt("loadable segments overlap at address " + hex(image.segments[i].vaddr));
        }
        const Segment& last = image.segments.back();
        image.span = align_up(last.vaddr + last.memsz);
    } else {
        return image;  // the layout reports it as too big; nothing else is meaningful
    }

    image.entry = ehdr->e_entry;
    bool entry_ok = std::ranges::any_of(image.segments, [&](const Segment& s) {
        return s.flags & PF_X && image.entry >= s.vaddr && image.entry - s.vaddr < s.memsz;
    });
    if (!entry_ok) return corrupt("its entry point is not inside an executable segment");

    image.protections = plan_protections(image.segments);
    for (const PageProtection& p : image.protections)
        if (p.write && p.execute)
            return fail(who + " has segments sharing a page that would be both writable and "
                              "executable; celda refuses W+X memory (relink with -z separate-code)");

    image.file = std::move(file);
    image.symbols = SymbolTable::lazy_from_elf(image.file);  // parsed when a report needs it
    return image;
}

Result<ElfImage> load_elf_image(const std::string& path) {
    auto bytes = FileBytes::open(path);
    if (!bytes) return std::unexpected(bytes.error());
    return parse_elf_image(std::move(*bytes), path);
}

}  // namespace celda::image
