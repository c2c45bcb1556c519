// The legacy CryptoAPI's random numbers, which libraries still use for seeds and stack-protector
// canaries (libssp): CryptAcquireContext hands out one provider handle, CryptGenRandom fills
// from the library OS's random source (RDRAND, see libos/random.h), CryptReleaseContext.
// Nothing else of CryptoAPI (keys, hashes) exists.
#include <libos/libc.h>
#include <libos/random.h>

#include "registry/registry.h"
#include "support/winabi.h"

namespace win32::advapi32 {
namespace {
constexpr uintptr_t kProvider = 0xc0de;   // the one provider handle
}

WINAPI BOOL CryptAcquireContextA(uintptr_t* provider, const char*, const char*, DWORD, DWORD) {
    if (!provider) return kFalse;
    *provider = kProvider;
    return kTrue;
}
WINAPI BOOL CryptAcquireContextW(uintptr_t* provider, const WCHAR*, const WCHAR*, DWORD, DWORD) {
    return CryptAcquireContextA(provider, nullptr, nullptr, 0, 0);
}
WINAPI BOOL CryptGenRandom(uintptr_t provider, DWORD length, BYTE* buffer) {
    if (provider != kProvider || (!buffer && length)) return kFalse;
    libos::fill_random(buffer, length);
    return kTrue;
}
WINAPI BOOL CryptReleaseContext(uintptr_t provider, DWORD) { return provider == kProvider ? kTrue : kFalse; }

WIN32_EXPORT_TABLE(advapi32_crypt_exports, WIN32_EXPORT(CryptAcquireContextA), WIN32_EXPORT(CryptAcquireContextW),
                   WIN32_EXPORT(CryptGenRandom), WIN32_EXPORT(CryptReleaseContext));

}  // namespace win32::advapi32
