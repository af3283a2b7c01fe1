// Compare mode (issue 20) through the binary: two versions of a layer, drawn straight down into a
// GeoTIFF (`render --view top --ortho --compare …`), whose geotransform says where each square is.
// The fixture is four 100 m squares in a row, A B C D, with an added E above D in the after version:
// A unchanged, B changed (its land use), C removed, D changed (moved 30 m), E added. Each version has
// one colour of its own, so the swipe's sides and the halves drawn side by side (PNGs, placed by the
// whole view's GeoTIFF) are told apart by colour; the change colours are the product's legend (the
// change layer's QGIS style), which kind each square is comes from the fixture.
#include <gtest/gtest.h>
#include <cmath>
#include <fstream>
#include <memory>
#include <optional>
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

// A place's longitude and latitude (the bookmarks'), by OGR.
std::pair<double, double> lonLat(const Place& p) {
    OGRSpatialReference from, to;
    from.importFromEPSG(4549);
    to.importFromEPSG(4326);
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&from, &to));
    double x = p.x, y = p.y;
    EXPECT_TRUE(t && t->Transform(1, &x, &y));
    return {x, y};
}

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
        // Side by side, straight down over B (in both versions), C (removed) and E (added).
        for (const auto& [name, place] : {std::pair{"overB", middle(1)}, std::pair{"overC", middle(2)}, std::pair{"overE", kAddedMiddle}}) {
            const auto [lon, lat] = lonLat(place);
            char bookmark[256];
            std::snprintf(bookmark, sizeof bookmark,
                          "[[bookmark]]\nname = \"%s\"\nlon = %.9f\nlat = %.9f\ndistance = 300\nheading = 0\npitch = 90\n"
                          "compare = \"split\"\n", name, lon, lat);
            std::ofstream(toml, std::ios::app) << bookmark;
        }
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

// Side by side: each half is the middle half of the whole view at the same scale, so column c of the
// left half shows what column c + W/4 of the view drawn whole shows (its GeoTIFF's geotransform says
// where that is), and column c of the right half what column c − W/4 shows.
struct SplitRender {
    Render whole;   // the same view drawn once, as a GeoTIFF
    Image split;
    int quarter() const { return split.width / 4; }
    // The columns of the left and the right half that show ground point x.
    int leftCol(double x) const { return whole.col(x) - quarter(); }
    int rightCol(double x) const { return whole.col(x) + quarter(); }
};

