// The application's entry point. Every guest image defines it; the library OS runs it as the
// main fiber (id 0) once memory, the heap and the scheduler are up. Its return value becomes
// the guest's exit status the moment it returns: fibers still running are abandoned, as
// threads are when a process's main returns.
#pragma once

int celda_main(int argc, char** argv);

// Optional. A warm guest (`celda serve`) calls it once, booted but before its program
// arrives: work that depends on nothing the run brings (argv, environment, the program) and
// would otherwise be done on every run's clock. A direct run never calls it.
extern "C" [[gnu::weak]] void celda_warm_up();
