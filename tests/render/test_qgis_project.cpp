// QGIS's work opened in PlanView (issue 21, "Read"): fixtures written by QGIS itself (PyQGIS,
// tests/render/qgis_fixture.py): a GeoPackage with a categorized style saved as its default in
// layer_styles, a .qgz project with a group, a hidden layer and a bookmark, and a layer whose .qml
// uses a symbol PlanView does not draw. The references are what QGIS reports (categories and their
// colours read back from layer_styles, the layer tree, the bookmark) and GDAL/OGR (the features'
// centroids, the GeoTIFF's georeferencing).
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include "tests/render/RenderSupport.h"

using namespace render_test;

namespace {

struct QgisFixture {
    fs::path folder;
    std::map<std::string, std::array<int, 3>> categories;   // value -> colour, as QGIS reads it back
    std::array<int, 3> gradient{};                           // the gradient's first colour
    std::vector<std::pair<std::string, bool>> tree;          // layer, shown; top first
    std::string bookmark;
    std::map<std::string, std::map<long long, std::array<int, 3>>> features;   // layer -> fid -> QGIS's colour
    std::string output;                                      // the script's output, for messages
    bool made = false;
    // fixture3d.qgz as QGIS reads it back: its tree (top first), rasters' files, the 3D view's DEM
    // layer and exaggeration, and what each layer's 3D renderer extrudes by ("field:f", "constant:m").
    struct Tree3D {
        std::string name, type, provider;
        bool shown = false;
    };
    std::vector<Tree3D> tree3d;
    std::map<std::string, std::string> rasters, extrude;
    std::string terrain;
    double exaggeration = 0;
};

const QgisFixture& fixture() {
    static QgisFixture f = [] {
        QgisFixture q;
        q.folder = workDir() / "qgis";
        fs::create_directories(q.folder);
        const std::string out = (workDir() / "qgis_fixture.txt").string();
        const std::string command = "QT_QPA_PLATFORM=offscreen timeout 180 /usr/bin/python3 " PLANVIEW_SOURCE_DIR
                                    "/tests/render/qgis_fixture.py '" + q.folder.string() + "' >'" + out + "' 2>&1";
        (void)std::system(command.c_str());   // judged by its output (PyQGIS may crash at exit)
        std::ifstream in(out);
        std::string line;
        while (std::getline(in, line)) {
            q.output += line + "\n";
            std::istringstream words(line);
            std::string key, a, b;
            words >> key;
            auto rgb = [](const std::string& text) {
                std::array<int, 3> c{};
                std::sscanf(text.c_str(), "%d,%d,%d", &c[0], &c[1], &c[2]);
                return c;
            };
            if (key == "CATEGORY" && (words >> a >> b)) q.categories[a] = rgb(b);
            else if (key == "GRADIENT" && (words >> a)) q.gradient = rgb(a);
            else if (key == "TREE" && (words >> a >> b)) q.tree.emplace_back(a, b == "1");
            else if (key == "BOOKMARK" && (words >> a)) q.bookmark = a;
            else if (key == "FEATURE" && (words >> a >> b)) {
                std::string c;
                words >> c;
                q.features[a][std::stoll(b)] = rgb(c);
            } else if (key == "TREE3D" && (words >> a >> b)) {
                QgisFixture::Tree3D t{a, "", "", b == "1"};
                words >> t.type >> t.provider;
                q.tree3d.push_back(t);
            } else if (key == "RASTER" && (words >> a >> b)) q.rasters[a] = b;
            else if (key == "EXTRUDE" && (words >> a >> b)) q.extrude[a] = b;
            else if (key == "TERRAIN" && (words >> a >> q.exaggeration)) q.terrain = a;
            else if (key == "DONE") q.made = true;
        }
        return q;
    }();
    return f;
}

#define REQUIRE_FIXTURE()                                                                              \
    const QgisFixture& q = fixture();                                                                  \
    ASSERT_TRUE(q.made) << "PyQGIS could not write the fixtures (scripts/setup installs python3-qgis)\n" \
                        << q.output

/// Each feature's centroid (in the layer's CRS) with its `field` value, read with OGR.
std::vector<std::pair<std::string, std::array<double, 2>>> centroids(const fs::path& gpkg, const char* layer,
                                                                     const char* field, std::string* wkt) {
    std::vector<std::pair<std::string, std::array<double, 2>>> out;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    if (!ds) return out;
    OGRLayer* l = ds->GetLayerByName(layer);
    if (!l) return out;
    char* text = nullptr;
    l->GetSpatialRef()->exportToWkt(&text);
    *wkt = text;
    CPLFree(text);
    for (auto& f : *l) {
        OGRPoint c;
        f->GetGeometryRef()->Centroid(&c);
        out.push_back({field ? f->GetFieldAsString(field) : std::to_string(f->GetFID()), {c.getX(), c.getY()}});
    }
    return out;
}

/// The pixel of `image` (a GeoTIFF) at (x, y) given in the CRS `wkt`.
std::array<int, 3> pixelAt(const Image& image, const std::string& wkt, double x, double y) {
    OGRSpatialReference from, to;
    from.importFromWkt(wkt.c_str());
    to.importFromWkt(image.wkt.c_str());
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&from, &to));
    if (!t || !t->Transform(1, &x, &y)) return {-1, -1, -1};
    const auto& g = image.geoTransform;
    const int px = static_cast<int>((x - g[0]) / g[1]), py = static_cast<int>((y - g[3]) / g[5]);
    if (px < 0 || py < 0 || px >= image.width || py >= image.height) return {-1, -1, -1};
    return image.at(px, py);
}

