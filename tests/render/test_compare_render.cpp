// Compare mode (issue 20) through the binary: two versions of a layer, drawn straight down into a
// GeoTIFF (`render --view top --ortho --compare …`), whose geotransform says where each square is.
// The fixture is four 100 m squares in a row, A B C D, with an added E above D in the after version:
// A unchanged, B changed (its land use), C removed, D changed (moved 30 m), E added. Each version has
// one colour of its own, so the swipe's sides are told apart by colour; the change colours are the
// product's legend (the change layer's QGIS style), which kind each square is comes from the fixture.
#include <gtest/gtest.h>
#include <cmath>
#include <fstream>
#include <memory>
#include <ogr_spatialref.h>
#include "tests/render/RenderSupport.h"
#include "tests/support/Fixtures.h"

namespace render_test {
namespace {

constexpr double kX0 = 516000, kY0 = 3347000, kSide = 100;   // EPSG:4549 metres
const std::array<int, 3> kBeforeColour{32, 64, 192}, kAfterColour{32, 160, 64};
// The legend: added green, removed red, changed orange, unchanged grey.
const std::array<int, 3> kAdded{43, 161, 43}, kRemoved{214, 38, 41}, kChanged{255, 128, 13}, kUnchanged{179, 179, 179};

std::string square(double x0, double y0) {
    char wkt[256];
    std::snprintf(wkt, sizeof wkt, "POLYGON((%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f))", x0, y0, x0 + kSide, y0,
                  x0 + kSide, y0 + kSide, x0, y0 + kSide, x0, y0);
    return wkt;
}

// Where each square's middle is in the after version (C's and D's as before: C is gone, D moved 30 m).
struct Place {
    double x, y;
};
Place middle(int index) { return {kX0 + index * 150 + kSide / 2, kY0 + kSide / 2}; }
const Place kAddedMiddle{kX0 + 3 * 150 + kSide / 2, kY0 + 250 + kSide / 2};

// The project's layers: the two versions, each in a colour of its own.
const char* const kLayers = "title = \"versions\"\ncrs = \"EPSG:4549\"\n"
                            "[[layer]]\nname = \"before\"\nsource = \"versions.gpkg\"\nlayer = \"before\"\nkind = \"polygons\"\n"
                            "[layer.style]\ndefault = \"#2040C0\"\noutline = false\n"
                            "[[layer]]\nname = \"after\"\nsource = \"versions.gpkg\"\nlayer = \"after\"\nkind = \"polygons\"\n"
                            "visible = false\n[layer.style]\ndefault = \"#20A040\"\noutline = false\n";

const fs::path& project() {
    static const fs::path path = [] {
        const fs::path data = workDir() / "versions.gpkg";
        std::vector<fixtures::Field> fields{{"code"}, {"landuse"}};
        std::vector<fixtures::Row> before, after;
        for (int i = 0; i < 4; ++i) before.push_back({square(kX0 + i * 150, kY0), {std::string(1, char('A' + i)), "R2"}});
        after.push_back({square(kX0, kY0), {"A", "R2"}});
        after.push_back({square(kX0 + 150, kY0), {"B", "B1"}});
        after.push_back({square(kX0 + 450 + 30, kY0), {"D", "R2"}});
        after.push_back({square(kX0 + 450, kY0 + 250), {"E", "B1"}});
        fixtures::writeLayer(data.string(), "GPKG", "before", 4549, wkbPolygon, fields, before);
        fixtures::writeLayer(data.string(), "GPKG", "after", 4549, wkbPolygon, fields, after);
        const fs::path toml = workDir() / "versions.toml";
        std::ofstream(toml) << kLayers << "[compare]\nbefore = \"before\"\nafter = \"after\"\nkey = \"code\"\n";
        return toml;
    }();
    return path;
}

struct Render {
    Image image;
    int col(double x) const { return static_cast<int>(std::floor((x - image.geoTransform[0]) / image.geoTransform[1])); }
    int row(double y) const { return static_cast<int>(std::floor((y - image.geoTransform[3]) / image.geoTransform[5])); }
    std::array<int, 3> at(const Place& p) const { return image.at(col(p.x), row(p.y)); }
};

Render render(const std::vector<std::string>& compare, const std::string& name) {
    const fs::path out = workDir() / (name + ".tif");
    std::vector<std::string> args{"render", project().string(), "--view", "top", "--ortho", "--size", "800x500", "-o", out.string()};
    args.insert(args.end(), compare.begin(), compare.end());
    RunResult r = runPlanview(args);
    EXPECT_EQ(r.code, 0) << r.describe();
    return Render{readImage(out)};
}

bool near(const std::array<int, 3>& a, const std::array<int, 3>& b) { return distance2(a, b) < 3 * 12 * 12; }

TEST(CompareRender, SwipeDrawsTheBeforeVersionLeftOfTheLineAndTheAfterVersionRightOfIt) {
    for (double swipe : {0.5, 0.2, 0.8}) {
        char text[16];
        std::snprintf(text, sizeof text, "%.2f", swipe);
        const Render r = render({"--compare", "swipe", "--swipe", text}, std::string("swipe") + text);
        ASSERT_GT(r.image.width, 0);
        const int line = static_cast<int>(swipe * r.image.width);
        int checked = 0;
        // Every pixel row through the squares' middles, away from the line and the squares' edges.
        const int row = r.row(kY0 + kSide / 2);
        for (int col = 0; col < r.image.width; ++col) {
            if (std::abs(col - line) < 3) continue;
            const double x = r.image.geoTransform[0] + (col + 0.5) * r.image.geoTransform[1];
            auto inside = [&](double x0) { return x > x0 + 3 && x < x0 + kSide - 3; };
            auto outside = [&](double x0) { return x < x0 - 3 || x > x0 + kSide + 3; };
            bool inBefore = false, outBefore = true, inAfter = false, outAfter = true;
            for (int i = 0; i < 4; ++i) {
                inBefore = inBefore || inside(kX0 + i * 150);
                outBefore = outBefore && outside(kX0 + i * 150);
            }
            for (double x0 : {kX0, kX0 + 150, kX0 + 480}) {
                inAfter = inAfter || inside(x0);
                outAfter = outAfter && outside(x0);
            }
            const auto pixel = r.image.at(col, row);
            if (col < line) {
                if (inBefore) EXPECT_TRUE(near(pixel, kBeforeColour)) << "swipe " << swipe << ", column " << col;
                else if (outBefore) EXPECT_TRUE(near(pixel, kGround)) << "swipe " << swipe << ", column " << col;
            } else {
                if (inAfter) EXPECT_TRUE(near(pixel, kAfterColour)) << "swipe " << swipe << ", column " << col;
                else if (outAfter) EXPECT_TRUE(near(pixel, kGround)) << "swipe " << swipe << ", column " << col;
            }
            checked += (col < line ? inBefore : inAfter) ? 1 : 0;
        }
        EXPECT_GT(checked, 200) << "the squares cover too few pixels of the row";
    }
}

TEST(CompareRender, ChangesColourEachFeatureByItsKindOfChange) {
    const Render r = render({"--compare", "changes"}, "changes");
    ASSERT_GT(r.image.width, 0);
    EXPECT_TRUE(near(r.at(middle(0)), kUnchanged)) << "A is the same in both versions";
    EXPECT_TRUE(near(r.at(middle(1)), kChanged)) << "B's land use changed";
    EXPECT_TRUE(near(r.at(middle(2)), kRemoved)) << "C is only in the before version";
    EXPECT_TRUE(near(r.at({kX0 + 480 + kSide / 2, kY0 + kSide / 2}), kChanged)) << "D moved 30 m";
    EXPECT_TRUE(near(r.at(kAddedMiddle), kAdded)) << "E is only in the after version";
    // D's old place, left uncovered by its move, shows neither version.
    EXPECT_TRUE(near(r.at({kX0 + 450 + 15, kY0 + kSide / 2}), kGround));
}

TEST(CompareRender, WithoutCompareTheHiddenVersionStaysHidden) {
    const Render r = render({}, "plain");
    EXPECT_TRUE(near(r.at(middle(2)), kBeforeColour));
    EXPECT_TRUE(near(r.at(kAddedMiddle), kGround)) << "the after layer is hidden in the project";
}

TEST(CompareRender, AProjectWithoutCompareIsBadInput) {
    const fs::path toml = workDir() / "plain.toml";
    std::ofstream(toml) << "[[layer]]\nname = \"before\"\nsource = \"versions.gpkg\"\nlayer = \"before\"\n";
    project();   // writes versions.gpkg
    RunResult r = runPlanview({"render", toml.string(), "--compare", "swipe", "-o", (workDir() / "x.png").string()});
    EXPECT_EQ(r.code, 2) << r.describe();
    EXPECT_NE(r.err.find("[compare]"), std::string::npos) << r.err;
    r = runPlanview({"render", project().string(), "--compare", "sideways", "-o", (workDir() / "x.png").string()});
    EXPECT_EQ(r.code, 1) << r.describe();
}

// Two [[compare]] pairs, the second the first reversed (after → before): a bookmark looking straight
// down at C with compare_pair = the reversed pair colours C, which only the before layer has, as added
// (green); the default pair, as removed (red).
TEST(CompareRender, ABookmarkDrawsThePairItNames) {
    project();   // writes versions.gpkg
    const std::string pairs = std::string(kLayers) +
                              "[[compare]]\nname = \"forward\"\nbefore = \"before\"\nafter = \"after\"\nkey = \"code\"\n"
                              "[[compare]]\nname = \"reverse\"\nbefore = \"after\"\nafter = \"before\"\nkey = \"code\"\n";
    OGRSpatialReference gk, geographic;
    gk.importFromEPSG(4549);
    geographic.importFromEPSG(4490);
    for (OGRSpatialReference* s : {&gk, &geographic}) s->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> toLonLat(OGRCreateCoordinateTransformation(&gk, &geographic));
    double lon = middle(2).x, lat = middle(2).y;
    ASSERT_TRUE(toLonLat->Transform(1, &lon, &lat));
    char view[160];
    std::snprintf(view, sizeof view, "lon = %.7f\nlat = %.7f\ndistance = 500\nheading = 0\npitch = 90\ncompare = \"changes\"\n", lon, lat);
    const fs::path toml = workDir() / "pairs.toml";
    std::ofstream(toml) << pairs << "[[bookmark]]\nname = \"default\"\n" << view << "[[bookmark]]\nname = \"reverse\"\n" << view
                        << "compare_pair = \"reverse\"\n";
    for (const char* bookmark : {"default", "reverse"}) {
        const fs::path out = workDir() / (std::string("pair-") + bookmark + ".png");
        RunResult r = runPlanview({"render", toml.string(), "--view", bookmark, "--size", "400x300", "--hide-ui", "-o", out.string()});
        ASSERT_EQ(r.code, 0) << r.describe();
        const Image image = readImage(out);
        ASSERT_GT(image.width, 0);
        const auto centre = image.at(image.width / 2, image.height / 2);
        EXPECT_TRUE(near(centre, std::string(bookmark) == "reverse" ? kAdded : kRemoved))
            << bookmark << ": C at the centre is " << centre[0] << "," << centre[1] << "," << centre[2];
    }
}

}  // namespace
}  // namespace render_test
