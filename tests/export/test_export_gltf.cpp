// `planview export ... -o OUT.glb` (issue 22): the sample's parcels, boundaries, roads and project
// pins and the export fixture (Integer64 beyond 2^53, dates, NULLs, a Chinese field name) written as
// binary glTF; every file passes the Khronos glTF validator (gltf_validate.js, npm gltf-validator)
// with no error, and gltf_check.py reads each back against GDAL (feature count, every attribute
// value) and PROJ (the root matrix puts the layer's centre where PROJ puts its WGS 84 position in
// ECEF, within 1 m; every vertex within its feature's extent; roofs and curtains at their heights).
// The exit codes and refusals are those of the other exports.
// `--format 3DTiles -o DIR/`: the sample's parcels and the fixture as 3D Tiles 1.1 tilesets; every tile
// passes the validator, and tileset_check.py reads the tileset back against GDAL (each feature in one
// tile, every attribute) and PROJ (each tile's region holds its content's vertices, the root's the
// layer's WGS 84 extent); a folder that is not empty is refused without --overwrite and left intact;
// SIGTERM while tiles are written leaves no staging folder and the target as it was.
#include <signal.h>
#include <sys/wait.h>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <thread>
#include <gtest/gtest.h>
#include "tests/export/ExportSupport.h"

using namespace xt;

namespace {

const fs::path kSampleDir = PLANVIEW_SOURCE_DIR "/assets/shangcheng";
const fs::path kSample = kSampleDir / "project.toml";

std::string quoted(const std::string& text) {
    std::string q = "'";
    for (char c : text) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

/// The Khronos validator over `files`: exit 0 when none has an error.
ToolRun validate(const std::vector<fs::path>& files) {
    std::string command = "timeout 300 node " PLANVIEW_SOURCE_DIR "/tests/export/gltf_validate.js " PLANVIEW_NPM_DIR "/node_modules";
    for (const fs::path& f : files) command += " " + quoted(f.string());
    return runTool(command, true);
}

/// gltf_check.py on `glb` against GDAL's layer `layer` of `source` (with `where`) in `crs`.
ToolRun check(const fs::path& glb, const fs::path& source, const std::string& layer, const std::vector<std::string>& extra) {
    std::string command = "timeout 300 /usr/bin/python3 " PLANVIEW_SOURCE_DIR "/tests/export/gltf_check.py " + quoted(glb.string()) +
                          " --source " + quoted(source.string()) + " --layer " + quoted(layer) + " --crs EPSG:4549";
    for (const std::string& e : extra) command += " " + quoted(e);
    return runTool(command, true);
}

/// tileset_check.py on the tileset in `dir` against GDAL's layer `layer` of `source` (with `where`).
ToolRun checkTileset(const fs::path& dir, const fs::path& source, const std::string& layer, const std::string& where = "") {
    std::string command = "timeout 300 /usr/bin/python3 " PLANVIEW_SOURCE_DIR "/tests/export/tileset_check.py " + quoted(dir.string()) +
                          " --source " + quoted(source.string()) + " --layer " + quoted(layer);
    if (!where.empty()) command += " --where " + quoted(where);
    return runTool(command, true);
}

/// The .glb files of a tileset's tiles/ folder.
std::vector<fs::path> tileFiles(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir / "tiles"))
        if (entry.path().extension() == ".glb") files.push_back(entry.path());
    return files;
}

struct LayerCase {
    const char* name;         ///< the project's display name
    const char* sourceLayer;  ///< in shangcheng.gpkg
    std::vector<std::string> checks;   ///< gltf_check.py's options for it
};

// The sample's terrain, which its layers stand on.
const std::string kSampleDem = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/terrain/dem.tif";

// The sample's four kinds of drawn layer. Roads are ribbons 18 m wide with mitred corners up to twice
// the half width out; pins are poles at the points.
const LayerCase kSampleLayers[] = {
    {"用地", "parcels", {"--height-field", "height_m", "--dem", kSampleDem}},
    {"城市更新", "renewal_sites", {"--height", "30", "--dem", kSampleDem}},
    {"道路", "roads", {"--where", "name_zh IS NOT NULL", "--margin", "18.01"}},
    {"重点项目", "projects", {}},
};

