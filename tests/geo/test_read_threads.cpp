// readLayer shapes a large layer's geometry on a second thread while the first goes on reading: the
// result must be exactly what one thread makes — the same features in the same order with the same
// coordinates, the same counts and the same warnings in the same order. PLANVIEW_READ_THREADS=1 keeps
// a layer on one thread, =2 starts the second thread with the first batch, unset starts it once a
// layer proves large.
#include <gtest/gtest.h>
#include <cstdlib>
#include <optional>
#include <sstream>
#include "geo/FeatureReader.h"
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

/// Sets PLANVIEW_READ_THREADS for its lifetime (unset with nullptr), then restores what was there.
class ThreadsSetting {
public:
    explicit ThreadsSetting(const char* value) {
        if (const char* old = std::getenv("PLANVIEW_READ_THREADS")) old_ = old;
        if (value) setenv("PLANVIEW_READ_THREADS", value, 1);
        else unsetenv("PLANVIEW_READ_THREADS");
    }
    ~ThreadsSetting() {
        if (old_) setenv("PLANVIEW_READ_THREADS", old_->c_str(), 1);
        else unsetenv("PLANVIEW_READ_THREADS");
    }

private:
    std::optional<std::string> old_;
};

geo::FeatureLayer readWith(const char* threads, const std::string& path, const geo::ReadOptions& options = {}) {
    ThreadsSetting setting(threads);
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

void expectSameLayer(const geo::FeatureLayer& a, const geo::FeatureLayer& b) {
    EXPECT_EQ(a.kind, b.kind);
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
    }
}

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
    geo::Extent tile;   // the layer's own coordinates (degrees): the lower half of its rows
    tile.minX = 120.0;
    tile.maxX = 121.0;
    tile.minY = 30.0;
    tile.maxY = 30.21 + 0.0005 * 20;
    options.tile = tile;
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
