// 日照 analysis against analytic answers: the sun's positions come from geo::Sun (tested against published
// values in test_sun.cpp); whether a building hides the sun is worked out here from the geometry alone
// (where the ray toward the sun crosses the wall's plane), never by the implementation's ray casting.
#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <functional>
#include "geo/Errors.h"
#include "geo/Sunlight.h"

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kLon = 120.17, kLat = 30.25;   // Hangzhou
constexpr double kGrid = 0.02;                    // minutes

geo::Ring rect(double x0, double y0, double x1, double y1) {
    return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};   // counter-clockwise
}

geo::Feature feature(std::vector<geo::Ring> rings) {
    geo::Feature f;
    f.polygons.push_back({std::move(rings)});
    return f;
}

geo::SunlightWindow window(geo::SolarTerm term, double fromHours, double toHours) {
    geo::SunlightWindow w;
    w.date = geo::solarTermDate(term, 2024);
    w.lon = kLon;
    w.lat = kLat;
    w.fromMinutes = fromHours * 60;
    w.toMinutes = toHours * 60;
    w.trueNorthInGrid = 0;   // the tests' frame: +y is true north
    return w;
}

/// The sun at `minutes` of true solar time on the window's day: altitude and azimuth in radians.
struct Sun {
    double altitude, azimuth;
};
Sun sunAt(const geo::SunlightWindow& w, double minutes) {
    const double clock = geo::trueSolarToClock(w.date, minutes / 60, w.utcOffsetHours, w.lon);
    const geo::SunPosition p = geo::sunPosition(w.date, clock, w.utcOffsetHours, w.lon, w.lat);
    return {p.altitude * kPi / 180, p.azimuth * kPi / 180};
}

/// The sunlit minutes of the window by the geometry's own rule `lit(sun)`, on a grid of kGrid minutes,
/// and the number of separate sunlit periods. An answer within one time step of the implementation's is
/// within w.stepMinutes + 2 kGrid of this (each of a period's two ends may be off by half a step, and by
/// one grid cell here).
struct Expected {
    double minutes = 0;
    int periods = 0;
};
Expected expectedSunlight(const geo::SunlightWindow& w, const std::function<bool(const Sun&)>& lit) {
    Expected e;
    const double dt = kGrid;
    bool previous = false;
    for (double t = w.fromMinutes + dt / 2; t < w.toMinutes; t += dt) {
        const Sun s = sunAt(w, t);
        const bool now = s.altitude > 0 && lit(s);
        if (now) e.minutes += dt;
        if (now && !previous) ++e.periods;
        previous = now;
    }
    return e;
}

geo::SunlightResult run(const geo::FeatureLayer& buildings, const std::vector<double>& heights,
                        const geo::SunlightPoint& point, const geo::SunlightWindow& w) {
    geo::Obstacles obstacles(geo::prismsOf(buildings, heights));
    return geo::computeSunlight({point}, obstacles, w, 2).at(0);
}

// A point on the ground D metres due north of a long east–west wall H metres tall. The ray toward the
// sun (altitude a, azimuth A from north) leaves the point horizontally along (sin A, cos A); it meets the
// wall's north face (y = −D) after a horizontal run of D / −cos A, at a height z0 + D tan(a) / −cos A and
// at x = D sin A / −cos A. The wall hides the sun while that height is below H and |x| < L.
Expected wallExpected(const geo::SunlightWindow& w, double D, double H, double L, double z0) {
    return expectedSunlight(w, [=](const Sun& s) {
        const double c = -std::cos(s.azimuth);
        if (c <= 0) return true;   // the sun north of due east/west: the wall is behind
        const double run = D / c;
        const double x = run * std::sin(s.azimuth);
        return std::fabs(x) >= L || z0 + run * std::tan(s.altitude) >= H;
    });
}

class WallCase : public ::testing::TestWithParam<std::tuple<geo::SolarTerm, double, double>> {};

