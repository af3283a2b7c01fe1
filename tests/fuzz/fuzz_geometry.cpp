// libFuzzer harness: arbitrary rings through projection, repair (MakeValid) and triangulation
// (tests/fuzz/FuzzRings.cpp). A crash, a hang, a silently dropped feature or triangles that do not
// cover the polygon's area is a finding; each becomes a file in tests/fuzz/regressions/fuzz_geometry.
#include <cstdio>
#include <cstdlib>
#include "geo/Log.h"
#include "tests/fuzz/FuzzRings.h"

// Warnings about each odd input are expected by the thousand; keep them out of the fuzzer's output.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    geo::log().set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string problem = fuzz::checkRings(data, size);
    if (!problem.empty()) {
        std::fprintf(stderr, "fuzz_geometry: %s\n", problem.c_str());
        std::abort();
    }
    return 0;
}
