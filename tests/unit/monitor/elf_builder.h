// Hand-built ELF64 images for loader tests: a minimal valid Celda guest image that each test
// then breaks in one specific way.
#pragma once

#include <elf.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "celda/contract.h"

namespace test {

struct ElfBuilder {
    Elf64_Ehdr ehdr{};
    std::vector<Elf64_Phdr> phdrs;
    std::uint32_t note_version = CELDA_CONTRACT_VERSION;
    std::string note_name = CELDA_NOTE_NAME;
    bool with_note = true;
    bool with_symbols = false;
    std::vector<std::uint8_t> code = {0x0f, 0x0b, 0xc3};  // at the entry point: ud2; ret

    // Layout: ehdr | phdrs | note | code (entry) | [strtab symtab shdrs]
    static constexpr std::uint64_t kCodeSize = 64;

    ElfBuilder() {
        std::memcpy(ehdr.e_ident, ELFMAG, SELFMAG);
        ehdr.e_ident[EI_CLASS] = ELFCLASS64;
        ehdr.e_ident[EI_DATA] = ELFDATA2LSB;
        ehdr.e_ident[EI_VERSION] = EV_CURRENT;
        ehdr.e_type = ET_DYN;
        ehdr.e_machine = EM_X86_64;
        ehdr.e_version = EV_CURRENT;
        ehdr.e_phoff = sizeof(Elf64_Ehdr);
        ehdr.e_ehsize = sizeof(Elf64_Ehdr);
        ehdr.e_phentsize = sizeof(Elf64_Phdr);
        // One RX segment covering the whole file (code) and one RW .bss-like segment.
        Elf64_Phdr text{};
        text.p_type = PT_LOAD;
        text.p_flags = PF_R | PF_X;
        text.p_align = 4096;
        phdrs.push_back(text);
        Elf64_Phdr data{};
        data.p_type = PT_LOAD;
        data.p_flags = PF_R | PF_W;
        data.p_vaddr = 0x2000;
        data.p_memsz = 0x3000;
        data.p_align = 4096;
        phdrs.push_back(data);
        Elf64_Phdr note{};
        note.p_type = PT_NOTE;
        note.p_flags = PF_R;
        phdrs.push_back(note);
    }

    std::uint64_t note_offset() const { return sizeof(Elf64_Ehdr) + phdrs.size() * sizeof(Elf64_Phdr); }
    std::uint64_t note_size() const { return sizeof(Elf64_Nhdr) + ((note_name.size() + 1 + 3) & ~3ull) + 4; }
    std::uint64_t code_offset() const { return note_offset() + note_size(); }

    std::vector<std::byte> build() {
        std::vector<std::byte> out(code_offset() + kCodeSize);
        // Fill in what depends on the layout unless a test set it explicitly.
        for (auto& ph : phdrs) {
            if (ph.p_type == PT_NOTE && ph.p_filesz == 0) {
                ph.p_offset = ph.p_vaddr = note_offset();
                ph.p_filesz = ph.p_memsz = with_note ? note_size() : 0;
            }
            if (ph.p_type == PT_LOAD && (ph.p_flags & PF_X) && ph.p_filesz == 0) {
                ph.p_filesz = ph.p_memsz = out.size();
            }
        }
        if (ehdr.e_phnum == 0) ehdr.e_phnum = static_cast<Elf64_Half>(phdrs.size());
        if (ehdr.e_entry == 0) ehdr.e_entry = code_offset();

        if (with_note) {
            Elf64_Nhdr nh{static_cast<Elf64_Word>(note_name.size() + 1), 4, CELDA_NOTE_TYPE_CONTRACT};
            std::memcpy(out.data() + note_offset(), &nh, sizeof nh);
            std::memcpy(out.data() + note_offset() + sizeof nh, note_name.c_str(), note_name.size() + 1);
            std::memcpy(out.data() + note_offset() + note_size() - 4, &note_version, 4);
        }
        for (std::size_t i = 0; i < code.size() && i < kCodeSize; ++i) out[code_offset() + i] = std::byte{code[i]};

        if (with_symbols) append_symbols(out);
        std::memcpy(out.data(), &ehdr, sizeof ehdr);
        std::memcpy(out.data() + sizeof ehdr, phdrs.data(), phdrs.size() * sizeof(Elf64_Phdr));
        return out;
    }

    // .strtab with "guest_entry" and "_ZN4demo5crashEv" (demo::crash()), a .symtab with both.
    void append_symbols(std::vector<std::byte>& out) {
        const char strings[] = "\0guest_entry\0_ZN4demo5crashEv\0";
        std::uint64_t strtab_at = out.size();
        out.insert(out.end(), reinterpret_cast<const std::byte*>(strings),
                   reinterpret_cast<const std::byte*>(strings) + sizeof strings);
        while (out.size() % 8) out.push_back(std::byte{0});
        std::uint64_t symtab_at = out.size();
        Elf64_Sym syms[3]{};
        syms[1].st_name = 1;
        syms[1].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
        syms[1].st_shndx = 1;
        syms[1].st_value = code_offset();
        syms[1].st_size = 8;
        syms[2].st_name = 13;
        syms[2].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
        syms[2].st_shndx = 1;
        syms[2].st_value = code_offset() + 8;
        syms[2].st_size = 8;
        auto* p = reinterpret_cast<const std::byte*>(syms);
        out.insert(out.end(), p, p + sizeof syms);
        std::uint64_t shdrs_at = out.size();
        Elf64_Shdr sh[3]{};
        sh[1].sh_type = SHT_SYMTAB;
        sh[1].sh_offset = symtab_at;
        sh[1].sh_size = sizeof syms;
        sh[1].sh_entsize = sizeof(Elf64_Sym);
        sh[1].sh_link = 2;
        sh[2].sh_type = SHT_STRTAB;
        sh[2].sh_offset = strtab_at;
        sh[2].sh_size = sizeof strings;
        auto* q = reinterpret_cast<const std::byte*>(sh);
        out.insert(out.end(), q, q + sizeof sh);
        ehdr.e_shoff = shdrs_at;
        ehdr.e_shnum = 3;
        ehdr.e_shentsize = sizeof(Elf64_Shdr);
    }
};

}  // namespace test
