// libFuzzer harness: arbitrary bytes as a project file. Anything but a clean parse or an InputError
// (a crash, a hang, another exception) is a finding.
#include <cstdint>
#include <string>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/Project.h"

// Warnings about each odd input are expected by the thousand; keep them out of the fuzzer's output.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    geo::log().set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        geo::Project p = geo::parseProject(text, "/fuzz/project.toml");
        // Touch what a caller would read.
        for (const auto& layer : p.layers) {
            (void)layer.style.colorFor(std::string(layer.name));
            for (const auto& [value, label] : layer.style.labels) (void)layer.style.caption(value, false, true);
        }
    } catch (const geo::InputError&) {
    }
    return 0;
}
