// `planview info` on raster sources (a GeoTIFF DEM with nodata and overviews, an RGB GeoTIFF, a PNG with
// a world file, a GeoPackage's tiles, the sample's DEM), text and --json, each value checked against
// what GDAL's own gdalinfo -json (GDALInfo, run in the test) says of the same file; and the rasters it
// refuses (no CRS, truncated, not a raster at all) with one line and exit 2.
#include <cmath>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogr_spatialref.h>
#include <gtest/gtest.h>
#include "tests/cli/CliSupport.h"

using namespace cli;
using nlohmann::json;

namespace {

fs::path rasterDir() {
    const fs::path dir = workDir() / "rasters";
    fs::create_directories(dir);
    return dir;
}

/// A MEM raster `width` x `height` with `bands` bands of `type`, filled with a smooth pattern,
/// georeferenced by `gt` in `crs` ("" = no CRS).
GDALDataset* memRaster(int width, int height, int bands, GDALDataType type, const double gt[6], const char* crs) {
    GDALAllRegister();
    GDALDataset* ds = GetGDALDriverManager()->GetDriverByName("MEM")->Create("", width, height, bands, type, nullptr);
    if (gt) ds->SetGeoTransform(const_cast<double*>(gt));
    if (*crs) {
        OGRSpatialReference srs;
        srs.SetFromUserInput(crs);
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);   // x = easting or longitude, as GIS files store it
        ds->SetSpatialRef(&srs);
    }
    std::vector<float> values(static_cast<std::size_t>(width) * height);
    for (int b = 1; b <= bands; ++b) {
        for (int r = 0; r < height; ++r)
            for (int c = 0; c < width; ++c)
                values[static_cast<std::size_t>(r) * width + c] = static_cast<float>(40 + 30 * b + 50 * std::sin(c / 17.0) * std::cos(r / 23.0));
        EXPECT_EQ(ds->GetRasterBand(b)->RasterIO(GF_Write, 0, 0, width, height, values.data(), width, height,
                                                 GDT_Float32, 0, 0),
                  CE_None);
    }
    return ds;
}

fs::path copyTo(GDALDataset* mem, const char* driver, const fs::path& path, std::vector<const char*> options) {
    options.push_back(nullptr);
    GDALDataset* out = GetGDALDriverManager()->GetDriverByName(driver)->CreateCopy(
        path.c_str(), mem, FALSE, const_cast<char**>(options.data()), nullptr, nullptr);
    EXPECT_NE(out, nullptr) << path;
    GDALClose(out);
    GDALClose(mem);
    return path;
}

/// A DEM in EPSG:4549 (10 m pixels near 上城区), Float32, nodata -9999 in one corner, with overviews.
fs::path demTiff() {
    const fs::path path = rasterDir() / "dem.tif";
    if (fs::exists(path)) return path;
    const double gt[6] = {515000, 10, 0, 3348000, 0, -10};
    GDALDataset* mem = memRaster(300, 200, 1, GDT_Float32, gt, "EPSG:4549");
    GDALRasterBand* band = mem->GetRasterBand(1);
    band->SetNoDataValue(-9999);
    band->SetDescription("ground height");
    band->SetUnitType("m");
    std::vector<float> hole(20 * 10, -9999.f);
    EXPECT_EQ(band->RasterIO(GF_Write, 0, 0, 20, 10, hole.data(), 20, 10, GDT_Float32, 0, 0), CE_None);
    int levels[] = {2, 4};
    mem->BuildOverviews("AVERAGE", 2, levels, 0, nullptr, nullptr, nullptr);
    return copyTo(mem, "GTiff", path, {"TILED=YES", "COMPRESS=DEFLATE", "COPY_SRC_OVERVIEWS=YES"});
}

/// An RGB orthophoto in EPSG:4326, Byte, no overviews.
fs::path rgbTiff() {
    const fs::path path = rasterDir() / "ortho.tif";
    if (fs::exists(path)) return path;
    const double gt[6] = {120.16, 0.0001, 0, 30.25, 0, -0.0001};
    GDALDataset* mem = memRaster(120, 80, 3, GDT_Byte, gt, "EPSG:4326");
    return copyTo(mem, "GTiff", path, {"PHOTOMETRIC=RGB"});
}

