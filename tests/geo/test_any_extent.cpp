// Any extent (issue 18): a province's, a country's and the world's data get a frame that does not
// break, nothing is skipped, data across the antimeridian stays in one piece, and the areas and
// lengths PlanView reports are the ellipsoid's, checked against PROJ's geodesic routines called here
// on the source's own lon/lat vertices.
#include <gtest/gtest.h>
#include <geodesic.h>
#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include "geo/FeatureReader.h"
#include "geo/Geodesic.h"
#include "geo/Measure.h"
#include "geo/SceneFrame.h"
#include "geo/Source.h"
#include "geo/Statistics.h"
#include "tests/support/Fixtures.h"

namespace {

using Ring = std::vector<std::pair<double, double>>;   // lon, lat

/// A ring through `corners` with `perEdge` points on each edge (straight in lon/lat).
Ring densified(const Ring& corners, int perEdge) {
    Ring out;
    for (std::size_t k = 0; k < corners.size(); ++k) {
        auto [x0, y0] = corners[k];
        auto [x1, y1] = corners[(k + 1) % corners.size()];
        for (int t = 0; t < perEdge; ++t) out.push_back({x0 + (x1 - x0) * t / perEdge, y0 + (y1 - y0) * t / perEdge});
    }
    out.push_back(out.front());
    return out;
}

std::string ringText(const Ring& ring) {
    std::ostringstream s;
    s.precision(12);
    s << '(';
    for (std::size_t i = 0; i < ring.size(); ++i) s << (i ? "," : "") << ring[i].first << ' ' << ring[i].second;
    s << ')';
    return s.str();
}

/// The reference: the ring's area on the WGS84 ellipsoid by PROJ's geodesic routines, m².
double ellipsoidArea(const Ring& ring) {
    geod_geodesic g;
    geod_init(&g, 6378137, 1 / 298.257223563);
    geod_polygon p;
    geod_polygon_init(&p, 0);
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) geod_polygon_addpoint(&g, &p, ring[i].second, ring[i].first);
    double area = 0;
    geod_polygon_compute(&g, &p, 0, 1, &area, nullptr);
    return std::abs(area);
}

/// A world of 24 × 16 cells with jittered shared corners (-180..180, -80..85), each a "country",
/// plus an Antarctica-like ring round the south pole; `continent` in five classes.
struct World {
    std::vector<fixtures::Row> rows;
    std::map<std::string, double> areaByContinent;   // the reference
    World() {
        const int nx = 24, ny = 16;
        auto corner = [&](int i, int j) {
            double x = -180 + 15.0 * i, y = -80 + 165.0 * j / ny;
            if (i > 0 && i < nx) x += 2 * std::sin(i * 12.9898 + j * 78.233);
            if (j > 0 && j < ny) y += 2 * std::cos(i * 39.3468 + j * 11.135);
            return std::pair{x, y};
        };
        for (int i = 0; i < nx; ++i)
            for (int j = 0; j < ny; ++j) {
                Ring ring = densified({corner(i, j), corner(i + 1, j), corner(i + 1, j + 1), corner(i, j + 1)}, 5);
                const std::string continent(1, static_cast<char>('A' + (i * 3 + j) % 5));
                rows.push_back({"POLYGON(" + ringText(ring) + ")", {continent}});
                areaByContinent[continent] += ellipsoidAreaOf(ring);
            }
        // Round the pole: along -86 from -180 to 180, then down the meridian to -89.5 and back.
        Ring pole;
        for (int lon = -180; lon <= 180; lon += 10) pole.push_back({double(lon), -86});
        for (int lon = 180; lon >= -180; lon -= 10) pole.push_back({double(lon), -89.5});
        pole.push_back(pole.front());
        rows.push_back({"POLYGON(" + ringText(pole) + ")", {"P"}});
        areaByContinent["P"] += ellipsoidAreaOf(pole);
    }
    static double ellipsoidAreaOf(const Ring& r) { return ellipsoidArea(r); }
};

geo::SceneFrame frameFor(geo::Source& source, const std::string& layer, const std::string& path) {
    return geo::SceneFrame::choose(geo::layerFrameExtent(source.layer(layer), path));
}

}  // namespace

