// The kvm backend's system area: guest-physical [kSystemBase, CELDA_GUEST_BASE), a second KVM
// memory slot just below guest memory, owned by the monitor. It holds what the CPU needs to
// run the guest in long mode and what the monitor needs to talk to it:
//
//   0x100000  stubs (RX): the hypercall entry, 32 exception stubs, the `syscall` entry (LSTAR)
//   0x101000  descriptor tables (R): GDT (null, code, data, TSS), TSS, IDT (32 vectors), and
//             the registered syscall entry (CELDA_HC_SYSCALL_ENTRY), which the LSTAR stub calls
//   0x102000  mailbox (RW): one hypercall's nr/args/caller registers and its result
//   0x103000  exception stack (RW, IST1): the stubs run here, so a guest whose own stack is
//             broken still gets its fault reported instead of a triple fault
//   0x105000  page-table pool: NOT mapped for the guest, so it cannot rewrite its own
//             protections through the tables the monitor built
//
// Guest-physical == guest-virtual everywhere: the guest sees guest memory at the same
// addresses as on the sandbox backend, and nothing at all below 0x100000 (a null pointer
// faults). Living outside [CELDA_GUEST_BASE, +mem) means the area needs no room in the guest's
// layout, and no hypercall pointer can ever reach it (GuestMemory refuses it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "celda/contract.h"
#include "error.h"
#include "image/elf_image.h"

namespace celda::kvm {

inline constexpr std::uint64_t kSystemBase = 0x100000;
inline constexpr std::uint64_t kSystemSize = CELDA_GUEST_BASE - kSystemBase;
inline constexpr std::uint64_t kStubsAddress = kSystemBase;
inline constexpr std::uint64_t kTablesAddress = kSystemBase + 0x1000;
inline constexpr std::uint64_t kMailboxAddress = kSystemBase + 0x2000;
inline constexpr std::uint64_t kExceptionStackBottom = kSystemBase + 0x3000;
inline constexpr std::uint64_t kExceptionStackTop = kSystemBase + 0x5000;
inline constexpr std::uint64_t kPageTablePool = kSystemBase + 0x5000;

// Offsets inside the descriptor-table page.
inline constexpr std::uint64_t kGdtOffset = 0;
inline constexpr std::uint64_t kGdtSize = 5 * 8;  // null, code, data, TSS (16 bytes)
inline constexpr std::uint64_t kTssOffset = 0x80;
inline constexpr std::uint64_t kTssSize = 104;
inline constexpr std::uint64_t kIdtOffset = 0x100;
inline constexpr std::uint64_t kIdtVectors = 32;
// The guest's registered celda_syscall_entry_fn (0 = none): read-only to the guest, written by
// the monitor when the guest makes CELDA_HC_SYSCALL_ENTRY.
inline constexpr std::uint64_t kSyscallEntryOffset = 0xff8;

inline constexpr std::uint16_t kCodeSelector = 0x08;
inline constexpr std::uint16_t kDataSelector = 0x10;
inline constexpr std::uint16_t kTssSelector = 0x18;

// I/O ports of the stubs (imm8 forms of `out`). Any other port stops the guest.
inline constexpr std::uint16_t kHypercallPort = 0xc0;
inline constexpr std::uint16_t kFaultPort = 0xc1;
// The LSTAR stub found no registered syscall entry: %rbx holds the celda_syscall_frame.
inline constexpr std::uint16_t kForbiddenSyscallPort = 0xc2;

// The `syscall` instruction enters the library OS here without a VM exit (LSTAR): the stub
// builds a celda_syscall_frame on the program's stack below its red zone, saves the FPU/SSE
// state, calls the registered entry and returns to the frame's rip/rsp/rflags with iretq.
inline constexpr std::uint64_t kSyscallStubOffset = 0x500;
// SFMASK: flags cleared on entry (TF, IF, DF, NT, AC), as Linux does for its own entry.
inline constexpr std::uint64_t kSyscallFlagMask = 0x47700;

// The mailbox, written by the hypercall stub before its `out` (one vCPU, so one mailbox).
// The monitor reads the call from here instead of KVM_GET_REGS: no extra ioctl per hypercall.
struct Mailbox {
    std::uint64_t nr;
    std::uint64_t args;
    std::uint64_t rbp;     // the caller's frame chain, for reports about the call
    std::uint64_t rsp;     // [rsp] = the caller's return address
    std::uint64_t result;  // loaded into %rax by the stub after the exit
    std::uint64_t flush_tlb;  // set by the monitor after it changed page tables (PROTECT):
                              // the stub reloads %cr3 before returning, then clears it
    std::uint64_t fault_frame;  // set by the monitor after a fault exit it delivered to the
                                // guest's fault entry (CELDA_HC_FAULT_ENTRY): the exception stub
                                // clears it, loads it into %rdi and iretqs through the
                                // ExceptionFrame the monitor rewrote (rip = entry, rsp, rflags)
};

// What the exception stubs leave on the exception stack, from %rsp up (see stubs.S). The
// guest's general registers are untouched by the stubs (KVM_GET_REGS reads them).
struct ExceptionFrame {
    std::uint64_t vector;
    std::uint64_t error_code;  // 0 for vectors without one
    std::uint64_t rip, cs, rflags, rsp, ss;
};

// Hypercall entry and exception stubs: a position-independent blob placed at kStubsAddress.
std::uint64_t hypercall_entry_address();
std::uint64_t exception_stub_address(unsigned vector);
std::uint64_t self_test_address();  // SSE, then `out` of 0xff to the hypercall port
std::uint64_t syscall_stub_address();  // LSTAR

struct SystemArea {
    std::uint64_t cr3 = 0;  // guest-physical address of the PML4
    std::uint64_t page_tables_used = 0;
};

// Fills `area` (kSystemSize bytes, zeroed, backing guest-physical kSystemBase): stubs, GDT,
// TSS, IDT and the page tables mapping the system pages and guest memory
// [CELDA_GUEST_BASE, +mem_size). Guest memory is RW and non-executable except the image's
// pages, which get exactly their segment's protection (R, RW or RX). 2 MiB pages where a whole
// 2 MiB is plain memory, 4 KiB pages where protections differ.
Result<SystemArea> build_system_area(std::byte* area, std::uint64_t mem_size, std::uint64_t image_start,
                                     const std::vector<image::PageProtection>& image_protections);

// CELDA_HC_PROTECT on kvm: gives the 4 KiB pages of [address, address+length) the
// CELDA_PROT_* rights `prot` in the tables at system.cr3 (splitting 2 MiB pages, with tables
// from the pool). The caller has checked the range lies in guest memory, outside the image.
// No allocation, no syscalls: runs on the seccomp'd vCPU thread. Returns 0, or -ENOMEM when
// the pool is exhausted. The guest's TLB still holds the old rights: the caller must have it
// flushed (Mailbox::flush_tlb).
long protect_pages(std::byte* area, SystemArea& system, std::uint64_t address, std::uint64_t length,
                   std::uint32_t prot);

}  // namespace celda::kvm
