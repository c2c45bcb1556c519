// The Windows x64 calling convention and the handful of Windows types every DLL file uses.
#pragma once

#include <stddef.h>
#include <stdint.h>

#define WINAPI __attribute__((ms_abi))

namespace win32 {

using BOOL = int32_t;
using DWORD = uint32_t;
using HANDLE = void*;
using LONG = int32_t;
using ULONG = uint32_t;
using UINT = uint32_t;
using WORD = uint16_t;
using BYTE = uint8_t;
using SIZE_T = size_t;
using LARGE_INTEGER = int64_t;
using WCHAR = char16_t;
using LPSTR = char*;
using LPCSTR = const char*;
using LPWSTR = char16_t*;
using LPCWSTR = const char16_t*;

inline constexpr BOOL kTrue = 1;
inline constexpr BOOL kFalse = 0;
inline HANDLE const kInvalidHandle = reinterpret_cast<HANDLE>(-1);

// The error codes this layer reports (winerror.h).
enum : DWORD {
    ERROR_SUCCESS = 0,
    ERROR_INVALID_FUNCTION = 1,
    ERROR_FILE_NOT_FOUND = 2,
    ERROR_PATH_NOT_FOUND = 3,
    ERROR_TOO_MANY_OPEN_FILES = 4,
    ERROR_ACCESS_DENIED = 5,
    ERROR_INVALID_HANDLE = 6,
    ERROR_NOT_ENOUGH_MEMORY = 8,
    ERROR_INVALID_DATA = 13,
    ERROR_OUTOFMEMORY = 14,
    ERROR_NO_MORE_FILES = 18,
    ERROR_NOT_SUPPORTED = 50,
    ERROR_NOT_SAME_DEVICE = 17,
    ERROR_SHARING_VIOLATION = 32,
    ERROR_HANDLE_EOF = 38,
    ERROR_BAD_NETPATH = 53,
    ERROR_GEN_FAILURE = 31,
    ERROR_FILE_EXISTS = 80,
    ERROR_BROKEN_PIPE = 109,
    ERROR_DISK_FULL = 112,
    ERROR_INVALID_NAME = 123,
    ERROR_NEGATIVE_SEEK = 131,
    ERROR_BAD_PATHNAME = 161,
    ERROR_FILENAME_EXCED_RANGE = 206,
    ERROR_DIRECTORY = 267,
    ERROR_INVALID_PARAMETER = 87,
    ERROR_CALL_NOT_IMPLEMENTED = 120,
    ERROR_INSUFFICIENT_BUFFER = 122,
    ERROR_MOD_NOT_FOUND = 126,
    ERROR_PROC_NOT_FOUND = 127,
    ERROR_DLL_INIT_FAILED = 1114,
    ERROR_DIR_NOT_EMPTY = 145,
    ERROR_ALREADY_EXISTS = 183,
    ERROR_ENVVAR_NOT_FOUND = 203,
    ERROR_NO_UNICODE_TRANSLATION = 1113,
    ERROR_NOT_OWNER = 288,
    ERROR_TOO_MANY_POSTS = 298,
    ERROR_BAD_EXE_FORMAT = 193,
    ERROR_RESOURCE_DATA_NOT_FOUND = 1812,
    ERROR_RESOURCE_TYPE_NOT_FOUND = 1813,
    ERROR_RESOURCE_NAME_NOT_FOUND = 1814,
    ERROR_RESOURCE_LANG_NOT_FOUND = 1815,
    ERROR_RESOURCE_ENUM_USER_STOP = 15106,
    ERROR_INVALID_ADDRESS = 487,
    ERROR_MORE_DATA = 234,
    ERROR_LABEL_TOO_LONG = 154,
    ERROR_NO_MORE_ITEMS = 259,
    ERROR_INVALID_SECURITY_DESCR = 1338,
    ERROR_NONE_MAPPED = 1332,
};

inline constexpr DWORD kInfinite = 0xffffffff;
inline constexpr DWORD WAIT_OBJECT_0 = 0;
inline constexpr DWORD WAIT_ABANDONED_0 = 0x80;
inline constexpr DWORD WAIT_TIMEOUT = 258;
inline constexpr DWORD WAIT_FAILED = 0xffffffff;

}  // namespace win32