TEST_P(WallCase, PointNorthOfALongWall) {
    const auto [term, D, H] = GetParam();
    const double L = 3000;
    geo::FeatureLayer layer;
    layer.features.push_back(feature({rect(-L, -D - 0.3, L, -D)}));
    const double fromHours = term == geo::SolarTerm::GreatCold ? 8 : 9, toHours = term == geo::SolarTerm::GreatCold ? 16 : 15;
    geo::SunlightWindow w = window(term, fromHours, toHours);
    w.minPeriodMinutes = 0;
    geo::SunlightPoint point;
    point.position = {0, 0};
    point.height = 0.9;
    const Expected e = wallExpected(w, D, H, L, point.height);
    const geo::SunlightResult r = run(layer, {H}, point, w);
    EXPECT_NEAR(r.minutes, e.minutes, w.stepMinutes + 2 * kGrid) << "D " << D << " H " << H;
    EXPECT_EQ(static_cast<int>(r.periods.size()), e.periods);
    // The period is centred on noon: the wall is symmetric about the meridian.
    if (!r.periods.empty()) EXPECT_NEAR((r.periods[0].start + r.periods[0].end) / 2, 12 * 60, 1.0);
}

INSTANTIATE_TEST_SUITE_P(Hangzhou, WallCase,
                         ::testing::Values(std::make_tuple(geo::SolarTerm::GreatCold, 30.0, 18.0),
                                           std::make_tuple(geo::SolarTerm::GreatCold, 20.0, 15.0),
                                           std::make_tuple(geo::SolarTerm::GreatCold, 50.0, 45.0),
                                           std::make_tuple(geo::SolarTerm::GreatCold, 30.0, 2.0),
                                           std::make_tuple(geo::SolarTerm::WinterSolstice, 30.0, 18.0),
                                           std::make_tuple(geo::SolarTerm::WinterSolstice, 24.0, 18.0),
                                           std::make_tuple(geo::SolarTerm::WinterSolstice, 20.0, 30.0)));

TEST(Sunlight, CourtyardCentre) {
    // A square courtyard of half-width w inside a building H tall; the point at its centre. The ray
    // toward the sun leaves the courtyard where its horizontal run first reaches x = ±w or y = ±w.
    for (double H : {9.0, 12.0, 40.0}) {
        const double half = 15;
        geo::FeatureLayer layer;
        geo::Ring hole = rect(-half, -half, half, half);
        std::reverse(hole.begin(), hole.end());
        layer.features.push_back(feature({rect(-half - 12, -half - 12, half + 12, half + 12), hole}));
        geo::SunlightWindow w = window(geo::SolarTerm::GreatCold, 8, 16);
        w.minPeriodMinutes = 0;
        geo::SunlightPoint point;
        point.height = 0.9;
        const Expected e = expectedSunlight(w, [&](const Sun& s) {
            const double dx = std::fabs(std::sin(s.azimuth)), dy = std::fabs(std::cos(s.azimuth));
            const double run = std::min(dx > 0 ? half / dx : INFINITY, dy > 0 ? half / dy : INFINITY);
            return point.height + run * std::tan(s.altitude) >= H;
        });
        const geo::SunlightResult r = run(layer, {H}, point, w);
        EXPECT_NEAR(r.minutes, e.minutes, w.stepMinutes + 2 * kGrid) << "H " << H;
        if (H == 40.0) EXPECT_EQ(r.minutes, 0);
        if (H == 9.0) EXPECT_GT(r.minutes, 0);
    }
}

