// absent.dll: built only for its import library; never placed beside the programs.
__declspec(dllexport) int absent_value(void) { return 1; }
