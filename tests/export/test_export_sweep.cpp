// The export sweep (issue 16): every layer of the sample project (assets/shangcheng/project.toml: every
// layer kind, polygons, lines, boundaries, parcels, points) through every vector format of the real
// binary. Each export must end with exit 0, read back with GDAL with as many features as GDAL itself
// counts in the source with the layer's `where` (for DXF: as many entities as ogr2ogr's own DXF of
// the same features), and leave nothing in the target folder but the target's own files.
// (The map formats, GeoTIFF and PDF, are swept in test_export_map.cpp: they need X.)
#include <gdal_utils.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <algorithm>
#include <cstdlib>
#include <cctype>
#include <map>
#include <set>
#include "geo/Project.h"
#include "tests/export/ExportSupport.h"

using namespace xt;

namespace {

const fs::path kProject = fs::path(PLANVIEW_SOURCE_DIR) / "assets" / "shangcheng" / "project.toml";

struct VectorFormat {
    const char* name;                       ///< test name
    const char* extension;
    std::vector<std::string> files;         ///< the extensions a complete export consists of
};
std::ostream& operator<<(std::ostream& o, const VectorFormat& f) { return o << f.name; }

const VectorFormat kVectorFormats[] = {
    {"GeoPackage", ".gpkg", {".gpkg"}},
    {"Shapefile", ".shp", {".shp", ".shx", ".dbf", ".prj", ".cpg"}},
    {"GeoJSON", ".geojson", {".geojson"}},
    {"KML", ".kml", {".kml"}},
    {"FlatGeobuf", ".fgb", {".fgb"}},
    {"CSV", ".csv", {".csv", ".csvt", ".prj"}},
    {"DXF", ".dxf", {".dxf"}},
};

/// The sample's layers as the project file names them (display name, source file, layer, where).
const std::vector<geo::LayerSpec>& sampleLayers() {
    // The vector layers: 3D models and rasters are refused (see ModelsAndRastersAreRefusedWithOneLine).
    static const std::vector<geo::LayerSpec> layers = [] {
        std::vector<geo::LayerSpec> vector;
        for (const geo::LayerSpec& layer : geo::openProject(kProject.string()).layers)
            if (layer.kind != geo::LayerKind::Models && !geo::isRasterKind(layer.kind)) vector.push_back(layer);
        return vector;
    }();
    return layers;
}

/// Every file in `dir` that is not one of the target's (stem + one of `extensions`), hidden ones included.
std::vector<std::string> strayFiles(const fs::path& dir, const std::string& stem, const std::vector<std::string>& extensions) {
    std::set<std::string> allowed;
    for (const auto& e : extensions) allowed.insert(stem + e);
    std::vector<std::string> stray;
    for (const auto& entry : fs::directory_iterator(dir))
        if (!allowed.count(entry.path().filename().string())) stray.push_back(entry.path().filename().string());
    return stray;
}

long long featuresIn(const fs::path& path) {
    GDALDatasetUniquePtr ds = openVector(path);
    if (!ds) return -1;
    long long total = 0;
    for (int i = 0; i < ds->GetLayerCount(); ++i)
        if (std::string(ds->GetLayer(i)->GetName()) != "layer_styles") total += ds->GetLayer(i)->GetFeatureCount(TRUE);
    return total;
}

/// How many entities ogr2ogr itself writes to a DXF for the layer's features (multi-part geometries
/// become one entity a part): the reference count for our DXF.
long long ogr2ogrDxfCount(const geo::LayerSpec& layer, const fs::path& dir) {
    const fs::path reference = dir / "ogr2ogr-reference.dxf";
    GDALDatasetUniquePtr source = openVector(layer.source);
    if (!source) return -1;
    std::vector<std::string> args = {"-f", "DXF"};
    if (!layer.where.empty()) args.insert(args.end(), {"-where", layer.where});
    args.push_back(layer.layer);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
    GDALDatasetH h = GDALDataset::ToHandle(source.get());
    GDALDatasetH out = GDALVectorTranslate(reference.c_str(), nullptr, 1, &h, options, nullptr);
    GDALVectorTranslateOptionsFree(options);
    if (!out) return -1;
    GDALClose(out);
    const long long n = featuresIn(reference);
    fs::remove(reference);
    return n;
}

/// As cli::runPlanview, without its 30-second limit: some of the sample's layers take long in some
/// drivers on a busy machine, a cost of the driver, not a hang.
RunResult runWithoutTimeLimit(const std::vector<std::string>& args) {
    static int counter = 0;
    const fs::path out = cli::workDir() / ("long-" + std::to_string(++counter) + ".out");
    const fs::path err = cli::workDir() / ("long-" + std::to_string(counter) + ".err");
    std::string command = "'" PLANVIEW_BINARY "'";
    for (const auto& a : args) command += " '" + a + "'";
    RunResult r;
    r.command = command;
    const int status = std::system((command + " </dev/null >'" + out.string() + "' 2>'" + err.string() + "'").c_str());
    r.exited = status != -1 && WIFEXITED(status);
    r.code = r.exited ? WEXITSTATUS(status) : -1;
    r.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    r.out = cli::readFile(out);
    r.err = cli::readFile(err);
    return r;
}

TEST(ExportSweep, ModelsAndRastersAreRefusedWithOneLine) {
    int models = 0, rasters = 0;
    for (const geo::LayerSpec& layer : geo::openProject(kProject.string()).layers) {
        const bool raster = geo::isRasterKind(layer.kind);
        if (layer.kind != geo::LayerKind::Models && !raster) continue;
        const int n = ++(raster ? rasters : models);
        const fs::path target = outDir(std::string("sweep-") + (raster ? "raster-" : "models-") + std::to_string(n)) / "out.gpkg";
        RunResult r = runWithoutTimeLimit({"export", kProject.string(), "--layer", layer.name, "-o", target.string()});
        EXPECT_EQ(r.code, 2) << r.describe();
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_NE(r.err.find(raster ? "is a raster" : "3D models"), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(target));
    }
    EXPECT_GE(models, 1) << "the sample has a models layer";
    EXPECT_GE(rasters, 2) << "the sample has its terrain and imagery";
}

class EveryLayerTo : public ::testing::TestWithParam<VectorFormat> {};

TEST_P(EveryLayerTo, ExitsZeroReadsBackWithGdalsCountAndLeavesOnlyTheTarget) {
    const VectorFormat& format = GetParam();
    ASSERT_GE(sampleLayers().size(), 10u) << "the sweep reads the sample's vector layers (ten or more)";
    int index = 0;
    for (const geo::LayerSpec& layer : sampleLayers()) {
        SCOPED_TRACE("layer " + layer.name + " (" + layer.layer + (layer.where.empty() ? "" : ", where " + layer.where) + ")");
        const fs::path dir = outDir(std::string("sweep-") + format.name + "-" + std::to_string(index++));
        const std::string stem = "out";
        const fs::path target = dir / (stem + format.extension);
        RunResult r = runWithoutTimeLimit({"export", kProject.string(), "--layer", layer.name, "-o", target.string()});
        EXPECT_TRUE(cli::succeeded(r)) << r.describe();

        const long long expected = std::string(format.extension) == ".dxf"
                                       ? ogr2ogrDxfCount(layer, cli::workDir())
                                       : gdalCount(layer.source, layer.layer, layer.where);
        ASSERT_GT(expected, 0) << "GDAL counts nothing in the source";
        EXPECT_EQ(featuresIn(target), expected) << "features GDAL reads back from " << target;
        if (std::string(format.extension) != ".dxf") EXPECT_EQ(reportedCount(r.out), expected) << r.out;

        const auto stray = strayFiles(dir, stem, format.files);
        std::string list;
        for (const auto& s : stray) list += " " + s;
        EXPECT_TRUE(stray.empty()) << "left in the target folder besides the target:" << list;
        for (const auto& e : format.files)
            if (e != ".prj" && e != ".csvt") EXPECT_TRUE(fs::exists(dir / (stem + e))) << stem + e << " missing";
    }
}

INSTANTIATE_TEST_SUITE_P(Sample, EveryLayerTo, ::testing::ValuesIn(kVectorFormats),
                         [](const ::testing::TestParamInfo<VectorFormat>& info) { return std::string(info.param.name); });

// ---- Shapefile: text longer than 254 bytes is cut, and said ------------------------------------------

/// The length in bytes of the UTF-8 character starting with byte `lead`.
std::size_t utf8Length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    return 4;
}

