// The text of `celda --help` and `celda --version`.
#pragma once

#include <string>

namespace celda::cli {

std::string help_text();
std::string version_text();

}  // namespace celda::cli
