#include "loader/page_protection.h"

#include <libos/hypercall.h>

namespace win32 {

bool set_page_protection(void* address, size_t length, PageProtection protection) {
    celda_hc_protect args{};
    args.address = reinterpret_cast<uint64_t>(address);
    args.length = length;
    switch (protection) {
        case PageProtection::none: args.prot = 0; break;
        case PageProtection::read: args.prot = CELDA_PROT_READ; break;
        case PageProtection::read_write: args.prot = CELDA_PROT_READ | CELDA_PROT_WRITE; break;
        case PageProtection::read_execute: args.prot = CELDA_PROT_READ | CELDA_PROT_EXEC; break;
    }
    return static_cast<int64_t>(libos::hypercall::raw(CELDA_HC_PROTECT, &args)) == 0;
}

}  // namespace win32
