// readLayer shapes a large layer's geometry on a second thread while the first goes on reading: the
// result must be exactly what one thread makes — the same features in the same order with the same
// coordinates, the same counts and the same warnings in the same order. PLANVIEW_READ_THREADS=1 keeps
// a layer on one thread, =2 starts the second thread with the first batch, unset starts it once a
// layer proves large. Likewise a GeoPackage read through GDAL's column interface (Arrow batches, WKB)
// gives exactly what reading it feature by feature gives (PLANVIEW_READ_COLUMNS=0). And a layer read
// while its scene frame is still being chosen (features kept until it is there) gives what reading it
// with the frame known gives.
#include <gtest/gtest.h>
#include <cstdlib>
#include <future>
#include <optional>
#include <sstream>
#include <spdlog/sinks/ringbuffer_sink.h>
#include "geo/Errors.h"
#include "geo/FeatureReader.h"
#include "geo/Log.h"
#include "geo/SceneFrame.h"
#include "geo/Source.h"
#include "tests/support/Fixtures.h"

namespace {

geo::SceneFrame hangzhouFrame() {
    geo::Extent e;
    e.add(120.145, 30.200);
    e.add(120.215, 30.263);
    return geo::SceneFrame::choose(e);
}

/// Sets an environment variable for its lifetime (unset with nullptr), then restores what was there.
class Setting {
public:
    Setting(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) setenv(name, value, 1);
        else unsetenv(name);
    }
    ~Setting() {
        if (old_) setenv(name_.c_str(), old_->c_str(), 1);
        else unsetenv(name_.c_str());
    }

private:
    std::string name_;
    std::optional<std::string> old_;
};

geo::FeatureLayer readWith(const char* threads, const std::string& path, const geo::ReadOptions& options = {}) {
    Setting setting("PLANVIEW_READ_THREADS", threads);
    geo::Source source = geo::Source::open(path);
    return geo::readLayer(source, "", hangzhouFrame(), options);
}

/// `count` features cycling through what readLayer keeps, repairs and skips, each somewhere else.
std::vector<fixtures::Row> mixedRows(std::size_t count) {
    std::vector<fixtures::Row> rows;
    for (std::size_t i = 0; i < count; ++i) {
        const double x = 120.15 + 0.0005 * static_cast<double>(i % 120), y = 30.21 + 0.0005 * static_cast<double>(i / 120);
        auto at = [&](double dx, double dy) {
            std::ostringstream s;
            s.precision(12);
            s << x + dx << ' ' << y + dy;
            return s.str();
        };
        std::string wkt;
        switch (i % 8) {
        case 0:   // a plain parcel
        case 1: wkt = "POLYGON((" + at(0, 0) + "," + at(4e-4, 0) + "," + at(4e-4, 3e-4) + "," + at(0, 3e-4) + "," + at(0, 0) + "))"; break;
        case 2:   // a bow-tie: repaired into two triangles
            wkt = "POLYGON((" + at(0, 0) + "," + at(4e-4, 4e-4) + "," + at(4e-4, 0) + "," + at(0, 4e-4) + "," + at(0, 0) + "))";
            break;
        case 3:   // an unclosed ring: closed, counted as repaired
            wkt = "POLYGON((" + at(0, 0) + "," + at(4e-4, 0) + "," + at(4e-4, 4e-4) + "," + at(0, 4e-4) + "))";
            break;
        case 4: wkt = ""; break;   // no geometry: skipped while reading
        case 5:   // a sliver: beyond repair
            wkt = "POLYGON((" + at(0, 0) + "," + at(1e-4, 0) + "," + at(2e-4, 0) + "," + at(0, 0) + "))";
            break;
        case 6:   // a line in a polygon layer: skipped once the layer's kind is known
            wkt = "LINESTRING(" + at(0, 0) + "," + at(4e-4, 4e-4) + ")";
            break;
        default:   // a parcel with a hole and a Z
            wkt = "POLYGON Z((" + at(0, 0) + " 3," + at(4e-4, 0) + " 3," + at(4e-4, 4e-4) + " 3," + at(0, 4e-4) + " 3," + at(0, 0) +
                  " 3),(" + at(1e-4, 1e-4) + " 3," + at(1e-4, 3e-4) + " 3," + at(3e-4, 3e-4) + " 3," + at(3e-4, 1e-4) + " 3," +
                  at(1e-4, 1e-4) + " 3))";
            break;
        }
        rows.push_back({wkt, {"p" + std::to_string(i), std::to_string(i % 7)}});
    }
    return rows;
}

