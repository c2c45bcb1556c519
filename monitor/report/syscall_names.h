// Names of common x86-64 Linux syscalls, for "forbidden host syscall openat (257)" reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace celda::report {

std::optional<std::string_view> syscall_name(std::uint64_t nr);

}  // namespace celda::report
