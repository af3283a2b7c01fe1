// PlanView without a project argument opens the embedded Shangcheng sample project (issue 4),
// checked through the binary run from an empty folder: `planview render` draws the Shangcheng layers
// (feature counts as GDAL reads them from the GeoPackage, with each layer's filter) and knows its
// bookmarks, and `planview` with no argument and no display renders the home view and every bookmark.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <fstream>
#include <sstream>
#include "geo/Project.h"
#include "tests/render/RenderSupport.h"

namespace render_test {
namespace {

const std::string kProject = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/project.toml";

geo::Project shangcheng() {
    std::ifstream in(kProject);
    std::stringstream text;
    text << in.rdbuf();
    return geo::parseProject(text.str(), kProject);
}

// Features of `spec`'s layer that pass its filter, counted by GDAL.
long long gdalCount(const geo::LayerSpec& spec) {
    // A models layer: a feature a top tile (the Data/Tile_*/Tile_*.osgb files there are), or its one model.
    if (spec.kind == geo::LayerKind::Models) {
        if (!fs::is_directory(spec.source)) return fs::exists(spec.source) ? 1 : -1;
        long long tiles = 0;
        for (const auto& entry : fs::directory_iterator(fs::path(spec.source) / "Data"))
            tiles += fs::exists(entry.path() / (entry.path().filename().string() + ".osgb"));
        return tiles;
    }
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(spec.source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) return -1;
    OGRLayer* layer = ds->GetLayerByName(spec.layer.c_str());
    if (!layer) return -1;
    if (!spec.where.empty() && layer->SetAttributeFilter(spec.where.c_str()) != OGRERR_NONE) return -1;
    return layer->GetFeatureCount(TRUE);
}

fs::path emptyFolder(const std::string& name) {
    const fs::path dir = workDir() / name;
    fs::create_directories(dir);
    return dir;
}

TEST(DefaultProject, RenderWithoutAProjectDrawsTheShangchengLayers) {
    const geo::Project project = shangcheng();
    ASSERT_GE(project.layers.size(), 8u);
    const fs::path cwd = emptyFolder("render-default");
    RunResult r = runPlanview({"render", "-o", "default.png", "--size", "320x180", "--hide-ui", "--stats"}, {}, cwd);
    ASSERT_EQ(r.code, 0) << r.describe();
    EXPECT_EQ(readImage(cwd / "default.png").width, 320);
    auto stats = statsLines(r.out);
    for (const geo::LayerSpec& spec : project.layers) {
        if (geo::isRasterKind(spec.kind)) {
            // Terrain and imagery: drawn as tiles (at least the top one), no features.
            ASSERT_TRUE(stats.count("layer " + spec.name)) << "no layer " << spec.name << " in\n" << r.out;
            EXPECT_NE(stats["layer " + spec.name].find("0 features"), std::string::npos) << stats["layer " + spec.name];
            EXPECT_EQ(stats["layer " + spec.name].find(", 0 draw calls"), std::string::npos) << stats["layer " + spec.name];
            continue;
        }
        const long long expected = gdalCount(spec);
        ASSERT_GT(expected, 0) << spec.name << " (" << spec.layer << ")";
        ASSERT_TRUE(stats.count("layer " + spec.name)) << "no layer " << spec.name << " in\n" << r.out;
        EXPECT_EQ(stats["layer " + spec.name].rfind(std::to_string(expected) + " features,", 0), 0u)
            << spec.name << ": " << stats["layer " + spec.name] << ", GDAL counts " << expected;
    }
    std::size_t layerLines = 0;
    for (const auto& [key, value] : stats) layerLines += key.rfind("layer ", 0) == 0;
    EXPECT_EQ(layerLines, project.layers.size()) << r.out;
}

TEST(DefaultProject, RenderWithoutAProjectKnowsTheShangchengBookmarks) {
    const fs::path cwd = emptyFolder("render-bookmark");
    RunResult r = runPlanview({"render", "-o", "b.png", "--size", "320x180", "--view", "城站现代商圈"}, {}, cwd);
    ASSERT_EQ(r.code, 0) << r.describe();
    EXPECT_TRUE(fs::exists(cwd / "b.png"));
    // An unknown view names the project it looked in, and that project's bookmarks.
    RunResult bad = runPlanview({"render", "-o", "x.png", "--view", "西湖"}, {}, cwd);
    EXPECT_EQ(bad.code, 2) << bad.describe();
    EXPECT_NE(bad.err.find("assets/shangcheng/project.toml"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("大湖滨商圈"), std::string::npos) << bad.err;
}

TEST(DefaultProject, PlanviewWithNoArgumentAndNoDisplayRendersTheShangchengViews) {
    const geo::Project project = shangcheng();
    const fs::path cwd = emptyFolder("viewer-default");
    RunResult r = runPlanview({}, {"-DISPLAY"}, cwd);
    ASSERT_EQ(r.code, 0) << r.describe();
    EXPECT_NE(r.out.find("planview-renders/home.png\n"), std::string::npos) << r.out;
    ASSERT_FALSE(project.bookmarks.empty());
    for (std::size_t i = 0; i < project.bookmarks.size(); ++i) {
        std::string name = project.bookmarks[i].name;   // file names have '_' for spaces and slashes
        for (char& c : name) c = (c == ' ' || c == '/' || c == '\\') ? '_' : c;
        const std::string file = "planview-renders/bookmark-" + std::to_string(i + 1) + "-" + name + ".png";
        EXPECT_NE(r.out.find(file + "\n"), std::string::npos) << file << " not in\n" << r.out;
        EXPECT_TRUE(fs::exists(cwd / file)) << file;
    }
    Image home = readImage(cwd / "planview-renders/home.png");
    EXPECT_EQ(home.width, 1280);
}

}  // namespace
}  // namespace render_test
