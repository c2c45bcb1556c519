// Placement new. The guest has no <new> (no libstdc++ headers), so it declares its own; host
// unit tests use the standard one to avoid a redefinition.
#pragma once

#include <stddef.h>

#if defined(CELDA_GUEST)
[[nodiscard]] inline void* operator new(size_t, void* where) noexcept { return where; }
#else
#include <new>
#endif