bool near(const std::array<int, 3>& a, const std::array<int, 3>& b, int tolerance) {
    for (int i = 0; i < 3; ++i)
        if (std::abs(a[i] - b[i]) > tolerance) return false;
    return true;
}

std::string text(const std::array<int, 3>& c) {
    return std::to_string(c[0]) + "," + std::to_string(c[1]) + "," + std::to_string(c[2]);
}

int countLines(const std::string& text, const std::string& needle) {
    int n = 0;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) n += line.find(needle) != std::string::npos;
    return n;
}

}  // namespace

// The GeoPackage opened on its own takes its default style from layer_styles: a top orthographic
// render shows QGIS's category colour at each feature's centroid.
TEST(QgisProject, GeoPackageDrawsWithItsLayerStylesColours) {
    REQUIRE_FIXTURE();
    ASSERT_EQ(q.categories.size(), 3u) << q.output;
    const fs::path tif = workDir() / "qgis_zones.tif";
    RunResult r = runPlanview({"render", (q.folder / "zones.gpkg").string(), "--view", "top", "--ortho", "--hide-ui",
                               "--size", "800x400", "-o", tif.string()});
    ASSERT_EQ(r.code, 0) << r.describe();
    EXPECT_EQ(countLines(r.err, "not supported"), 0) << r.err;
    Image image = readImage(tif);
    std::string wkt;
    auto points = centroids(q.folder / "zones.gpkg", "zones", "kind", &wkt);
    ASSERT_EQ(points.size(), 5u);
    for (const auto& [kind, at] : points) {
        ASSERT_TRUE(q.categories.count(kind)) << kind;
        const auto got = pixelAt(image, wkt, at[0], at[1]);
        EXPECT_TRUE(near(got, q.categories.at(kind), 12))
            << kind << " at " << at[0] << ", " << at[1] << ": drawn " << text(got) << ", QGIS's " << text(q.categories.at(kind));
    }
}

// Graduated and rule-based styles from layer_styles: each feature drawn in the colour QGIS's renderer
// (graduated ranges) or expression engine (which rule holds) gives it.
TEST(QgisProject, GraduatedAndRuleBasedStylesAgreeWithQgis) {
    REQUIRE_FIXTURE();
    for (const char* layer : {"graded", "ruled"}) {
        ASSERT_EQ(q.features.count(layer), 1u) << q.output;
        const fs::path gpkg = q.folder / (std::string(layer) + ".gpkg");
        const fs::path tif = workDir() / (std::string("qgis_") + layer + ".tif");
        RunResult r = runPlanview({"render", gpkg.string(), "--view", "top", "--ortho", "--hide-ui", "--size", "960x300",
                                   "-o", tif.string()});
        ASSERT_EQ(r.code, 0) << r.describe();
        EXPECT_EQ(countLines(r.err, "not supported"), 0) << r.err;
        Image image = readImage(tif);
        std::string wkt;
        auto points = centroids(gpkg, layer, nullptr, &wkt);
        ASSERT_EQ(points.size(), q.features.at(layer).size());
        std::set<std::string> colours;
        for (const auto& [fid, at] : points) {
            const auto expected = q.features.at(layer).at(std::stoll(fid));
            colours.insert(text(expected));
            const auto got = pixelAt(image, wkt, at[0], at[1]);
            EXPECT_TRUE(near(got, expected, 12)) << layer << " feature " << fid << ": drawn " << text(got) << ", QGIS's " << text(expected);
        }
        EXPECT_EQ(colours.size(), 3u) << layer << ": the fixture uses all three symbols";
    }
}