SplitRender renderSplit(const std::vector<std::string>& extra, const std::string& name, std::string* out = nullptr,
                        const Render* whole = nullptr) {
    SplitRender r{whole ? *whole : render({}, name + "-whole"), {}};
    const fs::path png = workDir() / (name + ".png");
    std::vector<std::string> args{"render",  project().string(), "--view", "top", "--ortho", "--size", "800x500", "--compare",
                                  "split",  "--hide-ui", "--no-labels", "-o", png.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult run = runPlanview(args);
    EXPECT_EQ(run.code, 0) << run.describe();
    if (out) *out = run.out;
    r.split = readImage(png);
    return r;
}

TEST(CompareRender, SplitDrawsTheBeforeVersionInTheLeftHalfAndTheAfterVersionInTheRightHalf) {
    const SplitRender r = renderSplit({}, "split");
    ASSERT_EQ(r.split.width, r.whole.image.width);
    ASSERT_EQ(r.split.height, r.whole.image.height);
    const int width = r.split.width, row = r.whole.row(kY0 + kSide / 2);
    int before = 0, after = 0;
    for (int col = 0; col < width; ++col) {
        if (std::abs(col - width / 2) < 4) continue;   // the divider
        const bool left = col < width / 2;
        const int wholeCol = left ? col + r.quarter() : col - r.quarter();
        const double x = r.whole.image.geoTransform[0] + (wholeCol + 0.5) * r.whole.image.geoTransform[1];
        const std::vector<double> squares = left ? std::vector<double>{kX0, kX0 + 150, kX0 + 300, kX0 + 450}
                                                 : std::vector<double>{kX0, kX0 + 150, kX0 + 480};
        bool inside = false, outside = true;
        for (double x0 : squares) {
            inside = inside || (x > x0 + 3 && x < x0 + kSide - 3);
            outside = outside && (x < x0 - 3 || x > x0 + kSide + 3);
        }
        const auto pixel = r.split.at(col, row);
        const auto& colour = left ? kBeforeColour : kAfterColour;
        if (inside) {
            EXPECT_TRUE(near(pixel, colour)) << (left ? "left" : "right") << " half, column " << col;
            ++(left ? before : after);
        } else if (outside) {
            // The ground (with its grid): neither version there.
            EXPECT_FALSE(near(pixel, kBeforeColour) || near(pixel, kAfterColour)) << "column " << col;
        }
    }
    EXPECT_GT(before, 100) << "the squares cover too few pixels of the left half's row";
    EXPECT_GT(after, 100) << "the squares cover too few pixels of the right half's row";
}

TEST(CompareRender, SplitPicksTheVersionDrawnInTheHalfClicked) {
    // B is in both versions, C only in the before version (features: A B C D before, A B D E after).
    SplitRender at{render({}, "picks-whole"), {}};
    at.split.width = at.whole.image.width;
    const int row = at.whole.row(kY0 + kSide / 2);
    const double xB = middle(1).x, xC = middle(2).x;
    auto pick = [&](int col) { return std::to_string(col) + "," + std::to_string(row); };
    std::string out;
    renderSplit({"--pick", pick(at.leftCol(xB)), "--pick", pick(at.rightCol(xB)), "--pick", pick(at.leftCol(xC)), "--pick",
                 pick(at.rightCol(xC))},
                "split-picks", &out, &at.whole);
    EXPECT_NE(out.find("pick " + pick(at.leftCol(xB)) + ": layer=before feature=1 "), std::string::npos) << out;
    EXPECT_NE(out.find("pick " + pick(at.rightCol(xB)) + ": layer=after feature=1 "), std::string::npos) << out;
    EXPECT_NE(out.find("pick " + pick(at.leftCol(xC)) + ": layer=before feature=2 "), std::string::npos) << out;
    EXPECT_NE(out.find("pick " + pick(at.rightCol(xC)) + ": none"), std::string::npos) << out;
}

TEST(CompareRender, ABookmarksSplitShowsBothVersionsOfWhereItsCameraLooksInBothHalves) {
    // Straight down over a square: its middle is at the middle of each half, one camera for both.
    struct Expected {
        std::string bookmark;
        std::optional<std::array<int, 3>> left, right;   // none: the ground
    };
    for (const Expected& e : {Expected{"overB", kBeforeColour, kAfterColour}, Expected{"overC", kBeforeColour, std::nullopt},
                              Expected{"overE", std::nullopt, kAfterColour}}) {
        const fs::path png = workDir() / (e.bookmark + ".png");
        RunResult run = runPlanview({"render", project().string(), "--view", e.bookmark, "--size", "800x500", "--hide-ui",
                                     "--no-labels", "-o", png.string()});
        ASSERT_EQ(run.code, 0) << run.describe();
        const Image image = readImage(png);
        for (bool left : {true, false}) {
            const auto pixel = image.at(left ? image.width / 4 : image.width * 3 / 4, image.height / 2);
            const std::optional<std::array<int, 3>>& want = left ? e.left : e.right;
            if (want) EXPECT_TRUE(near(pixel, *want)) << e.bookmark << (left ? ", left" : ", right");
            else EXPECT_FALSE(near(pixel, kBeforeColour) || near(pixel, kAfterColour)) << e.bookmark << (left ? ", left" : ", right");
        }
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
    // Two maps side by side have no one geotransform.
    r = runPlanview({"render", project().string(), "--view", "top", "--ortho", "--compare", "split", "-o", (workDir() / "x.tif").string()});
    EXPECT_EQ(r.code, 1) << r.describe();
    EXPECT_NE(r.err.find("--compare split"), std::string::npos) << r.err;
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
