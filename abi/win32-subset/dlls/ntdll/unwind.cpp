// x64 unwind data: finding a function's .pdata row and undoing one frame with its UNWIND_INFO,
// as RtlLookupFunctionEntry and RtlVirtualUnwind do. Semantics follow Windows (and Wine's
// reading of them): codes apply in order, those past the pc's prolog offset are skipped, chained
// info continues with the parent function's codes, and a pc inside an epilog is unwound by
// reading the epilog's instructions (add/lea rsp, pops, ret) instead of the codes.
//
// The unwind data comes from the program file: every UNWIND_INFO read is checked against the
// loaded image; a row that points outside stops the walk (no handler, frame unwound as a leaf).
#include <libos/libc.h>

#include "dlls/ntdll/exceptions.h"
#include "loader/pe_loader.h"

namespace win32::seh {
namespace {

enum UnwindOp : uint8_t {
    kPushNonvol = 0,
    kAllocLarge = 1,
    kAllocSmall = 2,
    kSetFpreg = 3,
    kSaveNonvol = 4,
    kSaveNonvolFar = 5,
    kEpilog = 6,        // version 2 only: epilog location, nothing to undo
    kSpareCode = 7,
    kSaveXmm128 = 8,
    kSaveXmm128Far = 9,
    kPushMachframe = 10,
};

struct UnwindCode {
    uint8_t offset;        // end of the prolog instruction, from the function start
    uint8_t op_and_info;   // low 4 bits: op; high 4 bits: info
    uint8_t op() const { return op_and_info & 0xf; }
    uint8_t info() const { return op_and_info >> 4; }
};

struct UnwindInfo {
    uint8_t version_and_flags;   // low 3 bits: version; high 5 bits: UNW_FLAG_*
    uint8_t prolog_size;
    uint8_t code_count;
    uint8_t frame;               // low 4 bits: frame register; high 4 bits: offset / 16
    UnwindCode codes[1];