// The project: its layers, their order (QGIS's top layer is drawn last) and visibility, as QGIS's own
// layer tree has them; the group is flattened, names kept.
TEST(QgisProject, InfoListsTheLayerTree) {
    REQUIRE_FIXTURE();
    ASSERT_EQ(q.tree.size(), 2u) << q.output;
    RunResult r = runPlanview({"info", (q.folder / "fixture.qgz").string(), "--json"});
    ASSERT_EQ(r.code, 0) << r.describe();
    nlohmann::json j = nlohmann::json::parse(r.out);
    ASSERT_TRUE(j.is_array()) << r.out;
    ASSERT_EQ(j.size(), q.tree.size()) << r.out;
    for (std::size_t i = 0; i < q.tree.size(); ++i) {
        const auto& [name, shown] = q.tree[q.tree.size() - 1 - i];   // PlanView lists the bottom layer first
        EXPECT_EQ(j[i]["project_layer"], name) << r.out;
        EXPECT_EQ(j[i]["visible"], shown) << name << "\n" << r.out;
        EXPECT_EQ(j[i]["available"], true) << r.out;
    }
}

// The project renders from above with the project's renderer, and its bookmark is a view by name.
TEST(QgisProject, RendersTheProjectAndItsBookmark) {
    REQUIRE_FIXTURE();
    const fs::path tif = workDir() / "qgis_project.tif";
    RunResult r = runPlanview({"render", (q.folder / "fixture.qgz").string(), "--view", "top", "--ortho", "--hide-ui",
                               "--size", "800x400", "-o", tif.string()});
    ASSERT_EQ(r.code, 0) << r.describe();
    Image image = readImage(tif);
    std::string wkt;
    for (const auto& [kind, at] : centroids(q.folder / "zones.gpkg", "zones", "kind", &wkt)) {
        const auto got = pixelAt(image, wkt, at[0], at[1]);
        EXPECT_TRUE(near(got, q.categories.at(kind), 12)) << kind << ": drawn " << text(got);
    }
    ASSERT_FALSE(q.bookmark.empty()) << q.output;
    RunResult b = runPlanview({"render", (q.folder / "fixture.qgz").string(), "--view", q.bookmark, "--hide-ui",
                               "--size", "320x180", "-o", (workDir() / "qgis_bookmark.png").string()});
    EXPECT_EQ(b.code, 0) << b.describe();
}

// A symbol PlanView does not draw (a gradient fill, in a .qml beside the GeoPackage): exactly one
// warning line naming it, and the layer still drawn, in the gradient's first colour.
TEST(QgisProject, UnsupportedSymbolWarnsOnceAndStillDraws) {
    REQUIRE_FIXTURE();
    const fs::path tif = workDir() / "qgis_gradient.tif";
    RunResult r = runPlanview({"render", (q.folder / "gradient.gpkg").string(), "--view", "top", "--ortho", "--hide-ui",
                               "--size", "400x400", "-o", tif.string()});
    ASSERT_EQ(r.code, 0) << r.describe();
    EXPECT_EQ(countLines(r.err, "not supported"), 1) << r.err;
    EXPECT_EQ(countLines(r.err, "GradientFill"), 1) << r.err;
    Image image = readImage(tif);
    std::string wkt;
    auto points = centroids(q.folder / "gradient.gpkg", "gradient", "kind", &wkt);
    ASSERT_EQ(points.size(), 1u);
    const auto got = pixelAt(image, wkt, points[0].second[0], points[0].second[1]);
    EXPECT_TRUE(near(got, q.gradient, 12)) << "drawn " << text(got) << ", the gradient's first colour " << text(q.gradient);
}

