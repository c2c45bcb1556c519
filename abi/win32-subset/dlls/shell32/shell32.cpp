// shell32.dll, minimal.
#include <libos/libc.h>

#include "process/thread.h"
#include "registry/registry.h"
#include "support/winabi.h"

namespace win32::shell32 {

WIN32_EXPORT_TABLE(shell32_exports);

}  // namespace win32::shell32

namespace win32 {
namespace {
const ExportTable* const kTables[] = {&shell32::shell32_exports};
}
extern const BuiltinDll kShell32{"shell32.dll", kTables, 1};
}  // namespace win32
