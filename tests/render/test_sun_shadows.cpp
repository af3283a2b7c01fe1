// Shadows from the view's sun (issue 19), through the binary: a box of known height on flat ground,
// rendered straight down (`--view top` to a GeoTIFF, whose geotransform maps pixels to metres), casts
// a shadow as long as h / tan(altitude) in the direction opposite the sun's azimuth. The sun's
// position is worked out here with NOAA's solar position equations (General Solar Position
// Calculations, NOAA Global Monitoring Laboratory), not PlanView's algorithm, and true north in the
// frame by transforming points with GDAL/PROJ. At night there is no shadow and the map is darker.
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <cmath>
#include <fstream>
#include "tests/render/RenderSupport.h"
#include "tests/support/Fixtures.h"

namespace render_test {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180;

// The box: 20 m square, 30 m high, at the middle of a 400 m square of flat white ground (EPSG:4549).
constexpr double kCx = 516400, kCy = 3347000, kHalf = 10, kHeight = 30, kGroundHalf = 200;

struct NoaaSun {
    double altitude, azimuth;   // degrees; azimuth clockwise from true north
};

// NOAA's equations: fractional year, equation of time and declination (Spencer's series), true solar
// time, hour angle, zenith and azimuth. Accurate to a few hundredths of a degree, refraction aside.
NoaaSun noaaSun(int year, int month, int day, double clockHours, double zone, double lon, double lat) {
    static const int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int dayOfYear = before[month - 1] + day + (leap && month > 2 ? 1 : 0);
    const double g = 2 * kPi / (leap ? 366 : 365) * (dayOfYear - 1 + (clockHours - 12) / 24);
    const double eqtime = 229.18 * (0.000075 + 0.001868 * std::cos(g) - 0.032077 * std::sin(g) - 0.014615 * std::cos(2 * g) -
                                    0.040849 * std::sin(2 * g));
    const double decl = 0.006918 - 0.399912 * std::cos(g) + 0.070257 * std::sin(g) - 0.006758 * std::cos(2 * g) +
                        0.000907 * std::sin(2 * g) - 0.002697 * std::cos(3 * g) + 0.00148 * std::sin(3 * g);
    const double trueSolarMinutes = clockHours * 60 + eqtime + 4 * lon - 60 * zone;
    const double ha = (trueSolarMinutes / 4 - 180) * kDeg;
    const double phi = lat * kDeg;
    const double cosZenith = std::sin(phi) * std::sin(decl) + std::cos(phi) * std::cos(decl) * std::cos(ha);
    const double zenith = std::acos(cosZenith);
    double azimuth = std::atan2(std::sin(ha), std::cos(ha) * std::sin(phi) - std::tan(decl) * std::cos(phi)) / kDeg + 180;
    return {90 - zenith / kDeg, std::fmod(azimuth + 360, 360)};
}

struct Scene {
    fs::path project;
    double lon = 0, lat = 0;        // the box's centre
    double trueNorthInGrid = 0;     // degrees clockwise from grid north to true north there
};

const Scene& scene() {
    static const Scene s = [] {
        Scene s;
        const fs::path data = workDir() / "box.gpkg";
        auto square = [](double half, double cx, double cy) {
            char wkt[256];
            std::snprintf(wkt, sizeof wkt, "POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))", cx - half, cy - half,
                          cx + half, cy - half, cx + half, cy + half, cx - half, cy + half, cx - half, cy - half);
            return std::string(wkt);
        };
        fixtures::writeLayer(data.string(), "GPKG", "ground", 4549, wkbPolygon, {{"name"}}, {{square(kGroundHalf, kCx, kCy), {"g"}}});
        fixtures::writeLayer(data.string(), "GPKG", "box", 4549, wkbPolygon, {{"h", OFTReal}}, {{square(kHalf, kCx, kCy), {"30"}}});
        s.project = workDir() / "box.toml";
        std::ofstream(s.project) << "title = \"box\"\ncrs = \"EPSG:4549\"\n"
                                    "[[layer]]\nname = \"ground\"\nsource = \"box.gpkg\"\nlayer = \"ground\"\nkind = \"polygons\"\n"
                                    "[layer.style]\ndefault = \"#F0F0F0\"\n"
                                    "[[layer]]\nname = \"box\"\nsource = \"box.gpkg\"\nlayer = \"box\"\nkind = \"parcels\"\nextrude = \"h\"\n"
                                    "[layer.style]\ndefault = \"#C03030\"\n";
        // The centre in lon/lat, and true north: a point 0.001° north of it, in the frame.
        OGRSpatialReference grid, geographic;
        grid.importFromEPSG(4549);
        geographic.importFromEPSG(4490);
        geographic.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        grid.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> toLonLat(OGRCreateCoordinateTransformation(&grid, &geographic));
        std::unique_ptr<OGRCoordinateTransformation> toGrid(OGRCreateCoordinateTransformation(&geographic, &grid));
        double x = kCx, y = kCy;
        toLonLat->Transform(1, &x, &y);
        s.lon = x, s.lat = y;
        double nx = s.lon, ny = s.lat + 0.001;
        toGrid->Transform(1, &nx, &ny);
        s.trueNorthInGrid = std::atan2(nx - kCx, ny - kCy) / kDeg;
        return s;
    }();
    return s;
}

struct Render {
    Image image;
    // Pixel (column, row) centre ↔ frame metres.
    double x(int col) const { return image.geoTransform[0] + (col + 0.5) * image.geoTransform[1]; }
    double y(int row) const { return image.geoTransform[3] + (row + 0.5) * image.geoTransform[5]; }
    int col(double x) const { return static_cast<int>(std::floor((x - image.geoTransform[0]) / image.geoTransform[1])); }
    int row(double y) const { return static_cast<int>(std::floor((y - image.geoTransform[3]) / image.geoTransform[5])); }
};

Render render(const std::string& sun, const std::string& name) {
    const fs::path out = workDir() / (name + ".tif");
    RunResult r = runPlanview({"render", scene().project.string(), "--view", "top", "--ortho", "--size", "560x560", "--sun", sun,
                               "-o", out.string()});
    EXPECT_EQ(r.code, 0) << r.describe();
    return Render{readImage(out)};
}

// The flat white ground in the sun keeps its colour (240); in shadow it is clearly darker.
bool dark(const std::array<int, 3>& p) { return p[1] < 200 && p[0] < 200 && std::abs(p[0] - p[1]) < 30; }

void expectShadowOf(const std::string& sunText, int hour) {
    const Scene& s = scene();
    const NoaaSun sun = noaaSun(2020, 1, 20, hour, 8, s.lon, s.lat);
    ASSERT_GT(sun.altitude, 10) << "the test's times have the sun well up";
    Render image = render(sunText, "box_" + std::to_string(hour));
    ASSERT_GT(image.image.width, 0);
    const double metresPerPixel = image.image.geoTransform[1];
    ASSERT_LT(metresPerPixel, 1.0);

    // Away from the sun, in the frame's grid.
    const double shadowAzimuth = (sun.azimuth + 180 - s.trueNorthInGrid) * kDeg;
    const double dx = std::sin(shadowAzimuth), dy = std::cos(shadowAzimuth);
    const double expectedLength = kHeight / std::tan(sun.altitude * kDeg);
    // Along the ray from the box's centre away from the sun, the shadow ends where the footprint's
    // own extent that way (a square's: half / max(|dx|, |dy|)) plus the shadow's length ends.
    const double expectedEnd = kHalf / std::max(std::fabs(dx), std::fabs(dy)) + expectedLength;
    double end = 0;
    for (double t = kHalf; t < kGroundHalf - 5; t += metresPerPixel / 4) {
        const int c = image.col(kCx + t * dx), r = image.row(kCy + t * dy);
        if (c < 0 || r < 0 || c >= image.image.width || r >= image.image.height) break;
        if (dark(image.image.at(c, r))) end = t;
    }
    EXPECT_NEAR(end, expectedEnd, 3 * metresPerPixel)
        << sunText << ": sun at altitude " << sun.altitude << "°, azimuth " << sun.azimuth << "° (NOAA); shadow "
        << expectedLength << " m long";

    // The shadow's direction: the centroid of the dark pixels lies on the ray away from the sun.
    double sx = 0, sy = 0;
    long count = 0;
    for (int row = 0; row < image.image.height; ++row)
        for (int col = 0; col < image.image.width; ++col)
            if (dark(image.image.at(col, row))) sx += image.x(col) - kCx, sy += image.y(row) - kCy, ++count;
    ASSERT_GT(count, 100) << sunText << ": no shadow";
    const double measured = std::atan2(sx, sy) / kDeg, expected = shadowAzimuth / kDeg;
    const double difference = std::remainder(measured - expected, 360.0);
    EXPECT_LT(std::fabs(difference), 2.0) << sunText << ": shadow towards " << measured << "°, expected " << expected << "°";
    // Its area: the footprint swept along the shadow, less the footprint (the roof covers it).
    const double side = 2 * kHalf;
    const double expectedArea = side * expectedLength * (std::fabs(dx) + std::fabs(dy));
    const double area = count * metresPerPixel * metresPerPixel;
    EXPECT_NEAR(area, expectedArea, 0.08 * expectedArea) << sunText;
}

TEST(SunShadows, ABoxCastsItsShadowWhereTheSunSays) {
    expectShadowOf("2020-01-20 10:00", 10);   // 大寒, morning: towards the north-west
    expectShadowOf("2020-01-20 15:00 UTC+8", 15);   // afternoon: north-east
}

TEST(SunShadows, AtNightThereIsNoShadowAndTheMapIsDim) {
    const Scene& s = scene();
    ASSERT_LT(noaaSun(2020, 1, 20, 22, 8, s.lon, s.lat).altitude, -20);
    Render night = render("2020-01-20 22:00", "box_night");
    ASSERT_GT(night.image.width, 0);
    // The ground around the box is one colour, darker than by day's white.
    const std::array<int, 3> reference = night.image.at(night.col(kCx + 150), night.row(kCy - 150));
    EXPECT_LT(reference[1], 180) << "the night ground is not dimmed";
    int differing = 0;
    for (double ox = -120; ox <= 120; ox += 2)
        for (double oy = -120; oy <= 120; oy += 2) {
            if (std::fabs(ox) < kHalf + 2 && std::fabs(oy) < kHalf + 2) continue;   // the roof
            if (distance2(night.image.at(night.col(kCx + ox), night.row(kCy + oy)), reference) > 3 * 3 * 3) ++differing;
        }
    EXPECT_EQ(differing, 0) << "shadow-like pixels around the box at night";
}

TEST(SunShadows, ABadSunIsAUsageOfBadInput) {
    RunResult r = runPlanview({"render", scene().project.string(), "--sun", "2020-01-20 25:00", "-o", (workDir() / "x.png").string()});
    EXPECT_EQ(r.code, 2) << r.describe();
    EXPECT_NE(r.err.find("--sun"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("2020-01-20 25:00"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace render_test
