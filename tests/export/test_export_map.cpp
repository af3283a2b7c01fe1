// `planview export` of the map (issue 7): the top view as a GeoTIFF and a GeoPDF page, read back with
// GDAL. The GeoTIFF carries the project's CRS and a geotransform that puts each parcel's centroid on a
// pixel of its land-use colour; the PDF's page is A3 (or A4) landscape within 1 mm and georeferenced;
// an existing target is refused (exit 3) and left unchanged unless --overwrite. Renders, so label render.
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include "tests/export/ExportSupport.h"

using namespace xt;

namespace {

// A project in EPSG:4549 with opaque colours, so pixels carry the style's exact colours.
fs::path mapProject() {
    const fs::path path = cli::workDir() / "fixture" / "map.toml";
    if (fs::exists(path)) return path;
    sourceGpkg();
    std::string colors;
    for (const auto& [value, color] : kProjectColors) colors += (colors.empty() ? "" : ", ") + value + " = \"" + color + "\"";
    cli::writeFile(path, std::string("title = \"上城区地块图\"\ncrs = \"EPSG:4549\"\n\n[[layer]]\nname = \"") + kProjectLayerTitle +
                             "\"\nsource = \"parcels.gpkg\"\nlayer = \"parcels\"\nkind = \"parcels\"\nlabel = \"name_zh\"\n"
                             "extrude = \"height_m\"\n[layer.style]\nby = \"用地性质\"\ncolors = { " + colors +
                             " }\ndefault = \"" + kProjectDefaultColor + "\"\nopacity = 1.0\n");
    return path;
}

RunResult exportMap(const fs::path& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"export", mapProject().string(), "-o", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return cli::runPlanview(args);
}

std::array<int, 3> rgbOf(const std::string& hex) {
    return {std::stoi(hex.substr(1, 2), nullptr, 16), std::stoi(hex.substr(3, 2), nullptr, 16),
            std::stoi(hex.substr(5, 2), nullptr, 16)};
}

int distance2(const std::array<int, 3>& a, const std::array<int, 3>& b) {
    int d = 0;
    for (int i = 0; i < 3; ++i) d += (a[i] - b[i]) * (a[i] - b[i]);
    return d;
}

bool isEpsg4549(const OGRSpatialReference* srs) {
    if (!srs) return false;
    OGRSpatialReference expected;
    expected.importFromEPSG(4549);
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", nullptr};
    return srs->IsSame(&expected, options);
}

GDALDatasetUniquePtr openRaster(const fs::path& path, const std::vector<std::string>& openOptions = {}) {
    GDALAllRegister();
    std::vector<const char*> options;
    for (const auto& o : openOptions) options.push_back(o.c_str());
    options.push_back(nullptr);
    return GDALDatasetUniquePtr(GDALDataset::FromHandle(
        GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, options.data(), nullptr)));
}

std::array<int, 3> pixelAt(GDALDataset& ds, int x, int y) {
    std::array<int, 3> rgb{};
    for (int b = 0; b < 3; ++b) {
        GByte v = 0;
        if (ds.GetRasterBand(b + 1)->RasterIO(GF_Read, x, y, 1, 1, &v, 1, 1, GDT_Byte, 0, 0) != CE_None) return {-1, -1, -1};
        rgb[b] = v;
    }
    return rgb;
}

/// The fixture parcel `key`'s centroid in EPSG:4549 (a point inside it for the parcels used).
std::pair<double, double> centroid4549(const std::string& key) {
    for (const auto& f : kFeatures) {
        if (f.values.at(kKeyField) != key) continue;
        OGRGeometry* g = nullptr;
        OGRGeometryFactory::createFromWkt(f.wkt4549.c_str(), nullptr, &g);
        std::unique_ptr<OGRGeometry> geometry(g);
        OGRPoint c;
        geometry->Centroid(&c);
        return {c.getX(), c.getY()};
    }
    ADD_FAILURE() << "no fixture parcel " << key;
    return {0, 0};
}

// The page's size in points from the PDF's /MediaBox (GDAL writes the page dictionary uncompressed).
bool mediaBox(const fs::path& pdf, double* width, double* height) {
    const std::string text = cli::readFile(pdf);
    std::smatch m;
    static const std::regex box(R"(/MediaBox\s*\[\s*([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s*\])");
    if (!std::regex_search(text, m, box)) return false;
    *width = std::stod(m[3]) - std::stod(m[1]);
    *height = std::stod(m[4]) - std::stod(m[2]);
    return true;
}

