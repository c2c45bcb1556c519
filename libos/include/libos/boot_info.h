// The boot info the monitor handed over at entry (valid for the guest's whole life).
#pragma once

#include <celda/contract.h>

namespace libos {

const celda_boot_info& boot_info();

// Tells the monitor where the ABI layer placed the payload program, so crash reports can name
// addresses inside it (boot_info.program_base/program_size).
void announce_program(uint64_t base, uint64_t size);
// The same for a companion DLL (boot_info.placed): companion = index into boot_info.companions.
void announce_module(uint32_t companion, uint64_t base, uint64_t size);

// Called once by the boot code, before anything else reads boot_info().
void install_boot_info(const celda_boot_info* info);

}  // namespace libos
