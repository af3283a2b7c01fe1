// Height-limit envelopes (控规盒子, issue 20): each checked parcel's footprint shrunk by its setback
// limit, against GEOS's inward buffer of the same parcel computed here on the file (through OGR), its
// height the parcel's height limit as written in the fixture; none without a height limit or where the
// setback leaves nothing; bookmarks that keep them with a view.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include "geo/Errors.h"
#include "geo/Geometry.h"
#include "geo/HeightEnvelopes.h"
#include "geo/MapView.h"
#include "geo/ProjectChecks.h"
#include "geo/ProjectData.h"
#include "geo/ProjectWriter.h"
#include "tests/support/Fixtures.h"

namespace {

using fixtures::rect;
const std::string N = fixtures::null;

/// An L-shaped parcel (100 × 100 with its north-east 60 × 60 cut away) and a 100 × 100 square with a
/// 30 × 30 courtyard, off the fixtures' origin.
std::string lShape(double x, double y) {
    std::ostringstream wkt;
    wkt.precision(12);
    const double X = fixtures::kOriginX + x, Y = fixtures::kOriginY + y;
    wkt << "POLYGON((" << X << ' ' << Y << ',' << X + 100 << ' ' << Y << ',' << X + 100 << ' ' << Y + 40 << ',' << X + 40 << ' '
        << Y + 40 << ',' << X + 40 << ' ' << Y + 100 << ',' << X << ' ' << Y + 100 << ',' << X << ' ' << Y << "))";
    return wkt.str();
}
std::string courtyard(double x, double y) {
    std::string outer = rect(x, y, x + 100, y + 100), inner = rect(x + 35, y + 35, x + 65, y + 65);
    return outer.substr(0, outer.size() - 1) + "," + inner.substr(8, inner.size() - 8);
}

// plot, landuse, height_m, max_height_m, min_setback_m: limits from the attributes, else from the rules.
void writeFixture(const std::string& path) {
    fixtures::writeLayer(path, "GPKG", "parcels", 4549, wkbPolygon,
                         {{"plot_code"}, {"landuse"}, {"height_m", OFTReal}, {"max_height_m", OFTReal}, {"min_setback_m", OFTReal}},
                         {{rect(0, 0, 100, 60), {"P1", "B1", "30", "24", "5"}},          // taller than its limit
                          {lShape(200, 0), {"P2", "R2", "18", N, N}},                    // the rules: 45 m, 8 m setback
                          {rect(400, 0, 410, 80), {"P3", "R2", "12", N, N}},             // 10 m wide: the setback leaves nothing
                          {rect(0, 200, 50, 250), {"P4", "M1", "9", N, N}},              // no height limit (only FAR)
                          {courtyard(200, 200), {"P5", "B2", "40", "60", "3"}},          // a courtyard, 3 m setback
                          {rect(400, 200, 460, 240), {"P6", "B1", "24", "24", N}}});     // at its limit, no setback
}

const char* kProject = R"(crs = "EPSG:4549"
[[layer]]
name = "用地"
source = "plan.gpkg"
layer = "parcels"
kind = "parcels"
extrude = "height_m"
[[rule]]
landuse = "R"
max_height_m = 45
min_setback_m = 8
[[rule]]
landuse = "M"
max_far = 2.0
[[bookmark]]
name = "盒子"
lon = 120.0
lat = 30.23
distance = 800
envelopes = true
[[bookmark]]
name = "plain"
lon = 120.0
lat = 30.23
layers = ["用地"]
)";

struct Loaded {
    fixtures::TempDir dir;
    geo::ProjectData data;
    Loaded() : data([&] {
        writeFixture(dir / "plan.gpkg");
        std::ofstream(dir / "project.toml") << kProject;
        return geo::loadProjectData(geo::loadProject(dir / "project.toml"));
    }()) {}
};