TEST(ExportGltf, SampleLayersAndTheFixturePassTheValidatorAndMatchGdalAndProj) {
    const fs::path dir = outDir("gltf-sample");
    std::vector<fs::path> written;
    for (const LayerCase& c : kSampleLayers) {
        const fs::path out = dir / (std::string(c.sourceLayer) + ".glb");
        cli::RunResult r = cli::runPlanview({"export", kSample.string(), "--layer", c.name, "-o", out.string()});
        ASSERT_TRUE(cli::succeeded(r)) << r.describe();
        EXPECT_NE(r.out.find("features written (glTF"), std::string::npos) << r.out;
        ToolRun checked = check(out, kSampleDir / "shangcheng.gpkg", c.sourceLayer, c.checks);
        EXPECT_EQ(checked.code, 0) << c.name << ":\n" << checked.output;
        std::printf("%s", checked.output.c_str());
        written.push_back(out);
    }
    // The fixture: Integer64 beyond 2^53 and negative, a Date, NULLs, 用地性质, opacity 0.8 (blended).
    const fs::path fixture = dir / "fixture.glb";
    cli::RunResult r = cli::runPlanview({"export", projectToml().string(), "-o", fixture.string()});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    ToolRun checked = check(fixture, sourceGpkg(), kLayerName, {"--height-field", "height_m"});
    EXPECT_EQ(checked.code, 0) << checked.output;
    std::printf("%s", checked.output.c_str());
    written.push_back(fixture);

    ToolRun validated = validate(written);
    EXPECT_EQ(validated.code, 0) << validated.output;
    std::printf("%s", validated.output.c_str());
}

TEST(ExportGltf, FormatGltfWritesGlbWhateverTheName) {
    const fs::path dir = outDir("gltf-format");
    const fs::path out = dir / "boundary.bin";
    cli::RunResult r = cli::runPlanview({"export", kSample.string(), "--layer", "重大平台", "--format", "glTF", "-o", out.string()});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    EXPECT_EQ(cli::readFile(out).substr(0, 4), "glTF");
    ToolRun checked = check(out, kSampleDir / "shangcheng.gpkg", "platforms", {"--height", "80", "--dem", kSampleDem});
    EXPECT_EQ(checked.code, 0) << checked.output;
    ToolRun validated = validate({out});
    EXPECT_EQ(validated.code, 0) << validated.output;
}

TEST(ExportGltf, WhereSelectsTheFeaturesGdalSelects) {
    const fs::path out = outDir("gltf-where") / "r.glb";
    const std::string where = "用地性质 LIKE 'R%'";
    cli::RunResult r = cli::runPlanview({"export", projectToml().string(), "--where", where, "-o", out.string()});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    ASSERT_EQ(gdalCount(sourceGpkg(), kLayerName, where), 2) << "the fixture changed";
    ToolRun checked = check(out, sourceGpkg(), kLayerName, {"--where", where, "--height-field", "height_m"});
    EXPECT_EQ(checked.code, 0) << checked.output;
    EXPECT_NE(checked.output.find(": 2 features"), std::string::npos) << checked.output;
}

TEST(ExportGltf, ExitCodesAsTheOtherExports) {
    const fs::path dir = outDir("gltf-codes");
    const fs::path out = dir / "parcels.glb";
    // A layer the project does not have: bad input, one line naming it.
    EXPECT_TRUE(cli::failedCleanly(cli::runPlanview({"export", kSample.string(), "--layer", "没有", "-o", out.string()}), 2, {"没有"}));
    EXPECT_FALSE(fs::exists(out));
    // 3D models are not written as glTF by this export.
    EXPECT_TRUE(cli::failedCleanly(cli::runPlanview({"export", kSample.string(), "--layer", "地标建筑", "-o", out.string()}), 2,
                                   {"地标建筑", "models"}));
    // A where GDAL refuses.
    EXPECT_TRUE(cli::failedCleanly(cli::runPlanview({"export", projectToml().string(), "--where", "nosuchfield = 1", "-o", out.string()}),
                                   2, {"nosuchfield"}));
    // --t-srs does not apply: usage.
    EXPECT_EQ(cli::runPlanview({"export", projectToml().string(), "--t-srs", "EPSG:4326", "-o", out.string()}).code, 1);
    // An existing output is refused, untouched, unless --overwrite.
    cli::writeFile(out, "keep me");
    EXPECT_TRUE(cli::failedCleanly(cli::runPlanview({"export", projectToml().string(), "-o", out.string()}), 3, {out.string(), "--overwrite"}));
    EXPECT_EQ(cli::readFile(out), "keep me");
    cli::RunResult replaced = cli::runPlanview({"export", projectToml().string(), "-o", out.string(), "--overwrite"});
    EXPECT_TRUE(cli::succeeded(replaced)) << replaced.describe();
    EXPECT_EQ(cli::readFile(out).substr(0, 4), "glTF");
    // A folder that does not exist; a folder as the output.
    EXPECT_TRUE(cli::failedCleanly(cli::runPlanview({"export", projectToml().string(), "-o", (dir / "no" / "x.glb").string()}), 3,
                                   {"does not exist"}));
    EXPECT_TRUE(cli::failedCleanly(cli::runPlanview({"export", projectToml().string(), "--format", "glTF", "-o", dir.string(), "--overwrite"}),
                                   3, {"directory"}));
    // Nothing left beside the outputs.
    for (const auto& entry : fs::directory_iterator(dir)) EXPECT_EQ(entry.path().filename(), "parcels.glb");
}

