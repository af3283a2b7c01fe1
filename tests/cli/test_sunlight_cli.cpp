// `planview sunlight`: a long wall 100 m tall south of a point and a low building; the sun on 大寒 in
// Hangzhou is never higher than 40°, so the wall hides it all day from anything within 110 m north of it,
// while a point south of the wall, with nothing south of it, has the sun the whole 8:00–16:00 window.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <memory>
#include <sstream>
#include "tests/cli/CliSupport.h"
#include "tests/support/SunReference.h"

namespace {

using namespace cli;

fs::path sunlightProject() {
    const fs::path folder = workDir() / "sunlight";
    const fs::path project = folder / "sun.toml";
    if (fs::exists(project)) return project;
    // Wall: 120.160–120.180 E (about 1.9 km) × 30.25000–30.25005 N (5.5 m), 100 m tall. 住宅: about
    // 96 m × 55 m, 9.5 m tall (3 floors), its south face 105 m north of the wall.
    writeFile(folder / "buildings.geojson", R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name_zh": "墙", "height_m": 100.0, "use": "wall"},
 "geometry": {"type": "Polygon", "coordinates": [[[120.16, 30.25], [120.18, 30.25], [120.18, 30.25005], [120.16, 30.25005], [120.16, 30.25]]]}},
{"type": "Feature", "properties": {"name_zh": "住宅", "height_m": 9.5, "use": "home"},
 "geometry": {"type": "Polygon", "coordinates": [[[120.169, 30.251], [120.170, 30.251], [120.170, 30.2515], [120.169, 30.2515], [120.169, 30.251]]]}}
]})");
    writeFile(folder / "points.geojson", R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"label": "north", "h": 1.5}, "geometry": {"type": "Point", "coordinates": [120.17, 30.2502]}},
{"type": "Feature", "properties": {"label": "south", "h": 1.5}, "geometry": {"type": "Point", "coordinates": [120.17, 30.2490]}}
]})");
    writeFile(project, R"(title = "日照"
[[layer]]
name = "建筑"
source = "buildings.geojson"
kind = "parcels"
extrude = "height_m"
label = "name_zh"

[[layer]]
name = "点"
source = "points.geojson"
kind = "points"

[[layer]]
name = "平面"
source = "buildings.geojson"
kind = "polygons"
)");
    return project;
}

std::vector<std::string> args(std::vector<std::string> more) {
    std::vector<std::string> all{"sunlight", sunlightProject().string(), "--layer", "建筑", "--date", "大寒", "--year", "2024"};
    all.insert(all.end(), more.begin(), more.end());
    return all;
}

TEST(SunlightCli, PointsNorthAndSouthOfATallWall) {
    RunResult r = runPlanview(args({"--points", "点", "--format", "json"}));
    ASSERT_TRUE(succeeded(r)) << r.describe();
    nlohmann::json j = parseJson(r.out);
    ASSERT_EQ(j["rows"].size(), 2u);
    EXPECT_EQ(j["summary"]["date"], "2024-01-20 (大寒)");
    EXPECT_EQ(j["summary"]["from"], "08:00");
    EXPECT_EQ(j["summary"]["to"], "16:00");
    for (const auto& row : j["rows"]) {
        EXPECT_TRUE(row.contains("label") && row.contains("h") && row.contains("lon") && row.contains("x"));
        EXPECT_DOUBLE_EQ(row["height"].get<double>(), 0.9);   // --point-height's default
        if (row["label"] == "north") {
            EXPECT_EQ(row["sun_minutes"].get<double>(), 0);
            EXPECT_FALSE(row["pass"].get<bool>());
            EXPECT_TRUE(row["periods"].empty());
        } else {
            EXPECT_EQ(row["sun_minutes"].get<double>(), 480);
            EXPECT_TRUE(row["pass"].get<bool>());
            ASSERT_EQ(row["periods"].size(), 1u);
            EXPECT_EQ(row["periods"][0]["start"], "08:00");
            EXPECT_EQ(row["periods"][0]["end"], "16:00");
        }
    }
    // The height from a field; 冬至's window is 9:00–15:00.
    r = runPlanview({"sunlight", sunlightProject().string(), "--layer", "建筑", "--points", "点", "--date", "冬至",
                     "--year", "2024", "--point-height", "h", "--where", "label = 'south'", "--format", "json"});
    ASSERT_TRUE(succeeded(r)) << r.describe();
    j = parseJson(r.out);
    ASSERT_EQ(j["rows"].size(), 1u);
    EXPECT_EQ(j["rows"][0]["sun_minutes"].get<double>(), 360);
    EXPECT_DOUBLE_EQ(j["rows"][0]["height"].get<double>(), 1.5);
}