/// A PNG with a world file (.wld) and its CRS (EPSG:4490) in GDAL's .aux.xml beside it.
fs::path pngWithWorldFile() {
    const fs::path path = rasterDir() / "scan.png";
    if (fs::exists(path)) return path;
    const double gt[6] = {120.17, 0.00005, 0, 30.24, 0, -0.00005};
    GDALDataset* mem = memRaster(64, 48, 3, GDT_Byte, gt, "EPSG:4490");
    copyTo(mem, "PNG", path, {"WORLDFILE=YES"});
    EXPECT_TRUE(fs::exists(rasterDir() / "scan.wld"));
    return path;
}

/// A GeoPackage holding raster tiles (EPSG:3857) only.
fs::path gpkgTiles() {
    const fs::path path = rasterDir() / "tiles.gpkg";
    if (fs::exists(path)) return path;
    const double gt[6] = {13375000, 2, 0, 3536000, 0, -2};
    GDALDataset* mem = memRaster(200, 150, 3, GDT_Byte, gt, "EPSG:3857");
    return copyTo(mem, "GPKG", path, {"RASTER_TABLE=ortho"});
}

fs::path sampleDem() { return fs::path(PLANVIEW_SOURCE_DIR) / "assets/shangcheng/terrain/dem.tif"; }

/// GDAL's gdalinfo -json of `path`, computed here.
json gdalinfo(const fs::path& path) {
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!ds) return nullptr;
    const char* args[] = {"-json", nullptr};
    GDALInfoOptions* options = GDALInfoOptionsNew(const_cast<char**>(args), nullptr);
    char* text = GDALInfo(ds, options);
    GDALInfoOptionsFree(options);
    GDALClose(ds);
    json j = json::parse(text ? text : "null");
    CPLFree(text);
    return j;
}

std::vector<double> bbox(const json& points) {
    std::vector<double> b = {1e300, 1e300, -1e300, -1e300};
    for (const json& p : points) {
        b[0] = std::min(b[0], p[0].get<double>());
        b[1] = std::min(b[1], p[1].get<double>());
        b[2] = std::max(b[2], p[0].get<double>());
        b[3] = std::max(b[3], p[1].get<double>());
    }
    return b;
}

struct RasterCase {
    const char* name;
    fs::path (*make)();
};
std::ostream& operator<<(std::ostream& o, const RasterCase& c) { return o << c.name; }

const RasterCase kRasters[] = {
    {"DemGeoTiff", demTiff}, {"RgbGeoTiff", rgbTiff}, {"PngWorldFile", pngWithWorldFile},
    {"GeoPackageTiles", gpkgTiles}, {"SampleDem", sampleDem},
};

class InfoRaster : public ::testing::TestWithParam<RasterCase> {};

