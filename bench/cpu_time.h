// CPU time of this process (user and system, every thread): what a bench
// reports next to wall time on a shared machine, where other work stretches
// the wall clock but not the CPU time spent here.
#pragma once

#include <time.h>

inline double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}