/// A tile of mixedRows' layer in its own coordinates (degrees): the lower part of its rows.
geo::Extent lowerRowsTile() {
    geo::Extent tile;
    tile.minX = 120.0;
    tile.maxX = 121.0;
    tile.minY = 30.0;
    tile.maxY = 30.21 + 0.0005 * 20;
    return tile;
}

void expectSameLayer(const geo::FeatureLayer& a, const geo::FeatureLayer& b) {
    EXPECT_EQ(a.kind, b.kind);
    ASSERT_EQ(a.fields.size(), b.fields.size());
    for (std::size_t i = 0; i < a.fields.size(); ++i) {
        EXPECT_EQ(a.fields[i].name, b.fields[i].name);
        EXPECT_EQ(a.fields[i].type, b.fields[i].type);
    }
    EXPECT_EQ(a.report.read, b.report.read);
    EXPECT_EQ(a.report.repaired, b.report.repaired);
    EXPECT_EQ(a.report.skipped, b.report.skipped);
    EXPECT_EQ(a.report.warnings, b.report.warnings) << "the same warnings in the same order";
    EXPECT_EQ(a.bounds.minX, b.bounds.minX);
    EXPECT_EQ(a.bounds.maxY, b.bounds.maxY);
    ASSERT_EQ(a.features.size(), b.features.size());
    for (std::size_t i = 0; i < a.features.size(); ++i) {
        const geo::Feature &f = a.features[i], &g = b.features[i];
        ASSERT_EQ(f.fid, g.fid) << "feature " << i << " out of order";
        EXPECT_EQ(f.values, g.values) << "fid " << f.fid;
        ASSERT_EQ(f.polygons.size(), g.polygons.size()) << "fid " << f.fid;
        for (std::size_t p = 0; p < f.polygons.size(); ++p) {
            ASSERT_EQ(f.polygons[p].rings.size(), g.polygons[p].rings.size()) << "fid " << f.fid;
            for (std::size_t r = 0; r < f.polygons[p].rings.size(); ++r) {
                const geo::Ring &x = f.polygons[p].rings[r], &y = g.polygons[p].rings[r];
                ASSERT_EQ(x.size(), y.size()) << "fid " << f.fid;
                for (std::size_t k = 0; k < x.size(); ++k) {
                    EXPECT_EQ(x[k].x, y[k].x) << "fid " << f.fid;   // bit for bit: the same computation
                    EXPECT_EQ(x[k].y, y[k].y) << "fid " << f.fid;
                }
            }
        }
        EXPECT_EQ(f.bounds.minX, g.bounds.minX);
        EXPECT_EQ(f.bounds.maxY, g.bounds.maxY);
        ASSERT_EQ(f.lines.size(), g.lines.size()) << "fid " << f.fid;
        for (std::size_t l = 0; l < f.lines.size(); ++l) {
            ASSERT_EQ(f.lines[l].size(), g.lines[l].size()) << "fid " << f.fid;
            for (std::size_t k = 0; k < f.lines[l].size(); ++k) {
                EXPECT_EQ(f.lines[l][k].x, g.lines[l][k].x) << "fid " << f.fid;
                EXPECT_EQ(f.lines[l][k].y, g.lines[l][k].y) << "fid " << f.fid;
            }
        }
    }
}

/// Reads `path` through GDAL's columns (or, with columns false, feature by feature), saying which
/// path the reader took in `tookColumns`.
geo::FeatureLayer readThroughColumns(bool columns, const std::string& path, bool& tookColumns,
                                     const geo::ReadOptions& options = {}) {
    Setting setting("PLANVIEW_READ_COLUMNS", columns ? nullptr : "0");
    auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64);
    const spdlog::level::level_enum level = geo::log().level();
    geo::log().sinks().push_back(sink);
    geo::log().set_level(spdlog::level::debug);
    geo::Source source = geo::Source::open(path);
    geo::FeatureLayer layer = geo::readLayer(source, "", hangzhouFrame(), options);
    geo::log().set_level(level);
    geo::log().sinks().pop_back();
    tookColumns = false;
    for (const std::string& line : sink->last_formatted())
        tookColumns = tookColumns || line.find("read through GDAL's column interface") != std::string::npos;
    return layer;
}

