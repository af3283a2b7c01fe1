// What a benchmark reports about the machine and the process.
#pragma once
#include <string>

namespace planview::bench {

/// The process's peak resident memory (VmHWM), MB.
double peakRssMb();
/// The CPU model and the number of cores online.
std::string cpuDescription();

}  // namespace planview::bench
