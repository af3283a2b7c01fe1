// Regulatory checks (issue 20): limits from attributes and rules (precedence), and the measured height,
// FAR, density, green ratio and setback against GEOS computed here on a GeoPackage of known rectangles.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include "geo/CheckRules.h"
#include "geo/Checks.h"
#include "geo/Errors.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "tests/support/Fixtures.h"

namespace {


using fixtures::rect;

const std::string N = fixtures::null;

/// Four parcels, buildings (one across a parcel's edge, two overlapping), green areas (two
/// overlapping) and a zone, all rectangles whose areas are known.
void writeFixture(const std::string& path) {
    fixtures::writeLayer(path, "GPKG", "parcels", 4549, wkbPolygon,
                         {{"plot_code"}, {"landuse"}, {"name_zh"}, {"height_m", OFTReal}, {"floor_area_m2", OFTReal}, {"限高"}},
                         {{rect(0, 0, 100, 100), {"A-01", "R2", "一号地块", "30", N, N}},
                          {rect(200, 0, 300, 50), {"A-02", "R21", "二号地块", "45", N, "20"}},
                          {rect(0, 200, 80, 280), {"B-01", "B1", "三号地块", N, "12800", N}},
                          {rect(200, 200, 300, 300), {"G-01", "G1", "四号地块", "0", N, N}}});
    fixtures::writeLayer(path, "GPKG", "buildings", 4549, wkbPolygon, {{"height_m", OFTReal}},
                         {{rect(10, 10, 50, 40), {"30"}},     // in A-01, 10 floors
                          {rect(80, 60, 120, 80), {"60"}},    // across A-01's east edge: 20 × 20 inside, 20 floors
                          {rect(40, 10, 60, 30), {"12"}},     // overlaps the first by 10 × 20, 4 floors
                          {rect(210, 5, 250, 45), {"45"}}});  // in A-02, 5 m from its south and north edges
    fixtures::writeLayer(path, "GPKG", "green", 4549, wkbPolygon, {{"name_zh"}},
                         {{rect(-50, 50, 30, 150), {"公园"}}, {rect(20, 60, 40, 90), {"游园"}}});
    fixtures::writeLayer(path, "GPKG", "zones", 4549, wkbPolygon, {{"name_zh"}}, {{rect(-10, -10, 110, 110), {"Z1"}}});
}

const char* kLayers = R"(crs = "EPSG:4549"
[[layer]]
name = "用地"
source = "plan.gpkg"
layer = "parcels"
kind = "parcels"
extrude = "height_m"
[[layer]]
name = "建筑"
source = "plan.gpkg"
layer = "buildings"
kind = "polygons"
extrude = "height_m"
[[layer]]
name = "绿地"
source = "plan.gpkg"
layer = "green"
kind = "polygons"
[[layer]]
name = "单元"
source = "plan.gpkg"
layer = "zones"
kind = "boundary"
)";

const char* kRules = R"(
[[rule]]
max_far = 3.0
[[rule]]
landuse = "R"
max_far = 2.0
max_density = 30
[[rule]]
landuse = "R2"
max_far = 2.5
min_green_ratio = 0.2
min_setback_m = 3
[[rule]]
zone = "Z1"
max_height_m = 50
[[rule]]
where = "plot_code = 'A-01'"
max_height_m = 70
[[rule]]
landuse = "B"
max_far = 1.5
[[rule]]
landuse = "B"
max_far = 1.8
)";

struct Loaded {
    fixtures::TempDir dir;
    geo::ProjectData data;
    geo::CheckSettings settings;
    explicit Loaded(const std::string& check) : data([&] {
        writeFixture(dir / "plan.gpkg");
        std::ofstream(dir / "project.toml") << kLayers << check << kRules;
        return geo::loadProjectData(geo::loadProject(dir / "project.toml"));
    }()) {
        settings = data.project.checks;
    }
    geo::CheckLayer layer(const std::string& name) const {
        for (const auto& l : data.layers)
            if (l.spec.name == name) return {&l.spec, &l.data};
        return {};
    }
};

