// PlanView projects written as QGIS projects (issue 21, "Write"): `planview export PROJECT -o OUT.qgz`
// opened in QGIS itself (PyQGIS, tests/render/qgis_export_check.py), which compares what QGIS holds
// with the .toml read by python's tomllib: every layer valid, names, order and visibility, sources,
// subsets, labels, renderer categories and colours, bookmarks holding their points; and QGIS's render of
// the written project against PlanView's top orthographic render of the original on the same grid.
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include "tests/render/RenderSupport.h"

using namespace render_test;

namespace {

struct QgisCheck {
    std::vector<std::string> failures, layers, leftOut;
    int bookmarks = -1;
    double agreement = -1;
    long long pixels = 0;
    bool done = false;
    std::string output;
};

/// Runs qgis_export_check.py on `qgz` against `toml` (and, with `tif`, QGIS's render against it).
QgisCheck checkInQgis(const fs::path& qgz, const fs::path& toml, const fs::path& tif = {}) {
    QgisCheck c;
    const fs::path out = workDir() / (qgz.stem().string() + "-check.txt");
    std::string command = "QT_QPA_PLATFORM=offscreen timeout 300 /usr/bin/python3 " PLANVIEW_SOURCE_DIR
                          "/tests/render/qgis_export_check.py '" + qgz.string() + "' '" + toml.string() + "'";
    if (!tif.empty()) command += " '" + tif.string() + "' '" + (workDir() / (qgz.stem().string() + "-qgis.png")).string() + "'";
    (void)std::system((command + " >'" + out.string() + "' 2>&1").c_str());   // judged by its output (PyQGIS may crash at exit)
    std::ifstream in(out);
    for (std::string line; std::getline(in, line);) {
        c.output += line + "\n";
        std::istringstream words(line);
        std::string key;
        words >> key;
        if (key == "FAIL") c.failures.push_back(line.substr(5));
        else if (key == "LAYER") c.layers.push_back(line.substr(6));
        else if (key == "LEFT_OUT") c.leftOut.push_back(line.substr(9));
        else if (key == "BOOKMARKS") words >> c.bookmarks;
        else if (key == "AGREEMENT") words >> c.agreement >> c.pixels;
        else if (key == "DONE") c.done = true;
    }
    return c;
}

int lines(const std::string& text) {
    int n = 0;
    for (char ch : text) n += ch == '\n';
    return n;
}

const fs::path kSample = PLANVIEW_SOURCE_DIR "/assets/shangcheng/project.toml";

/// A small project of its own: hidden terrain and imagery, categorized zones (data in a sub-folder), a
/// hidden single-colour layer extruded by a constant and one by a field, a boundary, roads with a
/// `where` and labels, two bookmarks; no `crs` (the scene frame's is written).
fs::path writeFixtureProject() {
    const fs::path folder = workDir() / "fixture-project";
    fs::create_directories(folder / "data");
    std::ofstream zones(folder / "data" / "zones.csv");
    zones << "WKT,kind,name,height\n";
    const char* kinds[] = {"park", "school", "housing", "park", "housing", "office"};
    for (int i = 0; i < 6; ++i) {
        const double x = 515000 + (i % 3) * 400, y = 3346000 + (i / 3) * 400;
        zones << "\"POLYGON((" << x << " " << y << "," << x + 300 << " " << y << "," << x + 300 << " " << y + 300 << "," << x << " "
              << y + 300 << "," << x << " " << y << "))\"," << kinds[i] << ",zone " << i << "," << 10 + 7 * i << "\n";
    }
    zones.close();
    std::string log;
    EXPECT_EQ(runTool("ogr2ogr -f GPKG -a_srs EPSG:4549 -nln zones -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO -oo AUTODETECT_TYPE=YES '" +
                      (folder / "data" / "plan.gpkg").string() + "' '" + (folder / "data" / "zones.csv").string() + "'", &log), 0) << log;
    std::ofstream roads(folder / "data" / "roads.csv");
    roads << "WKT,name,status\n\"LINESTRING(514900 3346150,516200 3346150)\",axis,existing\n"
             "\"LINESTRING(515350 3345900,515350 3346800)\",,planned\n\"LINESTRING(514900 3346550,516200 3346550)\",ring,planned\n";
    roads.close();
    EXPECT_EQ(runTool("ogr2ogr -f GPKG -update -a_srs EPSG:4549 -nln roads -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO '" +
                      (folder / "data" / "plan.gpkg").string() + "' '" + (folder / "data" / "roads.csv").string() + "'", &log), 0) << log;
    // Rasters of the area from the sample's: the DEM reprojected to EPSG:4549 (metres), the imagery
    // cut out in its own lon/lat (degrees).
    const std::string terrain = PLANVIEW_SOURCE_DIR "/assets/shangcheng/terrain/";
    EXPECT_EQ(runTool("gdalwarp -q -overwrite -t_srs EPSG:4549 -te 514800 3345800 516400 3346900 -tr 20 20 '" + terrain + "dem.tif' '" +
                      (folder / "data" / "dem.tif").string() + "'", &log), 0) << log;
    EXPECT_EQ(runTool("gdal_translate -q -projwin 120.150 30.243 120.170 30.230 '" + terrain + "imagery.tif' '" +
                      (folder / "data" / "imagery.tif").string() + "'", &log), 0) << log;
    std::ofstream(folder / "fixture.toml") << R"(title = "Write fixture"
[[layer]]
name = "Ground"
source = "data/dem.tif"
kind = "terrain"
exaggeration = 1.5
visible = false

[[layer]]
name = "Orthophoto"
source = "data/imagery.tif"
kind = "imagery"
visible = false

[[layer]]
name = "Zones"
source = "data/plan.gpkg"
layer = "zones"
kind = "polygons"
label = "name"
[layer.style]
by = "kind"
colors = { park = "#00A651", school = "#FF66CC", housing = "#FFE600" }
default = "#BBBBBB"
outline = false

[[layer]]
name = "Hidden zones"
source = "data/plan.gpkg"
layer = "zones"
kind = "polygons"
visible = false
extrude = 12
[layer.style]
default = "#3366CC"

[[layer]]
name = "Towers"
source = "data/plan.gpkg"
layer = "zones"
kind = "parcels"
visible = false
extrude = "height"
[layer.style]
default = "#AA5533"

[[layer]]
name = "Named roads"
source = "data/plan.gpkg"
layer = "roads"
kind = "lines"
where = "name IS NOT NULL"
label = "name"
[layer.style]
by = "status"
colors = { existing = "#FFFFFF", planned = "#FF6F00" }
default = "#FFFFFF"
width = 20

[[layer]]
name = "Platform"
source = "data/plan.gpkg"
layer = "zones"
kind = "boundary"
where = "kind = 'housing'"
[layer.style]
default = "#1E3A8A"
opacity = 0.4

[[bookmark]]
name = "School"
lon = 120.1594
lat = 30.2350
distance = 1200
pitch = 45

[[bookmark]]
name = "All"
lon = 120.162
lat = 30.236
distance = 4000
)";
    return folder / "fixture.toml";
}

}  // namespace