/// mixedRows, and every 11th row a case of its own: parts the column path reads itself (multipolygons,
/// Z and M, empty parts) and geometries it hands to GDAL's decoder (curves, points, collections).
std::vector<fixtures::Row> columnRows(std::size_t count) {
    std::vector<fixtures::Row> rows = mixedRows(count);
    const char* const special[] = {
        "MULTIPOLYGON(((120.16 30.22,120.1604 30.22,120.1604 30.2203,120.16 30.22)),"
        "((120.17 30.22,120.1704 30.22,120.1704 30.2204,120.17 30.2204,120.17 30.22),"
        "(120.1701 30.2201,120.1701 30.2203,120.1703 30.2203,120.1703 30.2201,120.1701 30.2201)))",
        "POLYGON M((120.16 30.23 1,120.1604 30.23 2,120.1604 30.2304 3,120.16 30.23 1))",
        "MULTIPOLYGON(EMPTY,((120.16 30.24,120.1604 30.24,120.1604 30.2403,120.16 30.24)))",
        "POLYGON EMPTY",
        "CURVEPOLYGON(CIRCULARSTRING(120.16 30.25,120.1602 30.2502,120.1604 30.25,120.1602 30.2498,120.16 30.25))",
        "POINT(120.16 30.26)",
        "GEOMETRYCOLLECTION(POLYGON((120.16 30.27,120.1604 30.27,120.1604 30.2703,120.16 30.27)),LINESTRING(120.16 30.27,120.17 30.28))",
        "POLYGON((120.16 30.28,120.1604 30.28,120.1604 30.28,120.1604 30.2803,120.16 30.28))",   // a repeated point
    };
    for (std::size_t i = 0; i < rows.size(); i += 11) rows[i].wkt = special[(i / 11) % std::size(special)];
    // Values of every kind the column path converts, NULLs and Chinese text among them.
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto& v = rows[i].values;
        if (i % 13 == 0) v[0] = fixtures::null;
        else if (i % 5 == 0) v[0] = "上城区地块 " + std::to_string(i);
        v.push_back(i % 17 == 0 ? fixtures::null : std::to_string(static_cast<long long>(i) * 1000003 - 40000));
        v.push_back(std::to_string(static_cast<long long>(i) * 5000000011LL));
        v.push_back(i % 19 == 0 ? fixtures::null : std::to_string(static_cast<double>(i) / 7.0));
    }
    return rows;
}

const std::vector<fixtures::Field> kColumnFields = {
    {"name"}, {"landuse"}, {"code", OFTInteger}, {"big", OFTInteger64}, {"ratio", OFTReal}};

}  // namespace

TEST(ReadThreads, LargeMixedLayerIsReadAlikeOnOneOrTwoThreads) {
    fixtures::TempDir dir;
    const std::string path = dir / "mixed.gpkg";
    fixtures::writeLayer(path, "GPKG", "mixed", 4326, wkbUnknown, {{"name"}, {"landuse"}}, mixedRows(6000));
    geo::FeatureLayer one = readWith("1", path);
    // What the layer holds, so the comparison below compares something.
    EXPECT_EQ(one.report.read, 6000u);
    EXPECT_EQ(one.report.skipped, 3 * 750u);    // no geometry, sliver, line
    EXPECT_EQ(one.report.repaired, 2 * 750u);   // bow-tie, unclosed
    EXPECT_EQ(one.features.size(), 5 * 750u);
    EXPECT_EQ(one.report.warnings.size(), 1000u) << "capped";
    EXPECT_EQ(one.kind, geo::GeometryKind::Polygon);

    geo::FeatureLayer two = readWith("2", path);
    expectSameLayer(one, two);
    geo::FeatureLayer automatic = readWith(nullptr, path);
    expectSameLayer(one, automatic);
}

