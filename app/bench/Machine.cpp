#include "app/bench/Machine.h"
#include <stdlib.h>
#include <unistd.h>
#include <cstdlib>
#include <fstream>
#include "geo/Errors.h"

namespace planview::bench {

double peakRssMb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
    return 0;
}

bool resetPeakRss() {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    return static_cast<bool>(clear);
}

std::string cpuDescription() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line, model = "unknown CPU";
    while (std::getline(cpuinfo, line))
        if (line.rfind("model name", 0) == 0) {
            auto colon = line.find(':');
            model = colon == std::string::npos ? line : line.substr(colon + 1);
            while (!model.empty() && model.front() == ' ') model.erase(model.begin());
            break;
        }
    return model + ", " + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " cores";
}

WorkFolder::WorkFolder(const std::string& kept) : path_(kept), temporary_(kept.empty()) {
    if (!temporary_) return;
    std::string pattern = (std::filesystem::temp_directory_path() / "planview-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw geo::OutputError(pattern + ": cannot make a temporary folder");
    path_ = pattern;
}

WorkFolder::~WorkFolder() {
    std::error_code ec;
    if (temporary_) std::filesystem::remove_all(path_, ec);
}

}  // namespace planview::bench
