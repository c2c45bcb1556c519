#include <libos/heap.h>

namespace libos {
namespace {

// Precedes every payload; 16 bytes so payloads keep the 16-byte alignment of their block.
struct BlockHeader {
    uint32_t magic;
    uint32_t size_class;   // index into the class table, or kLargeBlock
    uint64_t pages;        // large blocks: length of the page run
};
static_assert(sizeof(BlockHeader) == Heap::kAlignment);

constexpr uint32_t kHeaderMagic = 0xce1da11c;
constexpr uint32_t kLargeBlock = 0xffffffff;

constexpr size_t class_block_size(size_t size_class) { return Heap::kSmallestBlock << size_class; }

BlockHeader* header_of(const void* payload) {
    return reinterpret_cast<BlockHeader*>(const_cast<char*>(static_cast<const char*>(payload)) -
                                          sizeof(BlockHeader));
}

}  // namespace

void* Heap::allocate(size_t bytes) {
    if (pages_ == nullptr) return nullptr;
    if (bytes > SIZE_MAX - sizeof(BlockHeader) - kPageSize) return nullptr;
    size_t total = bytes + sizeof(BlockHeader);

    if (total > kLargestSmallBlock) {
        size_t pages = pages_for_bytes(total);
        auto* header = static_cast<BlockHeader*>(pages_->allocate_pages(pages));
        if (header == nullptr) return nullptr;
        *header = {kHeaderMagic, kLargeBlock, pages};
        return header + 1;
    }

    size_t size_class = 0;
    while (class_block_size(size_class) < total) ++size_class;
    if (free_lists_[size_class] == nullptr && !refill(size_class)) return nullptr;
    FreeBlock* block = free_lists_[size_class];
    free_lists_[size_class] = block->next;
    auto* header = reinterpret_cast<BlockHeader*>(block);
    *header = {kHeaderMagic, static_cast<uint32_t>(size_class), 0};
    return header + 1;
}

// Carves one fresh page into blocks of the class. Small-block pages stay with the heap for
// good: simple, and a size class that was needed once tends to be needed again.
bool Heap::refill(size_t size_class) {
    char* page = static_cast<char*>(pages_->allocate_pages(1));
    if (page == nullptr) return false;
    size_t block_size = class_block_size(size_class);
    for (size_t offset = kPageSize; offset >= block_size; offset -= block_size) {
        auto* block = reinterpret_cast<FreeBlock*>(page + offset - block_size);
        *block = {0, static_cast<uint32_t>(size_class), free_lists_[size_class]};
        free_lists_[size_class] = block;
    }
    return true;
}

void Heap::free(void* payload) {
    if (payload == nullptr) return;
    BlockHeader* header = header_of(payload);
    if (header->magic != kHeaderMagic) return;   // not ours, or freed twice: ignore safely
    header->magic = 0;
    if (header->size_class == kLargeBlock) {
        pages_->free_pages(header, header->pages);
        return;
    }
    uint32_t size_class = header->size_class;
    auto* block = reinterpret_cast<FreeBlock*>(header);
    block->next = free_lists_[size_class];
    free_lists_[size_class] = block;
}

size_t Heap::usable_size(const void* payload) {
    const BlockHeader* header = header_of(payload);
    size_t block = header->size_class == kLargeBlock ? header->pages * kPageSize
                                                     : class_block_size(header->size_class);
    return block - sizeof(BlockHeader);
}

void* Heap::reallocate(void* payload, size_t bytes) {
    if (payload == nullptr) return allocate(bytes);
    size_t old_usable = usable_size(payload);
    if (bytes <= old_usable) return payload;
    void* grown = allocate(bytes);
    if (grown == nullptr) return nullptr;
    __builtin_memcpy(grown, payload, old_usable);
    free(payload);
    return grown;
}

void* Heap::allocate_zeroed(size_t count, size_t size) {
    size_t bytes;
    if (__builtin_mul_overflow(count, size, &bytes)) return nullptr;
    void* payload = allocate(bytes);
    if (payload != nullptr) __builtin_memset(payload, 0, bytes);
    return payload;
}

}  // namespace libos