TEST(SunlightCli, ClockWindowIsTurnedIntoTrueSolarTime) {
    // 8:00–16:00 Beijing time at 120.17 E on 20 January: true solar time runs 0.68 min ahead for the
    // longitude and about 11 min behind for the equation of time (almanacs: −10.9 min that day).
    RunResult r = runPlanview({"sunlight", sunlightProject().string(), "--layer", "建筑", "--points", "点", "--where",
                               "label = 'south'", "--date", "2024-01-20", "--clock", "--from", "08:00", "--to", "16:00",
                               "--format", "json"});
    ASSERT_TRUE(succeeded(r)) << r.describe();
    const nlohmann::json j = parseJson(r.out);
    const std::string from = j["summary"]["from"];
    ASSERT_GE(from.size(), 5u);
    const double minutes = std::stoi(from.substr(0, 2)) * 60 + std::stoi(from.substr(3, 2)) +
                           (from.size() == 8 ? std::stoi(from.substr(6, 2)) / 60.0 : 0);
    EXPECT_NEAR(minutes, 8 * 60 + 0.68 - 10.9, 1.0) << from;
    // The whole window is sunlit: 8 clock hours less the equation of time's drift that day (it falls by
    // about 15 s a day in late January: some 5 s in 8 hours).
    EXPECT_NEAR(j["rows"][0]["sun_minutes"].get<double>(), 480 - 5.0 / 60, 0.05);
}

TEST(SunlightCli, FacadeRowsAsCsv) {
    // One point a facade edge (spacing longer than any edge), three floors: 12 rows for 住宅.
    RunResult r = runPlanview(args({"--where", "name_zh = '住宅'", "--spacing", "1000", "--format", "csv"}));
    ASSERT_TRUE(succeeded(r)) << r.describe();
    const auto rows = lines(r.out);
    ASSERT_EQ(rows.size(), 13u) << r.out;
    EXPECT_EQ(rows[0], "building_id,name,floor,facing,lon,lat,x,y,height,sun_minutes,periods,pass");
    int north = 0, south = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        std::vector<std::string> cells;
        std::stringstream in(rows[i]);
        for (std::string c; std::getline(in, c, ',');) cells.push_back(c);
        ASSERT_EQ(cells.size(), 12u) << rows[i];
        EXPECT_EQ(cells[1], "住宅");
        const double facing = std::stod(cells[3]);
        if (std::fabs(facing - 0) < 1 || std::fabs(facing - 360) < 1) {
            ++north;   // facing north: no sun on 大寒
            EXPECT_EQ(std::stod(cells[9]), 0);
        }
        if (std::fabs(facing - 180) < 1) {
            ++south;   // facing the wall: hidden all day
            EXPECT_EQ(std::stod(cells[9]), 0);
        }
        EXPECT_EQ(cells[11], std::stod(cells[9]) >= 120 ? "yes" : "no");
    }
    EXPECT_EQ(north, 3);
    EXPECT_EQ(south, 3);
}

TEST(SunlightCli, GeoPackageOpensWithGdal) {
    const fs::path out = workDir() / "sunlight" / "out.gpkg";
    fs::remove(out);
    RunResult r = runPlanview(args({"--points", "点", "-o", out.string()}));
    ASSERT_TRUE(succeeded(r)) << r.describe();
    GDALAllRegister();
    {
        std::unique_ptr<GDALDataset> ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
        ASSERT_TRUE(ds);
        OGRLayer* layer = ds->GetLayerByName("sunlight");
        ASSERT_TRUE(layer);
        EXPECT_EQ(layer->GetFeatureCount(), 2);
        EXPECT_EQ(wkbFlatten(layer->GetGeomType()), wkbPoint);
        EXPECT_TRUE(ds->GetLayerByName("layer_styles"));
        double total = 0;
        for (auto& f : *layer) {
            total += f->GetFieldAsDouble("sun_minutes");
            EXPECT_TRUE(f->GetGeometryRef());
        }
        EXPECT_EQ(total, 480);
    }
    // An existing output needs --overwrite (exit 3), and nothing else is touched.
    r = runPlanview(args({"--points", "点", "-o", out.string()}));
    EXPECT_TRUE(failedCleanly(r, 3, {out.string(), "--overwrite"})) << r.describe();
    r = runPlanview(args({"--points", "点", "-o", out.string(), "--overwrite"}));
    EXPECT_TRUE(succeeded(r)) << r.describe();
    EXPECT_EQ(fs::directory_iterator(out.parent_path()) == fs::directory_iterator(), false);
    for (const auto& e : fs::directory_iterator(out.parent_path()))
        EXPECT_EQ(e.path().filename().string().find(".partial"), std::string::npos) << e.path();
}