// A .qml beside the source: a fill with no brush and a red 1 mm outline draws the outline alone.
TEST(QgisProject, QmlBesideTheSourceDrawsOutlinesWithoutBrush) {
    REQUIRE_FIXTURE();
    const fs::path folder = workDir() / "outlined";
    fs::create_directories(folder);
    const fs::path gpkg = folder / "zones.gpkg";
    ASSERT_EQ(runTool("ogr2ogr -f GPKG '" + gpkg.string() + "' '" + (q.folder / "zones.gpkg").string() + "' zones"), 0);
    std::ofstream(folder / "zones.qml")
        << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.16\"><renderer-v2 type=\"singleSymbol\">"
           "<symbols><symbol type=\"fill\" name=\"0\" alpha=\"1\"><layer class=\"SimpleFill\" enabled=\"1\">"
           "<prop k=\"color\" v=\"0,0,255,255\"/><prop k=\"style\" v=\"no\"/><prop k=\"outline_color\" v=\"220,20,20,255\"/>"
           "<prop k=\"outline_width\" v=\"1\"/></layer></symbol></symbols></renderer-v2></qgis>\n";
    const fs::path tif = workDir() / "qgis_outlined.tif";
    RunResult r = runPlanview({"render", gpkg.string(), "--view", "top", "--ortho", "--hide-ui", "--size", "800x400", "-o", tif.string()});
    ASSERT_EQ(r.code, 0) << r.describe();
    Image image = readImage(tif);
    // The GeoTIFF leaves edges out (exact fill colours); the PNG of the same view and size draws them,
    // framed as the GeoTIFF is, so the GeoTIFF's georeferencing places its pixels.
    const fs::path png = workDir() / "qgis_outlined.png";
    RunResult p = runPlanview({"render", gpkg.string(), "--view", "top", "--ortho", "--hide-ui", "--size", "800x400", "-o", png.string()});
    ASSERT_EQ(p.code, 0) << p.describe();
    Image drawn = readImage(png);
    drawn.geoTransform = image.geoTransform;
    drawn.wkt = image.wkt;
    std::string wkt;
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    for (const auto& [fid, at] : centroids(gpkg, "zones", nullptr, &wkt)) {
        EXPECT_TRUE(near(pixelAt(image, wkt, at[0], at[1]), kGround, 12)) << "feature " << fid << ": no brush inside";
        OGREnvelope e;
        ds->GetLayer(0)->GetFeature(std::stoll(fid))->GetGeometryRef()->getEnvelope(&e);
        const auto edge = pixelAt(drawn, wkt, e.MinX, at[1]);
        EXPECT_TRUE(near(edge, {220, 20, 20}, 40)) << "feature " << fid << ": its west edge drawn " << text(edge);
    }
}

// A file that is not a QGIS project: exit 2 and one line naming it.
TEST(QgisProject, CorruptProjectIsOneLineAndExit2) {
    const fs::path bad = workDir() / "corrupt.qgz";
    std::ofstream(bad) << "not a zip";
    RunResult r = runPlanview({"info", bad.string()});
    EXPECT_EQ(r.code, 2) << r.describe();
    EXPECT_EQ(countLines(r.err, ""), 1) << r.err;
    EXPECT_NE(r.err.find(bad.string()), std::string::npos) << r.err;
    const fs::path qgs = workDir() / "truncated.qgs";
    std::ofstream(qgs) << "<qgis><projectlayers><maplayer>";
    RunResult t = runPlanview({"render", qgs.string(), "-o", (workDir() / "never.png").string()});
    EXPECT_EQ(t.code, 2) << t.describe();
    EXPECT_EQ(countLines(t.err, ""), 1) << t.err;
}

// Written back (issue 21, "Write"): each GeoPackage opened on its own (its QGIS style from
// layer_styles) and exported as a .qgz; QGIS's renderer of the written project gives every feature the
// colour QGIS's own renderer gave it in the fixture (graduated ranges, rules and their ELSE).
TEST(QgisProject, GraduatedAndRuleBasedStylesWriteBackToQgis) {
    REQUIRE_FIXTURE();
    for (const char* layer : {"graded", "ruled"}) {
        ASSERT_EQ(q.features.count(layer), 1u) << q.output;
        const fs::path qgz = workDir() / (std::string("written-") + layer + ".qgz");
        RunResult r = runPlanview({"export", (q.folder / (std::string(layer) + ".gpkg")).string(), "-o", qgz.string()});
        ASSERT_EQ(r.code, 0) << r.describe();
        const fs::path out = workDir() / (std::string("written-") + layer + ".txt");
        const std::string command = "QT_QPA_PLATFORM=offscreen timeout 180 /usr/bin/python3 " PLANVIEW_SOURCE_DIR
                                    "/tests/render/qgis_export_check.py --features '" + qgz.string() + "' >'" + out.string() + "' 2>&1";
        (void)std::system(command.c_str());   // judged by its output (PyQGIS may crash at exit)
        std::ifstream in(out);
        std::string renderer, all;
        std::map<long long, std::array<int, 3>> colours;
        for (std::string line; std::getline(in, line);) {
            all += line + "\n";
            std::istringstream words(line);
            std::string key, name, a, b;
            words >> key >> name >> a;
            if (key == "RENDERER") renderer = a;
            else if (key == "FEATURE" && (words >> b)) {
                std::array<int, 3> c{};
                std::sscanf(b.c_str(), "%d,%d,%d", &c[0], &c[1], &c[2]);
                colours[std::stoll(a)] = c;
            }
        }
        EXPECT_EQ(renderer, std::string(layer) == "graded" ? "graduatedSymbol" : "RuleRenderer") << all;
        ASSERT_EQ(colours.size(), q.features.at(layer).size()) << all;
        for (const auto& [fid, expected] : q.features.at(layer))
            EXPECT_EQ(text(colours[fid]), text(expected)) << layer << " feature " << fid << "\n" << all;
    }
}