/// GEOS, through OGR, on the file itself: the area of the union of `layer`'s polygons inside the parcel.
double areaInside(const std::string& path, const std::string& layer, const std::string& plotCode) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    OGRLayer* parcels = ds->GetLayerByName("parcels");
    parcels->SetAttributeFilter(("plot_code = '" + plotCode + "'").c_str());
    std::unique_ptr<OGRFeature> parcel(parcels->GetNextFeature());
    std::unique_ptr<OGRGeometry> all(new OGRMultiPolygon);
    for (auto& f : *ds->GetLayerByName(layer.c_str()))
        all.reset(all->Union(f->GetGeometryRef()));
    std::unique_ptr<OGRGeometry> inside(all->Intersection(parcel->GetGeometryRef()));
    return OGR_G_Area(OGRGeometry::ToHandle(inside.get()));
}

const geo::CheckRow* row(const geo::CheckReport& r, const std::string& id, geo::LimitKind k) {
    for (const auto& row : r.rows)
        if (row.id == id && row.kind == k) return &row;
    return nullptr;
}

using K = geo::LimitKind;
using O = geo::CheckOutcome;

}  // namespace

TEST(Checks, MeasuresAgainstGeosOnKnownRectangles) {
    Loaded l("[check]\nbuildings = \"建筑\"\ngreen = \"绿地\"\nzones = \"单元\"\n");
    const geo::CheckReport r = geo::runChecks({l.layer("用地"), l.layer("建筑"), l.layer("绿地"), l.layer("单元")}, l.settings, &l.data.frame);
    const std::string gpkg = l.dir / "plan.gpkg";
    // The rectangles' areas, analytically, and GEOS's on the file agree.
    const double footprintsA01 = 1200 + 400 - 200 + 400, greenA01 = 1500 + 600 - 300;
    ASSERT_NEAR(areaInside(gpkg, "buildings", "A-01"), footprintsA01, 1e-6);
    ASSERT_NEAR(areaInside(gpkg, "green", "A-01"), greenA01, 1e-6);
    ASSERT_NEAR(areaInside(gpkg, "buildings", "A-02"), 1600, 1e-6);

    const geo::CheckRow* height = row(r, "A-01", K::MaxHeight);
    ASSERT_TRUE(height);
    EXPECT_DOUBLE_EQ(height->measured, 60);   // the tallest building, even the one across the edge
    EXPECT_EQ(height->outcome, O::Pass);
    const geo::CheckRow* density = row(r, "A-01", K::MaxDensity);
    ASSERT_TRUE(density);
    EXPECT_NEAR(density->measured, areaInside(gpkg, "buildings", "A-01") / 10000, 1e-9);
    EXPECT_EQ(density->outcome, O::Pass);
    const geo::CheckRow* far = row(r, "A-01", K::MaxFar);
    ASSERT_TRUE(far);
    EXPECT_NEAR(far->measured, (1200 * 10 + 400 * 20 + 400 * 4) / 10000.0, 1e-9);
    const geo::CheckRow* green = row(r, "A-01", K::MinGreenRatio);
    ASSERT_TRUE(green);
    EXPECT_NEAR(green->measured, areaInside(gpkg, "green", "A-01") / 10000, 1e-9);
    EXPECT_EQ(green->outcome, O::Violation);
    EXPECT_NEAR(green->by, 0.2 - 0.18, 1e-9);
    const geo::CheckRow* setback = row(r, "A-01", K::MinSetback);
    ASSERT_TRUE(setback);
    EXPECT_DOUBLE_EQ(setback->measured, 0);   // a building crosses the edge
    EXPECT_EQ(setback->outcome, O::Violation);

    // A-02: 100 × 50, one 40 × 40 building of 45 m (15 floors), 5 m from the nearest edges.
    const geo::CheckRow* h2 = row(r, "A-02", K::MaxHeight);
    ASSERT_TRUE(h2);
    EXPECT_EQ(h2->outcome, O::Violation);
    EXPECT_DOUBLE_EQ(h2->by, 25);
    EXPECT_NEAR(row(r, "A-02", K::MaxFar)->measured, 1600 * 15 / 5000.0, 1e-9);
    EXPECT_NEAR(row(r, "A-02", K::MaxDensity)->measured, 1600 / 5000.0, 1e-9);
    EXPECT_EQ(row(r, "A-02", K::MaxDensity)->outcome, O::Violation);
    EXPECT_NEAR(row(r, "A-02", K::MinSetback)->measured, 5, 1e-9);
    EXPECT_EQ(row(r, "A-02", K::MinSetback)->outcome, O::Pass);
    EXPECT_DOUBLE_EQ(row(r, "A-02", K::MinGreenRatio)->measured, 0);

    // B-01: the floor-area attribute over the parcel's 80 × 80.
    EXPECT_NEAR(row(r, "B-01", K::MaxFar)->measured, 12800 / 6400.0, 1e-9);
    // G-01: nothing built.
    EXPECT_DOUBLE_EQ(row(r, "G-01", K::MaxFar)->measured, 0);
    EXPECT_EQ(r.parcels, 4u);
    EXPECT_EQ(r.parcelsWithLimits, 4u);
    EXPECT_EQ(r.pass + r.violations + r.noData, r.rows.size());
}

