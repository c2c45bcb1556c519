// Errors as values: every fallible step of `celda` returns Result<T>. The message is written for
// the user (names the file, option or address involved and, where possible, what to do about it)
// and is printed by main.cpp as one line prefixed with "celda: ".
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace celda {

struct Error {
    std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string message) {
    return std::unexpected<Error>(Error{std::move(message)});
}

}  // namespace celda
