#include <gtest/gtest.h>
#include <cmath>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <set>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include "geo/Errors.h"
#include "geo/FeatureReader.h"
#include "geo/SceneFrame.h"
#include "geo/Source.h"
#include "geo/Triangulate.h"
#include "tests/support/Fixtures.h"

namespace {

using fixtures::Field;
using fixtures::Row;

const std::vector<Field> parcelFields{{"name_zh"}, {"用地性质"}, {"height_m", OFTReal}, {"big", OFTInteger64}};
const std::vector<Row> parcelRows{
    {"POLYGON((120.170 30.250,120.172 30.250,120.172 30.2515,120.170 30.2515,120.170 30.250))",
     {"劝业里", "R2", "24.5", "9007199254740993"}},
    {"POLYGON((120.180 30.240,120.183 30.240,120.183 30.243,120.180 30.243,120.180 30.240),"
     "(120.181 30.241,120.181 30.242,120.182 30.242,120.182 30.241,120.181 30.241))",
     {"三元坊", "B1", "60", "-5"}},
};

geo::SceneFrame hangzhouFrame() {
    geo::Extent e;
    e.add(120.145, 30.200);
    e.add(120.215, 30.263);
    return geo::SceneFrame::choose(e);
}

geo::FeatureLayer read(const std::string& path, const std::string& layer = "", const std::string& where = "") {
    geo::Source source = geo::Source::open(path);
    geo::ReadOptions options;
    options.where = where;
    return geo::readLayer(source, layer, hangzhouFrame(), options);
}

double polygonArea(const geo::Feature& f) {
    double a = 0;
    for (const auto& p : f.polygons) a += geo::area(p);
    return a;
}

}  // namespace

class EveryFormat : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(EveryFormat, ReadsGeometryAndChineseAttributes) {
    auto [driver, extension] = GetParam();
    fixtures::TempDir dir;
    std::string path = dir / ("parcels" + extension);
    std::vector<std::string> options;
    if (driver == "CSV") options = {"GEOMETRY=AS_WKT"};
    if (driver == "ESRI Shapefile") options = {"ENCODING=UTF-8"};  // GDAL writes ISO-8859-1 by default
    fixtures::writeLayer(path, driver, "parcels", 4326, wkbPolygon, parcelFields, parcelRows, options);
    geo::FeatureLayer layer = read(path);
    ASSERT_EQ(layer.features.size(), 2u);
    // Some formats (FlatGeobuf's spatial index) reorder features: put them back in fixture order.
    if (geo::toString(layer.value(layer.features[0], "name_zh")) == "三元坊")
        std::swap(layer.features[0], layer.features[1]);
    EXPECT_EQ(layer.kind, geo::GeometryKind::Polygon);
    EXPECT_EQ(geo::toString(layer.value(layer.features[0], "name_zh")), "劝业里");
    EXPECT_EQ(geo::toString(layer.value(layer.features[1], "name_zh")), "三元坊");
    // Each parcel's area in metres: 0.002° × 0.0015° at 30.25° N is about 192 m × 166 m.
    EXPECT_NEAR(polygonArea(layer.features[0]), 192.4 * 166.3, 0.02 * 192.4 * 166.3);
    EXPECT_EQ(layer.features[1].polygons.at(0).rings.size(), 2u) << "the hole survives";
    EXPECT_EQ(layer.report.skipped, 0u);
}

INSTANTIATE_TEST_SUITE_P(Formats, EveryFormat,
                         ::testing::Values(std::pair{"GPKG", ".gpkg"}, std::pair{"ESRI Shapefile", ".shp"},
                                           std::pair{"GeoJSON", ".geojson"}, std::pair{"FlatGeobuf", ".fgb"},
                                           std::pair{"KML", ".kml"}, std::pair{"CSV", ".csv"}),
                         [](const auto& info) { return info.param.second.substr(1); });

