// The sun panel's 日照分析 without a display (issue 19), on an analytic scene: a long east–west wall
// 40 m tall and a five-storey home (15 m, floors of 3 m) whose south facade stands 45 m north of the
// wall's north face. A window sill at height z on that facade sees the sun when the sun is up, in front
// of the facade (south of east–west), and its ray clears the wall: z + D / −cos(azimuth) · tan(altitude)
// ≥ H. The sun's altitude and azimuth come from geo::sunPosition (tested against NREL's SPA and NOAA's
// values in test_sun), the scene's place from PROJ through OGR; the counting (periods of at least
// 5 minutes) is done here. References: that formula for the minutes of every south point, the ramp's
// published end colours, and the points' own minutes for the failing list.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "app/tools/MapController.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "geo/Sun.h"
#include "geo/SunlightRamp.h"
#include "tests/viewer/SampleControllerTest.h"

namespace {

constexpr double kX0 = 516000, kY0 = 3347000;   // EPSG:4549 metres, near 120.17 E 30.25 N (Hangzhou)
constexpr double kWallHeight = 40, kDistance = 45, kHomeHeight = 15;
constexpr double kPi = 3.14159265358979323846;

/// A project of two extruded buildings in a GeoPackage written with GDAL in a temporary folder.
struct AnalyticProject {
    std::filesystem::path dir, path;
    AnalyticProject() {
        std::string pattern = (std::filesystem::temp_directory_path() / "planview-sunlight-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        dir = pattern;
        GDALAllRegister();
        const std::string gpkg = (dir / "scene.gpkg").string();
        GDALDataset* ds = GetGDALDriverManager()->GetDriverByName("GPKG")->Create(gpkg.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
        OGRSpatialReference srs;
        srs.importFromEPSG(4549);
        OGRLayer* layer = ds->CreateLayer("buildings", &srs, wkbPolygon, nullptr);
        OGRFieldDefn name("name", OFTString), height("height_m", OFTReal);
        layer->CreateField(&name);
        layer->CreateField(&height);
        auto add = [&](const char* n, double x0, double y0, double x1, double y1, double h) {
            OGRFeature* f = OGRFeature::CreateFeature(layer->GetLayerDefn());
            f->SetField("name", n);
            f->SetField("height_m", h);
            OGRLinearRing ring;
            ring.addPoint(x0, y0);
            ring.addPoint(x1, y0);
            ring.addPoint(x1, y1);
            ring.addPoint(x0, y1);
            ring.closeRings();
            OGRPolygon polygon;
            polygon.addRing(&ring);
            f->SetGeometry(&polygon);
            if (layer->CreateFeature(f) != OGRERR_NONE) throw std::runtime_error("cannot write a feature");
            OGRFeature::DestroyFeature(f);
        };
        add("wall", kX0 - 200, kY0 - 2, kX0 + 200, kY0, kWallHeight);
        add("home", kX0 - 10, kY0 + kDistance, kX0 + 10, kY0 + kDistance + 10, kHomeHeight);
        GDALClose(ds);
        path = dir / "project.toml";
        std::ofstream(path) << "title = \"日照\"\ncrs = \"EPSG:4549\"\n[[layer]]\nname = \"buildings\"\nsource = \"scene.gpkg\"\n"
                               "layer = \"buildings\"\nkind = \"polygons\"\nextrude = \"height_m\"\nlabel = \"name\"\n";
    }
    ~AnalyticProject() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

using Viewer = viewer_test::ProjectViewer;

/// lon/lat of an EPSG:4549 point, through PROJ (OGR), not through the program's scene frame.
geo::Vec2 lonLatOf(double x, double y) {
    OGRSpatialReference from, to;
    from.importFromEPSG(4549);
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    to.importFromEPSG(4326);
    to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&from, &to));
    if (!t || !t->Transform(1, &x, &y)) throw std::runtime_error("PROJ cannot transform");
    return {x, y};
}

/// The minutes a sill `z` metres up on the south facade sees the sun on `date`, every minute of true
/// solar time from 8:00 to 16:00, periods shorter than 5 minutes dropped.
double analyticSouthMinutes(const geo::CivilDate& date, double z, geo::Vec2 lonLat) {
    double counted = 0, run = 0;
    for (int minute = 8 * 60; minute <= 16 * 60; ++minute) {
        bool sunlit = false;
        if (minute < 16 * 60) {
            const double clock = geo::trueSolarToClock(date, (minute + 0.5) / 60, 8, lonLat.x);
            const geo::SunPosition sun = geo::sunPosition(date, clock, 8, lonLat.x, lonLat.y);
            const double cosAzimuth = std::cos(sun.azimuth * kPi / 180);
            sunlit = sun.altitude > 0 && cosAzimuth < 0 &&
                     z + kDistance / -cosAzimuth * std::tan(sun.altitude * kPi / 180) >= kWallHeight;
        }
        if (sunlit) {
            ++run;
        } else {
            if (run >= 5) counted += run;
            run = 0;
        }
    }
    return counted;
}

class SunlightToolTest : public ::testing::Test {
protected:
    AnalyticProject project;
    Viewer viewer{project.path.string()};
    planview::MapController& c = *viewer.controller;
    planview::SunlightUiState& s = c.state().sunlight;
    const geo::CivilDate dahan = geo::solarTermDate(geo::SolarTerm::GreatCold, 2020, 8);