TEST(Sunlight, FacadesFacingNorthGetNoSunOnDahanAndEastFacadesTheMorning) {
    // A lone building: its south facade sees the sun all the window, its north facade never, its east
    // facade while the sun is east of the meridian (true solar time before 12:00), its west one after.
    geo::FeatureLayer layer;
    layer.features.push_back(feature({rect(0, 0, 20, 10)}));
    geo::FacadeOptions options;
    options.spacing = 5;
    const std::vector<geo::SunlightPoint> points = geo::facadePoints(layer, {9.5}, {}, options);
    geo::Obstacles obstacles(geo::prismsOf(layer, {9.5}));
    geo::SunlightWindow w = window(geo::SolarTerm::GreatCold, 8, 16);
    const auto results = geo::computeSunlight(points, obstacles, w, 2);
    ASSERT_EQ(points.size(), (4u + 4u + 2u + 2u) * 3u);
    for (std::size_t i = 0; i < points.size(); ++i) {
        const geo::Vec2 n = points[i].normal;
        if (n.y > 0.99) EXPECT_EQ(results[i].minutes, 0);
        if (n.y < -0.99) EXPECT_NEAR(results[i].minutes, 480, w.stepMinutes + 2 * kGrid);
        if (n.x > 0.99) EXPECT_NEAR(results[i].minutes, 240, w.stepMinutes + 2 * kGrid);
        if (n.x < -0.99) EXPECT_NEAR(results[i].minutes, 240, w.stepMinutes + 2 * kGrid);
        if (n.x > 0.99) EXPECT_NEAR(results[i].periods.at(0).end, 12 * 60, w.stepMinutes + 2 * kGrid);
    }
}

TEST(Sunlight, FacadePointsFaceOutWhateverTheRingsOrientation) {
    geo::FeatureLayer layer;
    geo::Ring clockwise = rect(0, 0, 20, 10);
    std::reverse(clockwise.begin(), clockwise.end());
    geo::Ring hole = rect(5, 3, 15, 7);   // counter-clockwise, as holes should not be
    layer.features.push_back(feature({clockwise, hole}));
    geo::FacadeOptions options;   // 1 m spacing, 3 m floors, sill 0.9 m
    const auto points = geo::facadePoints(layer, {9.5}, {}, options);
    // 60 m of outer wall and 28 m of courtyard wall, 3 floors (sills 0.9, 3.9, 6.9 m under a 9.5 m roof).
    ASSERT_EQ(points.size(), (60u + 28u) * 3u);
    for (const auto& p : points) {
        const bool inCourtyard = p.position.x > 5 && p.position.x < 15 && p.position.y > 3 && p.position.y < 7;
        // Outside the building: either outside the outer rectangle or inside the courtyard.
        const bool outside = p.position.x < 0 || p.position.x > 20 || p.position.y < 0 || p.position.y > 10;
        EXPECT_TRUE(inCourtyard || outside) << p.position.x << "," << p.position.y;
        // A step along the normal goes further from the building's material.
        const geo::Vec2 q{p.position.x + p.normal.x, p.position.y + p.normal.y};
        const bool qOutside = q.x < 0 || q.x > 20 || q.y < 0 || q.y > 10 || (q.x > 5 && q.x < 15 && q.y > 3 && q.y < 7);
        EXPECT_TRUE(qOutside);
        EXPECT_TRUE(p.floor >= 1 && p.floor <= 3);
        EXPECT_NEAR(p.height, (p.floor - 1) * 3 + 0.9, 1e-9);
    }
}

TEST(Sunlight, PeriodsShorterThanMinPeriodDoNotCount) {
    // A tall wall with a narrow slot due south of the point: the sun shines through for a few minutes
    // around noon only, while the ray's crossing of the wall's plane, x = D sin A / −cos A, is in the slot.
    const double D = 30, H = 200, L = 3000, slot = 0.4;
    geo::FeatureLayer layer;
    layer.features.push_back(feature({rect(-L, -D - 0.3, -slot / 2, -D)}));
    layer.features.push_back(feature({rect(slot / 2, -D - 0.3, L, -D)}));
    geo::SunlightWindow w = window(geo::SolarTerm::GreatCold, 8, 16);
    w.stepMinutes = 0.25;
    const Expected e = expectedSunlight(w, [&](const Sun& s) {
        return std::fabs(D * std::sin(s.azimuth) / -std::cos(s.azimuth)) < slot / 2;
    });
    ASSERT_GT(e.minutes, 1.0);
    ASSERT_LT(e.minutes, 5.0);
    geo::SunlightPoint point;
    point.height = 0.9;
    w.minPeriodMinutes = 0;
    const geo::SunlightResult all = run(layer, {H, H}, point, w);
    EXPECT_NEAR(all.minutes, e.minutes, w.stepMinutes + 2 * kGrid);
    w.minPeriodMinutes = 5;
    const geo::SunlightResult counted = run(layer, {H, H}, point, w);
    EXPECT_EQ(counted.minutes, 0);
    EXPECT_TRUE(counted.periods.empty());
}