constexpr double kMmPerPoint = 25.4 / 72;

// No temporary file left beside the target.
::testing::AssertionResult onlyFile(const fs::path& dir, const std::string& name) {
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().filename() != name) return ::testing::AssertionFailure() << "left behind: " << entry.path();
    return ::testing::AssertionSuccess();
}

}  // namespace

TEST(MapGeoTiff, HasTheProjectsCrsAndPutsParcelsOnTheirColours) {
    const fs::path dir = outDir("map-tif");
    const fs::path out = dir / "map.tif";
    RunResult r = exportMap(out, {"--size", "1200"});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    EXPECT_NE(r.out.find("map written (GTiff"), std::string::npos) << r.out;
    EXPECT_TRUE(onlyFile(dir, "map.tif"));
    GDALDatasetUniquePtr ds = openRaster(out);
    ASSERT_TRUE(ds);
    EXPECT_STREQ(ds->GetDriver()->GetDescription(), "GTiff");
    EXPECT_EQ(std::max(ds->GetRasterXSize(), ds->GetRasterYSize()), 1200);
    ASSERT_GE(ds->GetRasterCount(), 3);
    EXPECT_TRUE(isEpsg4549(ds->GetSpatialRef()));
    double gt[6];
    ASSERT_EQ(ds->GetGeoTransform(gt), CE_None);
    EXPECT_GT(gt[1], 0);
    EXPECT_LT(gt[5], 0);
    EXPECT_EQ(gt[2], 0);
    EXPECT_EQ(gt[4], 0);
    EXPECT_NEAR(gt[1], -gt[5], 1e-6 * gt[1]) << "square pixels";
    // A parcel's centroid lands on its land-use colour; the hole of DK-002 on none of the parcels'.
    struct Probe {
        const char* key;
        std::string color;
    };
    const Probe probes[] = {{"DK-001", kProjectColors.at("R2")}, {"DK-004", kProjectDefaultColor},
                            {"DK-005", kProjectColors.at("R2")}};   // R21 falls back to R2's colour
    for (const Probe& p : probes) {
        auto [x, y] = centroid4549(p.key);
        const int px = static_cast<int>(std::floor((x - gt[0]) / gt[1]));
        const int py = static_cast<int>(std::floor((y - gt[3]) / gt[5]));
        ASSERT_TRUE(px >= 0 && py >= 0 && px < ds->GetRasterXSize() && py < ds->GetRasterYSize()) << p.key;
        const std::array<int, 3> got = pixelAt(*ds, px, py), want = rgbOf(p.color);
        EXPECT_LE(distance2(got, want), 3 * 12 * 12)
            << p.key << " at pixel " << px << "," << py << ": got " << got[0] << "," << got[1] << "," << got[2]
            << ", want " << p.color;
    }
    // The middle of DK-002's courtyard: no parcel colour.
    const double hx = 516385.3, hy = 3347585.4;
    const std::array<int, 3> hole = pixelAt(*ds, static_cast<int>((hx - gt[0]) / gt[1]), static_cast<int>((hy - gt[3]) / gt[5]));
    for (const auto& [value, color] : kProjectColors) EXPECT_GT(distance2(hole, rgbOf(color)), 3 * 30 * 30) << value;
}

TEST(MapGeoTiff, RenderCommandDrawsTheSameImage) {
    // `planview render --view top --ortho -o x.tif` and the export share one map drawing.
    const fs::path dir = outDir("map-tif-render");
    RunResult e = exportMap(dir / "export.tif", {"--size", "640x480"});
    ASSERT_TRUE(cli::succeeded(e));
    RunResult r = cli::runPlanview({"render", mapProject().string(), "--view", "top", "--ortho", "--size", "640x480", "-o",
                                    (dir / "render.tif").string()});
    ASSERT_TRUE(cli::succeeded(r));
    GDALDatasetUniquePtr a = openRaster(dir / "export.tif"), b = openRaster(dir / "render.tif");
    ASSERT_TRUE(a && b);
    double ga[6], gb[6];
    a->GetGeoTransform(ga);
    b->GetGeoTransform(gb);
    for (int i = 0; i < 6; ++i) EXPECT_NEAR(ga[i], gb[i], 1e-6 * std::max(1.0, std::abs(ga[i]))) << i;
    int differing = 0;
    for (int y = 0; y < 480; y += 7)
        for (int x = 0; x < 640; x += 7)
            if (distance2(pixelAt(*a, x, y), pixelAt(*b, x, y)) > 3 * 4 * 4) ++differing;
    EXPECT_EQ(differing, 0);
}