TEST(SunlightCli, BadInputIsOneLineAndExitTwo) {
    EXPECT_TRUE(failedCleanly(runPlanview({"sunlight", sunlightProject().string(), "--layer", "平面"}), 2, {"平面", "extru"}));
    EXPECT_TRUE(failedCleanly(runPlanview({"sunlight", sunlightProject().string(), "--layer", "点"}), 2, {"点"}));
    EXPECT_TRUE(failedCleanly(runPlanview({"sunlight", sunlightProject().string(), "--layer", "无"}), 2, {"无"}));
    const std::vector<std::string> noDate{"sunlight", sunlightProject().string(), "--layer", "建筑", "--date"};
    auto withDate = [&](const std::string& date) { auto a = noDate; a.push_back(date); return a; };
    EXPECT_TRUE(failedCleanly(runPlanview(withDate("2023-02-29")), 2, {"2023-02-29"}));
    EXPECT_TRUE(failedCleanly(runPlanview(withDate("2024-1-20")), 2, {"2024-1-20"}));
    EXPECT_TRUE(failedCleanly(runPlanview(withDate("小寒")), 2, {"小寒"}));
    EXPECT_TRUE(failedCleanly(runPlanview(args({"--from", "16:00", "--to", "08:00"})), 2, {"16:00", "08:00"}));
    EXPECT_TRUE(failedCleanly(runPlanview(args({"--from", "10:00", "--to", "10:00"})), 2, {"empty"}));
    EXPECT_TRUE(failedCleanly(runPlanview(args({"--from", "25:00"})), 2, {"--from", "25:00"}));
    EXPECT_TRUE(failedCleanly(runPlanview(args({"--step", "0"})), 2, {"--step"}));
    EXPECT_TRUE(failedCleanly(runPlanview(args({"--floor-height", "storeys"})), 2, {"storeys"}));
    EXPECT_TRUE(failedCleanly(runPlanview(args({"--where", "nope = 1"})), 2, {"nope"}));
    // Usage errors: exit 1.
    RunResult r = runPlanview(args({"--format", "pdf"}));
    EXPECT_TRUE(endedNormally(r));
    EXPECT_EQ(r.code, 1) << r.describe();
    r = runPlanview(args({"--format", "gpkg"}));
    EXPECT_EQ(r.code, 1) << r.describe();
}

// A model (an OBJ wall placed in EPSG:4549) hides the sun as a wall of its height would: the point D m
// north of it gets the analytic answer (tests/support/SunReference.h), not the whole window.
TEST(SunlightCli, AModelHidesTheSunAsAWallOfItsHeight) {
    constexpr double D = 20, H = 15;
    const fs::path folder = workDir() / "sunlight_model";
    fs::create_directories(folder);
    // OBJ is y-up and OSG turns it z-up: (x, y, z) → (x, −z, y), so grid north is −z here. A box
    // 500 m long (x), H tall (y), 0.5 m thick from z = D to D + 0.5 (grid y from −D − 0.5 to −D).
    std::ostringstream obj;
    for (double x : {-250.0, 250.0})
        for (double y : {0.0, H})
            for (double z : {D, D + 0.5}) obj << "v " << x << ' ' << y << ' ' << z << '\n';
    // Vertices 1–8: index = 1 + 4·(x is east) + 2·(top) + (z is D + 0.5).
    obj << "f 1 2 4 3\nf 5 7 8 6\nf 1 5 6 2\nf 3 4 8 7\nf 1 3 7 5\nf 2 6 8 4\n";
    writeFile(folder / "wall.obj", obj.str());
    fixtures::writeLayer((folder / "plan.gpkg").string(), "GPKG", "buildings", 4549, wkbPolygon, {{"height_m", OFTReal}},
                         {fixtures::Row{fixtures::rect(-400, 300, -390, 310), {"3"}}});
    std::ostringstream point;
    point.precision(12);
    point << "POINT(" << fixtures::kOriginX << ' ' << fixtures::kOriginY << ')';
    fixtures::writeLayer((folder / "plan.gpkg").string(), "GPKG", "points", 4549, wkbPoint, {{"name", OFTString}},
                         {fixtures::Row{point.str(), {"p"}}});
    std::ostringstream project;
    project.precision(12);
    project << "title = \"model wall\"\ncrs = \"EPSG:4549\"\n"
               "[[layer]]\nname = \"buildings\"\nsource = \"plan.gpkg\"\nlayer = \"buildings\"\nkind = \"parcels\"\nextrude = \"height_m\"\n"
               "[[layer]]\nname = \"points\"\nsource = \"plan.gpkg\"\nlayer = \"points\"\nkind = \"points\"\n"
               "[[layer]]\nname = \"wall\"\nsource = \"wall.obj\"\nkind = \"models\"\ncrs = \"EPSG:4549\"\nposition = ["
            << fixtures::kOriginX << ", " << fixtures::kOriginY << ", 0]\n";
    writeFile(folder / "wall.toml", project.str());

    const RunResult r = runPlanview({"sunlight", (folder / "wall.toml").string(), "--layer", "buildings", "--points", "points",
                                     "--date", "大寒", "--year", "2024", "--min-period", "0", "--format", "json"});
    ASSERT_TRUE(succeeded(r)) << r.describe();
    const nlohmann::json j = parseJson(r.out);
    ASSERT_EQ(j["rows"].size(), 1u);
    const geo::SunlightWindow window = sunref::greatCold2024();
    const sunref::Place place = sunref::placeOf(0, 0);
    const double expected = sunref::wallMinutes(window, place, D, H, 0.9);
    EXPECT_LT(expected, sunref::wallMinutes(window, place, D, 0, 0.9) - 60) << "the wall must matter";
    EXPECT_NEAR(j["rows"][0]["sun_minutes"].get<double>(), expected, window.stepMinutes + 2 * sunref::kGrid);
}

}  // namespace
