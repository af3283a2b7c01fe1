// Every input fuzz_geometry has found, replayed through the same check (tests/fuzz/FuzzRings.cpp):
// projection, repair and triangulation must keep every feature counted and every area exact.
#include <gtest/gtest.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>
#include "geo/Log.h"
#include "tests/fuzz/FuzzRings.h"

namespace {

TEST(FuzzRegressions, EveryGeometryFindingNowTriangulatesToItsArea) {
    geo::log().set_level(spdlog::level::off);   // the inputs are odd by design; each warns
    const std::filesystem::path dir = std::filesystem::path(PLANVIEW_SOURCE_DIR) / "tests/fuzz/regressions/fuzz_geometry";
    std::size_t replayed = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::string problem = fuzz::checkRings(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        EXPECT_EQ(problem, "") << entry.path().filename();
        ++replayed;
    }
    geo::log().set_level(spdlog::level::warn);
    EXPECT_GE(replayed, 77u) << "the regression inputs are missing";
}

}  // namespace
