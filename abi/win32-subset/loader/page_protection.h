// Guest page protection through the PROTECT hypercall (contract v3). W^X holds: there is no
// writable-and-executable choice.
#pragma once

#include <stddef.h>

namespace win32 {

enum class PageProtection { none, read, read_write, read_execute };

// `address` and `length` page aligned. False when the monitor refused.
bool set_page_protection(void* address, size_t length, PageProtection protection);

}  // namespace win32
