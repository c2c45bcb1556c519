// Bounds-checked reads from an untrusted byte buffer (an ELF file). Every offset and length is
// checked without overflow; a read that does not fit yields nullopt instead of touching memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace celda::image {

class ByteReader {
public:
    explicit ByteReader(std::span<const std::byte> bytes) : bytes_(bytes) {}

    std::uint64_t size() const { return bytes_.size(); }

    bool contains(std::uint64_t offset, std::uint64_t length) const {
        return offset <= bytes_.size() && length <= bytes_.size() - offset;
    }

    template <typename T>
    std::optional<T> read(std::uint64_t offset) const {
        static_assert(std::is_trivially_copyable_v<T>);
        if (!contains(offset, sizeof(T))) return std::nullopt;
        T value;
        std::memcpy(&value, bytes_.data() + offset, sizeof(T));
        return value;
    }

    std::optional<std::span<const std::byte>> slice(std::uint64_t offset, std::uint64_t length) const {
        if (!contains(offset, length)) return std::nullopt;
        return bytes_.subspan(offset, length);
    }

    // A NUL-terminated string starting at `offset` whose terminator lies within `max_length`.
    std::optional<std::string_view> c_string(std::uint64_t offset, std::uint64_t max_length) const {
        if (offset > bytes_.size()) return std::nullopt;
        std::uint64_t limit = std::min<std::uint64_t>(max_length, bytes_.size() - offset);
        const char* start = reinterpret_cast<const char*>(bytes_.data() + offset);
        const void* nul = std::memchr(start, 0, limit);
        if (!nul) return std::nullopt;
        return std::string_view(start, static_cast<const char*>(nul) - start);
    }

private:
    std::span<const std::byte> bytes_;
};

}  // namespace celda::image