TEST(ReadThreads, FilterTileAndProgressAreTheSameOnTwoThreads) {
    fixtures::TempDir dir;
    const std::string path = dir / "mixed.gpkg";
    fixtures::writeLayer(path, "GPKG", "mixed", 4326, wkbUnknown, {{"name"}, {"landuse"}}, mixedRows(5000));
    geo::ReadOptions options;
    options.where = "landuse <> '3'";
    options.tile = lowerRowsTile();
    std::vector<std::size_t> progressOne, progressTwo;
    options.progress = [&](std::size_t read, long long) { progressOne.push_back(read); };
    geo::FeatureLayer one = readWith("1", path, options);
    options.progress = [&](std::size_t read, long long) { progressTwo.push_back(read); };
    geo::FeatureLayer two = readWith("2", path, options);
    EXPECT_GT(one.report.read, 1000u);
    EXPECT_LT(one.report.read, 5000u * 6 / 7);
    expectSameLayer(one, two);
    EXPECT_EQ(progressOne, progressTwo);
}

TEST(ReadThreads, SmallLayerOnTwoThreads) {
    fixtures::TempDir dir;
    const std::string path = dir / "small.gpkg";
    fixtures::writeLayer(path, "GPKG", "small", 4326, wkbUnknown, {{"name"}, {"landuse"}}, mixedRows(9));
    geo::FeatureLayer one = readWith("1", path);
    EXPECT_EQ(one.report.read, 9u);
    expectSameLayer(one, readWith("2", path));
}

TEST(ReadThreads, ALayerReadBeforeItsFrameIsChosenIsShapedAlikeOnceItIs) {
    fixtures::TempDir dir;
    const std::string path = dir / "mixed.gpkg";
    fixtures::writeLayer(path, "GPKG", "mixed", 4326, wkbUnknown, kColumnFields, columnRows(6000));
    const geo::FeatureLayer known = readWith(nullptr, path);
    EXPECT_EQ(known.report.read, 6000u);
    for (const char* threads : {"1", "2", static_cast<const char*>(nullptr)}) {
        SCOPED_TRACE(threads ? threads : "automatic");
        Setting setting("PLANVIEW_READ_THREADS", threads);
        geo::Source source = geo::Source::open(path);
        // Deferred: not ready until the reader waits for it, so the whole layer is read first.
        int chosen = 0;
        std::shared_future<geo::SceneFrame> deferred = std::async(std::launch::deferred, [&] {
            ++chosen;
            return hangzhouFrame();
        }).share();
        expectSameLayer(known, geo::readLayer(source, "", deferred, {}));
        EXPECT_EQ(chosen, 1);
        // Chosen on another thread while the layer is read, as loadProjectData does.
        std::shared_future<geo::SceneFrame> racing = std::async(std::launch::async, hangzhouFrame).share();
        expectSameLayer(known, geo::readLayer(source, "", racing, {}));
    }
}

TEST(ReadThreads, AFrameThatCannotBeChosenIsTheReadsError) {
    fixtures::TempDir dir;
    const std::string path = dir / "mixed.gpkg";
    fixtures::writeLayer(path, "GPKG", "mixed", 4326, wkbUnknown, kColumnFields, columnRows(3000));
    geo::Source source = geo::Source::open(path);
    std::shared_future<geo::SceneFrame> unknown = std::async(std::launch::deferred, [] {
        return geo::SceneFrame::choose(geo::Extent{}, "EPSG:999999");
    }).share();
    try {
        geo::readLayer(source, "", unknown, {});
        FAIL() << "read without a frame";
    } catch (const geo::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("EPSG:999999"), std::string::npos) << e.what();
    }
}

TEST(ReadColumns, AGeoPackageReadsAlikeThroughColumnsAndFeatureByFeature) {
    fixtures::TempDir dir;
    const std::string path = dir / "columns.gpkg";
    fixtures::writeLayer(path, "GPKG", "mixed", 4326, wkbUnknown, kColumnFields, columnRows(6000));
    bool columns = false, features = true;
    geo::FeatureLayer throughColumns = readThroughColumns(true, path, columns);
    geo::FeatureLayer oneByOne = readThroughColumns(false, path, features);
    ASSERT_TRUE(columns) << "the GeoPackage took the column path";
    ASSERT_FALSE(features);
    // What the layer holds, so that the comparison compares something.
    EXPECT_EQ(throughColumns.report.read, 6000u);
    EXPECT_GT(throughColumns.report.repaired, 0u);
    EXPECT_GT(throughColumns.report.skipped, 0u);
    std::size_t multipart = 0, nulls = 0, chinese = 0;
    for (const geo::Feature& f : throughColumns.features) {
        multipart += f.polygons.size() > 1;
        nulls += std::holds_alternative<std::monostate>(f.values[2]);
        chinese += std::holds_alternative<std::string>(f.values[0]) && std::get<std::string>(f.values[0]).rfind("上城区", 0) == 0;
    }
    EXPECT_GT(multipart, 0u);
    EXPECT_GT(nulls, 0u);
    EXPECT_GT(chinese, 0u);
    expectSameLayer(oneByOne, throughColumns);
}

