#include "kvm/system_area.h"

#include <algorithm>
#include <cstring>
#include <string>

extern "C" {
extern const unsigned char celda_kvm_stubs_start[];
extern const unsigned char celda_kvm_stubs_end[];
}

namespace celda::kvm {
namespace {

constexpr std::uint64_t kPage = 4096;
constexpr std::uint64_t kLargePage = 2ull << 20;
constexpr std::uint64_t kExceptionStubsOffset = 0x100;

// Page-table entry bits.
constexpr std::uint64_t kPresent = 1ull << 0;
constexpr std::uint64_t kWritable = 1ull << 1;
constexpr std::uint64_t kAccessed = 1ull << 5;
constexpr std::uint64_t kDirty = 1ull << 6;
constexpr std::uint64_t kLarge = 1ull << 7;  // PS: a 2 MiB page in a PD entry
constexpr std::uint64_t kNoExecute = 1ull << 63;
constexpr std::uint64_t kAddressMask = 0x000f'ffff'ffff'f000ull;

struct Protection {
    bool present = false, write = false, execute = false;
};

std::uint64_t leaf_bits(Protection p) {
    if (!p.present) return 0;
    // A and D preset: the CPU never has to write them back into tables the guest cannot see.
    return kPresent | kAccessed | kDirty | (p.write ? kWritable : 0) | (p.execute ? 0 : kNoExecute);
}

// Allocates zeroed table pages from the pool at the top of the system area.
class TablePool {
public:
    explicit TablePool(std::byte* area) : area_(area) {}
    // Guest-physical address of a fresh table, or 0 if the pool is exhausted.
    std::uint64_t allocate() {
        if (next_ + kPage > CELDA_GUEST_BASE) return 0;
        std::uint64_t address = next_;
        next_ += kPage;
        ++used_;
        return address;
    }
    std::uint64_t* table(std::uint64_t physical) {
        return reinterpret_cast<std::uint64_t*>(area_ + (physical - kSystemBase));
    }
    std::uint64_t used() const { return used_; }

private:
    std::byte* area_;
    std::uint64_t next_ = kPageTablePool;
    std::uint64_t used_ = 0;
};

// How one 4 KiB page at guest address `address` is mapped.
class AddressSpacePlan {
public:
    AddressSpacePlan(std::uint64_t mem_size, std::uint64_t image_start,
                     const std::vector<image::PageProtection>& image)
        : mem_end_(CELDA_GUEST_BASE + mem_size), image_start_(image_start), image_(image) {}

    std::uint64_t end() const { return mem_end_; }

    Protection page(std::uint64_t address) const {
        if (address >= kStubsAddress && address < kStubsAddress + kPage) return {true, false, true};
        if (address >= kTablesAddress && address < kTablesAddress + kPage) return {true, false, false};
        if (address >= kMailboxAddress && address < kExceptionStackTop) return {true, true, false};
        if (address < CELDA_GUEST_BASE || address >= mem_end_) return {};
        for (const image::PageProtection& p : image_) {
            if (address >= image_start_ + p.start && address < image_start_ + p.end) return {p.read || p.execute, p.write, p.execute};
        }
        return {true, true, false};  // boot area, free memory, image gaps: data only
    }