TEST(Reader, ChineseFieldNamesAndExactInt64) {
    fixtures::TempDir dir;
    fixtures::writeLayer(dir / "p.gpkg", "GPKG", "parcels", 4326, wkbPolygon, parcelFields, parcelRows);
    geo::FeatureLayer layer = read(dir / "p.gpkg");
    EXPECT_EQ(geo::toString(layer.value(layer.features[0], "用地性质")), "R2");
    // 2^53 + 1 is not a double: it must arrive as the exact integer.
    EXPECT_EQ(std::get<std::int64_t>(layer.value(layer.features[0], "big")), 9007199254740993LL);
    EXPECT_DOUBLE_EQ(std::get<double>(layer.value(layer.features[0], "height_m")), 24.5);
}

// A .dbf keeps 19- and 20-digit integers exactly as text, but GDAL 3.6 reads such a column as Real
// (the nearest double) unless opened with ADJUST_TYPE, which crashes on a .dbf shorter than its header
// says: Source opens with it only for such a column in a whole .dbf.
TEST(Reader, ShapefileIntegersBeyond2To53AreExact) {
    fixtures::TempDir dir;
    const std::vector<Field> fields{{"kind"}, {"big", OFTInteger64}};
    const std::vector<Row> rows{
        {"POLYGON((120.170 30.250,120.172 30.250,120.172 30.2515,120.170 30.2515,120.170 30.250))", {"R2", "9007199254740993"}},
        {"POLYGON((120.180 30.240,120.183 30.240,120.183 30.243,120.180 30.243,120.180 30.240))", {"B1", "-9223372036854775807"}},
    };
    fixtures::writeLayer(dir / "big.shp", "ESRI Shapefile", "big", 4326, wkbPolygon, fields, rows);
    geo::FeatureLayer layer = read(dir / "big.shp");
    ASSERT_EQ(layer.features.size(), 2u);
    EXPECT_EQ(std::get<std::int64_t>(layer.value(layer.features[0], "big")), 9007199254740993LL);
    EXPECT_EQ(std::get<std::int64_t>(layer.value(layer.features[1], "big")), -9223372036854775807LL);

    // The same .dbf cut short: read without ADJUST_TYPE (doubles, or an error), never a crash.
    const std::string dbf = dir / "big.dbf";
    std::ifstream in(dbf, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    std::ofstream(dbf, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() * 3 / 4);
    try {
        geo::FeatureLayer cut = read(dir / "big.shp");
        EXPECT_LE(cut.features.size(), 2u);
    } catch (const geo::InputError&) {
    }
}

// Found by fuzz_geometry: a polygon whose shell has no points but whose hole has some, with rings left
// open, crashed the reader (GDAL's get_IsClosed() on an empty ring). Now read without a crash, the
// feature skipped or repaired and counted.
TEST(Reader, EmptyShellWithOpenHoleIsCountedNotACrash) {
    geo::initGdal();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("Memory");
    GDALDataset* ds = driver->Create("", 0, 0, 0, GDT_Unknown, nullptr);
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* layer = ds->CreateLayer("rings", &srs, wkbPolygon, nullptr);
    auto polygon = std::make_unique<OGRPolygon>();
    polygon->addRingDirectly(new OGRLinearRing());   // the shell: no points
    auto* hole = new OGRLinearRing();
    hole->addPoint(120.150, 30.250);
    hole->addPoint(120.151, 30.250);
    hole->addPoint(120.151, 30.251);   // not closed
    polygon->addRingDirectly(hole);
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetGeometryDirectly(polygon.release());
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
    geo::Source source = geo::Source::fromDataset("fuzz", ds);
    geo::FeatureLayer out = geo::readLayer(source, "rings", hangzhouFrame());
    EXPECT_EQ(out.report.read, 1u);
    EXPECT_EQ(out.features.size() + out.report.skipped, 1u);
    EXPECT_EQ(out.report.repaired + out.report.skipped, 1u);
}

// A shapefile from a Chinese office: GBK attributes, told by a .cpg or by the DBF's language driver byte.
class GbkShapefile : public ::testing::TestWithParam<std::string> {};

TEST_P(GbkShapefile, DecodesToUtf8) {
    fixtures::TempDir dir;
    std::string path = dir / "gbk.shp";
    fixtures::writeLayer(path, "ESRI Shapefile", "gbk", 4326, wkbPolygon, parcelFields, parcelRows, {"ENCODING=CP936"});
    std::string how = GetParam();
    if (how == "ldid") {
        // An older file: no .cpg, only the DBF header's language driver byte 0x4D (CP936).
        std::filesystem::remove(dir / "gbk.cpg");
        std::fstream dbf(dir / "gbk.dbf", std::ios::binary | std::ios::in | std::ios::out);
        dbf.seekp(29);
        dbf.put(static_cast<char>(0x4D));
    } else {
        std::ofstream(dir / "gbk.cpg") << how;
    }
    geo::FeatureLayer layer = read(path);
    ASSERT_EQ(layer.features.size(), 2u);
    EXPECT_EQ(geo::toString(layer.value(layer.features[0], "name_zh")), "劝业里");
    EXPECT_EQ(geo::toString(layer.value(layer.features[1], "name_zh")), "三元坊");
}

INSTANTIATE_TEST_SUITE_P(CodePages, GbkShapefile, ::testing::Values("GBK", "936", "CP936", "ldid"));

TEST(Reader, InvalidGeometryIsRepairedAndCounted) {
    fixtures::TempDir dir;
    fixtures::writeLayer(dir / "bad.gpkg", "GPKG", "bad", 4326, wkbUnknown, {{"name"}},
                         {
                             // a bow-tie (self-intersection): two triangles after repair
                             {"POLYGON((120.17 30.25,120.172 30.252,120.172 30.25,120.17 30.252,120.17 30.25))", {"bowtie"}},
                             // an unclosed ring
                             {"POLYGON((120.18 30.24,120.182 30.24,120.182 30.242,120.18 30.242))", {"unclosed"}},
                             // repeated points
                             {"POLYGON((120.19 30.23,120.19 30.23,120.192 30.23,120.192 30.232,120.19 30.232,120.19 30.23))", {"repeated"}},
                             // Z values
                             {"POLYGON Z((120.2 30.22 5,120.202 30.22 5,120.202 30.222 5,120.2 30.222 5,120.2 30.22 5))", {"z"}},
                             // no geometry
                             {"", {"null"}},
                             // three points on one parallel: a sliver (projected, the parallel's curve gives
                             // it 0.06 m² and a width under a millimetre), dropped as nothing worth drawing
                             {"POLYGON((120.17 30.24,120.171 30.24,120.172 30.24,120.17 30.24))", {"sliver"}},
                             // a line in a polygon layer
                             {"LINESTRING(120.17 30.24,120.18 30.25)", {"line"}},
                         });
    geo::FeatureLayer layer = read(dir / "bad.gpkg");
    std::vector<std::string> names;
    for (const auto& f : layer.features) names.push_back(geo::toString(layer.value(f, "name")));
    EXPECT_EQ(names, (std::vector<std::string>{"bowtie", "unclosed", "repeated", "z"}));
    EXPECT_EQ(layer.report.read, 7u);
    EXPECT_EQ(layer.report.skipped, 3u);   // null, sliver, line
    EXPECT_GE(layer.report.repaired, 2u);  // bow-tie and unclosed at least
    EXPECT_EQ(layer.report.read, layer.features.size() + layer.report.skipped) << "nothing dropped silently";
    EXPECT_EQ(layer.report.warnings.size(), layer.report.repaired + layer.report.skipped);
    EXPECT_EQ(layer.features[0].polygons.size(), 2u) << "the bow-tie becomes two triangles";
    // Each warning names its feature ("feature <fid>: cause"), one warning a feature; the skipped
    // ones (null, sliver, line: written 5th to 7th, so fids 5, 6, 7 in the GeoPackage) among them.
    std::set<std::int64_t> named;
    for (const std::string& w : layer.report.warnings) {
        std::smatch m;
        ASSERT_TRUE(std::regex_search(w, m, std::regex("^feature (-?[0-9]+): ."))) << w;
        EXPECT_TRUE(named.insert(std::stoll(m[1].str())).second) << "two warnings for one feature: " << w;
    }
    for (std::int64_t fid : {5, 6, 7}) EXPECT_EQ(named.count(fid), 1u) << "no warning names skipped feature " << fid;
    for (const auto& f : layer.features)
        if (f.fid == 1 || f.fid == 2) EXPECT_EQ(named.count(f.fid), 1u) << "no warning names repaired feature " << f.fid;
    for (const auto& f : layer.features) {
        for (const auto& p : f.polygons) {
            std::vector<geo::Vec2> v;
            std::vector<std::uint32_t> idx;
            EXPECT_TRUE(geo::triangulate(p, v, idx));
        }
    }
}

// The reader's quick validity check must never pass a polygon GEOS calls invalid (it would be drawn
// unrepaired), nor repair one GEOS calls valid. 3,000 small polygons with 0–3 holes on a 10 m grid
// in the frame's own CRS (so reading changes no coordinate): shells that cross themselves, holes
// outside the shell, crossing it, touching it, inside each other. Each is repaired exactly when
// GEOS (OGRGeometry::IsValid) says it is invalid.
TEST(Reader, PolygonsAreRepairedExactlyWhenGeosCallsThemInvalid) {
    std::mt19937 random(20261126);
    std::uniform_int_distribution<int> cell(0, 12), holes(0, 3), corners(3, 5);
    auto point = [&](std::ostringstream& wkt) { wkt << 500000 + 10 * cell(random) << ' ' << 3345000 + 10 * cell(random); };
    auto ring = [&](std::ostringstream& wkt, int n) {
        std::ostringstream first;
        point(first);
        wkt << '(' << first.str();
        for (int i = 1; i < n; ++i) {
            wkt << ',';
            point(wkt);
        }
        wkt << ',' << first.str() << ')';
    };
    std::vector<fixtures::Row> rows;
    std::vector<bool> valid;
    for (int i = 0; i < 3000; ++i) {
        std::ostringstream wkt;
        wkt << "POLYGON(";
        ring(wkt, corners(random));
        for (int h = holes(random); h > 0; --h) {
            wkt << ',';
            ring(wkt, 3);
        }
        wkt << ')';
        OGRGeometry* g = nullptr;
        const std::string text = wkt.str();
        ASSERT_EQ(OGRGeometryFactory::createFromWkt(text.c_str(), nullptr, &g), OGRERR_NONE) << text;
        // Empty (all corners on one spot or line) and sliver shells are skipped, not repaired: left out.
        if (g->toPolygon()->get_Area() > 0 && g->toPolygon()->getExteriorRing()->get_Area() > 100) {
            valid.push_back(g->IsValid());
            rows.push_back({text, {std::to_string(rows.size())}});
        }
        OGRGeometryFactory::destroyGeometry(g);
    }
    fixtures::TempDir dir;
    fixtures::writeLayer(dir / "rings.gpkg", "GPKG", "rings", 4549, wkbPolygon, {{"n"}}, rows);
    geo::FeatureLayer layer = read(dir / "rings.gpkg");
    std::set<std::int64_t> repaired;
    for (const std::string& w : layer.report.warnings)
        if (w.find("repaired") != std::string::npos) repaired.insert(std::stoll(w.substr(std::string("feature ").size())));
    std::size_t invalid = 0;
    for (std::size_t i = 0; i < valid.size(); ++i) {
        invalid += !valid[i];
        const std::int64_t fid = static_cast<std::int64_t>(i) + 1;   // GeoPackage numbers features from 1
        EXPECT_EQ(repaired.count(fid) == 1, !valid[i]) << rows[i].wkt << (valid[i] ? " is valid" : " is invalid");
    }
    // Both kinds are there in numbers.
    EXPECT_GT(invalid, 300u);
    EXPECT_GT(valid.size() - invalid, 300u);
}

TEST(Reader, MultiPolygonsKeepEveryPart) {
    fixtures::TempDir dir;
    fixtures::writeLayer(dir / "multi.geojson", "GeoJSON", "multi", 4326, wkbMultiPolygon, {{"name"}},
                         {{"MULTIPOLYGON(((120.17 30.25,120.171 30.25,120.171 30.251,120.17 30.25)),"
                           "((120.18 30.25,120.181 30.25,120.181 30.251,120.18 30.251,120.18 30.25)))", {"two"}}});
    geo::FeatureLayer layer = read(dir / "multi.geojson");
    ASSERT_EQ(layer.features.size(), 1u);
    EXPECT_EQ(layer.features[0].polygons.size(), 2u);
}

TEST(Reader, DatesKeepTheirValueBefore1970AndAfter2038) {
    fixtures::TempDir dir;
    fixtures::writeLayer(dir / "d.gpkg", "GPKG", "d", 4326, wkbPoint, {{"when", OFTDate}, {"at", OFTDateTime}},
                         {{"POINT(120.17 30.25)", {"1949-10-01", "2049-10-01T08:30:00"}}});
    geo::FeatureLayer layer = read(dir / "d.gpkg");
    ASSERT_EQ(layer.features.size(), 1u);
    EXPECT_EQ(geo::toString(layer.value(layer.features[0], "when")), "1949-10-01");
    EXPECT_EQ(geo::toString(layer.value(layer.features[0], "at")).substr(0, 19), "2049-10-01T08:30:00");
}

TEST(Reader, AttributeFilterAndItsErrors) {
    fixtures::TempDir dir;
    fixtures::writeLayer(dir / "p.gpkg", "GPKG", "parcels", 4326, wkbPolygon, parcelFields, parcelRows);
    EXPECT_EQ(read(dir / "p.gpkg", "", "height_m > 30").features.size(), 1u);
    EXPECT_EQ(read(dir / "p.gpkg", "", "\"用地性质\" = 'R2'").features.size(), 1u);
    EXPECT_THROW(read(dir / "p.gpkg", "", "height_m >>> 3"), geo::InputError);
}

TEST(Reader, NoCrsLonLatIsReadAsWgs84AndNoCrsMetresIsAnError) {
    fixtures::TempDir dir;
    fixtures::writeLayer(dir / "lonlat.shp", "ESRI Shapefile", "lonlat", 0, wkbPolygon, {{"name"}},
                         {{"POLYGON((120.17 30.25,120.171 30.25,120.171 30.251,120.17 30.25))", {"a"}}});
    fixtures::writeLayer(dir / "metres.shp", "ESRI Shapefile", "metres", 0, wkbPolygon, {{"name"}},
                         {{"POLYGON((516000 3347000,516100 3347000,516100 3347100,516000 3347000))", {"a"}}});
    EXPECT_EQ(read(dir / "lonlat.shp").features.size(), 1u);
    try {
        read(dir / "metres.shp");
        FAIL() << "expected an InputError";
    } catch (const geo::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("metres.shp"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("no CRS"), std::string::npos) << e.what();
    }
}

TEST(Source, BadInputsAreInputErrorsNamingThePath) {
    fixtures::TempDir dir;
    std::ofstream(dir / "empty.gpkg").close();
    std::ofstream(dir / "random.gpkg") << "\x13\x37 this is not a geopackage at all \xff\xfe";
    std::ofstream(dir / "text.shp") << "hello";
    for (std::string path : {dir / "missing.gpkg", dir / "empty.gpkg", dir / "random.gpkg", dir / "text.shp"}) {
        try {
            geo::Source::open(path);
            ADD_FAILURE() << "opened " << path;
        } catch (const geo::InputError& e) {
            EXPECT_EQ(std::string(e.what()).rfind(path, 0), 0u) << e.what();
            EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "one line: " << e.what();
        }
    }
}

TEST(Source, UnknownLayerListsTheLayersThereAre) {
    fixtures::TempDir dir;
    fixtures::writeLayer(dir / "p.gpkg", "GPKG", "parcels", 4326, wkbPolygon, parcelFields, parcelRows);
    geo::Source source = geo::Source::open(dir / "p.gpkg");
    try {
        source.layer("roads");
        FAIL();
    } catch (const geo::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("'roads'"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("parcels"), std::string::npos);
    }
}
