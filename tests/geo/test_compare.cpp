// Plan against plan (issue 20): matching by key and by overlap, every kind of change, geometry moved
// beyond and within the tolerance, duplicate keys, and the indicators against areas GDAL/GEOS compute
// here on the fixture's file.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include "geo/Compare.h"
#include "geo/CompareIndicators.h"
#include "geo/Errors.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "tests/support/Fixtures.h"

namespace {

constexpr double X0 = 500000, Y0 = 3346000;   // EPSG:4549 metres, in Hangzhou

std::string polygon(std::vector<std::pair<double, double>> ring) {
    std::ostringstream wkt;
    wkt.precision(12);
    ring.push_back(ring.front());
    wkt << "POLYGON((";
    for (std::size_t i = 0; i < ring.size(); ++i) wkt << (i ? "," : "") << X0 + ring[i].first << ' ' << Y0 + ring[i].second;
    wkt << "))";
    return wkt.str();
}

std::string rect(double x0, double y0, double x1, double y1) { return polygon({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}); }

const std::string N = fixtures::null;
const std::vector<fixtures::Field> kFields = {{"plot_code"}, {"landuse"}, {"height_m", OFTReal}, {"far", OFTReal},
                                              {"max_height_m", OFTReal}};

/// before → after, by plot code:
///   A-01 unchanged; A-02 raised from 45 to 60 m (its limit 50 m), FAR 2.5 → 3.0; A-03's corner moved
///   5 m (changed); A-04's corner moved 0.22 m (within the 0.5 m tolerance: unchanged); A-05 removed;
///   A-06 added; A-07 from M1 to B1.
/// "renamed": the after version with new codes and no key to match by, two plots merged (B-1 + B-2),
/// one moved so that it overlaps its old self by 40 % only (C-1).
void writeFixture(const std::string& path) {
    fixtures::writeLayer(path, "GPKG", "before", 4549, wkbPolygon, kFields,
                         {{rect(0, 0, 100, 100), {"A-01", "R2", "30", "2.0", N}},
                          {rect(200, 0, 300, 50), {"A-02", "R2", "45", "2.5", "50"}},
                          {rect(0, 200, 80, 280), {"A-03", "B1", "24", "1.5", "24"}},
                          {rect(200, 200, 300, 300), {"A-04", "M1", "12", "1.0", N}},
                          {rect(400, 0, 450, 50), {"A-05", "G1", "0", "0", N}},
                          {rect(500, 0, 600, 100), {"A-07", "M1", "12", "1.2", N}}});
    fixtures::writeLayer(path, "GPKG", "after", 4549, wkbPolygon, kFields,
                         {{rect(0, 0, 100, 100), {"A-01", "R2", "30", "2", N}},
                          {rect(200, 0, 300, 50), {"A-02", "R2", "60", "3.0", "50"}},
                          {polygon({{0, 200}, {80, 200}, {83, 284}, {0, 280}}), {"A-03", "B1", "24", "1.5", "24"}},
                          {polygon({{200, 200}, {300, 200}, {300.2, 300.1}, {200, 300}}), {"A-04", "M1", "12", "1.0", N}},
                          {rect(500, 0, 600, 100), {"A-07", "B1", "12", "1.2", N}},
                          {rect(400, 200, 450, 250), {"A-06", "R2", "18", "1.8", N}}});
    fixtures::writeLayer(path, "GPKG", "merge_before", 4549, wkbPolygon, kFields,
                         {{rect(0, 0, 100, 100), {"A-01", "R2", "30", "2", N}},
                          {rect(0, 400, 60, 500), {"B-1", "R2", "30", "2", N}},
                          {rect(60, 400, 100, 500), {"B-2", "R2", "30", "2", N}},
                          {rect(700, 0, 800, 100), {"C-1", "B1", "30", "2", N}}});
    fixtures::writeLayer(path, "GPKG", "renamed", 4549, wkbPolygon, kFields,
                         {{rect(700 + 60, 0, 800 + 60, 100), {"N-3", "B1", "30", "2", N}},
                          {rect(0, 400, 100, 500), {"N-2", "R2", "30", "2", N}},
                          {rect(0, 0, 100, 100), {"N-1", "R2", "30", "2", N}}});
    fixtures::writeLayer(path, "GPKG", "duplicates", 4549, wkbPolygon, kFields,
                         {{rect(0, 0, 100, 100), {"A-01", "R2", "30", "2", N}},
                          {rect(200, 0, 300, 50), {"A-01", "R2", "45", "2.5", N}},
                          {rect(0, 200, 80, 280), {N, "B1", "24", "1.5", N}}});
    fixtures::writeLayer(path, "GPKG", "roads", 4549, wkbLineString, {{"plot_code"}},
                         {{"LINESTRING(500000 3346000,500100 3346000)", {"R-1"}}});
}

struct Loaded {
    fixtures::TempDir dir;
    geo::ProjectData data;
    Loaded() : data([&] {
        writeFixture(dir / "plan.gpkg");
        std::ostringstream toml;
        toml << "crs = \"EPSG:4549\"\n";
        for (const char* name : {"before", "after", "merge_before", "renamed", "duplicates", "roads"})
            toml << "[[layer]]\nname = \"" << name << "\"\nsource = \"plan.gpkg\"\nlayer = \"" << name << "\"\nkind = \""
                 << (std::string(name) == "roads" ? "lines" : "parcels") << "\"\nextrude = \""
                 << (std::string(name) == "roads" ? "" : "height_m") << "\"\n";
        std::ofstream(dir / "project.toml") << toml.str();
        return geo::loadProjectData(geo::loadProject(dir / "project.toml"));
    }()) {}
    const geo::LoadedLayer& layer(const std::string& name) const {
        for (const auto& l : data.layers)
            if (l.spec.name == name) return l;
        throw std::runtime_error("no layer " + name);
    }
};

const geo::FeatureChange* find(const geo::CompareReport& r, const std::string& key) {
    for (const auto& c : r.changes)
        if (c.key == key) return &c;
    return nullptr;
}

/// GDAL's own reading of the file: per land-use class ("" = all), count, area and area × FAR.
struct Expected {
    double count = 0, area = 0, floor = 0;
};
std::map<std::string, Expected> expectedFigures(const std::string& path, const std::string& layerName) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    std::map<std::string, Expected> out;
    for (auto& f : *ds->GetLayerByName(layerName.c_str())) {
        const double area = OGR_G_Area(OGRGeometry::ToHandle(f->GetGeometryRef()));
        for (const std::string& key : {std::string(), std::string(f->GetFieldAsString("landuse"))}) {
            out[key].count += 1;
            out[key].area += area;
            out[key].floor += area * f->GetFieldAsDouble("far");
        }
    }
    return out;
}

