#include "kvm/self_test.h"

#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "guest/guest_memory.h"
#include "kvm/host_mapping.h"
#include "kvm/system_area.h"
#include "kvm/virtual_machine.h"

namespace celda::kvm {

Result<void> self_test(const KvmDevice& kvm) {
    constexpr std::uint64_t kTestMemory = 2ull << 20;
    auto memory = guest::GuestMemory::map_anywhere(kTestMemory);
    if (!memory) return std::unexpected(memory.error());
    void* mapped = ::mmap(nullptr, kSystemSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) return fail(std::string("cannot map a system area: ") + std::strerror(errno));
    HostMapping area(mapped, kSystemSize);
    auto system = build_system_area(area.bytes(), kTestMemory, CELDA_GUEST_BASE + kTestMemory, {});
    if (!system) return std::unexpected(system.error());
    auto machine = create_virtual_machine(kvm, *memory, area.bytes(), VcpuStart{system->cr3, self_test_address(), 0});
    if (!machine) return std::unexpected(machine.error());
    if (::ioctl(machine->vcpu.get(), KVM_RUN, 0) != 0)
        return fail(std::string("KVM_RUN failed: ") + std::strerror(errno));
    const kvm_run* run = machine->run();
    if (run->exit_reason == KVM_EXIT_IO && run->io.port == kHypercallPort && run->io.direction == KVM_EXIT_IO_OUT &&
        reinterpret_cast<const std::uint8_t*>(run)[run->io.data_offset] == 0xff)
        return {};
    std::string why = "a test guest using SSE did not run (KVM exit reason " + std::to_string(run->exit_reason);
    if (run->exit_reason == KVM_EXIT_INTERNAL_ERROR) why += ", suberror " + std::to_string(run->internal.suberror);
    why += ")";
    // PVM (kvm_pvm) runs guests at CPL3 under its own paravirtual ABI; a plain ring-0 long-mode
    // guest stays in its "non-PVM mode", which it runs in KVM's instruction emulator: fine for
    // mov/out/hlt, but the emulator has no SSE (docs/kvm.md, "Hosts whose /dev/kvm is PVM").
    if (struct stat st{}; ::stat("/sys/module/kvm_pvm", &st) == 0)
        why += "; this /dev/kvm is PVM (kvm_pvm), which emulates ring-0 guests and cannot run SSE";
    return fail(why);
}

}  // namespace celda::kvm