TEST(MapPdf, IsAnA3LandscapeGeoPdfByDefault) {
    const fs::path dir = outDir("map-pdf");
    const fs::path out = dir / "map.pdf";
    RunResult r = exportMap(out, {"--dpi", "72"});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    EXPECT_TRUE(onlyFile(dir, "map.pdf"));
    EXPECT_EQ(cli::readFile(out).rfind("%PDF-", 0), 0u);
    double w = 0, h = 0;
    ASSERT_TRUE(mediaBox(out, &w, &h));
    EXPECT_NEAR(w * kMmPerPoint, 420, 1.0);
    EXPECT_NEAR(h * kMmPerPoint, 297, 1.0);
    // GDAL reads it back as a georeferenced raster in the project's CRS.
    GDALDatasetUniquePtr ds = openRaster(out, {"DPI=72"});
    ASSERT_TRUE(ds) << "GDAL cannot open the PDF";
    EXPECT_NEAR(ds->GetRasterXSize() / 72.0 * 25.4, 420, 1.0);
    EXPECT_NEAR(ds->GetRasterYSize() / 72.0 * 25.4, 297, 1.0);
    EXPECT_TRUE(isEpsg4549(ds->GetSpatialRef()));
    double gt[6];
    ASSERT_EQ(ds->GetGeoTransform(gt), CE_None);
    // The page's georeferencing is the rendered view's: the ground resolution planview reports.
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(([0-9.]+) m a pixel)"))) << r.out;
    EXPECT_NEAR(gt[1], std::stod(m[1]), 0.002);
    EXPECT_NEAR(-gt[5], std::stod(m[1]), 0.002);
    // Every parcel lies on the page.
    for (const auto& f : kFeatures) {
        auto [x, y] = centroid4549(f.values.at(kKeyField));
        const double px = (x - gt[0]) / gt[1], py = (y - gt[3]) / gt[5];
        EXPECT_TRUE(px > 0 && py > 0 && px < ds->GetRasterXSize() && py < ds->GetRasterYSize()) << f.values.at(kKeyField);
    }
    const char* title = ds->GetMetadataItem("TITLE");
    EXPECT_TRUE(title && std::string(title) == "上城区地块图") << (title ? title : "(no title)");
}

TEST(MapPdf, A4PaperAndFormatOption) {
    const fs::path dir = outDir("map-pdf-a4");
    const fs::path out = dir / "map.out";
    RunResult r = exportMap(out, {"--format", "PDF", "--paper", "A4", "--dpi", "72"});
    ASSERT_TRUE(cli::succeeded(r)) << r.describe();
    double w = 0, h = 0;
    ASSERT_TRUE(mediaBox(out, &w, &h));
    EXPECT_NEAR(w * kMmPerPoint, 297, 1.0);
    EXPECT_NEAR(h * kMmPerPoint, 210, 1.0);
}

TEST(MapExportSafety, RefusesAnExistingTargetUnlessOverwrite) {
    for (const char* name : {"map.pdf", "map.tif"}) {
        const fs::path dir = outDir(std::string("map-refuse-") + name);
        const fs::path out = dir / name;
        const std::string before = "not a map, and must stay so\n";
        cli::writeFile(out, before);
        RunResult r = exportMap(out, {"--dpi", "72", "--size", "300"});
        EXPECT_TRUE(cli::failedCleanly(r, 3, {out.string(), "--overwrite"})) << name;
        EXPECT_EQ(cli::readFile(out), before) << name;
        EXPECT_TRUE(onlyFile(dir, name));
        RunResult again = exportMap(out, {"--dpi", "72", "--size", "300", "--overwrite"});
        ASSERT_TRUE(cli::succeeded(again)) << again.describe();
        EXPECT_NE(cli::readFile(out), before);
        EXPECT_TRUE(openRaster(out)) << name;
        EXPECT_TRUE(onlyFile(dir, name));
    }
}

TEST(MapExportSafety, BadArgumentsAreUsageErrors) {
    const fs::path dir = outDir("map-bad");
    EXPECT_TRUE(cli::failedCleanly(exportMap(dir / "a.pdf", {"--paper", "B5"}), 1, {"--paper"}));
    EXPECT_TRUE(cli::failedCleanly(exportMap(dir / "a.pdf", {"--dpi", "5"}), 1, {"--dpi"}));
    EXPECT_TRUE(cli::failedCleanly(exportMap(dir / "a.tif", {"--size", "10x10"}), 1, {"--size"}));
    EXPECT_TRUE(cli::failedCleanly(exportMap(dir / "missing" / "a.tif"), 3, {"missing"}));
    EXPECT_TRUE(fs::is_empty(dir));
}

