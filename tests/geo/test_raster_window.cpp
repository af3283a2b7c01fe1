// geo::RasterWindow reads a raster in the scene frame's own CRS with GDAL's RasterIO instead of its
// warper (issue 18's bench: the warper's set-up cost most of a tile). What it reads must be what
// GDAL's warper (gdalwarp: bilinear, the same output grid) makes of the same window: colours and
// heights, inside the raster, across its edge, downsampled through the overviews and upsampled.
#include <gtest/gtest.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogr_spatialref.h>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>
#include "geo/RasterWindow.h"
#include "geo/SceneFrame.h"
#include "geo/Source.h"

namespace {

namespace fs = std::filesystem;
constexpr double kPi = 3.14159265358979323846;
constexpr double kWest = 500000, kNorth = 3348000, kPixel = 2;   // EPSG:4549 metres
constexpr int kWidth = 1000, kHeight = 800;

std::uint8_t wave(double t) { return static_cast<std::uint8_t>(std::lround(127.5 + 120 * std::sin(t))); }

fs::path folder() {
    static const fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("planview-raster-window-" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

/// A north-up EPSG:4549 GeoTIFF of `bands` bands, `value(band, x, y)`, with overviews by 2, 4 and 8.
template <typename T, typename F>
fs::path makeRaster(const std::string& name, int bands, GDALDataType type, F value, const double* nodata = nullptr) {
    geo::initGdal();
    const fs::path path = folder() / name;
    GDALDataset* ds = GetGDALDriverManager()->GetDriverByName("GTiff")->Create(path.c_str(), kWidth, kHeight, bands, type, nullptr);
    double gt[6] = {kWest, kPixel, 0, kNorth, 0, -kPixel};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.importFromEPSG(4549);
    ds->SetSpatialRef(&srs);
    std::vector<T> plane(static_cast<std::size_t>(kWidth) * kHeight);
    for (int b = 0; b < bands; ++b) {
        for (int y = 0; y < kHeight; ++y)
            for (int x = 0; x < kWidth; ++x) plane[static_cast<std::size_t>(y) * kWidth + x] = value(b, x, y);
        if (nodata) ds->GetRasterBand(b + 1)->SetNoDataValue(*nodata);
        EXPECT_EQ(ds->GetRasterBand(b + 1)->RasterIO(GF_Write, 0, 0, kWidth, kHeight, plane.data(), kWidth, kHeight, type, 0, 0), CE_None);
    }
    const int levels[] = {2, 4, 8};
    EXPECT_EQ(ds->BuildOverviews("AVERAGE", 3, levels, 0, nullptr, nullptr, nullptr), CE_None);
    GDALClose(ds);
    return path;
}

fs::path photo() {
    static const fs::path p = makeRaster<std::uint8_t>("photo.tif", 3, GDT_Byte, [](int b, int x, int y) {
        return b == 0 ? wave(2 * kPi * x / 90.0) : b == 1 ? wave(2 * kPi * y / 70.0) : wave(2 * kPi * (x + y) / 160.0 + 1);
    });
    return p;
}

float hill(int x, int y) {
    const double dx = x - 600.0, dy = y - 300.0;
    return static_cast<float>(20 + 150 * std::exp(-(dx * dx + dy * dy) / (2 * 180.0 * 180.0)));
}

/// GDAL's warper over the same window and grid as RasterWindow's: bands then an alpha band.
std::vector<float> warped(const fs::path& source, const geo::SceneFrame& frame, const geo::Extent& scene, int n,
                          const std::vector<std::string>& extra) {
    char* wkt = nullptr;
    frame.srs().exportToWkt(&wkt);
    const geo::Vec2 o = frame.origin();
    std::vector<std::string> args = {"-of", "MEM", "-t_srs", wkt, "-r", "bilinear", "-wo", "SAMPLE_GRID=YES",
                                     "-te", std::to_string(scene.minX + o.x), std::to_string(scene.minY + o.y),
                                     std::to_string(scene.maxX + o.x), std::to_string(scene.maxY + o.y),
                                     "-ts", std::to_string(n), std::to_string(n)};
    CPLFree(wkt);
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    GDALDatasetH src = GDALOpen(source.c_str(), GA_ReadOnly);
    GDALWarpAppOptions* options = GDALWarpAppOptionsNew(argv.data(), nullptr);
    GDALDatasetH out = GDALWarp("", nullptr, 1, &src, options, nullptr);
    GDALWarpAppOptionsFree(options);
    std::vector<float> values;
    EXPECT_NE(out, nullptr);
    if (out) {
        const int bands = GDALGetRasterCount(out);
        values.resize(static_cast<std::size_t>(n) * n * bands);
        EXPECT_EQ(GDALDatasetRasterIO(out, GF_Read, 0, 0, n, n, values.data(), n, n, GDT_Float32, bands, nullptr, 0, 0, 0), CE_None);
        GDALClose(out);
    }
    GDALClose(src);
    return values;
}

geo::SceneFrame frameOf(const geo::RasterWindow& raster) {
    return geo::SceneFrame::choose(raster.description().lonLatExtent, "EPSG:4549");
}

/// Windows (scene metres) over the raster's extent `e`: inside at about the source's pixels, across
/// its north-west corner, the whole raster downsampled through the overviews, and a small one upsampled.
std::vector<std::pair<geo::Extent, const char*>> windows(const geo::Extent& e) {
    auto rect = [](double x0, double y0, double side) {
        geo::Extent r;
        r.add(x0, y0);
        r.add(x0 + side, y0 + side);
        return r;
    };
    return {{rect(e.minX + 301.3, e.minY + 407.9, 512), "inside, 2 m texels"},
            {rect(e.minX - 203.7, e.maxY - 300.2, 512), "across the north-west corner"},
            {rect(e.minX - 50, e.minY - 50, std::max(e.width(), e.height()) + 100), "the whole raster, downsampled"},
            {rect(e.minX + 900.5, e.minY + 700.25, 128), "upsampled 4x"}};
}

TEST(RasterWindow, ColoursInTheFramesCrsAreWhatGdalsWarperMakesOfThem) {
    std::shared_ptr<geo::RasterWindow> raster = geo::RasterWindow::open(photo().string());
    const geo::SceneFrame frame = frameOf(*raster);
    const int n = 256;
    for (const auto& [scene, what] : windows(raster->sceneExtent(frame))) {
        const geo::RgbaImage got = raster->readImagery(frame, scene, n, n);
        const std::vector<float> want = warped(photo(), frame, scene, n, {"-dstalpha"});
        ASSERT_EQ(want.size(), static_cast<std::size_t>(n) * n * 4);
        const std::size_t plane = static_cast<std::size_t>(n) * n;
        std::size_t inside = 0, agree = 0, coverageDiffers = 0;
        for (int row = 0; row < n; ++row)
            for (int col = 0; col < n; ++col) {
                const std::size_t i = static_cast<std::size_t>(row) * n + col;
                const bool wantInside = want[3 * plane + i] > 0, gotInside = got.pixels[i * 4 + 3] > 0;
                if (wantInside != gotInside) {
                    ++coverageDiffers;
                    continue;
                }
                if (!wantInside) continue;
                ++inside;
                bool same = true;
                for (int c = 0; c < 3; ++c) same = same && std::abs(got.pixels[i * 4 + c] - want[c * plane + i]) <= 6;
                agree += same;
            }
        SCOPED_TRACE(what);
        ASSERT_GT(inside, 0u);
        EXPECT_GE(static_cast<double>(agree) / inside, 0.98) << agree << " of " << inside;
        EXPECT_EQ(coverageDiffers, 0u) << "pixels inside the raster for one and not the other";
    }
}

TEST(RasterWindow, HeightsInTheFramesCrsAreWhatGdalsWarperMakesOfThem) {
    static const fs::path dem = makeRaster<float>("dem.tif", 1, GDT_Float32, [](int, int x, int y) { return hill(x, y); });
    std::shared_ptr<geo::RasterWindow> raster = geo::RasterWindow::open(dem.string());
    const geo::SceneFrame frame = frameOf(*raster);
    const int n = 66;
    for (const auto& [scene, what] : windows(raster->sceneExtent(frame))) {
        const geo::HeightGrid got = raster->readHeights(frame, scene, n, n);
        const std::vector<float> want = warped(dem, frame, scene, n, {"-dstnodata", "nan"});
        ASSERT_EQ(want.size(), got.heights.size());
        std::size_t both = 0, close = 0, coverageDiffers = 0;
        for (std::size_t i = 0; i < want.size(); ++i) {
            if (std::isnan(want[i]) != std::isnan(got.heights[i])) {
                ++coverageDiffers;
                continue;
            }
            if (std::isnan(want[i])) continue;
            ++both;
            close += std::abs(want[i] - got.heights[i]) <= 0.5f;   // of 20–170 m
        }
        SCOPED_TRACE(what);
        ASSERT_GT(both, 0u);
        EXPECT_GE(static_cast<double>(close) / both, 0.98) << close << " of " << both;
        EXPECT_EQ(coverageDiffers, 0u);
    }
}

// A DEM with a nodata hole: NaN where GDAL's warper has none either.
TEST(RasterWindow, NodataHeightsStayHolesAsInGdalsWarp) {
    const double nodata = -9999;
    static const fs::path dem = makeRaster<float>(
        "dem-hole.tif", 1, GDT_Float32,
        [](int, int x, int y) { return (x - 500) * (x - 500) + (y - 400) * (y - 400) < 100 * 100 ? -9999.0f : hill(x, y); }, &nodata);
    std::shared_ptr<geo::RasterWindow> raster = geo::RasterWindow::open(dem.string());
    const geo::SceneFrame frame = frameOf(*raster);
    const geo::Extent e = raster->sceneExtent(frame);
    geo::Extent scene;
    scene.add(e.minX + 600, e.minY + 400);
    scene.add(e.minX + 1400, e.minY + 1200);   // the hole (radius 200 m) in the middle
    const int n = 66;
    const geo::HeightGrid got = raster->readHeights(frame, scene, n, n);
    const std::vector<float> want = warped(dem, frame, scene, n, {"-dstnodata", "nan"});
    std::size_t holes = 0, differ = 0;
    for (std::size_t i = 0; i < want.size(); ++i) {
        holes += std::isnan(want[i]);
        differ += std::isnan(want[i]) != std::isnan(got.heights[i]) ||
                  (!std::isnan(want[i]) && std::abs(want[i] - got.heights[i]) > 0.5f);
    }
    EXPECT_GT(holes, 100u);
    EXPECT_LE(differ, want.size() / 50);
}

}  // namespace
