// Raster layers (issue 18): an imagery layer's top orthographic render against the raster's own
// pixels warped by GDAL into the render's grid; a terrain layer's shading against GDAL's hillshade
// (gdaldem) of the same DEM; a 20,000 × 20,000 GeoTIFF with overviews opened and drawn (timed,
// reported, not asserted).
#include <gtest/gtest.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogr_spatialref.h>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include "tests/render/RenderSupport.h"
#include "tests/support/Fixtures.h"

namespace render_test {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Smooth colours whose sines move by ~20 levels a pixel: a misplaced pixel shows, resampling does not.
std::array<std::uint8_t, 3> pattern(int x, int y) {
    auto wave = [](double t) { return static_cast<std::uint8_t>(std::lround(127.5 + 120 * std::sin(t))); };
    return {wave(2 * kPi * x / 90.0), wave(2 * kPi * y / 70.0), wave(2 * kPi * (x + y) / 160.0 + 1)};
}

// A 3-band GeoTIFF of the pattern in EPSG:4326 near Hangzhou (the scene frame will be EPSG:4549).
fs::path makeImagery(const fs::path& path, int width, int height) {
    GDALAllRegister();
    GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDataset* ds = gtiff->Create(path.c_str(), width, height, 3, GDT_Byte, nullptr);
    double gt[6] = {120.15, 0.012 / width, 0, 30.25, 0, -0.010 / height};
    ds->SetGeoTransform(gt);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    ds->SetSpatialRef(&wgs84);
    std::vector<std::uint8_t> band(static_cast<std::size_t>(width) * height);
    for (int b = 0; b < 3; ++b) {
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) band[static_cast<std::size_t>(y) * width + x] = pattern(x, y)[b];
        EXPECT_EQ(ds->GetRasterBand(b + 1)->RasterIO(GF_Write, 0, 0, width, height, band.data(), width, height, GDT_Byte, 0, 0), CE_None);
    }
    GDALClose(ds);
    return path;
}

fs::path writeProject(const fs::path& path, const std::string& layers) {
    std::ofstream(path) << "title = \"raster test\"\n" << layers;
    return path;
}

// `source` warped by GDAL (gdalwarp, bilinear) onto the grid and CRS of the rendered GeoTIFF.
std::vector<std::uint8_t> warpedLike(const fs::path& source, const Image& rendered, int bands, const std::string& resampling) {
    GDALDatasetH src = GDALOpen(source.c_str(), GA_ReadOnly);
    const auto& gt = rendered.geoTransform;
    std::vector<std::string> args = {"-of", "MEM", "-t_srs", rendered.wkt, "-r", resampling,
                                     "-te", std::to_string(gt[0]), std::to_string(gt[3] + gt[5] * rendered.height),
                                     std::to_string(gt[0] + gt[1] * rendered.width), std::to_string(gt[3]),
                                     "-ts", std::to_string(rendered.width), std::to_string(rendered.height), "-dstalpha"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    GDALWarpAppOptions* options = GDALWarpAppOptionsNew(argv.data(), nullptr);
    GDALDatasetH out = GDALWarp("", nullptr, 1, &src, options, nullptr);
    GDALWarpAppOptionsFree(options);
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(rendered.width) * rendered.height * (bands + 1));
    EXPECT_NE(out, nullptr);
    if (out)
        EXPECT_EQ(GDALDatasetRasterIO(out, GF_Read, 0, 0, rendered.width, rendered.height, pixels.data(), rendered.width,
                                      rendered.height, GDT_Byte, bands + 1, nullptr, bands + 1,
                                      static_cast<GSpacing>(rendered.width) * (bands + 1), 1), CE_None);
    GDALClose(out);
    GDALClose(src);
    return pixels;
}

struct ImageryRun {
    fs::path raster, tif;
    RunResult result;
};

const ImageryRun& imageryRun() {
    static ImageryRun run = [] {
        ImageryRun r;
        r.raster = makeImagery(workDir() / "photo.tif", 1100, 900);
        const fs::path project = writeProject(workDir() / "imagery.toml",
                                              "[[layer]]\nname = \"photo\"\nsource = \"photo.tif\"\nkind = \"imagery\"\n");
        r.tif = workDir() / "imagery-top.tif";
        r.result = runPlanview({"render", project.string(), "-o", r.tif.string(), "--view", "top", "--ortho", "--size", "700x560"});
        return r;
    }();
    return run;
}

