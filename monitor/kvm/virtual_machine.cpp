#include "kvm/virtual_machine.h"

#include <sys/ioctl.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstddef>
#include <memory>
#include <cstring>
#include <string>
#include <vector>

#include "kvm/system_area.h"

namespace celda::kvm {
namespace {

constexpr std::uint64_t kCr0Pe = 1ull << 0, kCr0Mp = 1ull << 1, kCr0Et = 1ull << 4, kCr0Ne = 1ull << 5,
                        kCr0Wp = 1ull << 16, kCr0Pg = 1ull << 31;
constexpr std::uint64_t kCr4Pae = 1ull << 5, kCr4Osfxsr = 1ull << 9, kCr4Osxmmexcpt = 1ull << 10,
                        kCr4Fsgsbase = 1ull << 16;
constexpr std::uint64_t kEferSce = 1ull << 0, kEferLme = 1ull << 8, kEferLma = 1ull << 10, kEferNxe = 1ull << 11;
constexpr std::uint32_t kMsrStar = 0xc0000081, kMsrLstar = 0xc0000082, kMsrSyscallMask = 0xc0000084;

Error ioctl_error(const char* what) { return Error{std::string("kvm: ") + what + " failed: " + std::strerror(errno)}; }

Result<void> set_memory(int vm, std::uint32_t slot, std::uint64_t guest_physical, std::uint64_t size, void* host) {
    kvm_userspace_memory_region region{};
    region.slot = slot;
    region.guest_phys_addr = guest_physical;
    region.memory_size = size;
    region.userspace_addr = reinterpret_cast<std::uint64_t>(host);
    if (::ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) != 0) return std::unexpected(ioctl_error("KVM_SET_USER_MEMORY_REGION"));
    return {};
}

// struct kvm_cpuid2 as the kernel lays it out. The uapi header's flexible array
// (__DECLARE_FLEX_ARRAY) is 12 bytes in C++, which changes the ioctl numbers and the entries'
// offset, and KVM answers EINVAL: so the layout and the numbers are spelled out here.
constexpr std::uint32_t kMaxCpuidEntries = 256;  // KVM_MAX_CPUID_ENTRIES
struct CpuidList {
    std::uint32_t nent;
    std::uint32_t padding;
    kvm_cpuid_entry2 entries[kMaxCpuidEntries];
};
struct CpuidHeader {
    std::uint32_t nent, padding;
};
static_assert(sizeof(CpuidHeader) == 8 && offsetof(CpuidList, entries) == 8);
constexpr unsigned long kGetSupportedCpuid = _IOWR(KVMIO, 0x05, CpuidHeader);
constexpr unsigned long kSetCpuid2 = _IOW(KVMIO, 0x90, CpuidHeader);

// What KVM can offer, minus what a guest must not see: no VMX/SVM (no nested virtualization
// from inside a Celda guest), and the hypervisor bit set so the guest knows it is virtualized.
// True if the guest may have CR4.FSGSBASE (rdfsbase/wrfsbase/wrgsbase: TLS of the ABI layers).
Result<bool> set_cpuid(int kvm, int vcpu) {
    bool fsgsbase = false;
    auto cpuid = std::make_unique<CpuidList>();
    cpuid->nent = kMaxCpuidEntries;
    if (::ioctl(kvm, kGetSupportedCpuid, cpuid.get()) != 0) return std::unexpected(ioctl_error("KVM_GET_SUPPORTED_CPUID"));
    for (std::uint32_t i = 0; i < cpuid->nent && i < kMaxCpuidEntries; ++i) {
        kvm_cpuid_entry2& e = cpuid->entries[i];
        if (e.function == 1) {
            e.ecx &= ~(1u << 5);  // VMX
            e.ecx |= 1u << 31;    // hypervisor present
        }
        if (e.function == 0x80000001) e.ecx &= ~(1u << 2);  // SVM
        if (e.function == 7 && e.index == 0 && (e.ebx & 1u)) fsgsbase = true;
    }
    if (::ioctl(vcpu, kSetCpuid2, cpuid.get()) != 0) return std::unexpected(ioctl_error("KVM_SET_CPUID2"));
    return fsgsbase;
}

// `syscall` in guest code enters the LSTAR stub (system_area.h) at CPL 0 with the same
// selectors; SFMASK clears TF/IF/DF/NT/AC on entry. Set once, before the vCPU thread's
// seccomp lockdown: the guest registers its entry by hypercall, which only writes memory.
Result<void> set_syscall_msrs(int vcpu) {
    // Spelled out like CpuidList above (the uapi flexible array breaks the ioctl in C++).
    struct MsrHeader {
        std::uint32_t nmsrs, padding;
    };
    struct {
        MsrHeader header;
        kvm_msr_entry entries[3];
    } msrs{};
    static_assert(sizeof(MsrHeader) == 8 && offsetof(decltype(msrs), entries) == 8);
    constexpr unsigned long kSetMsrs = _IOW(KVMIO, 0x89, MsrHeader);
    msrs.header.nmsrs = 3;
    msrs.entries[0] = {kMsrStar, 0, static_cast<std::uint64_t>(kCodeSelector) << 32};
    msrs.entries[1] = {kMsrLstar, 0, syscall_stub_address()};
    msrs.entries[2] = {kMsrSyscallMask, 0, kSyscallFlagMask};
    if (::ioctl(vcpu, kSetMsrs, &msrs) != 3) return std::unexpected(ioctl_error("KVM_SET_MSRS (syscall entry)"));
    return {};
}

// Deny by default: a denied rdmsr/wrmsr raises #GP in the guest, reported as a crash. Allowed:
// only the MSRs a library OS needs to own its CPU — syscall entry (STAR, LSTAR, CSTAR, SFMASK)
// and the segment bases for thread-local storage (FS, GS, KERNEL_GS), TSC_AUX (rdtscp).
Result<void> set_msr_filter(int vm) {
    constexpr std::uint32_t kBase = 0xc0000081;  // STAR
    constexpr std::uint32_t kCount = 0xc0000104 - kBase;
    std::uint8_t bitmap[(kCount + 7) / 8] = {};
    for (std::uint32_t msr : {0xc0000081u, 0xc0000082u, 0xc0000083u, 0xc0000084u, 0xc0000100u, 0xc0000101u,
                              0xc0000102u, 0xc0000103u}) {
        std::uint32_t bit = msr - kBase;
        bitmap[bit / 8] |= static_cast<std::uint8_t>(1u << (bit % 8));
    }
    kvm_msr_filter filter{};
    filter.flags = KVM_MSR_FILTER_DEFAULT_DENY;
    filter.ranges[0].flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE;
    filter.ranges[0].base = kBase;
    filter.ranges[0].nmsrs = kCount;
    filter.ranges[0].bitmap = bitmap;
    if (::ioctl(vm, KVM_X86_SET_MSR_FILTER, &filter) != 0) return std::unexpected(ioctl_error("KVM_X86_SET_MSR_FILTER"));
    return {};
}

kvm_segment segment(std::uint16_t selector, std::uint8_t type, bool code) {
    kvm_segment s{};
    s.base = 0;
    s.limit = 0xffffffff;
    s.selector = selector;
    s.type = type;
    s.present = 1;
    s.dpl = 0;
    s.db = code ? 0 : 1;  // long mode code: L=1, D=0
    s.s = 1;
    s.l = code ? 1 : 0;
    s.g = 1;
    return s;
}

Result<void> set_long_mode(int vcpu, const VcpuStart& start, bool fsgsbase) {
    kvm_sregs sregs{};
    if (::ioctl(vcpu, KVM_GET_SREGS, &sregs) != 0) return std::unexpected(ioctl_error("KVM_GET_SREGS"));
    sregs.cs = segment(kCodeSelector, 0xb, true);
    sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = segment(kDataSelector, 0x3, false);
    sregs.tr = kvm_segment{};
    sregs.tr.base = kTablesAddress + kTssOffset;
    sregs.tr.limit = kTssSize - 1;
    sregs.tr.selector = kTssSelector;
    sregs.tr.type = 0xb;  // busy 64-bit TSS
    sregs.tr.present = 1;
    sregs.ldt = kvm_segment{};
    sregs.ldt.unusable = 1;
    sregs.gdt.base = kTablesAddress + kGdtOffset;
    sregs.gdt.limit = kGdtSize - 1;
    sregs.idt.base = kTablesAddress + kIdtOffset;
    sregs.idt.limit = kIdtVectors * 16 - 1;
    // WP: read-only pages bind ring 0 too (W^X holds for the guest's own code).
    sregs.cr0 = kCr0Pe | kCr0Mp | kCr0Et | kCr0Ne | kCr0Wp | kCr0Pg;
    sregs.cr3 = start.cr3;
    sregs.cr4 = kCr4Pae | kCr4Osfxsr | kCr4Osxmmexcpt | (fsgsbase ? kCr4Fsgsbase : 0);  // SSE usable
    sregs.efer = kEferSce | kEferLme | kEferLma | kEferNxe;  // SCE: `syscall` enters LSTAR
    if (::ioctl(vcpu, KVM_SET_SREGS, &sregs) != 0) return std::unexpected(ioctl_error("KVM_SET_SREGS"));

    kvm_regs regs{};
    regs.rip = start.entry;
    regs.rdi = start.boot_info;
    regs.rsp = 0;          // _start switches to its own stack before touching it
    regs.rflags = 1u << 1; // reserved bit; IF=0: no interrupts are ever delivered
    if (::ioctl(vcpu, KVM_SET_REGS, &regs) != 0) return std::unexpected(ioctl_error("KVM_SET_REGS"));
    return {};
}

}  // namespace

