// The application's entry point. Every guest image defines it; the library OS runs it as the
// main fiber once memory, the heap and the scheduler are up, and its return value becomes the
// guest's exit status.
#pragma once

int celda_main(int argc, char** argv);
