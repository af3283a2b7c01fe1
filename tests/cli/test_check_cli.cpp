// `planview check` (issue 20): formats, exit codes, the rules file, refusing to overwrite, the GeoPackage
// read back with GDAL, and the Shangcheng sample's West Lake height control against GDAL's own reading.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <cmath>
#include <memory>
#include <set>
#include <sstream>
#include "tests/cli/CliSupport.h"
#include "tests/support/Fixtures.h"

namespace {

using namespace cli;


using fixtures::rect;

/// Three parcels, the buildings themselves: 甲 R2 100 × 100 m, 30 m tall, FAR 2.0; 乙 R2 100 × 50 m,
/// 60 m tall, its own 限高 of 45 m, FAR 3.2; 丙 B1 80 × 80, height unknown (NULL).
fs::path checkFolder() {
    const fs::path folder = workDir() / "check";
    if (fs::exists(folder / "plan.gpkg")) return folder;
    fs::create_directories(folder);
    fixtures::writeLayer((folder / "plan.gpkg").string(), "GPKG", "parcels", 4549, wkbPolygon,
                         {{"plot_code"}, {"landuse"}, {"name_zh"}, {"height_m", OFTReal}, {"far", OFTReal}, {"限高", OFTReal}},
                         {{rect(0, 0, 100, 100), {"P1", "R2", "甲", "30", "2.0", fixtures::null}},
                          {rect(200, 0, 300, 50), {"P2", "R2", "乙", "60", "3.2", "45"}},
                          {rect(0, 200, 80, 280), {"P3", "B1", "丙", fixtures::null, "1.0", fixtures::null}}});
    writeFile(folder / "rules.toml", "[[rule]]\nlanduse = \"R\"\nmax_height_m = 50\nmax_far = 2.5\n\n"
                                     "[[rule]]\nlanduse = \"B\"\nmax_height_m = 24\n");
    writeFile(folder / "project.toml", "crs = \"EPSG:4549\"\n[[layer]]\nname = \"用地\"\nsource = \"plan.gpkg\"\n"
                                       "layer = \"parcels\"\nkind = \"parcels\"\nextrude = \"height_m\"\n");
    return folder;
}

std::vector<std::string> checkArgs(std::vector<std::string> more) {
    std::vector<std::string> all{"check", (checkFolder() / "project.toml").string(), "--rules", (checkFolder() / "rules.toml").string()};
    all.insert(all.end(), more.begin(), more.end());
    return all;
}

const nlohmann::json* findRow(const nlohmann::json& rows, const std::string& id, const std::string& limit) {
    for (const auto& r : rows)
        if (r["id"] == id && r["limit"] == limit) return &r;
    return nullptr;
}

}  // namespace

TEST(CheckCli, JsonRowsAndSummary) {
    RunResult r = runPlanview(checkArgs({"--format", "json"}));
    ASSERT_TRUE(succeeded(r)) << r.describe();
    const nlohmann::json j = parseJson(r.out);
    const nlohmann::json& rows = j["rows"];
    ASSERT_EQ(rows.size(), 5u);   // P1 and P2: height and FAR; P3: height
    const nlohmann::json* h2 = findRow(rows, "P2", "max_height_m");
    ASSERT_TRUE(h2);
    EXPECT_EQ((*h2)["result"], "exceeds");
    EXPECT_DOUBLE_EQ((*h2)["limit_value"].get<double>(), 45);   // the attribute beats the rule's 50
    EXPECT_DOUBLE_EQ((*h2)["by"].get<double>(), 15);
    EXPECT_EQ((*h2)["name"], "乙");
    EXPECT_EQ((*h2)["indicator"], "限高");
    const nlohmann::json* f2 = findRow(rows, "P2", "max_far");
    ASSERT_TRUE(f2);
    EXPECT_EQ((*f2)["result"], "exceeds");
    EXPECT_NEAR((*f2)["by"].get<double>(), 0.7, 1e-9);
    EXPECT_EQ((*findRow(rows, "P1", "max_height_m"))["result"], "pass");
    EXPECT_EQ((*findRow(rows, "P1", "max_far"))["result"], "pass");
    const nlohmann::json* h3 = findRow(rows, "P3", "max_height_m");
    ASSERT_TRUE(h3);
    EXPECT_EQ((*h3)["result"], "no data");
    EXPECT_TRUE((*h3)["measured"].is_null());
    EXPECT_EQ(j["summary"]["pass"], 2);
    EXPECT_EQ(j["summary"]["violations"], 2);
    EXPECT_EQ(j["summary"]["no_data"], 1);
    EXPECT_EQ(j["summary"]["parcels_violating"], 1);
}

TEST(CheckCli, TableAndCsv) {
    RunResult r = runPlanview(checkArgs({}));
    ASSERT_TRUE(succeeded(r)) << r.describe();
    EXPECT_NE(r.out.find("exceeds by 15.0 m"), std::string::npos) << r.out;
    const std::vector<std::string> out = lines(r.out);
    ASSERT_FALSE(out.empty());
    EXPECT_EQ(out.back(), "3 parcels, 3 with limits, 1 breaking at least one; 5 checks: 2 pass, 2 exceed (or fall short), 1 without data");

    r = runPlanview(checkArgs({"--format", "csv"}));
    ASSERT_TRUE(succeeded(r)) << r.describe();
    const std::vector<std::string> csv = lines(r.out);
    ASSERT_EQ(csv.size(), 6u);
    EXPECT_EQ(csv[0], "id,name,landuse,limit,indicator,limit_value,measured,result,by,source");
    EXPECT_EQ(csv[1].rfind("P1,甲,R2,max_height_m,限高,50,30,pass,,", 0), 0u) << csv[1];
}