/// GEOS through OGR on the file itself: the parcel's inward buffer by `setback` (0: the parcel).
std::unique_ptr<OGRGeometry> shrunk(const std::string& gpkg, const std::string& plot, double setback) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    OGRLayer* parcels = ds->GetLayerByName("parcels");
    parcels->SetAttributeFilter(("plot_code = '" + plot + "'").c_str());
    std::unique_ptr<OGRFeature> f(parcels->GetNextFeature());
    return std::unique_ptr<OGRGeometry>(setback > 0 ? f->GetGeometryRef()->Buffer(-setback, geo::kEnvelopeQuadrantSegments)
                                                    : f->GetGeometryRef()->clone());
}
double areaOf(const OGRGeometry& g) { return OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g))); }

double footprintArea(const geo::HeightEnvelope& e) {
    double a = 0;
    for (const geo::Polygon& p : e.footprint) a += geo::area(p);
    return a;
}

std::map<std::string, const geo::HeightEnvelope*> byPlot(const geo::EnvelopeView& view, const geo::ProjectData& data) {
    std::map<std::string, const geo::HeightEnvelope*> out;
    const geo::FeatureLayer& parcels = data.layers[static_cast<std::size_t>(view.layer)].data;
    for (const geo::HeightEnvelope& e : view.boxes) out[geo::toString(parcels.value(parcels.features[e.feature], "plot_code"))] = &e;
    return out;
}

}  // namespace

TEST(HeightEnvelopes, FootprintsAreGeosInwardBuffersAndHeightsAreTheLimits) {
    Loaded l;
    const geo::EnvelopeView view = geo::projectEnvelopeView(l.data);
    EXPECT_EQ(l.data.layers[static_cast<std::size_t>(view.layer)].spec.name, "用地");
    const auto boxes = byPlot(view, l.data);
    // P3's setback leaves nothing, P4 has no height limit.
    ASSERT_EQ(boxes.size(), 4u);
    EXPECT_FALSE(boxes.count("P3"));
    EXPECT_FALSE(boxes.count("P4"));
    ASSERT_TRUE(shrunk(l.dir / "plan.gpkg", "P3", 8)->IsEmpty()) << "GEOS agrees that nothing is left of P3";

    struct Expected {
        const char* plot;
        double height, setback;
        bool exceeded;
    };
    for (const Expected& x : {Expected{"P1", 24, 5, true}, Expected{"P2", 45, 8, false}, Expected{"P5", 60, 3, false},
                              Expected{"P6", 24, 0, false}}) {
        SCOPED_TRACE(x.plot);
        ASSERT_TRUE(boxes.count(x.plot));
        const geo::HeightEnvelope& e = *boxes.at(x.plot);
        EXPECT_DOUBLE_EQ(e.height, x.height);
        EXPECT_DOUBLE_EQ(e.setback, x.setback);
        EXPECT_EQ(e.exceeded, x.exceeded);
        const std::unique_ptr<OGRGeometry> reference = shrunk(l.dir / "plan.gpkg", x.plot, x.setback);
        EXPECT_NEAR(footprintArea(e), areaOf(*reference), 1e-6 * areaOf(*reference));
        // The same shape, not only the same area: nothing of the one lies outside the other.
        OGRMultiPolygon mine;
        for (const geo::Polygon& p : e.footprint) {
            OGRPolygon polygon;
            for (const geo::Ring& ring : p.rings) {
                OGRLinearRing r;
                for (const geo::Vec2& v : ring) r.addPoint(v.x + l.data.frame.origin().x, v.y + l.data.frame.origin().y);
                r.closeRings();
                polygon.addRing(&r);
            }
            mine.addGeometry(&polygon);
        }
        std::unique_ptr<OGRGeometry> difference(mine.SymDifference(reference.get()));
        EXPECT_LT(difference ? areaOf(*difference) : 0, 1e-3) << "m² of difference from GEOS's buffer";
        // Exteriors counter-clockwise, holes clockwise: the walls face outwards.
        for (const geo::Polygon& p : e.footprint)
            for (std::size_t r = 0; r < p.rings.size(); ++r) EXPECT_EQ(geo::signedArea(p.rings[r]) > 0, r == 0);
    }
    // Analytically too: P1's 100 × 60 less 5 m all round; P5's 100 × 100 less 3 m all round, its 30 × 30
    // courtyard grown by 3 m on every side with rounded corners (four quarter circles of radius 3,
    // each kEnvelopeQuadrantSegments chords: a 32-gon of area 16 r² sin(π/16)).
    EXPECT_NEAR(footprintArea(*boxes.at("P1")), 90.0 * 50.0, 1e-6);
    const double corners = 16 * 9 * std::sin(3.14159265358979323846 / 16);
    EXPECT_NEAR(footprintArea(*boxes.at("P5")), 94.0 * 94.0 - (30.0 * 30.0 + 4 * 30.0 * 3.0 + corners), 1e-6);
    EXPECT_EQ(boxes.at("P5")->footprint.front().rings.size(), 2u);
    EXPECT_NEAR(footprintArea(*boxes.at("P6")), 60.0 * 40.0, 1e-6);
}