// The sample's platforms carry their plan targets as long Chinese text (`targets`, up to ~560 bytes).
// Exported to a Shapefile, every value over 254 bytes comes back as its longest whole-character prefix
// of at most 254 bytes, shorter ones whole, and stdout says how many values of which field were cut.
TEST(Shapefile, CutTextIsSaidWithTheFieldAndHowManyValues) {
    const fs::path gpkg = kProject.parent_path() / "shangcheng.gpkg";
    std::map<std::string, std::string> source;   // name_zh -> targets, as GDAL reads the source
    long long longer = 0;
    std::size_t longest = 0;
    {
        GDALDatasetUniquePtr ds = openVector(gpkg);
        ASSERT_TRUE(ds);
        OGRLayer* layer = ds->GetLayerByName("platforms");
        ASSERT_TRUE(layer);
        for (auto& f : *layer) {
            const std::string text = f->IsFieldSetAndNotNull(f->GetFieldIndex("targets")) ? f->GetFieldAsString("targets") : "";
            source[f->GetFieldAsString("name_zh")] = text;
            if (text.size() > 254) ++longer;
            longest = std::max(longest, text.size());
        }
    }
    ASSERT_GT(longer, 0) << "the sample has no text longer than 254 bytes any more";

    const fs::path dir = outDir("shp-cut");
    const fs::path target = dir / "platforms.shp";
    RunResult r = cli::runPlanview({"export", kProject.string(), "--layer", "重大平台", "-o", target.string()});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    const std::string said = "field targets: " + std::to_string(longer) + " values cut to 254 bytes";
    EXPECT_NE(r.out.find(said), std::string::npos) << "stdout does not say '" << said << "':\n" << r.out;
    EXPECT_NE(r.out.find("the longest had " + std::to_string(longest)), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("targets"), std::string::npos) << "no warning on stderr:\n" << r.err;

    GDALDatasetUniquePtr written = openVector(target);
    ASSERT_TRUE(written);
    OGRLayer* layer = written->GetLayer(0);
    std::size_t seen = 0;
    for (auto& f : *layer) {
        const std::string name = f->GetFieldAsString("name_zh");
        ASSERT_TRUE(source.count(name)) << name;
        const std::string& original = source.at(name);
        const std::string text = f->GetFieldAsString("targets");
        SCOPED_TRACE(name);
        EXPECT_TRUE(cli::validUtf8(text)) << "cut inside a character";
        if (original.size() <= 254) {
            EXPECT_EQ(text, original);
        } else {
            EXPECT_LE(text.size(), 254u);
            EXPECT_EQ(original.compare(0, text.size(), text), 0) << "not a prefix of the source's text";
            const std::size_t next = utf8Length(static_cast<unsigned char>(original[text.size()]));
            EXPECT_GT(text.size() + next, 254u) << "cut shorter than needed";
        }
        ++seen;
    }
    EXPECT_EQ(seen, source.size());
}