TEST(Sunlight, CountingKeepsLongPeriodsAndTheLongestN) {
    geo::SunlightWindow w = window(geo::SolarTerm::GreatCold, 8, 16);
    const auto samples = geo::sunSamples(w);
    ASSERT_EQ(samples.size(), 480u);
    std::vector<bool> lit(480, false);
    auto light = [&](int from, int to) { for (int i = from; i < to; ++i) lit[i] = true; };
    light(0, 4);      // 4 min: too short
    light(10, 30);    // 20 min
    light(100, 105);  // 5 min: just counts
    light(200, 260);  // 60 min
    geo::SunlightResult r = geo::countSunlight(samples, lit, 5, 0);
    EXPECT_EQ(r.minutes, 85);
    ASSERT_EQ(r.periods.size(), 3u);
    EXPECT_EQ(r.periods[0].start, 8 * 60 + 10);
    EXPECT_EQ(r.periods[0].end, 8 * 60 + 30);
    r = geo::countSunlight(samples, lit, 5, 2);
    EXPECT_EQ(r.minutes, 80);
    ASSERT_EQ(r.periods.size(), 2u);
    EXPECT_EQ(r.periods[1].start, 8 * 60 + 200);
    r = geo::countSunlight(samples, lit, 0, 0);
    EXPECT_EQ(r.minutes, 89);
}

TEST(Sunlight, RejectsEmptyWindowsAndBadSteps) {
    geo::SunlightWindow w = window(geo::SolarTerm::GreatCold, 16, 8);
    EXPECT_THROW(geo::sunSamples(w), geo::InputError);
    w = window(geo::SolarTerm::GreatCold, 8, 16);
    w.stepMinutes = 0;
    EXPECT_THROW(geo::sunSamples(w), geo::InputError);
    w.stepMinutes = 7;   // 480 / 7: 68 full steps and a last one of 4 minutes
    const auto samples = geo::sunSamples(w);
    ASSERT_EQ(samples.size(), 69u);
    EXPECT_EQ(samples.back().end, 16 * 60);
    w.date = {2023, 2, 29};
    EXPECT_THROW(geo::sunSamples(w), geo::InputError);
}

TEST(Sunlight, SameResultsOnOneThreadAndTwo) {
    geo::FeatureLayer layer;
    layer.features.push_back(feature({rect(0, 0, 20, 10)}));
    layer.features.push_back(feature({rect(5, -40, 30, -25)}));
    const std::vector<double> heights{30, 45};
    geo::FacadeOptions options;
    const auto points = geo::facadePoints(layer, heights, {}, options);
    geo::Obstacles obstacles(geo::prismsOf(layer, heights));
    const geo::SunlightWindow w = window(geo::SolarTerm::GreatCold, 8, 16);
    geo::SunlightStats stats;
    const auto one = geo::computeSunlight(points, obstacles, w, 1);
    const auto two = geo::computeSunlight(points, obstacles, w, 2, {}, &stats);
    ASSERT_EQ(one.size(), two.size());
    for (std::size_t i = 0; i < one.size(); ++i) EXPECT_EQ(one[i].minutes, two[i].minutes);
    EXPECT_EQ(stats.points, points.size());
    EXPECT_GT(stats.rays, 0u);
}

}  // namespace