TEST(ReadColumns, FilterAndTileReadAlikeThroughColumnsAndFeatureByFeature) {
    fixtures::TempDir dir;
    const std::string path = dir / "columns.gpkg";
    fixtures::writeLayer(path, "GPKG", "mixed", 4326, wkbUnknown, kColumnFields, columnRows(5000));
    geo::ReadOptions options;
    options.where = "landuse <> '3' AND (code IS NULL OR code > 0)";
    options.tile = lowerRowsTile();
    bool columns = false, features = true;
    geo::FeatureLayer throughColumns = readThroughColumns(true, path, columns, options);
    geo::FeatureLayer oneByOne = readThroughColumns(false, path, features, options);
    ASSERT_TRUE(columns);
    ASSERT_FALSE(features);
    EXPECT_GT(throughColumns.report.read, 1000u);
    EXPECT_LT(throughColumns.report.read, 5000u * 6 / 7);
    expectSameLayer(oneByOne, throughColumns);
}

TEST(ReadColumns, OtherFormatsDatesAndNumberSubtypesAreReadFeatureByFeature) {
    fixtures::TempDir dir;
    const std::string square = "POLYGON((120.16 30.22,120.1604 30.22,120.1604 30.2203,120.16 30.22))";
    const std::vector<fixtures::Row> rows = {{square, {"a", "2018-07-01"}}};
    fixtures::writeLayer(dir / "dated.gpkg", "GPKG", "dated", 4326, wkbPolygon, {{"name"}, {"opened", OFTDate}}, rows);
    fixtures::writeLayer(dir / "plain.geojson", "GeoJSON", "plain", 4326, wkbPolygon, {{"name"}}, {{rows[0].wkt, {"a"}}});
    bool columns = true;
    geo::FeatureLayer dated = readThroughColumns(true, dir / "dated.gpkg", columns);
    EXPECT_FALSE(columns) << "a date field keeps a GeoPackage on the feature path";
    ASSERT_EQ(dated.features.size(), 1u);
    EXPECT_EQ(std::get<std::string>(dated.features[0].values[1]), "2018-07-01");
    readThroughColumns(true, dir / "plain.geojson", columns);
    EXPECT_FALSE(columns) << "only GeoPackage has GDAL's fast column reader";

    std::vector<fixtures::Row> flags;
    for (int i = 0; i < 20; ++i) flags.push_back({square, {i % 3 == 0 ? "1" : "0"}});
    fixtures::writeLayer(dir / "flags.gpkg", "GPKG", "flags", 4326, wkbPolygon, {{"flag", OFTInteger, OFSTBoolean}}, flags);
    geo::FeatureLayer flagged = readThroughColumns(true, dir / "flags.gpkg", columns);
    EXPECT_FALSE(columns) << "GDAL 3.6's column reader gets booleans wrong";
    ASSERT_EQ(flagged.features.size(), 20u);
    for (std::size_t i = 0; i < 20; ++i) EXPECT_EQ(std::get<std::int64_t>(flagged.features[i].values[0]), i % 3 == 0) << i;

    // A float32 field holds what was written (a double in the file), not its 32-bit rounding.
    fixtures::writeLayer(dir / "single.gpkg", "GPKG", "single", 4326, wkbPolygon, {{"third", OFTReal, OFSTFloat32}},
                         {{square, {"0.333333333333"}}});
    geo::FeatureLayer single = readThroughColumns(true, dir / "single.gpkg", columns);
    EXPECT_FALSE(columns) << "GDAL 3.6's column reader narrows float32 fields";
    ASSERT_EQ(single.features.size(), 1u);
    EXPECT_EQ(std::get<double>(single.features[0].values[0]), 0.333333333333);
}