const geo::IndicatorRow* indicator(const std::vector<geo::IndicatorRow>& rows, const std::string& name, const std::string& category) {
    for (const auto& r : rows)
        if (r.indicator == name && r.category == category) return &r;
    return nullptr;
}

}  // namespace

TEST(Compare, KeyedChangesOfEveryKind) {
    Loaded l;
    const geo::CompareReport r = geo::compareLayers(l.layer("before").data, l.layer("after").data, {"plot_code", 0.5}, &l.data.frame);
    EXPECT_EQ(r.added, 1u);
    EXPECT_EQ(r.removed, 1u);
    EXPECT_EQ(r.changed, 3u);
    EXPECT_EQ(r.unchanged, 2u);
    EXPECT_EQ(r.changes.size(), 7u);
    ASSERT_TRUE(find(r, "A-01"));
    EXPECT_EQ(find(r, "A-01")->kind, geo::ChangeKind::Unchanged);   // FAR 2.0 and "2" are the same number

    const geo::FeatureChange* raised = find(r, "A-02");
    ASSERT_TRUE(raised);
    EXPECT_EQ(raised->kind, geo::ChangeKind::Changed);
    EXPECT_FALSE(raised->geometryChanged);
    ASSERT_EQ(raised->attributes.size(), 2u);
    EXPECT_EQ(raised->attributes[0].field, "height_m");
    EXPECT_DOUBLE_EQ(geo::toNumber(raised->attributes[0].before, NAN), 45);
    EXPECT_DOUBLE_EQ(geo::toNumber(raised->attributes[0].after, NAN), 60);
    EXPECT_EQ(raised->attributes[1].field, "far");

    const geo::FeatureChange* moved = find(r, "A-03");
    ASSERT_TRUE(moved);
    EXPECT_EQ(moved->kind, geo::ChangeKind::Changed);
    EXPECT_TRUE(moved->geometryChanged);
    EXPECT_TRUE(moved->attributes.empty());
    EXPECT_NEAR(moved->shiftM, 5, 1e-6);   // the corner (80, 280) went to (83, 284)
    // Its areas, analytically.
    EXPECT_NEAR(moved->areaBeforeM2, 6400, 1e-6);
    EXPECT_NEAR(moved->areaAfterM2, 6680, 1e-6);   // the shoelace formula on its four corners

    const geo::FeatureChange* nudged = find(r, "A-04");
    ASSERT_TRUE(nudged);
    EXPECT_EQ(nudged->kind, geo::ChangeKind::Unchanged);
    EXPECT_NEAR(nudged->shiftM, std::hypot(0.2, 0.1), 1e-6);   // the corner's own move

    ASSERT_TRUE(find(r, "A-05"));
    EXPECT_EQ(find(r, "A-05")->kind, geo::ChangeKind::Removed);
    EXPECT_EQ(find(r, "A-05")->after, -1);
    ASSERT_TRUE(find(r, "A-06"));
    EXPECT_EQ(find(r, "A-06")->kind, geo::ChangeKind::Added);
    EXPECT_EQ(r.changes.back().key, "A-06");   // the added come last
    const geo::FeatureChange* rezoned = find(r, "A-07");
    ASSERT_TRUE(rezoned);
    ASSERT_EQ(rezoned->attributes.size(), 1u);
    EXPECT_EQ(rezoned->attributes[0].field, "landuse");
    EXPECT_EQ(geo::toString(rezoned->attributes[0].before), "M1");
    EXPECT_EQ(geo::toString(rezoned->attributes[0].after), "B1");

    // A tolerance above 5 m takes the moved corner for no change.
    const geo::CompareReport loose = geo::compareLayers(l.layer("before").data, l.layer("after").data, {"plot_code", 6}, &l.data.frame);
    EXPECT_EQ(find(loose, "A-03")->kind, geo::ChangeKind::Unchanged);
}

