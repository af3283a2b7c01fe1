// The interactive 日照 count (geo::refineSunlight) against the full one, on a home 40 m × 15 m and
// 9.5 m tall (3 floors) with a block 30 m tall standing 20 m south-east of it, which shades part of the
// home's south facade on 大寒 in Hangzhou. The sun on 大寒 rises south of east (azimuth ~116°) and sets
// south of west, so the north facade never sees it: a clear failure that needs no refining.
#include <gtest/gtest.h>
#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include "geo/Project.h"
#include "geo/Sun.h"
#include "geo/SunlightJob.h"

namespace {

namespace fs = std::filesystem;

fs::path fixtureProject() {
    const fs::path folder = fs::temp_directory_path() / ("planview_refine_" + std::to_string(getpid()));
    fs::create_directories(folder);
    // At 30.25° N a degree of latitude is ~110.8 km, of longitude ~96.2 km.
    std::ofstream(folder / "buildings.geojson") << R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name_zh": "住宅", "height_m": 9.5},
 "geometry": {"type": "Polygon", "coordinates": [[[120.17, 30.25], [120.170416, 30.25], [120.170416, 30.250135], [120.17, 30.250135], [120.17, 30.25]]]}},
{"type": "Feature", "properties": {"name_zh": "塔", "height_m": 30},
 "geometry": {"type": "Polygon", "coordinates": [[[120.17035, 30.24955], [120.17056, 30.24955], [120.17056, 30.24982], [120.17035, 30.24982], [120.17035, 30.24955]]]}}
]})";
    std::ofstream(folder / "sun.toml") << R"(title = "日照"
[[layer]]
name = "建筑"
source = "buildings.geojson"
kind = "parcels"
extrude = "height_m"
)";
    return folder / "sun.toml";
}

TEST(SunlightRefine, RefinesOnlyTheUnclearFacadesAndKeepsTheFullCountsVerdicts) {
    const geo::Project project = geo::openProject(fixtureProject().string());
    geo::SunlightWindow window;
    window.date = geo::solarTermDate(geo::SolarTerm::GreatCold, 2024, 8);
    geo::SunlightRequest request;
    request.layer = "建筑";
    request.where = "name_zh = '住宅'";
    const geo::SunlightJob full = geo::prepareSunlight(project, request, window);
    request.spacing = 4;
    const geo::SunlightJob coarse = geo::prepareSunlight(project, request, window);
    const geo::Obstacles obstacles(full.prisms);
    const auto fullResults = geo::computeSunlight(full.points, obstacles, full.window, 2);
    const double threshold = 120, margin = 30;
    const geo::RefinedSunlight fast = geo::refineSunlight(coarse, obstacles, 1, threshold, margin, 2);

    // 4 facings × 3 floors.
    EXPECT_EQ(fast.facades, 12u);
    EXPECT_GT(fast.refinedFacades, 0u) << "the tower's shadow makes part of the south facade unclear";
    EXPECT_LT(fast.refinedFacades, fast.facades) << "the north facade is clear";
    EXPECT_LT(fast.points.size(), full.points.size());

    // A facade passes when every point of it has its two hours: the same verdicts both ways.
    auto verdicts = [&](const std::vector<geo::SunlightPoint>& points, const std::vector<geo::SunlightResult>& results) {
        std::map<std::uint64_t, bool> passing;
        for (std::size_t i = 0; i < points.size(); ++i) {
            auto [it, added] = passing.emplace(geo::facadeKey(points[i]), true);
            if (results[i].minutes < threshold) it->second = false;
        }
        return passing;
    };
    EXPECT_EQ(verdicts(fast.points, fast.results), verdicts(full.points, fullResults));

    // North-facing points (facing within 45° of grid north) get no sun at all, and are not refined: they
    // keep the coarse spacing (40 m at 4 m: 10 points a floor).
    std::size_t north = 0;
    for (std::size_t i = 0; i < fast.points.size(); ++i) {
        const geo::SunlightPoint& p = fast.points[i];
        if (p.normal.y < std::cos(3.14159265358979 / 4)) continue;
        ++north;
        EXPECT_EQ(fast.results[i].minutes, 0);
    }
    EXPECT_EQ(north, 3u * 10u);

    // A refined point has exactly the full count's result at the same place.
    std::size_t matched = 0;
    for (std::size_t i = 0; i < fast.points.size(); ++i)
        for (std::size_t j = 0; j < full.points.size(); ++j)
            if (std::abs(fast.points[i].position.x - full.points[j].position.x) < 1e-9 &&
                std::abs(fast.points[i].position.y - full.points[j].position.y) < 1e-9 &&
                fast.points[i].height == full.points[j].height) {
                EXPECT_EQ(fast.results[i].minutes, fullResults[j].minutes);
                ++matched;
            }
    EXPECT_GT(matched, 0u);
}

}  // namespace
