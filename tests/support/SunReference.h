// Analytic 日照 answers for the sunlight tests: the sunlit minutes of a point north of a long east–west
// wall, worked out from the geometry alone, with the sun's positions from geo::Sun (tested against
// published values in test_sun.cpp) and the fixtures' place (EPSG:4549 metres off kOriginX/Y) turned
// into longitude, latitude and the grid's convergence by OGR, not by the code under test.
#pragma once
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <cmath>
#include <memory>
#include "geo/Sun.h"
#include "geo/Sunlight.h"
#include "tests/support/Fixtures.h"

namespace sunref {

constexpr double kPi = 3.14159265358979323846;
constexpr double kGrid = 0.02;   // minutes

/// Where the fixtures' (x, y) lies in WGS 84, and the angle from grid north to true north there.
struct Place {
    double lon = 0, lat = 0, trueNorthInGrid = 0;
};
inline Place placeOf(double x, double y) {
    OGRSpatialReference grid, wgs84;
    grid.importFromEPSG(4549);
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    grid.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> toLonLat(OGRCreateCoordinateTransformation(&grid, &wgs84));
    std::unique_ptr<OGRCoordinateTransformation> toGrid(OGRCreateCoordinateTransformation(&wgs84, &grid));
    double px = fixtures::kOriginX + x, py = fixtures::kOriginY + y;
    EXPECT_TRUE(toLonLat->Transform(1, &px, &py));
    Place p{px, py, 0};
    double nx = p.lon, ny = p.lat + 0.001;
    EXPECT_TRUE(toGrid->Transform(1, &nx, &ny));
    p.trueNorthInGrid = std::atan2(nx - (fixtures::kOriginX + x), ny - (fixtures::kOriginY + y)) * 180 / kPi;
    return p;
}

/// 大寒 2024, 8:00–16:00 true solar time in UTC+8, every period counted.
inline geo::SunlightWindow greatCold2024() {
    geo::SunlightWindow w;
    w.date = geo::solarTermDate(geo::SolarTerm::GreatCold, 2024);
    w.fromMinutes = 8 * 60;
    w.toMinutes = 16 * 60;
    w.minPeriodMinutes = 0;
    return w;
}

/// The sunlit minutes of window `w` for a point `z0` metres above the ground D metres due (grid) north
/// of a long east–west wall H metres above that ground: the ray toward the sun meets the wall's north
/// face after a horizontal run of D / −cos A (A: the sun's azimuth from grid north) at a height
/// z0 + run · tan(altitude). On a grid of kGrid minutes: an answer within one time step of the
/// implementation's is within w.stepMinutes + 2 kGrid of this.
inline double wallMinutes(const geo::SunlightWindow& w, const Place& place, double D, double H, double z0) {
    double minutes = 0;
    for (double t = w.fromMinutes + kGrid / 2; t < w.toMinutes; t += kGrid) {
        const double clock = geo::trueSolarToClock(w.date, t / 60, w.utcOffsetHours, place.lon);
        const geo::SunPosition sun = geo::sunPosition(w.date, clock, w.utcOffsetHours, place.lon, place.lat);
        if (sun.altitude <= 0) continue;
        const double c = -std::cos((sun.azimuth + place.trueNorthInGrid) * kPi / 180);
        const bool lit = c <= 0 || z0 + D / c * std::tan(sun.altitude * kPi / 180) >= H;
        if (lit) minutes += kGrid;
    }
    return minutes;
}

}  // namespace sunref
