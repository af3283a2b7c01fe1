// Models layers on the command line (issue 18): a tile set's bad metadata.xml, missing Data folder or
// unknown CRS ends planview with exit 2 and one line naming the file; `info` says what a models layer
// holds (its tiles, SRS and origin).
#include <gtest/gtest.h>
#include "tests/cli/CliSupport.h"

namespace {

using namespace cli;

// A tile set folder `name` in the work folder with `metadata` (and a Data folder with one tile unless
// `data` is false), and a project with it as its only layer.
fs::path tileSet(const std::string& name, const std::string& metadata, bool data = true) {
    const fs::path dir = workDir() / "models" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    writeFile(dir / "metadata.xml", metadata);
    if (data) {
        fs::create_directories(dir / "Data/Tile_+000_+000");
        writeFile(dir / "Data/Tile_+000_+000/Tile_+000_+000.osgb", "");
    }
    writeFile(dir.parent_path() / (name + ".toml"),
              "[[layer]]\nname = \"模型\"\nsource = \"" + name + "\"\nkind = \"models\"\n");
    return dir;
}

}  // namespace

TEST(ModelsCli, BadTileSetsExitTwoNamingTheFile) {
    struct Case {
        const char* name;
        std::string metadata;
        bool data;
        const char* cause;
    };
    const Case cases[] = {
        {"no_srs", "<ModelMetadata version=\"1\"><SRSOrigin>1,2,3</SRSOrigin></ModelMetadata>", true, "missing <SRS>"},
        {"bad_origin", "<ModelMetadata version=\"1\"><SRS>EPSG:4549</SRS><SRSOrigin>516000;3345000</SRSOrigin></ModelMetadata>",
         true, "<SRSOrigin>"},
        {"unknown_crs", "<ModelMetadata version=\"1\"><SRS>EPSG:4999999</SRS></ModelMetadata>", true, "unknown SRS"},
        {"no_data", "<ModelMetadata version=\"1\"><SRS>EPSG:4549</SRS><SRSOrigin>516000,3345000,0</SRSOrigin></ModelMetadata>",
         false, "no Data folder"},
        {"not_xml", "<ModelMetadata version=\"1\"><SRS>EPSG:4549</SR", true, "not well-formed XML"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        const fs::path dir = tileSet(c.name, c.metadata, c.data);
        const std::string metadata = (dir / "metadata.xml").string();
        // The folder itself, and a project whose only layer it is.
        EXPECT_TRUE(failedCleanly(runPlanview({"info", dir.string()}), 2, {metadata, c.cause}));
        const fs::path project = dir.parent_path() / (std::string(c.name) + ".toml");
        EXPECT_TRUE(failedCleanly(runPlanview({"info", project.string()}), 2, {metadata, c.cause}));
        EXPECT_TRUE(failedCleanly(runPlanview({"stats", project.string(), "--by", "name"}), 2, {metadata, c.cause}));
    }
}

TEST(ModelsCli, InfoSaysWhatAModelsLayerHolds) {
    const fs::path dir = tileSet("good", "<?xml version=\"1.0\"?>\n<ModelMetadata version=\"1\">\n<SRS>EPSG:4549</SRS>\n"
                                         "<SRSOrigin>516000,3345000,12</SRSOrigin>\n</ModelMetadata>\n");
    fs::create_directories(dir / "Data/Tile_+001_+000");
    writeFile(dir / "Data/Tile_+001_+000/Tile_+001_+000.osgb", "");
    fs::create_directories(dir / "Data/Empty");   // a folder without its .osgb is no tile
    RunResult text = runPlanview({"info", (dir.parent_path() / "good.toml").string()});
    ASSERT_TRUE(succeeded(text)) << text.describe();
    EXPECT_NE(text.out.find("tile set"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("srs: EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E)"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("origin: 516000, 3345000, 12"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("tiles: 2"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("Tile_+000_+000"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("Tile_+001_+000"), std::string::npos) << text.out;

    RunResult json = runPlanview({"info", "--json", dir.string()});
    ASSERT_TRUE(succeeded(json)) << json.describe();
    nlohmann::json j = nlohmann::json::parse(json.out);
    EXPECT_EQ(j["models"]["kind"], "tile_set");
    EXPECT_EQ(j["models"]["srs"], "EPSG:4549");
    EXPECT_EQ(j["models"]["origin"][2], 12.0);
    EXPECT_EQ(j["models"]["tiles"].size(), 2u);
    // Where its origin is, in WGS 84: about 120.166 E, 30.224 N (GDAL's own transformation agrees to
    // the nanodegree; here a loose check that it is not swapped or left in metres).
    EXPECT_NEAR(j["models"]["origin_wgs84"][0].get<double>(), 120.166, 0.01);
    EXPECT_NEAR(j["models"]["origin_wgs84"][1].get<double>(), 30.224, 0.01);
}

TEST(ModelsCli, SingleModelNeedsAPosition) {
    const fs::path dir = workDir() / "models";
    fs::create_directories(dir);
    writeFile(dir / "one.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
    writeFile(dir / "one.toml", "[[layer]]\nname = \"一\"\nsource = \"one.obj\"\nkind = \"models\"\n");
    EXPECT_TRUE(failedCleanly(runPlanview({"info", (dir / "one.toml").string()}), 2, {"one.obj", "position"}));
    writeFile(dir / "one_bad.toml", "[[layer]]\nname = \"一\"\nsource = \"one.obj\"\nkind = \"models\"\nposition = [120.1, 91]\n");
    EXPECT_TRUE(failedCleanly(runPlanview({"info", (dir / "one_bad.toml").string()}), 2, {"one_bad.toml:5", "position"}));
}