// ---- The sweep (issue 16): every layer of the sample project as a map ----------------------------------

namespace {

const fs::path kSampleProject = fs::path(PLANVIEW_SOURCE_DIR) / "assets" / "shangcheng" / "project.toml";

/// The sample project's layer display names, read from the project file with a plain text scan
/// (`name = "…"` right after each `[[layer]]`).
std::vector<std::string> sampleLayerNames() {
    std::vector<std::string> names;
    std::istringstream text(cli::readFile(kSampleProject));
    bool inLayer = false;
    for (std::string line; std::getline(text, line);) {
        if (line.rfind("[[", 0) == 0 || line.rfind("[", 0) == 0) inLayer = line == "[[layer]]";
        std::smatch m;
        static const std::regex name(R"re(^name\s*=\s*"([^"]+)")re");
        if (inLayer && std::regex_search(line, m, name)) {
            names.push_back(m[1]);
            inLayer = false;
        }
    }
    return names;
}

}  // namespace

// Each layer alone (--layer) as a small GeoTIFF and an A4 PDF at 72 dpi: exit 0, GDAL reads the raster
// back at the size asked for, georeferenced, and the folder holds the target only.
TEST(MapSweep, EveryLayerOfTheSampleAsGeoTiffAndPdf) {
    const std::vector<std::string> layers = sampleLayerNames();
    // One name for each [[layer]] table of the file, counted by its lines.
    std::istringstream text(cli::readFile(kSampleProject));
    std::size_t tables = 0;
    for (std::string line; std::getline(text, line);) tables += line == "[[layer]]";
    ASSERT_GE(tables, 14u);
    ASSERT_EQ(layers.size(), tables);
    int index = 0;
    for (const std::string& layer : layers) {
        for (const char* name : {"map.tif", "map.pdf"}) {
            SCOPED_TRACE("layer " + layer + " to " + name);
            const fs::path dir = outDir("map-sweep-" + std::to_string(index++));
            const fs::path out = dir / name;
            const bool pdf = std::string(name) == "map.pdf";
            std::vector<std::string> args = {"export", kSampleProject.string(), "--layer", layer, "-o", out.string()};
            if (pdf) args.insert(args.end(), {"--paper", "A4", "--dpi", "72"});
            else args.insert(args.end(), {"--size", "128"});
            RunResult r = cli::runPlanview(args);
            EXPECT_TRUE(cli::succeeded(r)) << r.describe();
            GDALDatasetUniquePtr ds = openRaster(out);
            ASSERT_TRUE(ds) << "GDAL cannot read " << out;
            if (pdf) {
                EXPECT_NEAR(ds->GetRasterXSize(), 842, 1);   // A4 landscape at 72 dpi
                EXPECT_NEAR(ds->GetRasterYSize(), 595, 1);
            } else {
                EXPECT_EQ(std::max(ds->GetRasterXSize(), ds->GetRasterYSize()), 128);
            }
            double transform[6];
            EXPECT_EQ(ds->GetGeoTransform(transform), CE_None) << "not georeferenced";
            EXPECT_TRUE(ds->GetSpatialRef()) << "no CRS";
            EXPECT_TRUE(onlyFile(dir, name));
        }
    }
}

// A crash inside GDAL's GTiff or PDF writer (injected through the test hook) ends the export with one
// line and exit 3, and leaves no temporary file beside the target.
TEST(MapExportSafety, CrashingWriterExitsThreeAndLeavesNothing) {
    for (const char* name : {"map.tif", "map.pdf"}) {
        SCOPED_TRACE(name);
        const fs::path dir = outDir(std::string("map-crash-") + name);
        const fs::path out = dir / name;
        setenv("PLANVIEW_TEST_WRITE_FAULT", "abort", 1);
        RunResult r = exportMap(out, {"--dpi", "72", "--paper", "A4", "--size", "128"});
        unsetenv("PLANVIEW_TEST_WRITE_FAULT");
        EXPECT_TRUE(cli::failedCleanly(r, 3, {out.string(), "crashed while writing"}));
        EXPECT_TRUE(fs::is_empty(dir)) << "something left in " << dir;
    }
}
