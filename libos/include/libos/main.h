// The application's entry point. Every guest image defines it; the library OS runs it as the
// main fiber (id 0) once memory, the heap and the scheduler are up. Its return value becomes
// the guest's exit status the moment it returns: fibers still running are abandoned, as
// threads are when a process's main returns.
#pragma once

int celda_main(int argc, char** argv);