// The Shangcheng sample: every layer QGIS can show, as the project has it, the two model layers left
// out with a line each; QGIS's render of the written project agrees with PlanView's top view.
TEST(QgisExport, ShangchengOpensInQgisAsThePlanViewProject) {
    const fs::path folder = workDir() / "shangcheng-export";   // elsewhere than the data: "../" paths
    fs::create_directories(folder);
    const fs::path qgz = folder / "shangcheng.qgz";
    RunResult r = runPlanview({"export", kSample.string(), "-o", qgz.string()});
    ASSERT_EQ(r.code, 0) << r.describe();
    for (const char* model : {"地标建筑", "河坊街牌坊"}) {
        int said = 0;
        std::istringstream out(r.out);
        for (std::string line; std::getline(out, line);) said += line.find(model) != std::string::npos && line.find("left out") != std::string::npos;
        EXPECT_EQ(said, 1) << model << "\n" << r.out;
    }
    const fs::path tif = workDir() / "shangcheng-top.tif";
    RunResult render = runPlanview({"render", kSample.string(), "--view", "top", "--ortho", "--hide-ui", "--size", "1200x1200", "-o", tif.string()});
    ASSERT_EQ(render.code, 0) << render.describe();
    QgisCheck c = checkInQgis(qgz, kSample, tif);
    ASSERT_TRUE(c.done) << "PyQGIS could not check the project (scripts/setup installs python3-qgis)\n" << c.output;
    EXPECT_TRUE(c.failures.empty()) << c.output;
    // Every [[layer]] table of the sample's project file but its models, and every [[bookmark]] table.
    std::ifstream toml(kSample);
    std::size_t layers = 0, models = 0;
    int bookmarks = 0;
    for (std::string line; std::getline(toml, line);) {
        layers += line == "[[layer]]";
        models += line == "kind = \"models\"";
        bookmarks += line == "[[bookmark]]";
    }
    EXPECT_EQ(models, 2u);
    EXPECT_EQ(c.layers.size(), layers - models) << c.output;   // the vector layers, the terrain and its imagery
    EXPECT_EQ(c.leftOut.size(), models) << c.output;
    EXPECT_GT(bookmarks, 0);
    EXPECT_EQ(c.bookmarks, bookmarks) << c.output;
    std::printf("QGIS's render of the exported project against PlanView's top view: %.4f of %lld pixels\n", c.agreement, c.pixels);
    RecordProperty("agreement", std::to_string(c.agreement));
    // The top view frames the terrain's extent too, larger than the district's.
    EXPECT_GT(c.pixels, 80000) << "the district's polygons fill much of the image\n" << c.output;
    EXPECT_GE(c.agreement, 0.97) << c.output;
}