TEST(AnyExtent, AProvinceGetsAnEqualAreaFrameAndItsAreasAreTheEllipsoids) {
    fixtures::TempDir dir;
    const std::string path = dir / "province.gpkg";
    // Twelve prefecture-sized polygons over Zhejiang (118–122.8 E, 27–31.4 N), CGCS2000.
    const double lons[] = {118.0, 119.2, 120.4, 121.6, 122.8}, lats[] = {27.0, 28.5, 30.0, 31.4};
    std::vector<fixtures::Row> rows;
    std::vector<double> reference;
    auto corner = [&](int i, int j) {
        double x = lons[i] + (i > 0 && i < 4 ? 0.25 * std::sin(i * 3.1 + j * 1.7) : 0);
        double y = lats[j] + (j > 0 && j < 3 ? 0.2 * std::cos(i * 2.3 + j * 0.9) : 0);
        return std::pair{x, y};
    };
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 3; ++j) {
            Ring ring = densified({corner(i, j), corner(i + 1, j), corner(i + 1, j + 1), corner(i, j + 1)}, 8);
            rows.push_back({"POLYGON(" + ringText(ring) + ")", {j % 2 ? "N" : "S"}});
            reference.push_back(ellipsoidArea(ring));
        }
    fixtures::writeLayer(path, "GPKG", "cities", 4490, wkbPolygon, {{"region"}}, rows);
    geo::Source source = geo::Source::open(path);
    geo::SceneFrame frame = frameFor(source, "cities", path);
    // Not a transverse Mercator zone it overflows (UTM 51's meridian is 123 E: Zhejiang's west is 5° off).
    EXPECT_EQ(frame.crsName().find("EPSG:326"), std::string::npos) << frame.crsName();
    EXPECT_NE(frame.crsName().find("laea"), std::string::npos) << frame.crsName();
    EXPECT_FALSE(frame.isWorld());
    EXPECT_TRUE(frame.distortsMeasures());
    geo::FeatureLayer layer = geo::readLayer(source, "cities", frame);
    ASSERT_EQ(layer.features.size(), rows.size());
    EXPECT_EQ(layer.report.skipped, 0u);
    double total = 0;
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        const double area = geo::measureFeature(layer.features[i], frame).areaM2;
        EXPECT_NEAR(area, reference[i], reference[i] * 1e-3) << "feature " << i;
        total += reference[i];
    }
    geo::StatsTable table = geo::computeStatistics(layer, {"region", {}, ""}, nullptr, &frame);
    double counted = 0;
    for (const geo::StatsRow& row : table.rows) counted += row.areaM2;
    EXPECT_NEAR(counted, total, total * 1e-3);
}

TEST(AnyExtent, ACountrysAreaAndLengthAreTheEllipsoids) {
    fixtures::TempDir dir;
    const std::string path = dir / "country.gpkg";
    // A China-sized polygon (73–135 E, 18–53 N) with a hole, and a line across it along 40 N.
    Ring shell = densified({{73.5, 39.5}, {80, 30}, {97, 21}, {110, 18.2}, {122, 29}, {135, 48}, {120, 53.5}, {87, 49}}, 12);
    Ring hole = densified({{100, 30}, {100, 35}, {105, 35}, {105, 30}}, 6);
    std::reverse(hole.begin(), hole.end());
    fixtures::writeLayer(path, "GPKG", "country", 4326, wkbPolygon, {{"name"}},
                         {{"POLYGON(" + ringText(shell) + "," + ringText(hole) + ")", {"C"}}});
    Ring line;
    for (int lon = 75; lon <= 130; lon += 5) line.push_back({double(lon), 40 + (lon % 10 ? 1.5 : -1.5)});
    std::string lineText = ringText(line);
    fixtures::writeLayer(path, "GPKG", "line", 4326, wkbLineString, {{"name"}}, {{"LINESTRING" + lineText, {"L"}}});

    geo::Source source = geo::Source::open(path);
    geo::SceneFrame frame = frameFor(source, "country", path);
    EXPECT_FALSE(frame.isWorld());
    EXPECT_TRUE(frame.distortsMeasures());
    geo::FeatureLayer country = geo::readLayer(source, "country", frame);
    ASSERT_EQ(country.features.size(), 1u);
    const double expected = ellipsoidArea(shell) - ellipsoidArea(hole);
    EXPECT_NEAR(geo::measureFeature(country.features[0], frame).areaM2, expected, expected * 1e-3);
    // The frame's own planar area is not what is reported: Lambert's equal-area keeps areas, but the
    // frame's straight edges are not the geodesics between the vertices (the reference's edges).
    geo::FeatureLayer lines = geo::readLayer(source, "line", frame);
    ASSERT_EQ(lines.features.size(), 1u);
    geod_geodesic g;
    geod_init(&g, 6378137, 1 / 298.257223563);
    double length = 0;
    for (std::size_t i = 1; i < line.size(); ++i) {
        double s12 = 0;
        geod_inverse(&g, line[i - 1].second, line[i - 1].first, line[i].second, line[i].first, &s12, nullptr, nullptr);
        length += s12;
    }
    const double measured = geo::measureFeature(lines.features[0], frame).lengthM;
    EXPECT_NEAR(measured, length, length * 1e-3);
    // Where the frame distorts lengths the frame's own metres are wrong by more than that.
    EXPECT_GT(std::abs(geo::polylineLength(lines.features[0].lines[0]) - length), length * 1e-3);
}