TEST(Checks, MostSpecificLimitWinsForEachKind) {
    Loaded l("[check]\nbuildings = \"建筑\"\ngreen = \"绿地\"\nzones = \"单元\"\n");
    const geo::CheckReport r = geo::runChecks({l.layer("用地"), l.layer("建筑"), l.layer("绿地"), l.layer("单元")}, l.settings, &l.data.frame);
    // A-01 matches every rule but the B ones: where (70) beats zone (50) for the height;
    // R2 (2.5) beats R (2.0) beats the rule for every parcel (3.0) for the FAR; R's density stays.
    EXPECT_DOUBLE_EQ(row(r, "A-01", K::MaxHeight)->limit, 70);
    EXPECT_NE(row(r, "A-01", K::MaxHeight)->source.find("where"), std::string::npos);
    EXPECT_DOUBLE_EQ(row(r, "A-01", K::MaxFar)->limit, 2.5);
    EXPECT_DOUBLE_EQ(row(r, "A-01", K::MaxDensity)->limit, 0.30);   // written as 30 (%)
    // A-02 (R21): its own 限高 attribute beats every rule; "R2" matches R21 as a prefix.
    EXPECT_DOUBLE_EQ(row(r, "A-02", K::MaxHeight)->limit, 20);
    EXPECT_EQ(row(r, "A-02", K::MaxHeight)->source, "attribute 限高");
    EXPECT_DOUBLE_EQ(row(r, "A-02", K::MaxFar)->limit, 2.5);
    // B-01: two equally specific rules, the later wins; no height limit applies, so no row.
    EXPECT_DOUBLE_EQ(row(r, "B-01", K::MaxFar)->limit, 1.8);
    EXPECT_EQ(row(r, "B-01", K::MaxFar)->outcome, geo::CheckOutcome::Violation);
    EXPECT_NEAR(row(r, "B-01", K::MaxFar)->by, 0.2, 1e-9);
    EXPECT_EQ(row(r, "B-01", K::MaxHeight), nullptr);
    // G-01: only the rule for every parcel.
    EXPECT_DOUBLE_EQ(row(r, "G-01", K::MaxFar)->limit, 3.0);
    EXPECT_EQ(row(r, "G-01", K::MaxHeight), nullptr);
}