TEST(HeightEnvelopes, FollowTheCheckReportsLimits) {
    Loaded l;
    const geo::ProjectChecks checks = geo::runProjectChecks(l.data);
    const std::vector<geo::HeightEnvelope> boxes = geo::heightEnvelopes(checks.report, l.data.layers[checks.layer].data);
    // Every box's height is its parcel's max_height_m row, and every parcel with such a row and room
    // inside its setback has a box.
    std::size_t heightRows = 0;
    for (const geo::CheckRow& row : checks.report.rows) {
        if (row.kind != geo::LimitKind::MaxHeight) continue;
        ++heightRows;
        bool found = false;
        for (const auto& b : boxes)
            if (b.feature == row.feature) {
                found = true;
                EXPECT_DOUBLE_EQ(b.height, row.limit);
                EXPECT_EQ(b.exceeded, row.outcome == geo::CheckOutcome::Violation);
            }
        EXPECT_TRUE(found || row.id == "P3") << row.id;
    }
    EXPECT_EQ(heightRows, 5u);
    // No report, no boxes.
    EXPECT_TRUE(geo::heightEnvelopes(geo::CheckReport{}, l.data.layers[checks.layer].data).empty());
}

TEST(HeightEnvelopes, BookmarksKeepThemWithAView) {
    Loaded l;
    const geo::Bookmark* with = l.data.project.bookmark("盒子");
    const geo::Bookmark* plain = l.data.project.bookmark("plain");
    ASSERT_TRUE(with && plain);
    EXPECT_TRUE(with->envelopes);
    EXPECT_FALSE(plain->envelopes);
    geo::MapView view = geo::projectMapView(l.data);
    geo::showBookmark(view, *with, l.data, std::nullopt);
    ASSERT_TRUE(view.envelopes);
    EXPECT_EQ(*view.envelopes, geo::projectEnvelopeView(l.data));
    EXPECT_TRUE(geo::bookmarkOf(view, "again", l.data).envelopes);
    // A bookmark saved with its layers and without envelopes hides them.
    geo::showBookmark(view, *plain, l.data, std::nullopt);
    EXPECT_FALSE(view.envelopes);
    EXPECT_FALSE(geo::bookmarkOf(view, "again", l.data).envelopes);

    // Written back and read again.
    geo::Bookmark saved = *with;
    saved.name = "saved";
    const std::string text = geo::withBookmarks(kProject, {{saved, std::nullopt}});
    EXPECT_NE(text.find("envelopes = true"), std::string::npos) << text;
    std::ofstream(l.dir / "saved.toml") << text;
    EXPECT_TRUE(geo::loadProject(l.dir / "saved.toml").bookmark("saved")->envelopes);

    // Not a boolean: one line naming the file, the line and the key.
    std::string bad = kProject;
    bad.replace(bad.find("envelopes = true"), 16, "envelopes = \"yes\"");
    std::ofstream(l.dir / "bad.toml") << bad;
    try {
        geo::loadProject(l.dir / "bad.toml");
        FAIL() << "a non-boolean envelopes was accepted";
    } catch (const geo::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("bad.toml:"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("envelopes"), std::string::npos) << e.what();
    }
}