// A small project of its own, as .qgz and as .qgs: hidden layers, terrain and imagery (their files and
// extents as GDAL has them, the terrain a hillshade), extrusion (layer.renderer3D()), a boundary, a
// subset, labels, and the scene frame's CRS (the project names none); QGIS's render agrees with PlanView's.
TEST(QgisExport, FixtureProjectOpensInQgisAsQgzAndQgs) {
    const fs::path toml = writeFixtureProject();
    const fs::path tif = workDir() / "fixture-top.tif";
    RunResult render = runPlanview({"render", toml.string(), "--view", "top", "--ortho", "--hide-ui", "--size", "800x800", "-o", tif.string()});
    ASSERT_EQ(render.code, 0) << render.describe();
    for (const char* name : {"fixture.qgz", "fixture.qgs"}) {
        const fs::path out = toml.parent_path() / "out" / name;
        fs::create_directories(out.parent_path());
        RunResult r = runPlanview({"export", toml.string(), "-o", out.string()});
        ASSERT_EQ(r.code, 0) << r.describe();
        EXPECT_NE(r.out.find("EPSG:4549, the scene frame's"), std::string::npos) << r.out;
        QgisCheck c = checkInQgis(out, toml, tif);
        ASSERT_TRUE(c.done) << c.output;
        EXPECT_TRUE(c.failures.empty()) << name << "\n" << c.output;
        EXPECT_EQ(c.layers.size(), 7u) << c.output;
        EXPECT_EQ(c.bookmarks, 2) << c.output;
        std::printf("%s: QGIS's render against PlanView's top view: %.4f of %lld pixels\n", name, c.agreement, c.pixels);
        EXPECT_GT(c.pixels, 10000) << c.output;
        EXPECT_GE(c.agreement, 0.97) << name << "\n" << c.output;
    }
}

