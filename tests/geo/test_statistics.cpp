#include <gtest/gtest.h>
#include <cmath>
#include <map>
#include <sstream>
#include "geo/Errors.h"
#include "geo/FeatureReader.h"
#include "geo/SceneFrame.h"
#include "geo/Source.h"
#include "geo/Statistics.h"
#include "tests/support/Fixtures.h"

namespace {

std::string square(double lon, double lat, double size, bool withHole) {
    std::ostringstream wkt;
    wkt.precision(10);
    auto ring = [&](double x, double y, double s) {
        wkt << '(' << x << ' ' << y << ',' << x + s << ' ' << y << ',' << x + s << ' ' << y + s << ',' << x << ' '
            << y + s << ',' << x << ' ' << y << ')';
    };
    wkt << "POLYGON(";
    ring(lon, lat, size);
    if (withHole) { wkt << ','; ring(lon + size / 4, lat + size / 4, size / 4); }
    wkt << ')';
    return wkt.str();
}

/// A 12 × 12 grid of parcels in CGCS2000 lon/lat, four land-use classes, some with holes, and two zones
/// that cut through parcels, so that areas must be split by intersection.
void writeFixture(const std::string& path) {
    std::vector<fixtures::Row> parcels;
    const char* classes[] = {"R2", "B1", "G1", "A7"};
    for (int i = 0; i < 12; ++i)
        for (int j = 0; j < 12; ++j) {
            int k = i * 12 + j;
            parcels.push_back({square(120.16 + i * 0.001, 30.24 + j * 0.001, 0.0009, k % 5 == 0),
                               {classes[k % 4], std::to_string(10 + k % 7 * 6), std::to_string(1.0 + k % 3), std::to_string(k * 1.5)}});
        }
    fixtures::writeLayer(path, "GPKG", "parcels", 4490, wkbPolygon,
                         {{"landuse"}, {"height_m", OFTReal}, {"far", OFTReal}, {"invest", OFTReal}}, parcels);
    fixtures::writeLayer(path, "GPKG", "zones", 4490, wkbPolygon, {{"name_zh"}},
                         {{"POLYGON((120.1605 30.2405,120.1655 30.2405,120.1655 30.2472,120.1605 30.2405))", {"湖滨"}},
                          {"POLYGON((120.1663 30.2413,120.1745 30.2413,120.1745 30.2517,120.1663 30.2517,120.1663 30.2413))", {"吴山"}}});
}

struct Frame {
    geo::SceneFrame frame = [] {
        geo::Extent e;
        e.add(120.15, 30.23);
        e.add(120.18, 30.26);
        return geo::SceneFrame::choose(e);
    }();
};

}  // namespace

TEST(Statistics, AreasByLandUsePerZoneMatchSpatiaLiteWithinHalfAPercent) {
    fixtures::TempDir dir;
    const std::string path = dir / "plan.gpkg";
    writeFixture(path);
    Frame f;
    geo::Source source = geo::Source::open(path);
    geo::FeatureLayer parcels = geo::readLayer(source, "parcels", f.frame);
    geo::FeatureLayer zones = geo::readLayer(source, "zones", f.frame);
    geo::StatsTable table = geo::computeStatistics(parcels, {"landuse", {"invest"}, ""}, &zones);

    // The independent reference: SpatiaLite's own intersection and area, in EPSG:4549 metres.
    std::map<std::pair<std::string, std::string>, std::pair<double, int>> reference;
    OGRLayer* sql = source.dataset().ExecuteSQL(
        "SELECT z.name_zh AS zone, p.landuse AS landuse, "
        "SUM(ST_Area(ST_Intersection(ST_Transform(p.geom, 4549), ST_Transform(z.geom, 4549)))) AS area, "
        "COUNT(*) AS n FROM parcels p, zones z WHERE ST_Intersects(p.geom, z.geom) "
        "AND ST_Area(ST_Intersection(p.geom, z.geom)) > 0 GROUP BY z.name_zh, p.landuse",
        nullptr, "SQLite");
    ASSERT_NE(sql, nullptr);
    for (OGRFeatureUniquePtr row(sql->GetNextFeature()); row; row.reset(sql->GetNextFeature()))
        reference[{row->GetFieldAsString("zone"), row->GetFieldAsString("landuse")}] = {row->GetFieldAsDouble("area"),
                                                                                        row->GetFieldAsInteger("n")};
    source.dataset().ReleaseResultSet(sql);

    ASSERT_EQ(table.rows.size(), reference.size());
    EXPECT_EQ(reference.size(), 8u) << "both zones hold all four classes";
    for (const auto& row : table.rows) {
        auto it = reference.find({row.zone, row.category});
        ASSERT_NE(it, reference.end()) << row.zone << " " << row.category;
        EXPECT_NEAR(row.areaM2, it->second.first, 0.005 * it->second.first) << row.zone << " " << row.category;
        EXPECT_EQ(static_cast<int>(row.count), it->second.second) << row.zone << " " << row.category;
    }
    EXPECT_EQ(table.rows.front().zone, "湖滨") << "zones in their layer's order";
}

TEST(Statistics, WithoutZonesEveryFeatureCountsWithFloorAreaAndSums) {
    fixtures::TempDir dir;
    const std::string path = dir / "plan.gpkg";
    writeFixture(path);
    Frame f;
    geo::Source source = geo::Source::open(path);
    geo::FeatureLayer parcels = geo::readLayer(source, "parcels", f.frame);
    geo::StatsTable table = geo::computeStatistics(parcels, {"landuse", {"invest"}, ""});
    ASSERT_EQ(table.rows.size(), 4u);
    std::size_t count = 0;
    double invest = 0, area = 0, floor = 0;
    for (const auto& r : table.rows) {
        count += r.count;
        invest += r.sums.at(0);
        area += r.areaM2;
        floor += r.floorAreaM2;
        EXPECT_TRUE(r.floorAreaKnown);
    }
    EXPECT_EQ(count, 144u);
    EXPECT_DOUBLE_EQ(invest, 1.5 * (143 * 144 / 2));
    // Floor area = Σ area × FAR, FAR cycling 1, 2, 3: between 1× and 3× the area, near 2×.
    EXPECT_NEAR(floor / area, 2.0, 0.1);
    for (std::size_t i = 1; i < table.rows.size(); ++i) EXPECT_GE(table.rows[i - 1].areaM2, table.rows[i].areaM2);
}

TEST(Statistics, UnknownFieldsAreInputErrors) {
    fixtures::TempDir dir;
    const std::string path = dir / "plan.gpkg";
    writeFixture(path);
    Frame f;
    geo::Source source = geo::Source::open(path);
    geo::FeatureLayer parcels = geo::readLayer(source, "parcels", f.frame);
    EXPECT_THROW(geo::computeStatistics(parcels, {"nope", {}, ""}), geo::InputError);
    EXPECT_THROW(geo::computeStatistics(parcels, {"landuse", {"nope"}, ""}), geo::InputError);
}