// Rasters and 3D (issue 21): fixture3d.qgz, written by QGIS with a DEM its 3D view uses as terrain, the
// same DEM drawn as a hillshade (not terrain: a hillshade is a 2D style), an imagery GeoTIFF in a hidden
// group, an XYZ tile service, and two layers with QGIS 3D renderers. PlanView reads the layers QGIS read
// back, bottom first, with their visibility; gdal rasters as imagery, the 3D view's DEM as terrain at its
// exaggeration, extrusion as layer.renderer3D() has it; the tile service listed with its reason. Each
// raster's extent is its file's (GDAL's geotransform).
TEST(QgisProject, RastersAndThe3DRendererReadAsQgisHasThem) {
    REQUIRE_FIXTURE();
    ASSERT_EQ(q.tree3d.size(), 6u) << q.output;
    ASSERT_EQ(q.terrain, "DEM") << q.output;
    ASSERT_EQ(q.extrude.size(), 2u) << q.output;
    const fs::path qgz = q.folder / "fixture3d.qgz";
    RunResult r = runPlanview({"info", qgz.string(), "--json"});
    ASSERT_EQ(r.code, 0) << r.describe();
    std::vector<QgisFixture::Tree3D> expected;
    for (auto it = q.tree3d.rbegin(); it != q.tree3d.rend(); ++it)
        if (it->type == "vector" || it->provider == "gdal") expected.push_back(*it);
    nlohmann::json j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j.size(), expected.size()) << r.out;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& t = expected[i];
        const nlohmann::json& l = j[i];
        SCOPED_TRACE(t.name);
        EXPECT_EQ(l["project_layer"], t.name);
        EXPECT_EQ(l["visible"], t.shown);
        EXPECT_EQ(l["available"], true) << l.dump();
        const std::string kind = t.type == "vector" ? "polygons" : t.name == q.terrain ? "terrain" : "imagery";
        EXPECT_EQ(l["kind"], kind);
        const std::string extrude = q.extrude.count(t.name) ? q.extrude.at(t.name) : "";
        if (extrude.rfind("field:", 0) == 0) EXPECT_EQ(l["extrude"], extrude.substr(6));
        else if (extrude.rfind("constant:", 0) == 0) EXPECT_EQ(l["extrude"], std::stod(extrude.substr(9)));
        else EXPECT_TRUE(l["extrude"].is_null()) << l["extrude"];
        if (kind == "terrain") EXPECT_DOUBLE_EQ(l["exaggeration"].get<double>(), q.exaggeration);
        if (t.type != "raster") continue;
        ASSERT_TRUE(q.rasters.count(t.name)) << q.output;
        EXPECT_EQ(fs::weakly_canonical(l["source"].get<std::string>()), fs::weakly_canonical(q.rasters.at(t.name)));
        GDALAllRegister();
        GDALDatasetUniquePtr ds(GDALDataset::Open(q.rasters.at(t.name).c_str(), GDAL_OF_RASTER));
        ASSERT_TRUE(ds);
        double g[6];
        ASSERT_EQ(ds->GetGeoTransform(g), CE_None);
        const double extent[4] = {g[0], g[3] + g[5] * ds->GetRasterYSize(), g[0] + g[1] * ds->GetRasterXSize(), g[3]};
        ASSERT_TRUE(l["raster"]["extent"].is_array()) << l.dump();
        for (int k = 0; k < 4; ++k) EXPECT_NEAR(l["raster"]["extent"][k].get<double>(), extent[k], 1e-6) << k;
    }
    // The tile service: one line naming it and its provider; the project opens without it.
    EXPECT_EQ(countLines(r.err, "'OSM'"), 1) << r.err;
    EXPECT_EQ(countLines(r.err, "'wms'"), 1) << r.err;
    // And the viewer draws it: the terrain, the imagery draped over it, the extruded layers.
    RunResult drawn = runPlanview({"render", qgz.string(), "--hide-ui", "--size", "320x180", "-o", (workDir() / "qgis_3d.png").string()});
    EXPECT_EQ(drawn.code, 0) << drawn.describe();
}
