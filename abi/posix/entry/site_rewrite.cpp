#include "entry/site_rewrite.h"

#include <libos/console.h>
#include <libos/hypercall.h>
#include <libos/libc.h>
#include <libos/memory.h>

#include "kernel/memory_map.h"
#include "kernel/process.h"
#include "linux/abi.h"

// Read by entry/fast_entry.S.
extern "C" {
__attribute__((visibility("hidden"))) uint32_t posix_default_mxcsr = 0x1f80;
void posix_fast_syscall();
}

namespace posix {
namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kStubSlot = 64;        // bytes per stub; 64 per page, none straddles a page
constexpr int kMaxMoved = 16;             // bytes of moved instructions a stub may hold
constexpr int kMaxInstructions = 4;

struct Stats {
    uint64_t trapped = 0;       // calls that came through the trap path
    uint64_t rewritten = 0;     // sites rewritten
    uint64_t unrewritable = 0;  // distinct sites tried that did not fit
    uint64_t once = 0;          // distinct sites that trapped only once so far (never tried)
};
constinit Stats stats;

// Distinct sites seen, with how often each trapped. A site is rewritten on its second trap:
// rewriting costs four PROTECT hypercalls (stub page and program text, each made writable and
// back), more than the trap it saves, so the many sites a program runs once (start-up, exit)
// keep their single trap. Each site is tried once (a rewritten site that still traps is
// reached by a jump straight to its `syscall` and must not be rewritten again).
constexpr int kSeenSlots = 1024;
constexpr uint32_t kTried = UINT32_MAX;
struct SeenSite {
    uint64_t address;
    uint32_t traps;
};
constinit SeenSite seen_sites[kSeenSlots] = {};

// The entry for `site`, new ones with 0 traps; nullptr when the table is full (stop trying).
SeenSite* seen_entry(uint64_t site) {
    for (int i = 0, h = static_cast<int>((site * 0x9e3779b97f4a7c15ull) >> 54); i < kSeenSlots; ++i) {
        SeenSite& slot = seen_sites[(h + i) % kSeenSlots];
        if (slot.address == site) return &slot;
        if (slot.address == 0) { slot.address = site; return &slot; }
    }
    return nullptr;
}

// The stub area: pages from the library OS's allocator (not the program's: it cannot unmap
// them, and /proc/self/maps does not list them), read+execute except while a stub is written.
uint64_t stub_page = 0;
uint64_t stub_used = kPage;   // no page yet

uint64_t register_value(const celda_syscall_frame& f, int reg) {
    switch (reg) {
        case 0: return f.rax;   case 1: return f.rcx;   case 2: return f.rdx;   case 3: return f.rbx;
        case 4: return f.rsp;   case 5: return f.rbp;   case 6: return f.rsi;   case 7: return f.rdi;
        case 8: return f.r8;    case 9: return f.r9;    case 10: return f.r10;  case 11: return f.r11;
        case 12: return f.r12;  case 13: return f.r13;  case 14: return f.r14;  default: return f.r15;
    }
}

bool executable_program_byte(uint64_t address) {
    int prot = memory_map().prot_at(address & ~(kPage - 1));
    return prot >= 0 && (prot & linux::PROT_EXEC);
}

enum class Kind { MovImm, Mov64, Movsxd };
struct Instruction {
    int length = 0;
    Kind kind = Kind::MovImm;
    int dst = 0, src = 0;
    uint64_t imm = 0;
};

// The instruction that ends at `end`, if it is one of the few forms we move: REX.W mov/movsxd
// between registers (3 bytes), mov $imm32,%r8d..%r15d (6), mov $imm32,%eax..%edi (5),
// mov $simm32,%r64 (7).
bool decode_before(const uint8_t* end, uint64_t end_address, int form, Instruction& out) {
    auto have = [&](int n) { return executable_program_byte(end_address - n); };
    if (form == 0 && have(3)) {
        uint8_t rex = end[-3], op = end[-2], modrm = end[-1];
        if ((rex != 0x48 && rex != 0x49 && rex != 0x4c && rex != 0x4d) || (modrm >> 6) != 3) return false;
        int reg = ((modrm >> 3) & 7) | (rex & 4 ? 8 : 0), rm = (modrm & 7) | (rex & 1 ? 8 : 0);
        out.length = 3;
        if (op == 0x89) { out.kind = Kind::Mov64; out.dst = rm; out.src = reg; }
        else if (op == 0x8b) { out.kind = Kind::Mov64; out.dst = reg; out.src = rm; }
        else if (op == 0x63) { out.kind = Kind::Movsxd; out.dst = reg; out.src = rm; }
        else return false;
        return true;
    }
    if (form == 1 && have(6) && end[-6] == 0x41 && (end[-5] & 0xf8) == 0xb8) {
        out = Instruction{6, Kind::MovImm, 8 + (end[-5] & 7), 0, 0};
        memcpy(&out.imm, end - 4, 4);
        return true;
    }
    if (form == 3 && have(7) && (end[-7] == 0x48 || end[-7] == 0x49) && end[-6] == 0xc7 && (end[-5] & 0xf8) == 0xc0) {
        // mov $simm32,%r64: the sigreturn restorers of glibc and musl (`mov $15,%rax`)
        out = Instruction{7, Kind::MovImm, (end[-5] & 7) | (end[-7] & 1 ? 8 : 0), 0, 0};
        int32_t imm;
        memcpy(&imm, end - 4, 4);
        out.imm = static_cast<uint64_t>(static_cast<int64_t>(imm));
        return true;
    }
    if (form == 2 && have(5) && (end[-5] & 0xf8) == 0xb8) {
        out = Instruction{5, Kind::MovImm, end[-5] & 7, 0, 0};
        memcpy(&out.imm, end - 4, 4);
        return true;
    }
    return false;
}

// Whether the trapped registers agree with `insn` having run just before the instructions
// already walked (which wrote the registers in `written`). A value overwritten since, or
// %rcx/%r11 (clobbered by `syscall` itself), cannot be checked and is not held against it.
bool consistent(const Instruction& insn, const celda_syscall_frame& f, uint32_t written) {
    if (insn.dst == 4 || insn.dst == 1 || insn.dst == 11) return false;  // %rsp, %rcx, %r11: not ours
    if (written & (1u << insn.dst)) return true;
    uint64_t dst = register_value(f, insn.dst);
    if (insn.kind == Kind::MovImm) return dst == insn.imm;
    if ((written & (1u << insn.src)) || insn.src == 1 || insn.src == 11) return true;
    uint64_t src = register_value(f, insn.src);
    if (insn.kind == Kind::Mov64) return dst == src;
    return dst == static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(src)));
}