// Share of the pixels at least `margin` pixels inside the raster's footprint (and the image) whose
// colours agree within `tolerance` per channel, comparing the render shifted by `shift` pixels.
double imageryAgreement(const Image& rendered, const std::vector<std::uint8_t>& reference, int margin, int tolerance,
                        int shift, std::size_t* compared) {
    const int w = rendered.width, h = rendered.height;
    auto inside = [&](int x, int y) {
        for (int dy = -margin; dy <= margin; dy += margin)
            for (int dx = -margin; dx <= margin; dx += margin) {
                const int xx = x + dx, yy = y + dy;
                if (xx < 0 || yy < 0 || xx >= w || yy >= h || reference[(static_cast<std::size_t>(yy) * w + xx) * 4 + 3] < 255)
                    return false;
            }
        return true;
    };
    std::size_t agree = 0;
    *compared = 0;
    for (int y = 0; y < h; ++y)
        for (int x = margin; x + shift < w - margin; ++x) {
            if (!inside(x, y) || !inside(x + shift, y)) continue;
            ++*compared;
            const std::array<int, 3> got = rendered.at(x + shift, y);
            const std::uint8_t* want = &reference[(static_cast<std::size_t>(y) * w + x) * 4];
            bool ok = true;
            for (int c = 0; c < 3; ++c) ok = ok && std::abs(got[c] - want[c]) <= tolerance;
            agree += ok;
        }
    return *compared ? static_cast<double>(agree) / *compared : 0;
}

TEST(RasterRender, ImageryOrthoRenderGivesBackTheRastersOwnPixels) {
    const ImageryRun& run = imageryRun();
    ASSERT_EQ(run.result.code, 0) << run.result.describe();
    const Image rendered = readImage(run.tif);
    ASSERT_FALSE(rendered.wkt.empty());
    const std::vector<std::uint8_t> reference = warpedLike(run.raster, rendered, 3, "bilinear");
    std::size_t compared = 0;
    const double share = imageryAgreement(rendered, reference, 4, 24, 0, &compared);
    std::cout << "imagery: " << share * 100 << " % of " << compared << " pixels agree with gdalwarp\n";
    EXPECT_GT(compared, static_cast<std::size_t>(rendered.width * rendered.height / 3));
    EXPECT_GE(share, 0.98);
    // The comparison can tell: the same render two pixels off disagrees.
    std::size_t shiftedCompared = 0;
    EXPECT_LT(imageryAgreement(rendered, reference, 4, 24, 2, &shiftedCompared), 0.9);
}

// A DEM of two Gaussian hills in EPSG:4549, 10 m pixels: low (the colour by height hardly changes)
// and steep once exaggerated, so that the light is what changes the colour.
fs::path makeDem(const fs::path& path) {
    // 300 pixels of 10 m from (0, 2000) off kOriginX/Y; the hills placed from the DEM's centre.
    fixtures::writeDem(path.string(), 0, 2000, 10, 300, 300, [](double x, double y) {
        x -= 1500, y -= 500;
        return 35 * std::exp(-((x - 300) * (x - 300) + (y - 200) * (y - 200)) / (2 * 350.0 * 350.0)) +
               20 * std::exp(-((x + 700) * (x + 700) + (y + 600) * (y + 600)) / (2 * 200.0 * 200.0));
    });
    return path;
}

