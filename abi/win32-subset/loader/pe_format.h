// The PE32+ on-disk structures the loader reads (Microsoft PE/COFF specification). Plain
// layouts only: every access to the untrusted file goes through PeBytes (pe_bytes.h).
#pragma once

#include <stdint.h>

namespace win32::pe {

inline constexpr uint16_t kDosMagic = 0x5a4d;          // "MZ"
inline constexpr uint32_t kNtSignature = 0x00004550;   // "PE\0\0"
inline constexpr uint16_t kMachineAmd64 = 0x8664;
inline constexpr uint16_t kOptionalMagicPe32Plus = 0x20b;
inline constexpr uint16_t kFileRelocsStripped = 0x0001;
inline constexpr uint16_t kFileDll = 0x2000;
inline constexpr uint16_t kSubsystemConsole = 3;

enum DirectoryIndex : uint32_t {
    kDirExport = 0, kDirImport = 1, kDirResource = 2, kDirException = 3,
    kDirBaseReloc = 5, kDirTls = 9, kDirIat = 12, kDirCount = 16,
};

struct DosHeader {
    uint16_t e_magic;
    uint16_t unused[29];
    uint32_t e_lfanew;
};

struct FileHeader {
    uint16_t Machine;
    uint16_t NumberOfSections;
    uint32_t TimeDateStamp;
    uint32_t PointerToSymbolTable;
    uint32_t NumberOfSymbols;
    uint16_t SizeOfOptionalHeader;
    uint16_t Characteristics;
};

struct DataDirectory {
    uint32_t VirtualAddress;
    uint32_t Size;
};

struct OptionalHeader64 {
    uint16_t Magic;
    uint8_t MajorLinkerVersion, MinorLinkerVersion;
    uint32_t SizeOfCode, SizeOfInitializedData, SizeOfUninitializedData;
    uint32_t AddressOfEntryPoint;
    uint32_t BaseOfCode;
    uint64_t ImageBase;
    uint32_t SectionAlignment, FileAlignment;
    uint16_t MajorOperatingSystemVersion, MinorOperatingSystemVersion;
    uint16_t MajorImageVersion, MinorImageVersion;
    uint16_t MajorSubsystemVersion, MinorSubsystemVersion;
    uint32_t Win32VersionValue;
    uint32_t SizeOfImage;
    uint32_t SizeOfHeaders;
    uint32_t CheckSum;
    uint16_t Subsystem;
    uint16_t DllCharacteristics;
    uint64_t SizeOfStackReserve, SizeOfStackCommit, SizeOfHeapReserve, SizeOfHeapCommit;
    uint32_t LoaderFlags;
    uint32_t NumberOfRvaAndSizes;
    pe::DataDirectory DataDirectory[kDirCount];
};

struct NtHeaders64 {
    uint32_t Signature;
    pe::FileHeader FileHeader;
    OptionalHeader64 OptionalHeader;
};

inline constexpr uint32_t kScnMemExecute = 0x20000000;
inline constexpr uint32_t kScnMemRead = 0x40000000;
inline constexpr uint32_t kScnMemWrite = 0x80000000;

struct SectionHeader {
    char Name[8];
    uint32_t VirtualSize;
    uint32_t VirtualAddress;
    uint32_t SizeOfRawData;
    uint32_t PointerToRawData;
    uint32_t PointerToRelocations, PointerToLinenumbers;
    uint16_t NumberOfRelocations, NumberOfLinenumbers;
    uint32_t Characteristics;
};

struct ImportDescriptor {
    uint32_t OriginalFirstThunk;   // RVA of the import lookup table (names/ordinals)
    uint32_t TimeDateStamp;
    uint32_t ForwarderChain;
    uint32_t Name;                 // RVA of the DLL name
    uint32_t FirstThunk;           // RVA of the import address table (patched)
};

inline constexpr uint64_t kOrdinalFlag = 1ull << 63;

struct ExportDirectory {
    uint32_t Characteristics, TimeDateStamp;
    uint16_t MajorVersion, MinorVersion;
    uint32_t Name;                    // RVA of the DLL's own name
    uint32_t Base;                    // ordinal of AddressOfFunctions[0] (OrdinalBase)
    uint32_t NumberOfFunctions;
    uint32_t NumberOfNames;
    uint32_t AddressOfFunctions;      // RVA of uint32_t RVAs; one inside this directory = a forwarder
    uint32_t AddressOfNames;          // RVA of uint32_t name RVAs, sorted (binary search)
    uint32_t AddressOfNameOrdinals;   // RVA of uint16_t indexes into AddressOfFunctions
};

struct BaseRelocationBlock {
    uint32_t VirtualAddress;
    uint32_t SizeOfBlock;
};
inline constexpr uint16_t kRelAbsolute = 0;
inline constexpr uint16_t kRelDir64 = 10;
inline constexpr uint16_t kRelHighLow = 3;

struct TlsDirectory64 {
    uint64_t StartAddressOfRawData;
    uint64_t EndAddressOfRawData;
    uint64_t AddressOfIndex;
    uint64_t AddressOfCallBacks;
    uint32_t SizeOfZeroFill;
    uint32_t Characteristics;
};

// .pdata entry (IMAGE_RUNTIME_FUNCTION_ENTRY): RVAs.
struct RuntimeFunction {
    uint32_t BeginAddress;
    uint32_t EndAddress;
    uint32_t UnwindData;
};

struct ResourceDirectory {
    uint32_t Characteristics, TimeDateStamp;
    uint16_t MajorVersion, MinorVersion;
    uint16_t NumberOfNamedEntries, NumberOfIdEntries;
};
struct ResourceDirectoryEntry {
    uint32_t Name;           // high bit: name string offset; else an id
    uint32_t OffsetToData;   // high bit: subdirectory
};
struct ResourceDataEntry {
    uint32_t OffsetToData;   // an RVA
    uint32_t Size, CodePage, Reserved;
};

}  // namespace win32::pe