    uint8_t version() const { return version_and_flags & 7; }
    uint8_t flags() const { return version_and_flags >> 3; }
    uint8_t frame_register() const { return frame & 0xf; }
    uint64_t frame_offset() const { return static_cast<uint64_t>(frame >> 4) * 16; }
};

// How many 2-byte slots a code occupies.
unsigned slots_of(const UnwindCode& code) {
    switch (code.op()) {
        case kAllocLarge: return code.info() ? 3 : 2;
        case kSaveNonvol:
        case kSaveXmm128:
        case kEpilog: return 2;
        case kSaveNonvolFar:
        case kSaveXmm128Far: return 3;
        default: return 1;
    }
}

uint16_t u16_at(const UnwindCode* slot) { return static_cast<uint16_t>(slot->offset | (slot->op_and_info << 8)); }
uint32_t u32_at(const UnwindCode* slot) { return u16_at(slot) | (static_cast<uint32_t>(u16_at(slot + 1)) << 16); }

// The UNWIND_INFO of `function`, with its codes and trailing data inside the image, or nullptr.
const UnwindInfo* unwind_info_of(uint64_t base, const RuntimeFunction* function) {
    const PeModule* module = module_containing(base);
    if (!module) return nullptr;
    uint64_t address = base + function->UnwindData;
    if (!module->contains(address, 4)) return nullptr;
    const auto* info = reinterpret_cast<const UnwindInfo*>(address);
    // codes (rounded to even) + a handler RVA or a chained RUNTIME_FUNCTION (12 bytes).
    uint64_t bytes = 4 + ((info->code_count + 1u) & ~1u) * 2u + 12;
    if (!module->contains(address, bytes)) return nullptr;
    return info;
}

// Windows' epilog rule: a pc is in an epilog when the instructions from it on are an optional
// `add $n,%rsp` / `lea n(reg),%rsp`, then pops of registers, then `ret` (or a jmp within the
// function leading there). These are the only instructions an x64 epilog may contain.
bool is_inside_epilog(const uint8_t* pc, uint64_t base, const RuntimeFunction* function) {
    const PeModule* module = module_containing(base);
    if (!module) return false;
    auto readable = [&](const uint8_t* p, uint64_t n) { return module->contains(reinterpret_cast<uint64_t>(p), n); };
    if (!readable(pc, 8)) return false;
    if ((pc[0] & 0xf8) == 0x48) {
        switch (pc[1]) {
            case 0x81:   // add $imm32,%rsp
                if (pc[0] != 0x48 || pc[2] != 0xc4) return false;
                pc += 7;
                break;
            case 0x83:   // add $imm8,%rsp
                if (pc[0] != 0x48 || pc[2] != 0xc4) return false;
                pc += 4;
                break;
            case 0x8d:   // lea disp(reg),%rsp
                if (pc[0] & 0x06) return false;
                if (((pc[2] >> 3) & 7) != 4) return false;
                if ((pc[2] & 7) == 4) return false;
                if ((pc[2] >> 6) == 1) pc += 4;
                else if ((pc[2] >> 6) == 2) pc += 7;
                else return false;
                break;
            default: break;
        }
    }
    for (int steps = 0; steps < 64; ++steps) {
        if (!readable(pc, 8)) return false;
        if ((*pc & 0xf0) == 0x40) ++pc;   // REX
        switch (*pc) {
            case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f:
                ++pc;
                continue;
            case 0xc2:
            case 0xc3: return true;
            case 0xf3: return pc[1] == 0xc3;   // rep ret
            case 0xe9: {   // jmp rel32, only within the function
                int32_t displacement;
                memcpy(&displacement, pc + 1, 4);
                pc += 5 + displacement;
                break;
            }
            case 0xeb:
                pc += 2 + static_cast<int8_t>(pc[1]);
                break;
            default: return false;
        }
        uint64_t rva = reinterpret_cast<uint64_t>(pc) - base;
        if (rva < function->BeginAddress || rva >= function->EndAddress) return false;
    }
    return false;
}

// Runs an epilog that is_inside_epilog accepted, on `context`.
void run_epilog(const uint8_t* pc, Context* context) {
    for (;;) {
        uint8_t rex = 0;
        if ((*pc & 0xf0) == 0x40) rex = *pc++ & 0xf;
        switch (*pc) {
            case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f:
                context->gpr((*pc - 0x58u) + (rex & 1u) * 8u) = *reinterpret_cast<uint64_t*>(context->Rsp);
                context->Rsp += 8;
                ++pc;
                continue;
            case 0x81: {
                int32_t n;
                memcpy(&n, pc + 2, 4);
                context->Rsp += n;
                pc += 6;
                continue;
            }
            case 0x83:
                context->Rsp += static_cast<int8_t>(pc[2]);
                pc += 3;
                continue;
            case 0x8d: {
                unsigned reg = (pc[1] & 7u) + (rex & 1u) * 8u;
                if ((pc[1] >> 6) == 1) {
                    context->Rsp = context->gpr(reg) + static_cast<int8_t>(pc[2]);
                    pc += 3;
                } else {
                    int32_t n;
                    memcpy(&n, pc + 2, 4);
                    context->Rsp = context->gpr(reg) + n;
                    pc += 6;
                }
                continue;
            }
            case 0xc2: {
                uint16_t extra;
                memcpy(&extra, pc + 1, 2);
                context->Rip = *reinterpret_cast<uint64_t*>(context->Rsp);
                context->Rsp += 8 + extra;
                return;
            }
            case 0xc3:
            case 0xf3:
                context->Rip = *reinterpret_cast<uint64_t*>(context->Rsp);
                context->Rsp += 8;
                return;
            case 0xe9: {
                int32_t displacement;
                memcpy(&displacement, pc + 1, 4);
                pc += 5 + displacement;
                continue;
            }
            case 0xeb:
                pc += 2 + static_cast<int8_t>(pc[1]);
                continue;
            default: return;
        }
    }
}

void pop_return_address(Context* context) {
    context->Rip = *reinterpret_cast<uint64_t*>(context->Rsp);
    context->Rsp += 8;
}

}  // namespace

// The program's and its DLLs' .pdata (a C++ exception thrown in libstdc++-6.dll unwinds through
// the DLL's frames into the program's).
RuntimeFunction* lookup_function(uint64_t pc, uint64_t* image_base) {
    const PeModule* module = module_containing(pc);
    if (!module || !module->contains(pc) || module->function_count == 0) return nullptr;
    uint64_t base = reinterpret_cast<uint64_t>(module->base);
    auto rva = static_cast<uint32_t>(pc - base);
    // The table is sorted by BeginAddress (the PE format requires it).
    auto* functions = const_cast<RuntimeFunction*>(reinterpret_cast<const RuntimeFunction*>(module->functions));
    uint32_t low = 0, high = module->function_count;
    while (low < high) {
        uint32_t middle = low + (high - low) / 2;
        if (rva < functions[middle].BeginAddress) high = middle;
        else if (rva >= functions[middle].EndAddress) low = middle + 1;
        else {
            if (image_base) *image_base = base;
            return &functions[middle];
        }
    }
    return nullptr;
}

LanguageHandler virtual_unwind(DWORD handler_type, uint64_t base, uint64_t pc, const RuntimeFunction* function,
                               Context* context, void** handler_data, uint64_t* establisher_frame) {
    uint64_t frame = context->Rsp;
    *establisher_frame = frame;
    if (handler_data) *handler_data = nullptr;
    const UnwindInfo* info = nullptr;
    const UnwindInfo* primary = nullptr;
    bool in_prolog = false;
    bool machine_frame = false;
    for (int depth = 0; depth < 32; ++depth) {   // chained infos; a loop in them is corrupt data
        info = unwind_info_of(base, function);
        if (!info || (info->version() != 1 && info->version() != 2)) {
            pop_return_address(context);   // unusable unwind data: treat as a leaf
            return nullptr;
        }
        if (!primary) primary = info;
        if (info->frame_register()) frame = context->gpr(info->frame_register()) - info->frame_offset();

        uint32_t prolog_offset = ~0u;
        if (pc >= base + function->BeginAddress && pc < base + function->BeginAddress + info->prolog_size) {
            prolog_offset = static_cast<uint32_t>(pc - base - function->BeginAddress);
            if (info == primary) in_prolog = true;
        } else if (info->code_count && is_inside_epilog(reinterpret_cast<const uint8_t*>(pc), base, function)) {
            run_epilog(reinterpret_cast<const uint8_t*>(pc), context);
            *establisher_frame = frame;
            return nullptr;
        }

        for (unsigned i = 0; i < info->code_count; i += slots_of(info->codes[i])) {
            const UnwindCode& code = info->codes[i];
            if (prolog_offset < code.offset) continue;   // not executed yet
            switch (code.op()) {
                case kPushNonvol:
                    context->gpr(code.info()) = *reinterpret_cast<uint64_t*>(context->Rsp);
                    context->Rsp += 8;
                    break;
                case kAllocLarge:
                    context->Rsp += code.info() ? u32_at(&info->codes[i + 1]) : u16_at(&info->codes[i + 1]) * 8u;
                    break;
                case kAllocSmall: context->Rsp += (code.info() + 1u) * 8u; break;
                case kSetFpreg:
                    context->Rsp = frame;
                    *establisher_frame = frame;
                    break;
                case kSaveNonvol:
                    context->gpr(code.info()) = *reinterpret_cast<uint64_t*>(frame + u16_at(&info->codes[i + 1]) * 8u);
                    break;
                case kSaveNonvolFar:
                    context->gpr(code.info()) = *reinterpret_cast<uint64_t*>(frame + u32_at(&info->codes[i + 1]));
                    break;
                case kSaveXmm128:
                    memcpy(&context->Xmm[code.info()],
                           reinterpret_cast<const void*>(frame + u16_at(&info->codes[i + 1]) * 16u), 16);
                    break;
                case kSaveXmm128Far:
                    memcpy(&context->Xmm[code.info()], reinterpret_cast<const void*>(frame + u32_at(&info->codes[i + 1])),
                           16);
                    break;
                case kPushMachframe:
                    // An interrupt/exception frame: [error code], rip, cs, eflags, rsp, ss.
                    if (code.info()) context->Rsp += 8;
                    context->Rip = *reinterpret_cast<uint64_t*>(context->Rsp);
                    context->Rsp = *reinterpret_cast<uint64_t*>(context->Rsp + 24);
                    machine_frame = true;
                    break;
                case kEpilog: break;
                default: break;   // unknown code: nothing sensible to undo
            }
        }
        if (!(info->flags() & kChainInfo)) break;
        // The chained parent's RUNTIME_FUNCTION follows the (even-count) codes.
        function = reinterpret_cast<const RuntimeFunction*>(&info->codes[(info->code_count + 1u) & ~1u]);
    }
    if (!machine_frame) pop_return_address(context);

    if (!(info->flags() & handler_type) || in_prolog) return nullptr;
    // The handler RVA and its data follow the codes of the last info in the chain.
    const auto* trailer = reinterpret_cast<const uint32_t*>(&info->codes[(info->code_count + 1u) & ~1u]);
    if (handler_data) *handler_data = const_cast<uint32_t*>(trailer + 1);
    return reinterpret_cast<LanguageHandler>(base + *trailer);
}

}  // namespace win32::seh
