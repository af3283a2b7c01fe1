// planview render's command line: exit codes and messages for bad views, sizes and outputs, and
// a clear error for a missing or broken shader.
#include <gtest/gtest.h>
#include <fstream>
#include "tests/render/RenderSupport.h"

namespace render_test {
namespace {

const ParcelFixture& smallFixture() {
    static ParcelFixture f = makeParcelFixture(workDir() / "small.gpkg", 4, 4, 40.0, false);
    return f;
}

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

TEST(RenderCli, WritesAPngAndPrintsItsPath) {
    const fs::path out = workDir() / "small.png";
    RunResult r = runPlanview({"render", smallFixture().path.string(), "-o", out.string(), "--size", "320x200"});
    ASSERT_EQ(r.code, 0) << r.describe();
    EXPECT_EQ(r.out, out.string() + "\n");
    Image image = readImage(out);
    EXPECT_EQ(image.width, 320);
    EXPECT_EQ(image.height, 200);
    // Written beside the target and renamed: no temporary file is left behind.
    for (const auto& entry : fs::directory_iterator(workDir()))
        EXPECT_EQ(entry.path().filename().string().find(".small.png.tmp"), std::string::npos) << entry.path();
}

TEST(RenderCli, UnknownViewIsAnInputError) {
    RunResult r = runPlanview({"render", smallFixture().path.string(), "-o", (workDir() / "x.png").string(), "--view", "nowhere"});
    EXPECT_EQ(r.code, 2) << r.describe();
    EXPECT_NE(r.err.find("nowhere"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(workDir() / "x.png"));
}

TEST(RenderCli, UnwritableOutputIsAnOutputError) {
    RunResult r = runPlanview({"render", smallFixture().path.string(), "-o", "/nonexistent-folder/out.png"});
    EXPECT_EQ(r.code, 3) << r.describe();
    EXPECT_NE(r.err.find("/nonexistent-folder/out.png"), std::string::npos) << r.err;
}

TEST(RenderCli, BadSizesAreUsageErrors) {
    for (const char* size : {"10x10", "9000x100", "abc", "100x", "0x0"}) {
        RunResult r = runPlanview({"render", smallFixture().path.string(), "-o", (workDir() / "s.png").string(), "--size", size});
        EXPECT_EQ(r.code, 1) << r.describe();
        EXPECT_NE(r.err.find("--size"), std::string::npos) << r.err;
    }
}

TEST(RenderCli, OutputFormatAndGeoTiffViewAreChecked) {
    RunResult jpg = runPlanview({"render", smallFixture().path.string(), "-o", (workDir() / "x.jpg").string()});
    EXPECT_EQ(jpg.code, 1) << jpg.describe();
    EXPECT_NE(jpg.err.find(".png, .tif or .tiff"), std::string::npos) << jpg.err;
    RunResult perspectiveTif = runPlanview({"render", smallFixture().path.string(), "-o", (workDir() / "x.tif").string(), "--view", "top"});
    EXPECT_EQ(perspectiveTif.code, 1) << perspectiveTif.describe();
    EXPECT_NE(perspectiveTif.err.find("--view top --ortho"), std::string::npos) << perspectiveTif.err;
}

TEST(RenderCli, MissingInputIsAnInputError) {
    RunResult r = runPlanview({"render", (workDir() / "missing.gpkg").string(), "-o", (workDir() / "m.png").string()});
    EXPECT_EQ(r.code, 2) << r.describe();
    EXPECT_NE(r.err.find("missing.gpkg"), std::string::npos) << r.err;
}

fs::path copyOfShaders(const std::string& name) {
    const fs::path dir = workDir() / name;
    fs::remove_all(dir);
    fs::copy(fs::path(PLANVIEW_SOURCE_DIR) / "shaders", dir);
    return dir;
}

TEST(RenderCli, BrokenShaderNamesTheFileAndTheCompilerMessage) {
    const fs::path dir = copyOfShaders("broken-shaders");
    std::ofstream(dir / "parcels.frag", std::ios::app) << "\nthis is not GLSL;\n";
    RunResult r = runPlanview({"render", smallFixture().path.string(), "-o", (workDir() / "b.png").string()},
                              {"PLANVIEW_SHADERS=" + dir.string()});
    EXPECT_EQ(r.code, 2) << r.describe();
    const std::string line = firstLine(r.err.substr(r.err.find("planview:")));
    EXPECT_NE(line.find((dir / "parcels.frag").string()), std::string::npos) << r.err;
    EXPECT_NE(line.find("does not compile"), std::string::npos) << r.err;
    EXPECT_NE(line.find("error"), std::string::npos) << "the compiler's message: " << r.err;
}

TEST(RenderCli, MissingShaderNamesTheFile) {
    const fs::path dir = copyOfShaders("missing-shader");
    fs::remove(dir / "walls.frag");
    RunResult r = runPlanview({"render", smallFixture().path.string(), "-o", (workDir() / "m.png").string()},
                              {"PLANVIEW_SHADERS=" + dir.string()});
    EXPECT_EQ(r.code, 2) << r.describe();
    EXPECT_NE(r.err.find((dir / "walls.frag").string()), std::string::npos) << r.err;
}

}  // namespace
}  // namespace render_test