TEST(CheckCli, GeoPackageReadBackWithGdal) {
    const fs::path out = workDir() / "check-out.gpkg";
    fs::remove(out);
    RunResult r = runPlanview(checkArgs({"-o", out.string()}));
    ASSERT_TRUE(succeeded(r)) << r.describe();
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayerByName("checks");
    ASSERT_TRUE(layer);
    EXPECT_EQ(layer->GetFeatureCount(), 5);
    EXPECT_TRUE(layer->GetSpatialRef() && layer->GetSpatialRef()->GetAuthorityCode(nullptr) == std::string("4549"));
    int exceeding = 0;
    for (auto& f : *layer) {
        const std::string id = f->GetFieldAsString("id");
        const double expected = id == "P1" ? 10000 : id == "P2" ? 5000 : 6400;
        ASSERT_TRUE(f->GetGeometryRef());
        EXPECT_NEAR(OGR_G_Area(OGRGeometry::ToHandle(f->GetGeometryRef())), expected, 1e-3) << id;
        OGREnvelope e;
        f->GetGeometryRef()->getEnvelope(&e);
        EXPECT_NEAR(e.MinX, fixtures::kOriginX + (id == "P2" ? 200 : 0), 1e-3);
        exceeding += std::string(f->GetFieldAsString("result")) == "exceeds";
    }
    EXPECT_EQ(exceeding, 2);
    OGRLayer* styles = ds->GetLayerByName("layer_styles");
    EXPECT_TRUE(styles && styles->GetFeatureCount() == 1);

    // Refused without --overwrite (exit 3, one line), replaced with it.
    r = runPlanview(checkArgs({"-o", out.string()}));
    EXPECT_TRUE(failedCleanly(r, 3, {out.string(), "--overwrite"}));
    r = runPlanview(checkArgs({"-o", out.string(), "--overwrite"}));
    EXPECT_TRUE(succeeded(r)) << r.describe();
    const fs::path csv = workDir() / "check-out.csv";
    fs::remove(csv);
    ASSERT_TRUE(succeeded(runPlanview(checkArgs({"-o", csv.string()}))));
    EXPECT_EQ(lines(readFile(csv)).size(), 6u);
    EXPECT_TRUE(failedCleanly(runPlanview(checkArgs({"-o", csv.string()})), 3, {csv.string()}));
    for (const auto& entry : fs::directory_iterator(workDir()))
        EXPECT_EQ(entry.path().filename().string().find(".partial-"), std::string::npos) << entry.path();
}

TEST(CheckCli, BadRulesAndUsage) {
    const fs::path bad = workDir() / "bad-rules.toml";
    writeFile(bad, "[[rule]]\nlanduse = \"R\"\nmax_far = \"two\"\n");
    EXPECT_TRUE(failedCleanly(runPlanview({"check", (checkFolder() / "project.toml").string(), "--rules", bad.string()}), 2,
                              {bad.string() + ":3", "max_far"}));
    writeFile(bad, "[[rule]\nmax_far = 1\n");
    EXPECT_TRUE(failedCleanly(runPlanview({"check", (checkFolder() / "project.toml").string(), "--rules", bad.string()}), 2,
                              {bad.string() + ":1"}));
    writeFile(bad, "[[rule]]\nwhere = \"nonsense ===\"\nmax_far = 1\n");
    EXPECT_TRUE(failedCleanly(runPlanview({"check", (checkFolder() / "project.toml").string(), "--rules", bad.string()}), 2,
                              {bad.string() + ":1", "nonsense"}));
    EXPECT_TRUE(failedCleanly(runPlanview(checkArgs({"--layer", "道路"})), 2, {"道路"}));
    EXPECT_TRUE(failedCleanly(runPlanview({"check", (workDir() / "missing.toml").string()}), 2, {"missing.toml"}));
    EXPECT_TRUE(failedCleanly(runPlanview(checkArgs({"--format", "gpkg"})), 1, {"-o"}));
    EXPECT_TRUE(failedCleanly(runPlanview(checkArgs({"--format", "xml"})), 1, {"xml"}));
}

TEST(CheckCli, SampleWestLakeHeightControlAgreesWithGdal) {
    const fs::path sample = fs::path(PLANVIEW_SOURCE_DIR) / "assets/shangcheng";
    RunResult r = runPlanview({"check", (sample / "project.toml").string(), "--format", "json"});
    ASSERT_TRUE(succeeded(r)) << r.describe();
    const nlohmann::json j = parseJson(r.out);
    // GDAL's own reading: the parcels whose max_height_m is below their height_m.
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open((sample / "shangcheng.gpkg").c_str(), GDAL_OF_VECTOR));
    OGRLayer* parcels = ds->GetLayerByName("parcels");
    std::set<std::string> expected;
    std::size_t limited = 0;
    for (auto& f : *parcels) {
        if (f->IsFieldNull(f->GetFieldIndex("max_height_m"))) continue;
        ++limited;
        if (f->GetFieldAsDouble("height_m") > f->GetFieldAsDouble("max_height_m")) expected.insert(f->GetFieldAsString("plot_code"));
    }
    std::set<std::string> found;
    std::size_t fromAttribute = 0;
    for (const auto& row : j["rows"]) {
        if (row["source"] != "attribute max_height_m") continue;
        ++fromAttribute;
        if (row["result"] == "exceeds") found.insert(row["id"].get<std::string>());
    }
    EXPECT_EQ(fromAttribute, limited);
    EXPECT_EQ(found, expected);
    EXPECT_GE(expected.size(), 3u);   // the sample's deliberate findings
    EXPECT_GT(j["summary"]["violations"].get<int>(), static_cast<int>(expected.size()));   // the rules find more
}