// A layer whose text fits is not said to be cut.
TEST(Shapefile, NothingSaidWhenNoTextIsCut) {
    const fs::path target = outDir("shp-no-cut") / "projects.shp";
    RunResult r = cli::runPlanview({"export", kProject.string(), "--layer", "重点项目", "-o", target.string()});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    EXPECT_EQ(r.out.find("cut to"), std::string::npos) << r.out;
}

// ---- KML of the points: the export that aborted, styled for Google Earth ------------------------------

/// "#RRGGBB" from KML's "aabbggrr".
std::string kmlColorToHex(const std::string& kml) {
    if (kml.size() != 8) return "";
    std::string hex = "#" + kml.substr(6, 2) + kml.substr(4, 2) + kml.substr(2, 2);
    for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return hex;
}

const CPLXMLNode* childNamed(const CPLXMLNode* node, const char* name) {
    for (const CPLXMLNode* c = node ? node->psChild : nullptr; c; c = c->psNext)
        if (c->eType == CXT_Element && std::string(c->pszValue) == name) return c;
    return nullptr;
}

std::string textOf(const CPLXMLNode* node) {
    for (const CPLXMLNode* c = node ? node->psChild : nullptr; c; c = c->psNext)
        if (c->eType == CXT_Text) return c->pszValue;
    return "";
}