TEST(AnyExtent, AWorldLayerIsReadWholeInAFrameThatDoesNotBreakAndItsAreasAreTheEllipsoids) {
    fixtures::TempDir dir;
    const std::string path = dir / "world.gpkg";
    World world;
    fixtures::writeLayer(path, "GPKG", "countries", 4326, wkbPolygon, {{"continent"}}, world.rows);
    geo::Source source = geo::Source::open(path);
    geo::SceneFrame frame = frameFor(source, "countries", path);
    EXPECT_TRUE(frame.isWorld()) << frame.crsName();
    EXPECT_TRUE(frame.distortsMeasures());
    geo::FeatureLayer layer = geo::readLayer(source, "countries", frame);
    EXPECT_EQ(layer.report.skipped, 0u);
    EXPECT_EQ(layer.report.repaired, 0u);   // nothing folded over by the projection
    ASSERT_EQ(layer.features.size(), world.rows.size());
    // The frame holds the world: 360° × 175° of the ellipsoid's equator and meridian, in metres.
    EXPECT_NEAR(layer.bounds.width(), 2 * M_PI * 6378137, 1e3);
    EXPECT_GT(layer.bounds.height(), 165.0 / 360 * 2 * M_PI * 6378137);
    geo::StatsTable table = geo::computeStatistics(layer, {"continent", {}, ""}, nullptr, &frame);
    ASSERT_EQ(table.rows.size(), world.areaByContinent.size());
    for (const geo::StatsRow& row : table.rows) {
        const double expected = world.areaByContinent.at(row.category);
        EXPECT_NEAR(row.areaM2, expected, expected * 1e-3) << row.category;
    }
}

TEST(AnyExtent, DataAcrossTheAntimeridianFramesAndDrawsInOnePiece) {
    fixtures::TempDir dir;
    const std::string path = dir / "fiji.gpkg";
    // As Natural Earth writes Fiji: parts split at 180; and a ring written across it (179 then -179).
    const std::string split = "MULTIPOLYGON(((177 -18,180 -18,180 -16,177 -16,177 -18)),((-180 -18,-178 -18,-178 -16,-180 -16,-180 -18)))";
    const std::string across = "MULTIPOLYGON(((178 -20,-179 -20,-179 -19,178 -19,178 -20)))";
    fixtures::writeLayer(path, "GPKG", "islands", 4326, wkbMultiPolygon, {{"name"}}, {{split, {"split"}}, {across, {"across"}}});
    geo::Source source = geo::Source::open(path);
    const geo::Extent extent = geo::layerFrameExtent(source.layer("islands"), path);
    EXPECT_LT(extent.width(), 10.0);   // 177..182, not -180..180
    EXPECT_NEAR(std::remainder(extent.center().x, 360.0), 179.5, 1.0);
    geo::SceneFrame frame = geo::SceneFrame::choose(extent);
    EXPECT_FALSE(frame.isWorld());
    geo::FeatureLayer layer = geo::readLayer(source, "islands", frame);
    ASSERT_EQ(layer.features.size(), 2u);
    EXPECT_EQ(layer.report.skipped, 0u);
    // One piece each: as wide as 5° and 3° of longitude at 17–20 S (~530 and ~315 km), not the globe.
    EXPECT_NEAR(layer.features[0].bounds.width(), 5 * 111320 * std::cos(16 * M_PI / 180), 15e3);
    EXPECT_NEAR(layer.features[1].bounds.width(), 3 * 111320 * std::cos(19 * M_PI / 180), 10e3);
    // Area: the split feature's two parts, as written.
    const double expected = ellipsoidArea({{177, -18}, {180, -18}, {180, -16}, {177, -16}, {177, -18}}) +
                            ellipsoidArea({{-180, -18}, {-178, -18}, {-178, -16}, {-180, -16}, {-180, -18}});
    EXPECT_NEAR(geo::measureFeature(layer.features[0], frame).areaM2, expected, expected * 1e-3);

    // In a world frame, the same features stay whole too, past the window's edge.
    geo::Extent worldExtent;
    worldExtent.add(-180, -80);
    worldExtent.add(180, 80);
    geo::SceneFrame worldFrame = geo::SceneFrame::choose(worldExtent);
    ASSERT_TRUE(worldFrame.isWorld());
    geo::FeatureLayer inWorld = geo::readLayer(source, "islands", worldFrame);
    ASSERT_EQ(inWorld.features.size(), 2u);
    EXPECT_NEAR(inWorld.features[0].bounds.width(), 5 * 111319.49, 2e3);
    EXPECT_NEAR(inWorld.features[1].bounds.width(), 3 * 111319.49, 2e3);
    EXPECT_NEAR(geo::measureFeature(inWorld.features[1], worldFrame).areaM2,
                ellipsoidArea({{178, -20}, {181, -20}, {181, -19}, {178, -19}, {178, -20}}), 1e-3 * 3.5e10);
}

TEST(AnyExtent, ADistrictKeepsItsTransverseMercatorFrameAndPlanarMeasures) {
    geo::Extent hangzhou;
    hangzhou.add(120.145, 30.200);
    hangzhou.add(120.215, 30.263);
    geo::SceneFrame frame = geo::SceneFrame::choose(hangzhou);
    EXPECT_EQ(frame.crsName(), "EPSG:4549");
    EXPECT_FALSE(frame.distortsMeasures());   // CM 120 E, scale 1 + 3e-6 here
    geo::Extent paris;
    paris.add(2.25, 48.80);
    paris.add(2.42, 48.90);
    EXPECT_EQ(geo::SceneFrame::choose(paris).crsName(), "EPSG:32631");
}
