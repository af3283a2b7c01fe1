// What the benchmarks share: the machine and the process they report, and the folder they work in.
#pragma once
#include <chrono>
#include <filesystem>
#include <string>

namespace planview::bench {

using Clock = std::chrono::steady_clock;
inline double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// The process's peak resident memory (VmHWM), MB.
double peakRssMb();
/// Starts peakRssMb() again from the memory resident now (Linux's clear_refs), so that a phase
/// (after generating a benchmark's data) is measured on its own. False when the kernel refuses.
bool resetPeakRss();
/// The CPU model and the number of cores online.
std::string cpuDescription();

/// Where a benchmark writes its GeoPackage: `kept` when given (left in place), else a new temporary
/// folder removed with this object. Throws geo::OutputError when the temporary folder cannot be made.
class WorkFolder {
public:
    explicit WorkFolder(const std::string& kept);
    ~WorkFolder();
    WorkFolder(const WorkFolder&) = delete;
    WorkFolder& operator=(const WorkFolder&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    bool temporary_ = false;
};

}  // namespace planview::bench