TEST(Compare, OverlapMatchingWithoutAKey) {
    Loaded l;
    const geo::CompareReport r = geo::compareLayers(l.layer("merge_before").data, l.layer("renamed").data, {"", 0.5}, &l.data.frame);
    EXPECT_TRUE(r.byOverlap);
    EXPECT_EQ(r.keyField, "plot_code");   // shown, not matched by
    // A-01 is N-1 now: the same square, re-keyed.
    const geo::FeatureChange* rekeyed = find(r, "A-01");
    ASSERT_TRUE(rekeyed);
    EXPECT_EQ(rekeyed->kind, geo::ChangeKind::Changed);
    EXPECT_FALSE(rekeyed->geometryChanged);
    ASSERT_EQ(rekeyed->attributes.size(), 1u);
    EXPECT_EQ(geo::toString(rekeyed->attributes[0].after), "N-1");
    // B-1 (6,000 m²) and B-2 (4,000 m²) merged into N-2 (10,000 m²): B-1 covers 60 % of N-2 and
    // matches it, B-2 only 40 %: removed.
    ASSERT_TRUE(find(r, "B-1") && find(r, "B-2"));
    EXPECT_EQ(find(r, "B-1")->kind, geo::ChangeKind::Changed);
    EXPECT_TRUE(find(r, "B-1")->geometryChanged);
    EXPECT_EQ(find(r, "B-2")->kind, geo::ChangeKind::Removed);
    // C-1 moved 60 m east: 40 % of it overlaps its new self, below half: removed, and N-3 added.
    EXPECT_EQ(find(r, "C-1")->kind, geo::ChangeKind::Removed);
    ASSERT_TRUE(find(r, "N-3"));
    EXPECT_EQ(find(r, "N-3")->kind, geo::ChangeKind::Added);
    EXPECT_EQ(r.changed, 2u);
    EXPECT_EQ(r.removed, 2u);
    EXPECT_EQ(r.added, 1u);
    // The intersections the rule rests on, by GEOS on the file.
    GDALDatasetUniquePtr ds(GDALDataset::Open((l.dir / "plan.gpkg").c_str(), GDAL_OF_VECTOR));
    auto geometry = [&](const char* layer, const char* code) {
        OGRLayer* lyr = ds->GetLayerByName(layer);
        lyr->SetAttributeFilter(("plot_code = '" + std::string(code) + "'").c_str());
        std::unique_ptr<OGRFeature> f(lyr->GetNextFeature());
        return std::unique_ptr<OGRGeometry>(f->GetGeometryRef()->clone());
    };
    auto shared = [&](const char* a, const char* b) {
        std::unique_ptr<OGRGeometry> part(geometry("merge_before", a)->Intersection(geometry("renamed", b).get()));
        return OGR_G_Area(OGRGeometry::ToHandle(part.get()));
    };
    EXPECT_NEAR(shared("B-1", "N-2") / 10000, 0.6, 1e-9);
    EXPECT_NEAR(shared("B-2", "N-2") / 10000, 0.4, 1e-9);
    EXPECT_NEAR(shared("C-1", "N-3") / 10000, 0.4, 1e-9);
}

TEST(Compare, DuplicateAndEmptyKeysAreReported) {
    Loaded l;
    const geo::CompareReport r = geo::compareLayers(l.layer("before").data, l.layer("duplicates").data, {"plot_code", 0.5}, &l.data.frame);
    ASSERT_EQ(r.duplicateKeys.size(), 1u);
    EXPECT_NE(r.duplicateKeys[0].find("after: 'A-01'"), std::string::npos) << r.duplicateKeys[0];
    EXPECT_EQ(r.emptyKeys, 1u);
    // Nothing dropped: every feature of both versions is in a row.
    std::size_t before = 0, after = 0;
    for (const auto& c : r.changes) {
        before += c.before >= 0;
        after += c.after >= 0;
    }
    EXPECT_EQ(before, 6u);
    EXPECT_EQ(after, 3u);
    EXPECT_EQ(find(r, "A-01")->kind, geo::ChangeKind::Unchanged);   // the first A-01 pairs with the first
    EXPECT_EQ(r.added, 2u);   // the second A-01 and the one without a key
}