    // True if the whole 2 MiB at `address` can be one large RW, non-executable page.
    bool plain_large_page(std::uint64_t address) const {
        if (address < CELDA_GUEST_BASE || address + kLargePage > mem_end_) return false;
        for (const image::PageProtection& p : image_) {
            std::uint64_t start = image_start_ + p.start, end = image_start_ + p.end;
            if (start < address + kLargePage && end > address) return false;
        }
        return true;
    }

private:
    std::uint64_t mem_end_;
    std::uint64_t image_start_;
    const std::vector<image::PageProtection>& image_;
};

Result<std::uint64_t> child_table(TablePool& pool, std::uint64_t* entry) {
    if (*entry & kPresent) return *entry & kAddressMask;
    std::uint64_t table = pool.allocate();
    if (table == 0) return fail("guest memory needs more page tables than the kvm system area holds; lower --memory");
    // Intermediate levels allow everything; the leaves decide.
    *entry = table | kPresent | kWritable | kAccessed;
    return table;
}

Result<std::uint64_t> build_page_tables(TablePool& pool, const AddressSpacePlan& plan) {
    std::uint64_t pml4 = pool.allocate();
    if (pml4 == 0) return fail("internal error: no room for the kvm page tables");
    for (std::uint64_t chunk = 0; chunk < plan.end(); chunk += kLargePage) {
        auto pdpt = child_table(pool, &pool.table(pml4)[(chunk >> 39) & 511]);
        if (!pdpt) return std::unexpected(pdpt.error());
        auto pd = child_table(pool, &pool.table(*pdpt)[(chunk >> 30) & 511]);
        if (!pd) return std::unexpected(pd.error());
        std::uint64_t* pd_entry = &pool.table(*pd)[(chunk >> 21) & 511];
        if (plan.plain_large_page(chunk)) {
            *pd_entry = chunk | kLarge | leaf_bits({true, true, false});
            continue;
        }
        bool any = false;
        for (std::uint64_t page = chunk; page < chunk + kLargePage && !any; page += kPage) any = plan.page(page).present;
        if (!any) continue;  // nothing mapped in this 2 MiB (below the system area)
        auto pt = child_table(pool, pd_entry);
        if (!pt) return std::unexpected(pt.error());
        for (std::uint64_t i = 0; i < 512; ++i) {
            std::uint64_t page = chunk + i * kPage;
            pool.table(*pt)[i] = leaf_bits(plan.page(page)) ? page | leaf_bits(plan.page(page)) : 0;
        }
    }
    return pml4;
}

void put_u16(std::byte* at, std::uint16_t v) { std::memcpy(at, &v, 2); }
void put_u32(std::byte* at, std::uint32_t v) { std::memcpy(at, &v, 4); }
void put_u64(std::byte* at, std::uint64_t v) { std::memcpy(at, &v, 8); }

// GDT entries match the segment registers the vCPU starts with (vcpu_setup.cpp), so anything
// that reloads a segment (iretq) finds the same descriptors. Accessed/busy bits preset: the
// table page is read-only to the guest.
void write_descriptor_tables(std::byte* tables) {
    std::byte* gdt = tables + kGdtOffset;
    put_u64(gdt + kCodeSelector, 0x00af9b000000ffffull);  // 64-bit code, DPL 0, accessed
    put_u64(gdt + kDataSelector, 0x00cf93000000ffffull);  // data, writable, accessed
    const std::uint64_t tss = kTablesAddress + kTssOffset;
    std::uint64_t low = (kTssSize - 1) | ((tss & 0xffffff) << 16) | (0xbull << 40) /* busy 64-bit TSS */ |
                        (1ull << 47) | (((tss >> 24) & 0xff) << 56);
    put_u64(gdt + kTssSelector, low);
    put_u64(gdt + kTssSelector + 8, tss >> 32);

    std::byte* tss_bytes = tables + kTssOffset;
    put_u64(tss_bytes + 0x24, kExceptionStackTop);  // IST1
    put_u16(tss_bytes + 0x66, static_cast<std::uint16_t>(kTssSize));  // no I/O bitmap

    for (unsigned v = 0; v < kIdtVectors; ++v) {
        std::byte* gate = tables + kIdtOffset + 16 * v;
        std::uint64_t handler = exception_stub_address(v);
        put_u16(gate + 0, static_cast<std::uint16_t>(handler));
        put_u16(gate + 2, kCodeSelector);
        gate[4] = std::byte{1};     // IST1
        gate[5] = std::byte{0x8e};  // present, DPL 0, 64-bit interrupt gate
        put_u16(gate + 6, static_cast<std::uint16_t>(handler >> 16));
        put_u32(gate + 8, static_cast<std::uint32_t>(handler >> 32));
    }
}

}  // namespace

std::uint64_t hypercall_entry_address() { return kStubsAddress; }
std::uint64_t self_test_address() { return kStubsAddress + 0x400; }
std::uint64_t syscall_stub_address() { return kStubsAddress + kSyscallStubOffset; }
std::uint64_t exception_stub_address(unsigned vector) { return kStubsAddress + kExceptionStubsOffset + 16 * vector; }

Result<SystemArea> build_system_area(std::byte* area, std::uint64_t mem_size, std::uint64_t image_start,
                                     const std::vector<image::PageProtection>& image_protections) {
    const auto stubs_size = static_cast<std::size_t>(celda_kvm_stubs_end - celda_kvm_stubs_start);
    if (stubs_size > kPage) return fail("internal error: the kvm stubs do not fit in one page");
    std::memcpy(area + (kStubsAddress - kSystemBase), celda_kvm_stubs_start, stubs_size);
    write_descriptor_tables(area + (kTablesAddress - kSystemBase));

    TablePool pool(area);
    AddressSpacePlan plan(mem_size, image_start, image_protections);
    auto pml4 = build_page_tables(pool, plan);
    if (!pml4) return std::unexpected(pml4.error());
    return SystemArea{*pml4, pool.used()};
}

long protect_pages(std::byte* area, SystemArea& system, std::uint64_t address, std::uint64_t length,
                   std::uint32_t prot) {
    constexpr long kNoMemory = -12;  // ENOMEM
    const std::uint64_t leaf = leaf_bits({prot != 0, (prot & CELDA_PROT_WRITE) != 0, (prot & CELDA_PROT_EXEC) != 0});
    auto table = [area](std::uint64_t physical) {
        return reinterpret_cast<std::uint64_t*>(area + (physical - kSystemBase));
    };
    for (std::uint64_t page = address; page < address + length; page += kPage) {
        std::uint64_t entry = table(system.cr3)[(page >> 39) & 511];
        if (!(entry & kPresent)) return kNoMemory;  // cannot happen for guest memory
        entry = table(entry & kAddressMask)[(page >> 30) & 511];
        if (!(entry & kPresent)) return kNoMemory;
        std::uint64_t* pd_entry = &table(entry & kAddressMask)[(page >> 21) & 511];
        if (*pd_entry & kLarge) {
            // Split: 512 small pages with the large page's rights (its PS bit would be PAT here).
            const std::uint64_t pt = kPageTablePool + system.page_tables_used * kPage;
            if (pt + kPage > CELDA_GUEST_BASE) return kNoMemory;
            ++system.page_tables_used;
            const std::uint64_t base = *pd_entry & kAddressMask & ~(kLargePage - 1);
            const std::uint64_t bits = *pd_entry & ~kAddressMask & ~kLarge;
            for (std::uint64_t i = 0; i < 512; ++i) table(pt)[i] = (base + i * kPage) | bits;
            *pd_entry = pt | kPresent | kWritable | kAccessed;
        }
        if (!(*pd_entry & kPresent)) return kNoMemory;
        table(*pd_entry & kAddressMask)[(page >> 12) & 511] = leaf ? page | leaf : 0;
    }
    return 0;
}

}  // namespace celda::kvm
