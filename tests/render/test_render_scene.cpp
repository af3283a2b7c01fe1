// What the scene draws: a home view that looks like a map (palette colours, labels, panels), few
// draw calls for many parcels, and the viewer's fallback without a display.
#include <gtest/gtest.h>
#include <fstream>
#include <set>
#include "tests/render/RenderSupport.h"

namespace render_test {
namespace {

struct SnapshotProject {
    ParcelFixture fixture;
    fs::path project;
};

// Parcels (extruded, labelled every 15th) and two labelled platforms, in a project file.
const SnapshotProject& snapshotProject() {
    static SnapshotProject p = [] {
        SnapshotProject s;
        s.fixture = makeParcelFixture(workDir() / "snapshot.gpkg", 14, 12, 60.0, true);
        s.project = workDir() / "snapshot.toml";
        std::ofstream toml(s.project);
        toml << "title = \"测试项目\"\n"
                "[[layer]]\nname = \"用地\"\nsource = \"snapshot.gpkg\"\nlayer = \"parcels\"\nkind = \"parcels\"\n"
                "extrude = \"height_m\"\nlabel = \"name_zh\"\n[layer.style]\nby = \"landuse\"\n"
                "colors = { R2 = \"#FFE600\", B1 = \"#FF3333\", G1 = \"#00A651\", A1 = \"#FF66B3\", M2 = \"#A0522D\", W = \"#9966CC\" }\n"
                "[[layer]]\nname = \"平台\"\nsource = \"snapshot.gpkg\"\nlayer = \"platforms\"\nkind = \"boundary\"\n"
                "extrude = 60\nlabel = \"name_zh\"\n[layer.style]\ndefault = \"#1E3A8A\"\nopacity = 0.5\n"
                "[[bookmark]]\nname = \"西南角\"\nlon = 120.083\nlat = 30.262\ndistance = 600\nheading = 30\npitch = 40\n";
        return s;
    }();
    return p;
}

std::size_t pixelsNear(const Image& image, const std::array<int, 3>& rgb, int tolerance) {
    std::size_t n = 0;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) n += distance2(image.at(x, y), rgb) <= tolerance * tolerance;
    return n;
}

TEST(RenderScene, HomeViewIsAMapWithPaletteColoursAndLabels) {
    const SnapshotProject& p = snapshotProject();
    const fs::path withLabels = workDir() / "home.png", without = workDir() / "home-nolabels.png";
    RunResult r = runPlanview({"render", p.project.string(), "-o", withLabels.string(), "--size", "960x600", "--hide-ui", "--stats"});
    ASSERT_EQ(r.code, 0) << r.describe();
    RunResult bare = runPlanview({"render", p.project.string(), "-o", without.string(), "--size", "960x600", "--hide-ui", "--no-labels"});
    ASSERT_EQ(bare.code, 0) << bare.describe();
    Image image = readImage(withLabels), plain = readImage(without);
    ASSERT_EQ(image.width, 960);
    ASSERT_EQ(image.height, 600);

    // Not blank: many colours, and most of the picture is not sky or ground.
    std::set<int> colours;
    std::size_t background = 0;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            auto c = image.at(x, y);
            colours.insert(c[0] << 16 | c[1] << 8 | c[2]);
            background += distance2(c, kGround) < 100;
        }
    EXPECT_GT(colours.size(), 200u);
    EXPECT_LT(background, static_cast<std::size_t>(image.width * image.height * 0.75));

    // Every land-use class shows in its palette colour (roofs are drawn in the exact colour).
    for (const TestClass& c : testClasses()) EXPECT_GT(pixelsNear(image, c.rgb, 4), 300u) << c.code;

    // Labels: the stats say some were placed, and they changed dark text pixels in the picture.
    auto stats = statsLines(r.out);
    ASSERT_TRUE(stats.count("labels")) << r.out;
    EXPECT_GT(std::stoi(stats["labels"]), 2) << stats["labels"];
    std::size_t changed = 0, darkText = 0;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            auto a = image.at(x, y), b = plain.at(x, y);
            if (a == b) continue;
            ++changed;
            darkText += a[0] < 70 && a[1] < 70 && a[2] < 70;
        }
    EXPECT_GT(changed, 800u);
    EXPECT_GT(darkText, 150u);
}

TEST(RenderScene, PanelsAreDrawnUnlessHidden) {
    const SnapshotProject& p = snapshotProject();
    const fs::path withUi = workDir() / "ui.png", withoutUi = workDir() / "noui.png";
    // A bookmark's fixed camera: home is framed in the area the panels leave free, so it moves with them.
    ASSERT_EQ(runPlanview({"render", p.project.string(), "-o", withUi.string(), "--size", "960x600", "--view", "西南角"}).code, 0);
    ASSERT_EQ(runPlanview({"render", p.project.string(), "-o", withoutUi.string(), "--size", "960x600", "--view", "西南角",
                           "--hide-ui"}).code, 0);
    Image a = readImage(withUi), b = readImage(withoutUi);
    // The layer panel sits in the top-left corner, the status line along the bottom.
    auto differing = [&](int x0, int y0, int x1, int y1) {
        std::size_t n = 0;
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) n += a.at(x, y) != b.at(x, y);
        return n;
    };
    EXPECT_GT(differing(10, 10, 200, 80), 2000u);
    EXPECT_GT(differing(0, 585, 400, 600), 500u);
    // Between the panels the scene is untouched: ImGui leaves OSG's GL state as it found it.
    EXPECT_EQ(differing(300, 150, 660, 450), 0u);
}

TEST(RenderScene, TenThousandParcelsAreAFewDrawCalls) {
    ParcelFixture big = makeParcelFixture(workDir() / "big.gpkg", 100, 100, 20.0, false);
    RunResult r = runPlanview({"render", big.path.string(), "-o", (workDir() / "big.png").string(), "--size", "640x480",
                               "--hide-ui", "--stats"});
    ASSERT_EQ(r.code, 0) << r.describe();
    auto stats = statsLines(r.out);
    ASSERT_TRUE(stats.count("layer parcels")) << r.out;
    EXPECT_EQ(stats["layer parcels"].find("10000 features"), 0u) << stats["layer parcels"];
    int layerCalls = std::stoi(stats["layer parcels"].substr(stats["layer parcels"].find(", ") + 2));
    int frameCalls = std::stoi(stats["draw calls"]);
    std::printf("10,000 parcels: %d draw calls in the layer, %d in the frame, %s ms\n", layerCalls, frameCalls,
                stats["frame ms"].c_str());
    EXPECT_LT(layerCalls, 20);
    EXPECT_LT(frameCalls, 20);
    EXPECT_GT(frameCalls, 0);
}

TEST(RenderScene, ViewerWithoutDisplayRendersHomeAndBookmarks) {
    const SnapshotProject& p = snapshotProject();
    const fs::path cwd = workDir() / "nodisplay";
    fs::create_directories(cwd);
    RunResult r = runPlanview({p.project.string()}, {"-DISPLAY"}, cwd);
    ASSERT_EQ(r.code, 0) << r.describe();
    EXPECT_NE(r.err.find("no display"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("planview-renders/home.png\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("planview-renders/bookmark-1-西南角.png\n"), std::string::npos) << r.out;
    Image home = readImage(cwd / "planview-renders/home.png");
    EXPECT_EQ(home.width, 1280);
    EXPECT_TRUE(fs::exists(cwd / "planview-renders/bookmark-1-西南角.png"));
}

}  // namespace
}  // namespace render_test