TEST(Checks, RulesFileComesAfterTheProjectAndWinsTies) {
    Loaded l("");
    l.settings.merge(geo::parseCheckRules("[[rule]]\nlanduse = \"B\"\nmax_far = 2.2\n", "extra.toml"));
    const geo::CheckReport r = geo::runChecks({l.layer("用地"), {}, {}, l.layer("单元")}, l.settings, &l.data.frame);
    EXPECT_DOUBLE_EQ(row(r, "B-01", K::MaxFar)->limit, 2.2);
    EXPECT_EQ(row(r, "B-01", K::MaxFar)->outcome, geo::CheckOutcome::Pass);
}

TEST(Checks, ZoneRuleBeatsLandUseAndAppliesOnlyInItsZone) {
    Loaded l("[check]\nzones = \"单元\"\n");
    // Without the where rule, A-01 (inside Z1) takes the zone's 50 m; R2 also gives a height now.
    l.settings.rules.erase(l.settings.rules.begin() + 4);
    l.settings.merge(geo::parseCheckRules("[[rule]]\nlanduse = \"R2\"\nmax_height_m = 40\n", "extra.toml"));
    const geo::CheckReport r = geo::runChecks({l.layer("用地"), {}, {}, l.layer("单元")}, l.settings, &l.data.frame);
    ASSERT_TRUE(row(r, "A-01", K::MaxHeight));
    EXPECT_DOUBLE_EQ(row(r, "A-01", K::MaxHeight)->limit, 50);
    EXPECT_NE(row(r, "A-01", K::MaxHeight)->source.find("zone Z1"), std::string::npos);
    // G-01 lies outside Z1: no height limit at all.
    EXPECT_EQ(row(r, "G-01", K::MaxHeight), nullptr);
}

TEST(Checks, ParcelsAsBuildingsAndMissingData) {
    // No [check] layers: the parcels are the buildings, and there is no green layer.
    Loaded l("");
    const geo::CheckReport r = geo::runChecks({l.layer("用地"), {}, {}, l.layer("单元")}, l.settings, &l.data.frame);
    EXPECT_DOUBLE_EQ(row(r, "A-01", K::MaxHeight)->measured, 30);              // the parcel's own extrusion
    EXPECT_DOUBLE_EQ(row(r, "A-01", K::MaxDensity)->measured, 1);              // the parcel is the building
    EXPECT_DOUBLE_EQ(row(r, "A-01", K::MaxFar)->measured, 10);                 // 30 m, 10 floors over the whole parcel
    EXPECT_EQ(row(r, "A-01", K::MinGreenRatio)->outcome, geo::CheckOutcome::NoData);   // no green layer
    EXPECT_EQ(row(r, "A-01", K::MinSetback)->outcome, geo::CheckOutcome::NoData);      // no buildings layer
    EXPECT_TRUE(std::isnan(row(r, "A-01", K::MinSetback)->measured));
    EXPECT_EQ(r.noData, 4u);   // green and setback of A-01 and A-02
}

TEST(Checks, UnknownFieldOrBadWhereIsAnInputErrorNamingTheRule) {
    Loaded l("");
    geo::CheckSettings bad = l.settings;
    bad.rules.push_back(geo::parseCheckRules("\n\n[[rule]]\nwhere = \"no_such_field = 1\"\nmax_far = 1\n", "bad.toml").rules[0]);
    try {
        geo::runChecks({l.layer("用地"), {}, {}, l.layer("单元")}, bad, &l.data.frame);
        FAIL() << "no error";
    } catch (const geo::InputError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("bad.toml:3: ", 0), 0u) << e.what();
    }
    geo::CheckSettings noZones = l.settings;   // zone rules but no zones layer
    EXPECT_THROW(geo::runChecks({l.layer("用地"), {}, {}, {}}, noZones, &l.data.frame), geo::InputError);
    geo::CheckSettings field = l.settings;
    field.limitFields[0] = "height_limit";
    EXPECT_THROW(geo::runChecks({l.layer("用地"), {}, {}, l.layer("单元")}, field, &l.data.frame), geo::InputError);
}