// Bytes at [address, address+length) become writable for `write`, then get their rights back.
template <typename Write>
bool with_writable_program_text(uint64_t address, uint64_t length, Write write) {
    uint64_t first = address & ~(kPage - 1), last = (address + length - 1) & ~(kPage - 1);
    int prot[2] = {memory_map().prot_at(first), memory_map().prot_at(last)};
    for (uint64_t page = first, i = 0; page <= last; page += kPage, ++i)
        if (!(prot[i] & linux::PROT_WRITE) && memory_map().protect(page, kPage, linux::PROT_READ | linux::PROT_WRITE) < 0)
            return false;
    write();
    for (uint64_t page = first, i = 0; page <= last; page += kPage, ++i)
        if (!(prot[i] & linux::PROT_WRITE)) memory_map().protect(page, kPage, prot[i]);
    return true;
}

bool within_rel32(uint64_t from, uint64_t to) {
    int64_t d = static_cast<int64_t>(to - from);
    return d >= INT32_MIN && d <= INT32_MAX;
}

uint64_t new_stub_slot() {
    if (stub_used + kStubSlot > kPage) {
        void* p = libos::page_allocator().allocate_pages(1);
        if (!p) return 0;
        stub_page = reinterpret_cast<uint64_t>(p);
        memset(p, 0xcc, kPage);
        stub_used = 0;
    }
    uint64_t slot = stub_page + stub_used;
    stub_used += kStubSlot;
    return slot;
}