TEST(ExportTileset, SampleParcelsAndTheFixtureAsTilesetsPassTheValidatorAndMatchGdalAndProj) {
    const fs::path dir = outDir("tiles-sample");
    // The sample's parcels (about 4,500) on its terrain, at most 600 a tile: a tree a few levels deep. DIR/ is
    // a new folder.
    const fs::path parcels = dir / "parcels";
    cli::RunResult r = cli::runPlanview({"export", kSample.string(), "--layer", "用地", "--format", "3DTiles", "--tile-features", "600",
                                         "-o", parcels.string() + "/"});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    EXPECT_NE(r.out.find("features written (3D Tiles"), std::string::npos) << r.out;
    ToolRun checked = checkTileset(parcels, kSampleDir / "shangcheng.gpkg", "parcels");
    EXPECT_EQ(checked.code, 0) << checked.output;
    std::printf("%s", checked.output.c_str());
    std::vector<fs::path> written = tileFiles(parcels);
    GDALAllRegister();
    GDALDatasetUniquePtr sample(GDALDataset::Open((kSampleDir / "shangcheng.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(sample);
    const auto features = static_cast<std::size_t>(sample->GetLayerByName("parcels")->GetFeatureCount());
    EXPECT_GE(written.size(), (features + 599) / 600) << "at most 600 of " << features << " features a tile";

    // The fixture (Integer64 beyond 2^53, dates, NULLs, 用地性质) two features a tile, into an
    // existing empty folder; with --where.
    const fs::path fixture = dir / "fixture";
    fs::create_directories(fixture);
    r = cli::runPlanview({"export", projectToml().string(), "--format", "3dtiles", "--tile-features", "2", "-o", fixture.string()});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    checked = checkTileset(fixture, sourceGpkg(), kLayerName);
    EXPECT_EQ(checked.code, 0) << checked.output;
    std::printf("%s", checked.output.c_str());
    const std::vector<fs::path> fixtureTiles = tileFiles(fixture);
    EXPECT_GE(fixtureTiles.size(), 2u);
    written.insert(written.end(), fixtureTiles.begin(), fixtureTiles.end());
    const fs::path residential = dir / "residential";
    const std::string where = "用地性质 LIKE 'R%'";
    r = cli::runPlanview({"export", projectToml().string(), "--format", "3DTiles", "--where", where, "-o", residential.string()});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    checked = checkTileset(residential, sourceGpkg(), kLayerName, where);
    EXPECT_EQ(checked.code, 0) << checked.output;
    EXPECT_NE(checked.output.find(" 2 features (GDAL: 2)"), std::string::npos) << checked.output;

    ToolRun validated = validate(written);
    EXPECT_EQ(validated.code, 0) << validated.output;
    // Nothing left beside the tilesets (no staging folder).
    for (const auto& entry : fs::directory_iterator(dir))
        EXPECT_TRUE(entry.path().filename() == "parcels" || entry.path().filename() == "fixture" || entry.path().filename() == "residential")
            << entry.path();
}

TEST(ExportTileset, AFolderThatIsNotEmptyIsRefusedAndKeptUnlessOverwrite) {
    const fs::path dir = outDir("tiles-codes");
    const fs::path out = dir / "tiles";
    fs::create_directories(out);
    cli::writeFile(out / "keep.txt", "keep me");
    EXPECT_TRUE(cli::failedCleanly(cli::runPlanview({"export", projectToml().string(), "--format", "3DTiles", "-o", out.string() + "/"}), 3,
                                   {out.string(), "--overwrite"}));
    EXPECT_EQ(cli::readFile(out / "keep.txt"), "keep me");
    EXPECT_FALSE(fs::exists(out / "tileset.json"));
    // --overwrite replaces the folder whole.
    cli::RunResult replaced = cli::runPlanview({"export", projectToml().string(), "--format", "3DTiles", "-o", out.string(), "--overwrite"});
    EXPECT_TRUE(cli::succeeded(replaced)) << replaced.describe();
    EXPECT_TRUE(fs::exists(out / "tileset.json"));
    EXPECT_FALSE(fs::exists(out / "keep.txt"));
    // A file in the way, a parent that does not exist: output errors; --t-srs does not apply: usage.
    cli::writeFile(dir / "file", "a file");
    EXPECT_TRUE(cli::failedCleanly(cli::runPlanview({"export", projectToml().string(), "--format", "3DTiles", "-o", (dir / "file").string()}),
                                   3, {"not a folder"}));
    EXPECT_EQ(cli::readFile(dir / "file"), "a file");
    EXPECT_TRUE(cli::failedCleanly(cli::runPlanview({"export", projectToml().string(), "--format", "3DTiles", "-o", (dir / "no" / "t").string()}),
                                   3, {"does not exist"}));
    EXPECT_EQ(cli::runPlanview({"export", projectToml().string(), "--format", "3DTiles", "--t-srs", "EPSG:4326", "-o", (dir / "t").string()}).code, 1);
    // A folder holding the source is never replaced, even with --overwrite.
    const fs::path withSource = dir / "tiles" / "data";
    fs::create_directories(withSource);
    fs::copy_file(sourceGpkg(), withSource / "parcels.gpkg");
    EXPECT_TRUE(cli::failedCleanly(cli::runPlanview({"export", (withSource / "parcels.gpkg").string(), "--format", "3DTiles", "-o",
                                                     out.string(), "--overwrite"}),
                                   3, {"parcels.gpkg"}));
    EXPECT_TRUE(fs::exists(withSource / "parcels.gpkg"));
    // Bad input: a layer the project does not have.
    EXPECT_TRUE(cli::failedCleanly(cli::runPlanview({"export", kSample.string(), "--layer", "没有", "--format", "3DTiles", "-o", (dir / "t").string()}),
                                   2, {"没有"}));
    // Nothing left beside the outputs.
    for (const auto& entry : fs::directory_iterator(dir))
        EXPECT_TRUE(entry.path().filename() == "tiles" || entry.path().filename() == "file") << entry.path();
}

/// The entries of `dir` a writer stages beside its target (".planview-export-…").
int stagingEntries(const fs::path& dir) {
    int n = 0;
    for (const auto& entry : fs::directory_iterator(dir)) n += entry.path().filename().string().rfind(".planview-export-", 0) == 0;
    return n;
}

/// Starts `args`, waits until the staging folder beside `target` holds a written tile, sends SIGTERM
/// and waits for the end. True when the signal landed while tiles were being written.
bool terminatedWhileWritingTiles(const std::vector<std::string>& args, const fs::path& dir) {
    const int pid = spawnPlanview(args);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    bool writing = false;
    while (!writing && std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) return false;   // finished first
        for (const auto& entry : fs::directory_iterator(dir)) {
            std::error_code ec;
            const fs::path tiles = entry.path() / "tiles";
            if (entry.path().filename().string().rfind(".planview-export-", 0) == 0 && fs::is_directory(tiles, ec) &&
                !fs::is_empty(tiles, ec))
                writing = true;
        }
        if (!writing) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    kill(pid, SIGTERM);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return writing && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM;
}

TEST(ExportTileset, SigtermWhileWritingLeavesNoStagingFolderAndTheTargetAsItWas) {
    // 40,000 small parcels, 100 a tile: 400 tiles, long enough to be stopped halfway.
    const fs::path big = bigGpkg(40000);
    const fs::path dir = outDir("tiles-sigterm");
    const fs::path fresh = dir / "fresh";
    ASSERT_TRUE(terminatedWhileWritingTiles({"export", big.string(), "--format", "3DTiles", "--tile-features", "100", "-o", fresh.string()}, dir))
        << "the export ended before a tile was written, or not by the signal";
    EXPECT_FALSE(fs::exists(fresh));
    EXPECT_EQ(stagingEntries(dir), 0);
    // With --overwrite, the folder it would replace is left whole.
    const fs::path kept = dir / "kept";
    fs::create_directories(kept);
    cli::writeFile(kept / "keep.txt", "keep me");
    ASSERT_TRUE(terminatedWhileWritingTiles(
        {"export", big.string(), "--format", "3DTiles", "--tile-features", "100", "-o", kept.string(), "--overwrite"}, dir));
    EXPECT_EQ(cli::readFile(kept / "keep.txt"), "keep me");
    EXPECT_EQ(std::distance(fs::directory_iterator(kept), fs::directory_iterator()), 1);
    EXPECT_EQ(stagingEntries(dir), 0);
}

}  // namespace
