// Where things are in a PE/COFF file (the PE/COFF specification), shared by the monitor's two
// readers of Windows files: the header check before boot (pe_header.cpp) and the symbol reader
// for crash reports (pe_symbols.cpp). Fields are read one by one through ByteReader.
#pragma once

#include <cstdint>

namespace celda::image::pe_layout {

inline constexpr std::uint64_t kLfanewOffset = 0x3c;        // DOS header: offset of "PE\0\0"
inline constexpr std::uint32_t kPeSignature = 0x00004550;   // "PE\0\0"
// COFF file header, right after the signature: field offsets, and its size.
inline constexpr std::uint64_t kCoffMachine = 0, kCoffSectionCount = 2, kCoffSymbolTable = 8,
                               kCoffSymbolCount = 12, kCoffOptionalSize = 16, kCoffCharacteristics = 18;
inline constexpr std::uint64_t kFileHeaderSize = 20;
// Optional header magic.
inline constexpr std::uint16_t kMagicPe32 = 0x10b;
inline constexpr std::uint16_t kMagicPe32Plus = 0x20b;

}  // namespace celda::image::pe_layout