TEST(Compare, RefusesWhatCannotBeCompared) {
    Loaded l;
    EXPECT_THROW(geo::compareLayers(l.layer("before").data, l.layer("roads").data, {"plot_code", 0.5}), geo::InputError);
    EXPECT_THROW(geo::compareLayers(l.layer("before").data, l.layer("after").data, {"no_such_field", 0.5}), geo::InputError);
    EXPECT_THROW(geo::compareLayers(l.layer("roads").data, l.layer("roads").data, {"", 0.5}), geo::InputError);
    const geo::CompareReport roads = geo::compareLayers(l.layer("roads").data, l.layer("roads").data, {"plot_code", 0.5});
    EXPECT_EQ(roads.unchanged, 1u);
}

TEST(Compare, IndicatorsAgreeWithGdalOnTheFile) {
    Loaded l;
    geo::CheckSettings settings;   // limits from the attribute max_height_m only
    auto side = [&](const std::string& name) {
        const geo::LoadedLayer& layer = l.layer(name);
        geo::CompareSide s;
        s.layer = &layer.data;
        s.classField = geo::classField(layer.spec, layer.data);
        s.checks = geo::CheckInput{{&layer.spec, &layer.data}, {}, {}, {}};
        s.settings = &settings;
        return s;
    };
    EXPECT_EQ(side("before").classField, "landuse");
    const std::vector<geo::IndicatorRow> rows = geo::compareIndicators(side("before"), side("after"), &l.data.frame);
    const auto before = expectedFigures(l.dir / "plan.gpkg", "before");
    const auto after = expectedFigures(l.dir / "plan.gpkg", "after");
    for (const std::string& category : {"", "R2", "B1", "M1", "G1"}) {
        auto expected = [&](const std::map<std::string, Expected>& m) {
            auto found = m.find(category);
            return found == m.end() ? Expected{} : found->second;
        };
        const Expected b = expected(before), a = expected(after);
        const geo::IndicatorRow* count = indicator(rows, "features", category);
        const geo::IndicatorRow* area = indicator(rows, "area_m2", category);
        const geo::IndicatorRow* floor = indicator(rows, "floor_area_m2", category);
        ASSERT_TRUE(count && area && floor) << category;
        EXPECT_DOUBLE_EQ(count->before, b.count) << category;
        EXPECT_DOUBLE_EQ(count->after, a.count) << category;
        EXPECT_NEAR(area->before, b.area, 1e-6) << category;
        EXPECT_NEAR(area->after, a.area, 1e-6) << category;
        EXPECT_NEAR(area->delta(), a.area - b.area, 1e-6) << category;
        EXPECT_NEAR(floor->before, b.floor, 1e-6) << category;
        EXPECT_NEAR(floor->after, a.floor, 1e-6) << category;
    }
    // A-07 went from M1 to B1; A-05 (G1) was removed: G1 is 0 after.
    EXPECT_DOUBLE_EQ(indicator(rows, "area_m2", "G1")->after, 0);
    // The checks: A-02 (limit 50 m) from 45 m to 60 m, A-03 (24 m) stays at 24.
    const geo::IndicatorRow* pass = indicator(rows, "checks_pass", "");
    const geo::IndicatorRow* exceed = indicator(rows, "checks_exceed", "");
    ASSERT_TRUE(pass && exceed);
    EXPECT_DOUBLE_EQ(pass->before, 2);
    EXPECT_DOUBLE_EQ(exceed->before, 0);
    EXPECT_DOUBLE_EQ(pass->after, 1);
    EXPECT_DOUBLE_EQ(exceed->after, 1);
    EXPECT_DOUBLE_EQ(indicator(rows, "parcels_violating", "")->delta(), 1);
}

TEST(Compare, SameValue) {
    EXPECT_TRUE(geo::sameValue(geo::Value(std::int64_t{30}), geo::Value(30.0)));
    EXPECT_TRUE(geo::sameValue(geo::Value(std::string("2.5")), geo::Value(2.5)));
    EXPECT_FALSE(geo::sameValue(geo::Value(std::string("R2")), geo::Value(2.0)));
    EXPECT_FALSE(geo::sameValue(geo::Value(), geo::Value(0.0)));
    EXPECT_TRUE(geo::sameValue(geo::Value(), geo::Value()));
    EXPECT_FALSE(geo::sameValue(geo::Value(std::string("R2")), geo::Value(std::string("R21"))));
}
