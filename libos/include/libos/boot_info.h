// The boot info the monitor handed over at entry (valid for the guest's whole life).
#pragma once

#include <celda/contract.h>

namespace libos {

const celda_boot_info& boot_info();

// Called once by the boot code, before anything else reads boot_info().
void install_boot_info(const celda_boot_info* info);

}  // namespace libos
