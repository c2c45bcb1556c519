#include "image/pe_header.h"

#include <cstdint>
#include <cstdio>
#include <string>

#include "image/byte_reader.h"
#include "image/pe_layout.h"

namespace celda::image {
namespace {

using namespace pe_layout;

// Values from the PE/COFF specification (shared offsets: image/pe_layout.h).
constexpr std::uint16_t kMachineAmd64 = 0x8664;
constexpr std::uint16_t kMachineI386 = 0x14c;
constexpr std::uint16_t kMachineArm64 = 0xaa64;
constexpr std::uint16_t kCharacteristicsDll = 0x2000;
constexpr std::uint16_t kCharacteristicsExecutable = 0x0002;
constexpr std::uint64_t kSubsystemOffsetPe32Plus = 68;  // within the optional header
constexpr std::uint16_t kSubsystemGui = 2;
constexpr std::uint16_t kSubsystemConsole = 3;

std::string machine_name(std::uint16_t machine) {
    switch (machine) {
        case kMachineI386: return "32-bit x86 (PE32)";
        case kMachineArm64: return "ARM64";
        case 0x1c4: return "ARM (32-bit)";
        case 0x200: return "Itanium";
        default: return "an unknown machine (0x" + [&] {
            char text[8];
            std::snprintf(text, sizeof text, "%x", machine);
            return std::string(text);
        }() + ")";
    }
}

}  // namespace

bool looks_like_pe(std::span<const std::byte> file) {
    return file.size() >= 2 && file[0] == std::byte{'M'} && file[1] == std::byte{'Z'};
}

Result<void> check_pe_header(std::span<const std::byte> file, std::string_view name) {
    const std::string who = "'" + std::string(name) + "'";
    auto corrupt = [&](const std::string& what) {
        return fail(who + " is truncated or corrupt: " + what);
    };
    ByteReader reader(file);
    auto lfanew = reader.read<std::uint32_t>(kLfanewOffset);
    if (!lfanew) return corrupt("the DOS header is cut short");
    auto signature = reader.read<std::uint32_t>(*lfanew);
    if (!signature) return corrupt("the PE header lies beyond the end of the file");
    if (*signature != kPeSignature)
        return fail(who + " is a DOS program (MZ without a PE header); celda runs 64-bit Windows console programs");

    const std::uint64_t coff = std::uint64_t{*lfanew} + 4;
    auto machine = reader.read<std::uint16_t>(coff + kCoffMachine);
    auto optional_size = reader.read<std::uint16_t>(coff + kCoffOptionalSize);
    auto characteristics = reader.read<std::uint16_t>(coff + kCoffCharacteristics);
    if (!machine || !optional_size || !characteristics) return corrupt("the COFF header is cut short");
    if (*machine != kMachineAmd64)
        return fail(who + " is built for " + machine_name(*machine) + "; celda runs 64-bit x86-64 Windows programs");
    if (*characteristics & kCharacteristicsDll)
        return fail(who + " is a DLL, not a program; run the .exe that uses it");
    if (!(*characteristics & kCharacteristicsExecutable))
        return fail(who + " is not marked executable (an object file or a failed link?)");

    const std::uint64_t optional = coff + kFileHeaderSize;
    auto magic = reader.read<std::uint16_t>(optional);
    if (!magic) return corrupt("the optional header is cut short");
    if (*magic == kMagicPe32)
        return fail(who + " is a 32-bit Windows program (PE32); celda runs 64-bit (PE32+) programs");
    if (*magic != kMagicPe32Plus) return corrupt("unknown optional-header magic");
    if (*optional_size < kSubsystemOffsetPe32Plus + 2 || !reader.contains(optional, *optional_size))
        return corrupt("the optional header is cut short");
    auto subsystem = reader.read<std::uint16_t>(optional + kSubsystemOffsetPe32Plus);
    if (*subsystem == kSubsystemGui)
        return fail(who + " is a GUI program; celda runs console programs only");
    if (*subsystem != kSubsystemConsole)
        return fail(who + " has subsystem " + std::to_string(*subsystem) +
                    " (not a console program); celda runs console programs only");
    return {};
}

}  // namespace celda::image