TEST(CheckRules, ParseErrorsAreOneLineNamingFileAndLine) {
    struct Case {
        const char* text;
        const char* start;
    } cases[] = {
        {"[[rule]]\nmax_far = \n", "r.toml:2: "},
        {"[[rule]]\nname = \"x\"\n", "r.toml:1: rule 1: gives no limit"},
        {"[[rule]]\nmax_far = -1\n", "r.toml:2: rule 1.max_far: must not be negative"},
        {"[[rule]]\nmax_density = 250\n", "r.toml:2: rule 1.max_density:"},
        {"[[rule]]\nmax_far = 1\nheight = 3\n", "r.toml:3: rule 1.height: unknown key"},
        {"[[rule]]\nmax_far = \"2\"\n", "r.toml:2: rule 1.max_far: must be a number"},
        {"[check]\nstorey_height = 0\n", "r.toml:2: check.storey_height:"},
        {"[check.fields]\nheight = \"限高\"\n", "r.toml:2: check.fields.height: unknown key"},
        {"rule = 3\n", "r.toml:1: rule: must be an array"},
    };
    for (const Case& c : cases) {
        try {
            geo::parseCheckRules(c.text, "r.toml");
            ADD_FAILURE() << "no error for " << c.text;
        } catch (const geo::InputError& e) {
            const std::string what = e.what();
            EXPECT_EQ(what.rfind(c.start, 0), 0u) << what;
            EXPECT_EQ(what.find('\n'), std::string::npos) << what;
        }
    }
}

TEST(CheckRules, SharesAndPercentagesAndLimitValues) {
    const geo::CheckSettings s = geo::parseCheckRules(
        "[check]\nstorey_height = 3.3\n[check.fields]\nmax_height = \"H\"\n[[rule]]\nlanduse = \"R\"\nmax_density = 35\nmin_green_ratio = 0.3\n",
        "r.toml");
    ASSERT_EQ(s.rules.size(), 1u);
    EXPECT_DOUBLE_EQ(*s.rules[0].limits[static_cast<std::size_t>(K::MaxDensity)], 0.35);
    EXPECT_DOUBLE_EQ(*s.rules[0].limits[static_cast<std::size_t>(K::MinGreenRatio)], 0.3);
    EXPECT_EQ(s.rules[0].line, 5);
    EXPECT_EQ(s.limitFields[0], "H");
    EXPECT_DOUBLE_EQ(s.storeyHeight, 3.3);
    EXPECT_DOUBLE_EQ(geo::limitValue(geo::Value{std::string("35%")}, K::MaxDensity), 0.35);
    EXPECT_DOUBLE_EQ(geo::limitValue(geo::Value{std::int64_t{40}}, K::MinGreenRatio), 0.40);
    EXPECT_DOUBLE_EQ(geo::limitValue(geo::Value{2.5}, K::MaxFar), 2.5);
    EXPECT_TRUE(std::isnan(geo::limitValue(geo::Value{}, K::MaxHeight)));
    EXPECT_TRUE(std::isnan(geo::limitValue(geo::Value{std::string("高")}, K::MaxHeight)));
    EXPECT_TRUE(std::isnan(geo::limitValue(geo::Value{-3.0}, K::MaxHeight)));
}

TEST(CheckRules, ProjectFileCarriesItsRules) {
    const geo::Project p = geo::parseProject(std::string(kLayers) + "[check]\nlayer = \"用地\"\n" + kRules, "/tmp/p.toml");
    EXPECT_EQ(p.checks.layer, "用地");
    ASSERT_EQ(p.checks.rules.size(), 7u);
    EXPECT_EQ(p.checks.rules[4].where, "plot_code = 'A-01'");
    EXPECT_EQ(p.checks.rules[4].file, "/tmp/p.toml");
}