// PlanView opens its own .qgz (the read part): the same layers, order, visibility and sources as
// `planview info` reports for the original project, and the same top view (styles in detail:
// tests/geo/test_qgis_project_writer.cpp).
TEST(QgisExport, PlanViewReadsItsOwnQgzBack) {
    const fs::path folder = workDir() / "round-trip";
    fs::create_directories(folder);
    const fs::path qgz = folder / "shangcheng.qgz";
    RunResult r = runPlanview({"export", kSample.string(), "-o", qgz.string()});
    ASSERT_EQ(r.code, 0) << r.describe();
    RunResult original = runPlanview({"info", kSample.string(), "--json"});
    RunResult back = runPlanview({"info", qgz.string(), "--json"});
    ASSERT_EQ(original.code, 0) << original.describe();
    ASSERT_EQ(back.code, 0) << back.describe();
    nlohmann::json a = nlohmann::json::parse(original.out), b = nlohmann::json::parse(back.out);
    std::vector<nlohmann::json> shown;
    for (const auto& layer : a)
        if (!layer.contains("models")) shown.push_back(layer);
    ASSERT_EQ(b.size(), shown.size()) << back.out;
    for (std::size_t i = 0; i < shown.size(); ++i) {
        EXPECT_EQ(b[i]["project_layer"], shown[i]["project_layer"]) << i;
        EXPECT_EQ(b[i]["visible"], shown[i]["visible"]) << i;
        EXPECT_EQ(b[i]["available"], true) << b[i].dump();
        EXPECT_EQ(fs::weakly_canonical(b[i]["source"].get<std::string>()), fs::weakly_canonical(shown[i]["source"].get<std::string>()))
            << b[i]["project_layer"];
        EXPECT_EQ(b[i]["layers"][0]["name"], shown[i]["layers"][0]["name"]) << b[i]["project_layer"];
    }
    // Drawn back as the original is: the top views of both on the same grid agree wherever either
    // draws anything (styles, opacity, kinds and extrusion read back; only the models are missing).
    const fs::path tif = workDir() / "round-trip-original.tif", backTif = workDir() / "round-trip-back.tif";
    for (const auto& [project, image] : {std::pair{kSample, tif}, std::pair{qgz, backTif}}) {
        RunResult render = runPlanview({"render", project.string(), "--view", "top", "--ortho", "--hide-ui", "--size", "900x900", "-o", image.string()});
        ASSERT_EQ(render.code, 0) << render.describe();
    }
    const Image before = readImage(tif), after = readImage(backTif);
    ASSERT_EQ(before.geoTransform, after.geoTransform) << "the same extent";
    long long drawn = 0, same = 0;
    for (int y = 0; y < before.height; ++y)
        for (int x = 0; x < before.width; ++x) {
            if (distance2(before.at(x, y), kGround) <= 64 && distance2(after.at(x, y), kGround) <= 64) continue;
            ++drawn;
            same += distance2(before.at(x, y), after.at(x, y)) <= 3 * 16 * 16;
        }
    ASSERT_GT(drawn, 100000);
    std::printf("PlanView's render of its .qgz against the original's: %.4f of %lld pixels\n", static_cast<double>(same) / drawn, drawn);
    EXPECT_GE(static_cast<double>(same) / drawn, 0.97);
}

// Bad output paths: a missing folder, an existing file without --overwrite, a folder: exit 3, one line.
TEST(QgisExport, BadOutputPathsExit3WithOneLine) {
    const fs::path toml = writeFixtureProject();
    fs::create_directories(workDir() / "a-folder.qgz");
    for (const fs::path& bad : {workDir() / "no-such-folder" / "x.qgz", workDir() / "a-folder.qgz"}) {
        RunResult r = runPlanview({"export", toml.string(), "-o", bad.string()});
        EXPECT_EQ(r.code, 3) << r.describe();
        EXPECT_EQ(lines(r.err), 1) << r.err;
    }
    const fs::path existing = workDir() / "existing.qgz";
    std::ofstream(existing) << "not yet a project";
    RunResult refused = runPlanview({"export", toml.string(), "-o", existing.string()});
    EXPECT_EQ(refused.code, 3) << refused.describe();
    EXPECT_EQ(lines(refused.err), 1) << refused.err;
    RunResult replaced = runPlanview({"export", toml.string(), "-o", existing.string(), "--overwrite"});
    EXPECT_EQ(replaced.code, 0) << replaced.describe();
    RunResult back = runPlanview({"info", existing.string()});
    EXPECT_EQ(back.code, 0) << back.describe();
    for (const auto& entry : fs::directory_iterator(workDir()))
        EXPECT_EQ(entry.path().filename().string().find(".partial-"), std::string::npos) << entry.path();
}