    void SetUp() override {
        c.sun.setSunDate(dahan);
        s.scope = planview::SunlightScope::Where;
        s.where = "name = 'home'";
        s.spacing = 2;
        s.fast = false;
    }
};

TEST_F(SunlightToolTest, SouthFacadeMinutesAreTheWallsShadowOnEveryFloor) {
    ASSERT_EQ(dahan, (geo::CivilDate{2020, 1, 20}));
    c.sunlight.runSunlight();
    ASSERT_TRUE(s.error.empty()) << s.error;
    EXPECT_TRUE(s.running);
    c.sunlight.wait();
    ASSERT_TRUE(s.computed) << s.error;
    EXPECT_FALSE(s.running);
    EXPECT_EQ(s.date, dahan);
    EXPECT_DOUBLE_EQ(s.fromMinutes, 8 * 60);
    EXPECT_DOUBLE_EQ(s.toMinutes, 16 * 60);
    ASSERT_FALSE(s.points.empty());
    ASSERT_EQ(s.results.size(), s.points.size());

    // The home's south facade: its points face south (normal −y) and stand on y = kY0 + kDistance.
    const geo::Vec2 lonLat = lonLatOf(kX0, kY0 + kDistance + 5);
    std::map<int, double> expectedByFloor;
    std::size_t south = 0;
    for (std::size_t i = 0; i < s.points.size(); ++i) {
        const geo::SunlightPoint& p = s.points[i];
        if (p.normal.y > -0.99) continue;
        ++south;
        auto [it, added] = expectedByFloor.emplace(p.floor, 0.0);
        if (added) it->second = analyticSouthMinutes(dahan, p.height, lonLat);
        EXPECT_NEAR(p.height, (p.floor - 1) * 3 + 0.9, 1e-9);
        EXPECT_NEAR(s.results[i].minutes, it->second, 2.0) << "floor " << p.floor << " at x " << p.position.x;
    }
    EXPECT_EQ(south, 5u * 10u) << "20 m of facade every 2 m on five floors";
    ASSERT_EQ(expectedByFloor.size(), 5u);
    // The wall's shadow reaches the ground floor all day and the floors above for less and less.
    EXPECT_EQ(expectedByFloor[1], 0);
    EXPECT_LT(expectedByFloor[2], expectedByFloor[3]);
    EXPECT_GT(expectedByFloor[2], 120) << "the second floor passes the 2 hours";
    EXPECT_LT(expectedByFloor[5], 480);

    // The colours on the ramp: no sun is the ramp's dark end, short of 2 h reddish, 2 h and more green,
    // each point's colour the ramp's at its minutes; and the scene draws one mark a point.
    ASSERT_EQ(s.colors.size(), s.points.size());
    for (std::size_t i = 0; i < s.points.size(); ++i) {
        const double minutes = s.results[i].minutes;
        const geo::Color& colour = s.colors[i];
        EXPECT_EQ(colour, geo::sunlightRampColor(minutes, 120, 480));
        if (minutes == 0) EXPECT_EQ(colour, geo::kSunlightNone);
        if (minutes < 120) EXPECT_GT(colour.r, colour.g) << minutes;
        else EXPECT_GT(colour.g, colour.r) << minutes;
    }
    EXPECT_EQ(viewer.scene->markCount(), s.points.size());

    // The failing list: exactly the floors (of the home) with a point short of 2 hours, each with its
    // count of such points and its least minutes.
    std::map<std::pair<std::size_t, int>, std::pair<std::size_t, double>> failing;
    std::size_t failingPoints = 0;
    for (std::size_t i = 0; i < s.points.size(); ++i) {
        if (s.results[i].minutes >= 120) continue;
        auto& f = failing[{s.points[i].feature, s.points[i].floor}];
        if (f.first++ == 0) f.second = s.results[i].minutes;
        f.second = std::min(f.second, s.results[i].minutes);
        ++failingPoints;
    }
    EXPECT_EQ(s.failingPoints, failingPoints);
    ASSERT_EQ(s.failures.size(), failing.size());
    for (const planview::SunlightFailure& f : s.failures) {
        const auto found = failing.find({f.feature, f.floor});
        ASSERT_NE(found, failing.end()) << f.building << " floor " << f.floor;
        EXPECT_EQ(f.failing, found->second.first);
        EXPECT_EQ(f.leastMinutes, found->second.second);
        EXPECT_EQ(f.building, "home");
    }
    // The north facade never has the winter sun in front of it: every floor fails.
    for (int floor = 1; floor <= 5; ++floor) EXPECT_TRUE(failing.count({1, floor})) << floor;

    // A row flies to its failing points and selects the building; picking a point describes it.
    geo::Extent flown;
    c.host().onFlyTo = [&](const geo::Extent& bounds, double) { flown = bounds; };
    c.sunlight.flyToSunlightFailure(0);
    EXPECT_FALSE(flown.empty());
    ASSERT_TRUE(c.state().inspector);
    EXPECT_EQ(c.state().inspector->title, "home");
    c.sunlight.pickIndex(3);
    ASSERT_TRUE(s.picked);
    EXPECT_EQ(*s.picked, 3u);
}

TEST_F(SunlightToolTest, TheFastModeKeepsEachFloorsVerdictAndTheGroundGridLiesInTheWallsShadow) {
    s.fast = true;
    s.ground = true;
    s.groundSpacing = 4;
    c.sunlight.runSunlight();
    c.sunlight.wait();
    ASSERT_TRUE(s.computed) << s.error;
    const geo::Vec2 lonLat = lonLatOf(kX0, kY0 + kDistance + 5);
    std::size_t shadowed = 0;
    for (std::size_t i = 0; i < s.points.size(); ++i) {
        const geo::SunlightPoint& p = s.points[i];
        if (p.feature == planview::kGroundPoint) {
            // Scene metres are the frame's, from its origin. Between the wall and the home the wall's shadow (at least 40 m / tan 39.5° = 48 m long
            // on 大寒) covers the ground all day.
            const geo::Vec2 origin = viewer.data.frame.origin();
            const double north = p.position.y + origin.y - kY0, east = p.position.x + origin.x - kX0;
            if (north > 1 && north < kDistance - 1 && std::abs(east) < 40) {
                EXPECT_EQ(s.results[i].minutes, 0) << east << " " << north;
                ++shadowed;
            }
            continue;
        }
        if (p.normal.y > -0.99) continue;
        const double expected = analyticSouthMinutes(dahan, p.height, lonLat);
        EXPECT_EQ(s.results[i].minutes >= 120, expected >= 120) << "floor " << p.floor;
    }
    EXPECT_GT(shadowed, 20u);
}

TEST_F(SunlightToolTest, ACancelledRunKeepsTheEarlierResultAndBadSettingsAreSaid) {
    c.sunlight.runSunlight();
    c.sunlight.wait();
    ASSERT_TRUE(s.computed);
    const std::size_t before = s.points.size();
    s.ground = true;
    s.groundSpacing = 0.5;
    c.sunlight.runSunlight();
    c.sunlight.cancelSunlight();
    c.sunlight.wait();
    EXPECT_TRUE(s.cancelled);
    EXPECT_FALSE(s.running);
    EXPECT_EQ(s.points.size(), before);

    s.fromHours = 16;
    s.toHours = 8;
    c.sunlight.runSunlight();
    EXPECT_FALSE(s.running);
    EXPECT_FALSE(s.error.empty());
    s.fromHours = 8;
    s.toHours = 16;
    s.scope = planview::SunlightScope::Selection;
    c.sunlight.runSunlight();
    EXPECT_NE(s.error.find("buildings"), std::string::npos) << s.error;
}

}  // namespace