bool rewrite(uint64_t site, const celda_syscall_frame& f) {
    const uint8_t* s = reinterpret_cast<const uint8_t*>(site);
    if (!executable_program_byte(site) || !executable_program_byte(site + 1) || s[0] != 0x0f || s[1] != 0x05)
        return false;
    // Walk back over movable instructions until the jump (5 bytes) fits before the syscall.
    int moved = 0, count = 0;
    uint32_t written = 0;
    while (moved < 5) {
        if (++count > kMaxInstructions) return false;
        Instruction insn;
        bool found = false;
        for (int form = 0; form < 4 && !found; ++form)
            found = decode_before(s - moved, site - moved, form, insn) && consistent(insn, f, written);
        if (!found || moved + insn.length > kMaxMoved) return false;
        moved += insn.length;
        written |= 1u << insn.dst;
    }
    const uint64_t window = site - moved;

    // The stub: the moved instructions, lea after_syscall(%rip),%rcx, jmp *absolute.
    uint64_t stub = new_stub_slot();
    if (!stub || !within_rel32(window + 5, stub) || !within_rel32(stub + moved + 7, site + 2)) return false;
    uint8_t code[kStubSlot];
    memset(code, 0xcc, sizeof code);
    memcpy(code, reinterpret_cast<const void*>(window), moved);
    uint8_t* at = code + moved;
    int32_t back = static_cast<int32_t>(static_cast<int64_t>(site + 2) - static_cast<int64_t>(stub + moved + 7));
    at[0] = 0x48; at[1] = 0x8d; at[2] = 0x0d;               // lea rel32(%rip), %rcx
    memcpy(at + 3, &back, 4);
    at[7] = 0xff; at[8] = 0x25;                             // jmp *0(%rip)
    memset(at + 9, 0, 4);
    uint64_t target = reinterpret_cast<uint64_t>(&posix_fast_syscall);
    memcpy(at + 13, &target, 8);

    const uint64_t page = stub & ~(kPage - 1);
    if (libos::hypercall::protect(page, kPage, CELDA_PROT_READ | CELDA_PROT_WRITE) < 0) return false;
    memcpy(reinterpret_cast<void*>(stub), code, kStubSlot);
    if (libos::hypercall::protect(page, kPage, CELDA_PROT_READ | CELDA_PROT_EXEC) < 0) return false;

    // The site: jmp rel32 to the stub, int3 over the rest of the moved bytes (a jump into
    // their middle would be a bug in our decoding: stop loudly rather than run garbage). The
    // syscall instruction itself is left as it is.
    uint8_t patch[kMaxMoved];
    memset(patch, 0xcc, sizeof patch);
    patch[0] = 0xe9;
    int32_t rel = static_cast<int32_t>(static_cast<int64_t>(stub) - static_cast<int64_t>(window + 5));
    memcpy(patch + 1, &rel, 4);
    return with_writable_program_text(window, moved, [&] { memcpy(reinterpret_cast<void*>(window), patch, moved); });
}

}  // namespace

void note_trapped_syscall(const celda_syscall_frame& frame) {
    ++stats.trapped;
    // exit and exit_group never come back to their site: not worth a rewrite, nor a table slot.
    if (frame.rax == 60 || frame.rax == 231) return;
    const uint64_t site = frame.rip - 2;
    SeenSite* seen = seen_entry(site);
    if (!seen || seen->traps == kTried) return;
    if (++seen->traps == 1) {
        ++stats.once;
        return;
    }
    --stats.once;
    seen->traps = kTried;
    if (rewrite(site, frame)) {
        ++stats.rewritten;
        if (process().trace) libos::eprint("celda: posix: rewrote syscall site at 0x%lx\n", site);
    } else {
        ++stats.unrewritable;
        if (process().trace)
            libos::eprint("celda: posix: syscall site at 0x%lx cannot be rewritten; it keeps trapping\n", site);
    }
}

void print_site_summary() {
    libos::eprint("celda: posix: syscall sites: %lu rewritten, %lu left trapping; %lu calls trapped; "
                  "%lu sites trapped once (rewritten on a second trap)\n",
                  stats.rewritten, stats.unrewritable, stats.trapped, stats.once);
}

}  // namespace posix
