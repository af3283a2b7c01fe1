// 日照 on terrain (issue 19): the ground hides the sun, and buildings stand on it. Projects written here
// with GDAL (a DEM and a GeoPackage in EPSG:4549) go through geo::prepareSunlight as `planview sunlight`
// does; the answers are worked out from the geometry alone: a long ridge of the DEM south of a point
// hides the sun as a wall of its height would (its north face lies within a pixel of where the DEM
// changes height); a wall standing on a plateau hides it from a point on the same plateau exactly as on
// flat ground (tests/support/SunReference.h).
#include <gtest/gtest.h>
#include <cmath>
#include <fstream>
#include <functional>
#include <memory>
#include <set>
#include <sstream>
#include "geo/Project.h"
#include "geo/SunlightJob.h"
#include "tests/support/Fixtures.h"
#include "tests/support/SunReference.h"

namespace {

using fixtures::kOriginX;
using fixtures::kOriginY;
using sunref::kGrid;
using sunref::placeOf;
using sunref::wallMinutes;
constexpr double kPixel = 1;                      // metres
constexpr int kSize = 600;                        // pixels a side: the DEM spans ±300 m around the point

std::string pointWkt(double x, double y) {
    std::ostringstream s;
    s.precision(12);
    s << "POINT(" << kOriginX + x << ' ' << kOriginY + y << ')';
    return s.str();
}

struct Counted {
    geo::SunlightJob job;
    std::vector<geo::SunlightResult> results;
};

/// The sunlight of the project's point layer `points` (0.9 m above the ground), with `buildings` as the
/// buildings, through prepareSunlight as the sunlight verb does.
Counted count(const std::string& project, const geo::SunlightWindow& window) {
    geo::SunlightRequest request;
    request.layer = "buildings";
    request.points = "points";
    request.pointHeight = "0.9";
    Counted c{geo::prepareSunlight(geo::openProject(project, ""), request, window), {}};
    const geo::Obstacles obstacles(c.job.prisms, c.job.ground);
    c.results = geo::computeSunlight(c.job.points, obstacles, c.job.window, 2);
    return c;
}

/// A project of a DEM, an extruded layer `buildings` (height_m) and a point layer `points`.
std::string writeProject(const fixtures::TempDir& dir, const std::function<double(double, double)>& terrain,
                         const std::vector<fixtures::Row>& buildings, const std::vector<fixtures::Row>& points) {
    const double half = kSize * kPixel / 2;
    fixtures::writeDem(dir / "dem.tif", -half, half, kPixel, kSize, kSize, terrain);
    const std::string gpkg = dir / "plan.gpkg";
    fixtures::writeLayer(gpkg, "GPKG", "buildings", 4549, wkbPolygon, {{"height_m", OFTReal}}, buildings);
    fixtures::writeLayer(gpkg, "GPKG", "points", 4549, wkbPoint, {{"name", OFTString}}, points);
    const std::string project = dir / "project.toml";
    std::ofstream(project) << "title = \"sun on terrain\"\ncrs = \"EPSG:4549\"\n"
                              "[[layer]]\nname = \"dem\"\nsource = \"dem.tif\"\nkind = \"terrain\"\n"
                              "[[layer]]\nname = \"buildings\"\nsource = \"plan.gpkg\"\nlayer = \"buildings\"\nkind = \"parcels\"\nextrude = \"height_m\"\n"
                              "[[layer]]\nname = \"points\"\nsource = \"plan.gpkg\"\nlayer = \"points\"\nkind = \"points\"\n";
    return project;
}

constexpr double kLow = 10;   // the plain's height, metres

// A ridge H metres above the plain, its north face D metres south of the point and 40 m deep, as long
// as the DEM (the sun's rays that pass its ends are too low to matter: at 8:00 on 大寒 the sun is 13.6°
// up, so a ridge hides nothing farther than H / tan 13.6° = 83 m for H = 20).
double ridge(double D, double H, double x, double y) {
    (void)x;
    return kLow + ((y <= -D && y >= -D - 40) ? H : 0);
}

TEST(SunlightOnTerrain, ARidgeSouthOfAPointHidesTheSunAsAWallOfItsHeight) {
    for (const auto& [D, H] : {std::pair{30.0, 20.0}, std::pair{12.0, 14.0}}) {
        fixtures::TempDir dir;
        // A small building far off in the north-west corner: the verb counts around buildings.
        const std::string project = writeProject(
            dir, [D = D, H = H](double x, double y) { return ridge(D, H, x, y); },
            {fixtures::Row{fixtures::rect(-280, 260, -270, 270), {"3"}}}, {fixtures::Row{pointWkt(0, 0), {"p"}}});
        const Counted c = count(project, sunref::greatCold2024());
        ASSERT_EQ(c.results.size(), 1u);
        EXPECT_NEAR(c.job.points[0].base, kLow, 0.01) << "the point stands on the plain";
        const sunref::Place place = placeOf(0, 0);
        EXPECT_NEAR(c.job.window.lon, place.lon, 1e-6);
        // The DEM's step lies between the last ridge pixel's centre and the first plain pixel's, and the
        // ground's grid points are a pixel apart: its north face is within 2 pixels of D.
        const double most = wallMinutes(c.job.window, place, D + 2 * kPixel, H, 0.9);
        const double least = wallMinutes(c.job.window, place, D - 2 * kPixel, H, 0.9);
        const double full = wallMinutes(c.job.window, place, D, 0, 0.9);
        EXPECT_GT(full - most, 60) << "the ridge must hide an hour or more for the test to say anything";
        const double tolerance = c.job.window.stepMinutes + 2 * kGrid;
        EXPECT_GE(c.results[0].minutes, least - tolerance) << "D " << D << " H " << H;
        EXPECT_LE(c.results[0].minutes, most + tolerance) << "D " << D << " H " << H;
    }
}

TEST(SunlightOnTerrain, AWallOnAPlateauHidesTheSunFromAPointOnItAsOnFlatGround) {
    // A plateau 50 m up with a gentle east–west tilt (the ground's height changes along the wall, not
    // toward it): the wall stands on it from its base, the point 0.9 m above the ground under it.
    constexpr double D = 20, H = 15;
    const auto plateau = [](double x, double) { return 50 + 0.002 * x; };
    fixtures::TempDir dir;
    const std::string project = writeProject(dir, plateau, {fixtures::Row{fixtures::rect(-250, -D - 0.5, 250, -D), {"15"}}},
                                             {fixtures::Row{pointWkt(0, 0), {"p"}}});
    const Counted c = count(project, sunref::greatCold2024());
    ASSERT_EQ(c.results.size(), 1u);
    ASSERT_EQ(c.job.prisms.size(), 1u);
    EXPECT_NEAR(c.job.points[0].base, plateau(0, 0), 0.01);
    EXPECT_NEAR(c.job.prisms[0].base, plateau(0, -D), 0.01) << "the wall's base: the ground at its label point";
    const sunref::Place place = placeOf(0, 0);
    const double expected = wallMinutes(c.job.window, place, D, H, 0.9);
    EXPECT_LT(expected, wallMinutes(c.job.window, place, D, 0, 0.9) - 60);
    EXPECT_NEAR(c.results[0].minutes, expected, c.job.window.stepMinutes + 2 * kGrid);
}

TEST(SunlightOnTerrain, FacadePointsCountTheirFloorsFromTheirBuildingsBase) {
    // A 9 m building on a 30 m plateau: three floors, their sills 0.9, 3.9 and 6.9 m above the ground
    // at its centre, as the scene raises its roof from there.
    fixtures::TempDir dir;
    const auto plateau = [](double, double) { return 30.0; };
    const std::string project = writeProject(dir, plateau, {fixtures::Row{fixtures::rect(-10, -10, 10, 10), {"9"}}},
                                             {fixtures::Row{pointWkt(100, 100), {"p"}}});
    geo::SunlightRequest request;
    request.layer = "buildings";
    const geo::SunlightJob job = geo::prepareSunlight(geo::openProject(project, ""), request, sunref::greatCold2024());
    ASSERT_FALSE(job.points.empty());
    std::set<double> sills;
    for (const auto& p : job.points) {
        EXPECT_NEAR(p.base, 30, 0.01);
        sills.insert(std::round((p.base + p.height) * 100) / 100);
    }
    EXPECT_EQ(sills, (std::set<double>{30.9, 33.9, 36.9}));
    // Nothing around hides a free-standing building's south facade on 大寒: the whole window.
    const geo::Obstacles obstacles(job.prisms, job.ground);
    const auto results = geo::computeSunlight(job.points, obstacles, job.window, 2);
    double south = 0;
    for (std::size_t i = 0; i < job.points.size(); ++i)
        if (job.points[i].normal.y < -0.99) south = std::max(south, results[i].minutes);
    EXPECT_NEAR(south, job.window.toMinutes - job.window.fromMinutes, job.window.stepMinutes);
}

}  // namespace