TEST(RasterRender, TerrainShowsItsHillsShadedAsGdaldemShadesThem) {
    const fs::path dem = makeDem(workDir() / "dem.tif");
    const fs::path project = writeProject(workDir() / "terrain.toml",
                                          "[[layer]]\nname = \"dem\"\nsource = \"dem.tif\"\nkind = \"terrain\"\nexaggeration = 4\n");
    const fs::path tif = workDir() / "terrain-top.tif";
    RunResult r = runPlanview({"render", project.string(), "-o", tif.string(), "--view", "top", "--ortho", "--size", "600x600"});
    ASSERT_EQ(r.code, 0) << r.describe();
    const Image rendered = readImage(tif);
    // GDAL's own hillshade of the DEM (light from the north-west, 45° up, heights exaggerated as the
    // project says), warped onto the render.
    const fs::path shade = workDir() / "hillshade.tif";
    ASSERT_EQ(runTool("gdaldem hillshade -q -z 4 -az 315 -alt 45 -compute_edges " + dem.string() + " " + shade.string()), 0);
    const std::vector<std::uint8_t> reference = warpedLike(shade, rendered, 1, "bilinear");
    // Pearson correlation of the render's brightness with the hillshade, inside the DEM.
    double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int y = 8; y < rendered.height - 8; ++y)
        for (int x = 8; x < rendered.width - 8; ++x) {
            const std::uint8_t* ref = &reference[(static_cast<std::size_t>(y) * rendered.width + x) * 2];
            if (ref[1] < 255) continue;
            const auto rgb = rendered.at(x, y);
            const double a = (rgb[0] + rgb[1] + rgb[2]) / 3.0, b = ref[0];
            n += 1, sx += a, sy += b, sxx += a * a, syy += b * b, sxy += a * b;
        }
    ASSERT_GT(n, rendered.width * rendered.height / 4.0);
    const double correlation = (n * sxy - sx * sy) / std::sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
    std::cout << "terrain: brightness against gdaldem hillshade, r = " << correlation << " over " << n << " pixels\n";
    EXPECT_GT(correlation, 0.9);
}

// A 20,000 × 20,000 orthophoto (tiled, deflate, sparse: a pattern in one block of every 9) with
// overviews, in EPSG:4549: opened and drawn from the top; the time is reported, not asserted.
TEST(RasterRender, AHugeOrthophotoWithOverviewsOpensAndDrawsAFirstFrame) {
    GDALAllRegister();
    const fs::path path = workDir() / "huge.tif";
    const int n = 20000, block = 512;
    const char* options[] = {"TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512", "COMPRESS=DEFLATE", "SPARSE_OK=TRUE", nullptr};
    GDALDataset* ds = GetGDALDriverManager()->GetDriverByName("GTiff")->Create(path.c_str(), n, n, 3, GDT_Byte,
                                                                               const_cast<char**>(options));
    ASSERT_NE(ds, nullptr);
    double gt[6] = {495000, 0.5, 0, 3352000, 0, -0.5};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.importFromEPSG(4549);
    ds->SetSpatialRef(&srs);
    std::vector<std::uint8_t> tile(static_cast<std::size_t>(block) * block);
    for (int by = 0; by * block < n; by += 3)
        for (int bx = 0; bx * block < n; bx += 3) {
            const int w = std::min(block, n - bx * block), h = std::min(block, n - by * block);
            for (int b = 0; b < 3; ++b) {
                for (int y = 0; y < h; ++y)
                    for (int x = 0; x < w; ++x) tile[static_cast<std::size_t>(y) * w + x] = pattern(bx * block + x, by * block + y)[b];
                ASSERT_EQ(ds->GetRasterBand(b + 1)->RasterIO(GF_Write, bx * block, by * block, w, h, tile.data(), w, h, GDT_Byte, 0, 0), CE_None);
            }
        }
    const int levels[] = {2, 4, 8, 16, 32, 64, 128};
    ASSERT_EQ(ds->BuildOverviews("AVERAGE", 7, levels, 0, nullptr, nullptr, nullptr), CE_None);
    GDALClose(ds);
    const fs::path project = writeProject(workDir() / "huge.toml",
                                          "[[layer]]\nname = \"ortho\"\nsource = \"huge.tif\"\nkind = \"imagery\"\n");
    const auto start = std::chrono::steady_clock::now();
    RunResult r = runPlanview({"render", project.string(), "-o", (workDir() / "huge.png").string(), "--view", "top", "--size", "1280x720"});
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(r.code, 0) << r.describe();
    std::cout << "huge orthophoto: planview render (process start to PNG written, every tile in) " << ms << " ms\n";
    RecordProperty("huge_orthophoto_render_ms", static_cast<int>(ms));
    const Image image = readImage(workDir() / "huge.png");
    EXPECT_EQ(image.width, 1280);
}

}  // namespace
}  // namespace render_test
