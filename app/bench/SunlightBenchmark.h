// `planview bench --sunlight`: 日照 at the scale a planning office asks for it — every residential
// building of the Shangcheng sample on 大寒 at the standard's defaults (8:00–16:00 true solar time,
// 1-minute steps, a point every metre of facade on every floor), through the same set-up as
// `planview sunlight`; then the interactive mode (coarse spacing first, refined on the facades near the
// threshold) and how far its verdicts (a facade passes when all its points do) agree with the full count's.
#pragma once
#include <cstddef>
#include <string>

namespace planview::bench {

struct SunlightBenchOptions {
    std::string project;         ///< the project (the embedded Shangcheng sample)
    std::string layer = "用地";  ///< its buildings
    std::string where = "landuse LIKE 'R%'";   ///< the residential ones
    int year = 2020;             ///< 大寒 of this year
    int threads = 0;             ///< 0 = every core
    double coarseSpacing = 4;    ///< the interactive mode's first pass, metres
    double marginMinutes = 30;   ///< refined when a point is this close to the threshold
};

struct SunlightBenchResult {
    std::string date;
    std::size_t buildings = 0;           ///< residential buildings with facade points
    std::size_t obstacles = 0;           ///< extruded buildings that can cast a shadow
    std::size_t triangles = 0;
    int threads = 0;
    double prepareMs = 0;                ///< reading the project and sampling the facades
    std::size_t points = 0, rays = 0;
    double sunlightMs = 0;               ///< casting and counting, full spacing
    std::size_t failingPoints = 0;
    std::size_t facades = 0, failingFacades = 0;   ///< facades (geo::facadeKey) and those with a point short of 2 h
    // The interactive mode.
    std::size_t fastPoints = 0, fastRays = 0, refinedFacades = 0;
    double fastMs = 0;
    std::size_t verdictAgreements = 0;   ///< facades whose pass/fail is the full count's
    double peakRssMb = 0;
    std::string machine;
};

SunlightBenchResult runSunlightBenchmark(const SunlightBenchOptions& options);

}  // namespace planview::bench