void placemarksIn(const CPLXMLNode* node, std::vector<const CPLXMLNode*>& out) {
    for (const CPLXMLNode* c = node ? node->psChild : nullptr; c; c = c->psNext) {
        if (c->eType != CXT_Element) continue;
        if (std::string(c->pszValue) == "Placemark") out.push_back(c);
        else placemarksIn(c, out);
    }
}

// Every placemark of 重点项目 has an IconStyle with Google Earth's tintable circle in the colour of its
// status in the project (planned #6A5ACD, approved #FF9800, under_construction #E53935, completed
// #2E7D32), its name_zh as name; GDAL reads it back with a SYMBOL style of that colour.
TEST(Kml, PointsArePlacemarksWithAnIconInTheirStatusColour) {
    const std::map<std::string, std::string> colors = {
        {"planned", "#6A5ACD"}, {"approved", "#FF9800"}, {"under_construction", "#E53935"}, {"completed", "#2E7D32"}};
    const fs::path target = outDir("kml-points") / "projects.kml";
    RunResult r = cli::runPlanview({"export", kProject.string(), "--layer", "重点项目", "-o", target.string()});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    const std::string kml = cli::readFile(target);
    CPLXMLNode* root = CPLParseXMLString(kml.c_str());
    ASSERT_TRUE(root) << "not XML";
    std::vector<const CPLXMLNode*> placemarks;
    for (const CPLXMLNode* top = root; top; top = top->psNext) placemarksIn(top, placemarks);
    const long long expected = gdalCount(kProject.parent_path() / "shangcheng.gpkg", "projects", "");
    EXPECT_EQ(static_cast<long long>(placemarks.size()), expected);
    std::map<std::string, int> byColour;
    for (const CPLXMLNode* p : placemarks) {
        std::string status;
        std::vector<const CPLXMLNode*> data;
        for (const CPLXMLNode* ext = childNamed(p, "ExtendedData"); ext; ext = nullptr)
            for (const CPLXMLNode* schema = childNamed(ext, "SchemaData"); schema; schema = nullptr)
                for (const CPLXMLNode* d = schema->psChild; d; d = d->psNext)
                    if (d->eType == CXT_Element && CPLGetXMLValue(d, "name", "") == std::string("status")) status = textOf(d);
        SCOPED_TRACE(textOf(childNamed(p, "name")) + " (" + status + ")");
        EXPECT_FALSE(textOf(childNamed(p, "name")).empty()) << "no name";
        const CPLXMLNode* icon = childNamed(childNamed(p, "Style"), "IconStyle");
        ASSERT_TRUE(icon) << "no IconStyle";
        EXPECT_EQ(kmlColorToHex(textOf(childNamed(icon, "color"))), colors.count(status) ? colors.at(status) : "#777777");
        EXPECT_NE(textOf(childNamed(childNamed(icon, "Icon"), "href")).find("placemark_circle.png"), std::string::npos);
        ++byColour[status];
    }
    CPLDestroyXMLNode(root);
    EXPECT_GE(byColour.size(), 3u) << "the sample's projects span several statuses";

    GDALDatasetUniquePtr ds = openVector(target);
    ASSERT_TRUE(ds);
    for (auto& f : *ds->GetLayer(0)) {
        const std::string style = f->GetStyleString() ? f->GetStyleString() : "";
        const std::string status = f->GetFieldAsString("status");
        const std::string want = (colors.count(status) ? colors.at(status) : std::string("#777777"));
        EXPECT_NE(style.find("SYMBOL("), std::string::npos) << style;
        EXPECT_NE(style.find("c:" + want), std::string::npos) << style << " for " << status;
    }
}

}  // namespace
