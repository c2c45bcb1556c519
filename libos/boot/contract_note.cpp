// The ELF note that marks this file as a Celda guest image built against this contract
// version: name "Celda", type CELDA_NOTE_TYPE_CONTRACT, 4-byte descriptor. SHT_NOTE + SHF_ALLOC
// so the linker gives it a PT_NOTE segment; "R" (retain) keeps --gc-sections from dropping it.
// Emitted from inside a function only because that is where asm may take constant operands.
#include <celda/contract.h>

static_assert(sizeof(CELDA_NOTE_NAME) == 6, "note name size is hard-coded below");

extern "C" [[gnu::used]] void celda_contract_note() {
    asm(".pushsection .note.celda, \"aR\", @note\n"
        ".balign 4\n"
        ".long 6\n"                 // namesz, including the NUL
        ".long 4\n"                 // descsz
        ".long %c0\n"               // type
        ".asciz \"" CELDA_NOTE_NAME "\"\n"
        ".balign 4\n"
        ".long %c1\n"               // desc: contract version
        ".balign 4\n"
        ".popsection"
        :
        : "i"(CELDA_NOTE_TYPE_CONTRACT), "i"(CELDA_CONTRACT_VERSION));
}
