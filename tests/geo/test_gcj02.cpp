#include <gtest/gtest.h>
#include <cmath>
#include <fstream>
#include <sstream>
#include "geo/Errors.h"
#include "geo/Gcj02.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "tests/support/Fixtures.h"

namespace {

// Published reference pairs (WGS84 -> GCJ-02), as used by the open-source eviltransform project's tests.
struct KnownPoint {
    double wgsLat, wgsLon, gcjLat, gcjLon;
};
const KnownPoint known[] = {
    {31.1774276, 121.5272106, 31.17530398364597, 121.531541859215},     // Shanghai
    {22.543847, 113.912316, 22.540796131694766, 113.9171764808363},     // Shenzhen
    {39.911954, 116.377817, 39.91334545536069, 116.38404722455657},     // Beijing
};

double metres(geo::Vec2 a, geo::Vec2 b) {
    double dy = (a.y - b.y) * 111320.0, dx = (a.x - b.x) * 111320.0 * std::cos(a.y * M_PI / 180);
    return std::hypot(dx, dy);
}

}  // namespace

TEST(Gcj02, ForwardMatchesPublishedPoints) {
    for (const auto& k : known) {
        geo::Vec2 gcj = geo::wgs84ToGcj02({k.wgsLon, k.wgsLat});
        EXPECT_NEAR(gcj.x, k.gcjLon, 1e-7);
        EXPECT_NEAR(gcj.y, k.gcjLat, 1e-7);
    }
}

TEST(Gcj02, InverseRecoversWgs84WithinHalfAMetre) {
    for (const auto& k : known) {
        geo::Vec2 wgs = geo::gcj02ToWgs84({k.gcjLon, k.gcjLat});
        EXPECT_LT(metres(wgs, {k.wgsLon, k.wgsLat}), 0.5);
        EXPECT_LT(metres(wgs, {k.wgsLon, k.wgsLat}), 0.01) << "the iteration converges far below 0.5 m";
    }
    // Across Hangzhou too: the offset there is a few hundred metres, and the inverse undoes it.
    for (double lon = 120.10; lon <= 120.25; lon += 0.05)
        for (double lat = 30.18; lat <= 30.34; lat += 0.04) {
            geo::Vec2 gcj = geo::wgs84ToGcj02({lon, lat});
            EXPECT_GT(metres(gcj, {lon, lat}), 100);
            EXPECT_LT(metres(geo::gcj02ToWgs84(gcj), {lon, lat}), 0.5);
        }
}

TEST(Gcj02, OutsideChinaPassesUnchanged) {
    for (geo::Vec2 p : {geo::Vec2{2.35, 48.85}, geo::Vec2{-74.0, 40.7}, geo::Vec2{151.2, -33.9}}) {
        EXPECT_EQ(geo::wgs84ToGcj02(p).x, p.x);
        EXPECT_EQ(geo::gcj02ToWgs84(p).y, p.y);
    }
}

// The layer option: the same parcels, once in WGS84 and once as a web map would give them (GCJ-02),
// land within 0.5 m of each other when the second is read with datum = "gcj02".
TEST(Gcj02, ProjectDatumOptionCorrectsALayer) {
    fixtures::TempDir dir;
    std::vector<geo::Vec2> corners{{120.170, 30.250}, {120.172, 30.250}, {120.172, 30.2515}, {120.170, 30.2515}};
    auto wkt = [&](bool shifted) {
        std::ostringstream s;
        s.precision(12);
        s << "POLYGON((";
        for (std::size_t i = 0; i <= corners.size(); ++i) {
            geo::Vec2 p = shifted ? geo::wgs84ToGcj02(corners[i % corners.size()]) : corners[i % corners.size()];
            s << (i ? "," : "") << p.x << ' ' << p.y;
        }
        return s.str() + "))";
    };
    fixtures::writeLayer(dir / "wgs.gpkg", "GPKG", "p", 4326, wkbPolygon, {{"n"}}, {{wkt(false), {"a"}}});
    fixtures::writeLayer(dir / "web.gpkg", "GPKG", "p", 4326, wkbPolygon, {{"n"}}, {{wkt(true), {"a"}}});
    std::ofstream(dir / "p.toml") << "[[layer]]\nname = \"wgs\"\nsource = \"wgs.gpkg\"\n"
                                     "[[layer]]\nname = \"web\"\nsource = \"web.gpkg\"\ndatum = \"gcj02\"\n";
    geo::Project project = geo::loadProject(dir / "p.toml");
    ASSERT_TRUE(project.layers[1].gcj02);
    geo::ProjectData data = geo::loadProjectData(project);
    const auto& a = data.layers[0].data.features.at(0).polygons.at(0).rings.at(0);
    const auto& b = data.layers[1].data.features.at(0).polygons.at(0).rings.at(0);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_LT(std::hypot(a[i].x - b[i].x, a[i].y - b[i].y), 0.5);

    // Without the option the web-map copy lies hundreds of metres off.
    project.layers[1].gcj02 = false;
    geo::ProjectData raw = geo::loadProjectData(project);
    const auto& c = raw.layers[1].data.features.at(0).polygons.at(0).rings.at(0);
    EXPECT_GT(std::hypot(a[0].x - c[0].x, a[0].y - c[0].y), 100);
}

TEST(Gcj02, DatumOnAProjectedLayerOrAnUnknownDatumIsAnInputError) {
    fixtures::TempDir dir;
    fixtures::writeLayer(dir / "m.gpkg", "GPKG", "p", 4549, wkbPolygon, {{"n"}},
                         {{"POLYGON((516000 3347000,516100 3347000,516100 3347100,516000 3347000))", {"a"}}});
    std::ofstream(dir / "p.toml") << "[[layer]]\nname = \"m\"\nsource = \"m.gpkg\"\ndatum = \"gcj02\"\n";
    EXPECT_THROW(geo::loadProjectData(geo::loadProject(dir / "p.toml")), geo::InputError);
    std::ofstream(dir / "q.toml") << "[[layer]]\nname = \"m\"\nsource = \"m.gpkg\"\ndatum = \"bd09\"\n";
    EXPECT_THROW(geo::loadProject(dir / "q.toml"), geo::InputError);
}
