// `planview info PROJECT.toml`: a project describes each of its layers' sources (paths relative to the
// project file), `--layer` picks a project layer, and errors in the file name the file, line and key.
#include <algorithm>
#include <gtest/gtest.h>
#include "tests/cli/CliSupport.h"

using namespace cli;
using nlohmann::json;

namespace {

bool hasLine(const std::string& out, const std::string& line) {
    auto ls = lines(out);
    return std::find(ls.begin(), ls.end(), line) != ls.end();
}

// project/plan.toml with two layers: 地块 (data/parcels.gpkg, EPSG:4549) and csv (data/parcels.csv,
// no CRS), every key of issue 2's example, and a bookmark.
fs::path sampleProject() {
    const fs::path path = workDir() / "project" / "plan.toml";
    if (fs::exists(path)) return path;
    convertParcels("project/data/parcels.gpkg", {"-f", "GPKG", "-nln", "parcels", "-t_srs", "EPSG:4549"});
    convertParcels("project/data/parcels.csv", {"-f", "CSV", "-lco", "GEOMETRY=AS_WKT"});
    writeFile(path, R"(title = "上城区“十三五”规划"
crs = "EPSG:4549"                 # optional scene CRS

[[layer]]
name = "地块"
source = "data/parcels.gpkg"
layer = "parcels"
kind = "parcels"
extrude = "height_m"
label = "name_zh"
[layer.style]
by = "用地性质"
colors = { R2 = "#FFE600", B1 = "#FF0000", G1 = "#00A651" }
default = "#BBBBBB"
opacity = 1.0

[[layer]]
name = "csv"
source = "data/parcels.csv"
kind = "parcels"
extrude = 12

[[bookmark]]
name = "湖滨"
lon = 120.1665
lat = 30.2555
distance = 1800
heading = 0
pitch = 45
)");
    return path;
}

fs::path projectDir() { return sampleProject().parent_path(); }

TEST(InfoProject, DescribesEachLayersSourceRelativeToTheProjectFile) {
    const fs::path project = sampleProject();
    // Run from "/", so that sources can only be found relative to the project file.
    RunResult r = runPlanview({"info", project.string()}, "/");
    ASSERT_TRUE(succeeded(r));
    const std::string gpkg = (projectDir() / "data" / "parcels.gpkg").string();
    const std::string csv = (projectDir() / "data" / "parcels.csv").string();
    EXPECT_TRUE(hasLine(r.out, gpkg)) << r.out;
    EXPECT_TRUE(hasLine(r.out, csv)) << r.out;
    EXPECT_LT(r.out.find(gpkg), r.out.find(csv)) << "in the project's order";
    EXPECT_TRUE(hasLine(r.out, "  crs: EPSG:4549")) << r.out;
    EXPECT_TRUE(hasLine(r.out, "  crs: (none)")) << r.out;
    EXPECT_TRUE(hasLine(r.out, "    用地性质: String")) << r.out;
}

TEST(InfoProject, JsonListsEverySourceWithItsLayers) {
    const fs::path project = sampleProject();
    RunResult r = runPlanview({"info", project.string(), "--json", "--features", "1"}, "/");
    ASSERT_TRUE(succeeded(r));
    json j = parseJson(r.out);
    ASSERT_TRUE(j.is_array()) << "two project layers: one entry per source\n" << r.out;
    ASSERT_EQ(j.size(), 2u);
    EXPECT_EQ(j[0]["source"], (projectDir() / "data" / "parcels.gpkg").string());
    EXPECT_EQ(j[1]["source"], (projectDir() / "data" / "parcels.csv").string());
    ASSERT_EQ(j[0]["layers"].size(), 1u);
    EXPECT_EQ(j[0]["layers"][0]["name"], "parcels");
    EXPECT_EQ(j[0]["layers"][0]["crs"], "EPSG:4549");
    EXPECT_EQ(j[0]["layers"][0]["feature_count"], 3);
    EXPECT_TRUE(j[1]["layers"][0]["crs"].is_null());
    json sample = findSample(j[0]["layers"][0], "劝业里");
    ASSERT_FALSE(sample.is_null()) << r.out;
    EXPECT_EQ(sample["attributes"]["用地性质"], "R2");
}

TEST(InfoProject, RelativeProjectPathResolvesSourcesBesideIt) {
    sampleProject();
    RunResult r = runPlanview({"info", "project/plan.toml"}, workDir());
    ASSERT_TRUE(succeeded(r));
    const auto ls = lines(r.out);
    ASSERT_FALSE(ls.empty());
    // The first line names the first source, as a path that works from where planview was run.
    std::error_code ec;
    EXPECT_TRUE(fs::equivalent(workDir() / ls[0], projectDir() / "data" / "parcels.gpkg", ec)) << ls[0];
}

TEST(InfoProject, LayerOptionPicksAProjectLayerByDisplayName) {
    const fs::path project = sampleProject();
    RunResult r = runPlanview({"info", project.string(), "--layer", "地块", "--json"});
    ASSERT_TRUE(succeeded(r));
    json j = parseJson(r.out);
    ASSERT_TRUE(j.is_object()) << r.out;
    EXPECT_EQ(j["source"], (projectDir() / "data" / "parcels.gpkg").string());
    ASSERT_EQ(j["layers"].size(), 1u);
    EXPECT_EQ(j["layers"][0]["crs"], "EPSG:4549");
    EXPECT_EQ(r.err, "") << "the CSV layer (and its no-CRS warning) is not touched";
}

TEST(InfoProject, UnknownLayerListsTheProjectLayers) {
    const fs::path project = sampleProject();
    RunResult r = runPlanview({"info", project.string(), "--layer", "道路"});
    EXPECT_TRUE(failedCleanly(r, 2, {project.string(), "道路", "地块", "csv"}));
}

TEST(InfoProject, MissingSourceIsANamedInputError) {
    const fs::path project = workDir() / "project_missing" / "plan.toml";
    writeFile(project, "[[layer]]\nname = \"地块\"\nsource = \"data/nowhere.gpkg\"\n");
    RunResult r = runPlanview({"info", project.string()});
    EXPECT_TRUE(failedCleanly(r, 2, {(project.parent_path() / "data" / "nowhere.gpkg").string(), "no such file"}));
}

// A project layer names one layer of its source (the only, else the first with geometry, when `layer`
// is left out): info describes that layer, not every layer the source happens to hold.
TEST(InfoProject, LayerWithoutLayerKeyDescribesOnlyTheLayerItDraws) {
    const fs::path gpkg = multiLayerGpkg();  // parcels, then roads
    const fs::path project = gpkg.parent_path() / "one-layer.toml";
    writeFile(project, "[[layer]]\nname = \"地块\"\nsource = \"plan.gpkg\"\nkind = \"parcels\"\n");
    for (const std::vector<std::string>& extra : {std::vector<std::string>{}, std::vector<std::string>{"--layer", "地块"}}) {
        std::vector<std::string> args = {"info", project.string(), "--json"};
        args.insert(args.end(), extra.begin(), extra.end());
        RunResult r = runPlanview(args);
        ASSERT_TRUE(succeeded(r));
        json j = parseJson(r.out);
        ASSERT_TRUE(j.is_object()) << r.out;
        ASSERT_EQ(j["layers"].size(), 1u) << "the project draws one layer of plan.gpkg, info described "
                                          << j["layers"].size() << (extra.empty() ? "" : " (with --layer 地块)")
                                          << "\n" << r.out;
        EXPECT_EQ(j["layers"][0]["name"], "parcels");
    }
}

// ---- Layers that cannot be read ------------------------------------------------------------------

// One layer whose source is missing and one whose layer is not in its source, beside the good
// parcels: info lists all three (the unreadable ones with their reason), warns about each, exit 0.
fs::path projectWithUnavailableLayers() {
    sampleProject();  // data/parcels.gpkg
    const fs::path path = projectDir() / "partly.toml";
    writeFile(path, "[[layer]]\nname = \"地块\"\nsource = \"data/parcels.gpkg\"\n"
                    "[[layer]]\nname = \"道路\"\nsource = \"nothere.gpkg\"\n"
                    "[[layer]]\nname = \"平台\"\nsource = \"data/parcels.gpkg\"\nlayer = \"platforms\"\n");
    return path;
}

TEST(InfoProject, UnavailableLayersAreListedWithTheirReason) {
    const fs::path project = projectWithUnavailableLayers();
    const std::string missing = (projectDir() / "nothere.gpkg").string();
    RunResult r = runPlanview({"info", project.string()});
    ASSERT_TRUE(succeeded(r));
    const auto out = lines(r.out);
    auto at = [&](const std::string& line) { return std::find(out.begin(), out.end(), line) - out.begin(); };
    // In the project's order: the parcels described, then each unreadable layer and why.
    EXPECT_TRUE(hasLine(r.out, "  features: 3")) << r.out;
    ASSERT_TRUE(hasLine(r.out, missing)) << r.out;
    EXPECT_EQ(at("layer 道路"), at(missing) + 2) << r.out;
    EXPECT_EQ(at("  unavailable: " + missing + ": no such file or directory"), at(missing) + 3) << r.out;
    EXPECT_EQ(at("layer platforms"), at(missing) + 7) << r.out;   // after the source line and a blank
    ASSERT_LT(static_cast<std::size_t>(at("layer platforms")) + 1, out.size()) << r.out;
    const std::string reason = out[at("layer platforms") + 1];
    EXPECT_EQ(reason.rfind("  unavailable: ", 0), 0u) << r.out;
    EXPECT_NE(reason.find("platforms"), std::string::npos) << reason;
    EXPECT_NE(reason.find("parcels"), std::string::npos) << "names the layers there are: " << reason;
    EXPECT_LT(r.out.find("layer parcels"), r.out.find(missing));
    // One warning a layer on stderr, each naming the layer and the cause.
    const auto err = lines(r.err);
    ASSERT_EQ(err.size(), 2u) << r.err;
    EXPECT_EQ(err[0], "planview: warning: layer '道路' is unavailable: " + missing + ": no such file or directory");
    EXPECT_EQ(err[1].rfind("planview: warning: layer '平台' is unavailable: ", 0), 0u) << err[1];
}

TEST(InfoProject, JsonMarksUnavailableLayers) {
    const fs::path project = projectWithUnavailableLayers();
    RunResult r = runPlanview({"info", project.string(), "--json"});
    ASSERT_TRUE(succeeded(r));
    json j = parseJson(r.out);
    ASSERT_TRUE(j.is_array()) << r.out;
    ASSERT_EQ(j.size(), 3u) << r.out;
    EXPECT_EQ(j[0]["project_layer"], "地块");
    EXPECT_EQ(j[0]["available"], true);
    EXPECT_FALSE(j[0].contains("error"));
    ASSERT_EQ(j[0]["layers"].size(), 1u);
    EXPECT_EQ(j[0]["layers"][0]["feature_count"], 3);
    EXPECT_EQ(j[1]["project_layer"], "道路");
    EXPECT_EQ(j[1]["source"], (projectDir() / "nothere.gpkg").string());
    EXPECT_EQ(j[1]["available"], false);
    EXPECT_EQ(j[1]["error"], (projectDir() / "nothere.gpkg").string() + ": no such file or directory");
    EXPECT_TRUE(j[1]["layers"].empty());
    EXPECT_EQ(j[2]["project_layer"], "平台");
    EXPECT_EQ(j[2]["available"], false);
    EXPECT_NE(j[2]["error"].get<std::string>().find("platforms"), std::string::npos) << r.out;
    EXPECT_EQ(lines(r.err).size(), 2u) << r.err;
}

TEST(InfoProject, NoReadableLayerAtAllIsAnInputError) {
    const fs::path project = projectDir() / "none-readable.toml";
    sampleProject();
    writeFile(project, "[[layer]]\nname = \"道路\"\nsource = \"nothere.gpkg\"\n"
                       "[[layer]]\nname = \"平台\"\nsource = \"data/parcels.gpkg\"\nlayer = \"platforms\"\n");
    RunResult r = runPlanview({"info", project.string()});
    EXPECT_TRUE(failedCleanly(r, 2, {(projectDir() / "nothere.gpkg").string(), "no such file"}));
}

// A field the project names that the layer lacks is a warning pointing at the project's line; info
// still describes the layer.
TEST(InfoProject, MisspeltFieldsAreWarnedAboutWithTheProjectLine) {
    sampleProject();
    const fs::path project = projectDir() / "misspelt.toml";
    writeFile(project, "[[layer]]\nname = \"地块\"\nsource = \"data/parcels.gpkg\"\nextrude = \"nope\"\n");
    RunResult r = runPlanview({"info", project.string()});
    ASSERT_TRUE(succeeded(r));
    EXPECT_TRUE(hasLine(r.out, "  features: 3")) << r.out;
    EXPECT_EQ(r.err, "planview: warning: " + project.string() +
                         ":4: extrude: layer '地块' has no field 'nope' (fields: name_zh, 用地性质, big_id, approved, height_m)\n");
}

// ---- Errors in the project file ----------------------------------------------------------------

struct ProjectErrorCase {
    const char* name;
    const char* toml;
    std::vector<std::string> mentions;  ///< besides the file's path: ":LINE" and the key / cause
};

std::ostream& operator<<(std::ostream& o, const ProjectErrorCase& c) { return o << c.name; }

class InfoProjectError : public ::testing::TestWithParam<ProjectErrorCase> {};

TEST_P(InfoProjectError, NamesFileLineAndKey) {
    const ProjectErrorCase& c = GetParam();
    sampleProject();  // data/parcels.gpkg beside the broken projects
    const fs::path project = projectDir() / (std::string(c.name) + ".toml");
    writeFile(project, c.toml);
    RunResult r = runPlanview({"info", project.string()});
    std::vector<std::string> mentions = c.mentions;
    mentions.insert(mentions.begin(), project.string() + ":");
    EXPECT_TRUE(failedCleanly(r, 2, mentions));
}

const ProjectErrorCase kProjectErrors[] = {
    {"syntax_unterminated_string",
     "title = \"x\"\n[[layer]]\nname = \"地块\"\nsource = \"data/parcels.gpkg\nkind = \"parcels\"\n",
     {".toml:4:"}},
    {"syntax_bad_table_header",
     "title = \"x\"\n[[layer]]\nname = \"地块\"\nsource = \"data/parcels.gpkg\"\n\n[[layer]\nname = \"b\"\n",
     {".toml:6:"}},
    {"unknown_kind",
     "[[layer]]\nname = \"地块\"\nsource = \"data/parcels.gpkg\"\nkind = \"parcel\"\n",
     {".toml:4:", "kind", "parcel"}},
    {"bad_default_colour",
     "[[layer]]\nname = \"地块\"\nsource = \"data/parcels.gpkg\"\n[layer.style]\nby = \"用地性质\"\ndefault = \"#GGGGGG\"\n",
     {".toml:6:", "default", "#GGGGGG"}},
    {"bad_category_colour",
     "[[layer]]\nname = \"地块\"\nsource = \"data/parcels.gpkg\"\n[layer.style]\nby = \"用地性质\"\n"
     "colors = { R2 = \"yellow\" }\n",
     {".toml:6:", "R2", "yellow"}},
    {"missing_source",
     "title = \"x\"\n\n[[layer]]\nname = \"地块\"\nkind = \"parcels\"\n",
     {".toml:3:", "source"}},
};
INSTANTIATE_TEST_SUITE_P(Files, InfoProjectError, ::testing::ValuesIn(kProjectErrors),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