TEST_P(InfoRaster, JsonAgreesWithGdalinfo) {
    const fs::path path = GetParam().make();
    const json want = gdalinfo(path);
    ASSERT_TRUE(want.is_object()) << path;
    RunResult r = runPlanview({"info", path.string(), "--json"});
    ASSERT_TRUE(succeeded(r)) << r.describe();
    EXPECT_EQ(r.err, "");
    const json got = parseJson(r.out);
    ASSERT_TRUE(got.is_object() && got.contains("raster")) << r.out;
    const json& raster = got["raster"];
    EXPECT_EQ(got["source"], path.string());
    EXPECT_EQ(raster["driver"], want["driverShortName"]);
    EXPECT_EQ(raster["size"], want["size"]);
    // gdalinfo prints 16 significant digits.
    auto near = [](double a, double b) { return std::abs(a - b) <= 1e-13 * std::max(1.0, std::abs(b)); };
    for (int i = 0; i < 6; ++i)
        EXPECT_PRED2(near, raster["geotransform"][i].get<double>(), want["geoTransform"][i].get<double>()) << i;
    EXPECT_PRED2(near, raster["pixel_size"][0].get<double>(), std::abs(want["geoTransform"][1].get<double>()));
    EXPECT_PRED2(near, raster["pixel_size"][1].get<double>(), std::abs(want["geoTransform"][5].get<double>()));

    // The CRS: the code planview names is the CRS gdalinfo describes.
    OGRSpatialReference named, described;
    ASSERT_EQ(named.SetFromUserInput(raster["crs"].get<std::string>().c_str()), OGRERR_NONE) << raster["crs"];
    ASSERT_EQ(described.importFromWkt(want["coordinateSystem"]["wkt"].get<std::string>().c_str()), OGRERR_NONE);
    const char* ignoreAxes[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT", nullptr};
    EXPECT_TRUE(named.IsSame(&described, ignoreAxes)) << raster["crs"];

    // Extents: the corners gdalinfo gives, in the raster's CRS and in WGS84.
    const json& corners = want["cornerCoordinates"];
    const std::vector<double> native = bbox(json::array({corners["upperLeft"], corners["lowerLeft"],
                                                         corners["upperRight"], corners["lowerRight"]}));
    const std::vector<double> lonLat = bbox(want["wgs84Extent"]["coordinates"][0]);
    for (int i = 0; i < 4; ++i) {
        EXPECT_NEAR(raster["extent"][i].get<double>(), native[i], 1e-6 * std::max(1.0, std::abs(native[i]))) << i;
        EXPECT_NEAR(raster["extent_wgs84"][i].get<double>(), lonLat[i], 2e-6) << i;
    }

    // Bands: type, colour, nodata, description and unit; the first band's overviews.
    ASSERT_EQ(raster["bands"].size(), want["bands"].size());
    for (std::size_t i = 0; i < want["bands"].size(); ++i) {
        const json& b = raster["bands"][i];
        const json& w = want["bands"][i];
        EXPECT_EQ(b["band"], w["band"]);
        EXPECT_EQ(b["type"], w["type"]);
        EXPECT_EQ(b["color_interpretation"], w["colorInterpretation"]);
        EXPECT_EQ(b["nodata"], w.value("noDataValue", json(nullptr)));
        EXPECT_EQ(b["description"], w.value("description", ""));
        EXPECT_EQ(b["unit"], w.value("unit", ""));
    }
    json overviews = json::array();
    for (const json& o : want["bands"][0].value("overviews", json::array())) overviews.push_back(o["size"]);
    EXPECT_EQ(raster["overviews"], overviews);
}

TEST_P(InfoRaster, TextNamesSizeCrsOverviewsAndBands) {
    const fs::path path = GetParam().make();
    const json want = gdalinfo(path);
    ASSERT_TRUE(want.is_object());
    RunResult r = runPlanview({"info", path.string()});
    ASSERT_TRUE(succeeded(r)) << r.describe();
    const auto ls = lines(r.out);
    auto has = [&](const std::string& line) { return std::find(ls.begin(), ls.end(), line) != ls.end(); };
    const std::size_t bands = want["bands"].size();
    EXPECT_TRUE(has("  size: " + std::to_string(want["size"][0].get<int>()) + " x " +
                    std::to_string(want["size"][1].get<int>()) + " pixels, " + std::to_string(bands) +
                    (bands == 1 ? " band" : " bands")))
        << r.out;
    std::string overviews;
    for (const json& o : want["bands"][0].value("overviews", json::array()))
        overviews += (overviews.empty() ? "" : ", ") + std::to_string(o["size"][0].get<int>()) + " x " +
                     std::to_string(o["size"][1].get<int>());
    EXPECT_TRUE(has("  overviews: " + (overviews.empty() ? std::string("(none)") : overviews))) << r.out;
    for (const json& b : want["bands"]) {
        const std::string prefix = "  band " + std::to_string(b["band"].get<int>()) + ": " + b["type"].get<std::string>() +
                                   ", " + b["colorInterpretation"].get<std::string>();
        EXPECT_EQ(std::count_if(ls.begin(), ls.end(), [&](const std::string& l) { return l.rfind(prefix, 0) == 0; }), 1)
            << prefix << "\n" << r.out;
    }
    const std::vector<double> lonLat = bbox(want["wgs84Extent"]["coordinates"][0]);
    const std::vector<double> got = textExtent(r.out, "extent (WGS84 lon/lat)");
    ASSERT_EQ(got.size(), 4u) << r.out;
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(got[i], lonLat[i], 2e-6);
}

INSTANTIATE_TEST_SUITE_P(Rasters, InfoRaster, ::testing::ValuesIn(kRasters),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(InfoRaster, DemNodataAndUnitInText) {
    RunResult r = runPlanview({"info", demTiff().string()});
    ASSERT_TRUE(succeeded(r)) << r.describe();
    EXPECT_NE(r.out.find("  band 1: Float32, Gray, nodata -9999, unit m, \"ground height\"\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  crs: EPSG:4549\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  pixel size: 10 x 10\n"), std::string::npos) << r.out;
}

// ---- Refused rasters: one line, exit 2 ---------------------------------------------------------

fs::path pngWithoutWorldFile() {
    const fs::path path = rasterDir() / "photo.png";
    GDALDataset* mem = memRaster(32, 32, 3, GDT_Byte, nullptr, "");
    return copyTo(mem, "PNG", path, {});
}

fs::path tiffWithoutCrs() {
    const fs::path path = rasterDir() / "no-crs.tif";
    const double gt[6] = {515000, 10, 0, 3348000, 0, -10};
    return copyTo(memRaster(40, 30, 1, GDT_Int16, gt, ""), "GTiff", path, {});
}

fs::path truncatedTiff() {
    const std::string bytes = readFile(demTiff());
    const fs::path path = rasterDir() / "truncated.tif";
    writeFile(path, bytes.substr(0, bytes.size() / 2));
    return path;
}

fs::path randomTiff() {
    std::string bytes = "II*\0";
    for (int i = 0; i < 4000; ++i) bytes += static_cast<char>((i * 7919 + 13) & 0xFF);
    const fs::path path = rasterDir() / "random.tif";
    writeFile(path, bytes);
    return path;
}

TEST(InfoRaster, RefusesARasterWithoutCrs) {
    for (const fs::path& path : {pngWithoutWorldFile(), tiffWithoutCrs()}) {
        for (const char* format : {"", "--json"}) {
            std::vector<std::string> args = {"info", path.string()};
            if (*format) args.push_back(format);
            RunResult r = runPlanview(args);
            EXPECT_TRUE(failedCleanly(r, 2, {path.string(), "no CRS"})) << r.describe();
        }
    }
}

TEST(InfoRaster, RefusesATruncatedOrCorruptRaster) {
    for (const fs::path& path : {truncatedTiff(), randomTiff()}) {
        RunResult r = runPlanview({"info", path.string(), "--json"});
        EXPECT_TRUE(failedCleanly(r, 2, {path.string()})) << r.describe();
    }
}

TEST(InfoRaster, ALayerOfARasterIsAnInputError) {
    RunResult r = runPlanview({"info", demTiff().string(), "--layer", "parcels"});
    EXPECT_TRUE(failedCleanly(r, 2, {demTiff().string(), "raster", "parcels"})) << r.describe();
}

}  // namespace

namespace {

// A GeoPackage holding the parcels (vector) and an orthophoto's tiles: both are described.
TEST(InfoRaster, AGeoPackageWithLayersAndTilesShowsBoth) {
    const fs::path path = rasterDir() / "mixed.gpkg";
    fs::copy_file(parcelsGpkg4549(), path, fs::copy_options::overwrite_existing);
    const double gt[6] = {515000, 2, 0, 3348000, 0, -2};
    GDALDataset* mem = memRaster(100, 80, 3, GDT_Byte, gt, "EPSG:4549");
    copyTo(mem, "GPKG", path, {"APPEND_SUBDATASET=YES", "RASTER_TABLE=ortho"});
    const json want = gdalinfo(path);
    ASSERT_TRUE(want.is_object());
    RunResult r = runPlanview({"info", path.string(), "--json"});
    ASSERT_TRUE(succeeded(r)) << r.describe();
    const json got = parseJson(r.out);
    ASSERT_TRUE(got.contains("raster")) << r.out;
    EXPECT_EQ(got["raster"]["size"], want["size"]);
    ASSERT_EQ(got["layers"].size(), 1u) << r.out;
    EXPECT_EQ(got["layers"][0]["name"], "parcels");
}

}  // namespace
