// middle.dll imports absent.dll, which is not shipped: a program importing middle.dll cannot
// start, and LoadLibrary("middle.dll") fails with ERROR_MOD_NOT_FOUND (126).
__declspec(dllimport) int absent_value(void);
__declspec(dllexport) int middle_value(void) { return absent_value() + 1; }
