#include "kvm/kvm_device.h"

#include <fcntl.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace celda::kvm {

Result<KvmDevice> open_kvm() {
    KvmDevice device;
    device.fd.reset(::open("/dev/kvm", O_RDWR | O_CLOEXEC));
    if (device.fd.get() < 0) return fail(std::string("cannot open /dev/kvm: ") + std::strerror(errno));
    int version = ::ioctl(device.fd.get(), KVM_GET_API_VERSION, 0);
    if (version != KVM_API_VERSION)
        return fail("/dev/kvm speaks API version " + std::to_string(version) + ", celda needs " +
                    std::to_string(KVM_API_VERSION));
    struct Needed {
        int cap;
        const char* name;
    };
    // IMMEDIATE_EXIT: the timeout kick cannot be lost between a check and KVM_RUN.
    for (Needed n : {Needed{KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY"},
                     Needed{KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT"},
                     Needed{KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID"}}) {
        if (::ioctl(device.fd.get(), KVM_CHECK_EXTENSION, n.cap) <= 0)
            return fail(std::string("/dev/kvm lacks ") + n.name);
    }
    device.msr_filter = ::ioctl(device.fd.get(), KVM_CHECK_EXTENSION, KVM_CAP_X86_MSR_FILTER) > 0;
    device.vcpu_mmap_size = ::ioctl(device.fd.get(), KVM_GET_VCPU_MMAP_SIZE, 0);
    if (device.vcpu_mmap_size <= 0) return fail(std::string("KVM_GET_VCPU_MMAP_SIZE failed: ") + std::strerror(errno));
    return device;
}

}  // namespace celda::kvm