Result<VirtualMachine> create_virtual_machine(const KvmDevice& kvm, const guest::GuestMemory& memory,
                                              std::byte* system_area, const VcpuStart& start) {
    VirtualMachine machine;
    machine.vm.reset(::ioctl(kvm.fd.get(), KVM_CREATE_VM, 0));
    if (machine.vm.get() < 0) return std::unexpected(ioctl_error("KVM_CREATE_VM"));
    if (auto r = set_memory(machine.vm.get(), 0, CELDA_GUEST_BASE, memory.size(),
                            memory.host_pointer(CELDA_GUEST_BASE, memory.size()));
        !r)
        return std::unexpected(r.error());
    if (auto r = set_memory(machine.vm.get(), 1, kSystemBase, kSystemSize, system_area); !r)
        return std::unexpected(r.error());
    if (kvm.msr_filter) {
        if (auto r = set_msr_filter(machine.vm.get()); !r) return std::unexpected(r.error());
        machine.msr_filter = true;
    }
    machine.vcpu.reset(::ioctl(machine.vm.get(), KVM_CREATE_VCPU, 0));
    if (machine.vcpu.get() < 0) return std::unexpected(ioctl_error("KVM_CREATE_VCPU"));
    void* run = ::mmap(nullptr, static_cast<std::size_t>(kvm.vcpu_mmap_size), PROT_READ | PROT_WRITE, MAP_SHARED,
                       machine.vcpu.get(), 0);
    if (run == MAP_FAILED) return std::unexpected(ioctl_error("mmap of the vCPU run area"));
    machine.run_area = HostMapping(run, static_cast<std::size_t>(kvm.vcpu_mmap_size));
    auto fsgsbase = set_cpuid(kvm.fd.get(), machine.vcpu.get());
    if (!fsgsbase) return std::unexpected(fsgsbase.error());
    machine.fsgsbase = *fsgsbase;
    if (auto r = set_syscall_msrs(machine.vcpu.get()); !r) return std::unexpected(r.error());
    if (auto r = set_long_mode(machine.vcpu.get(), start, *fsgsbase); !r) return std::unexpected(r.error());
    return machine;
}

}  // namespace celda::kvm
