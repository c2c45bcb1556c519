// pathdep.dll: the dependency of pathplug.dll, found only in pathplug.dll's own folder (a
// -v share, never beside the program): LoadLibrary of a path searches the DLL's folder.
__declspec(dllexport) int pathdep_base(void) { return 1000; }
