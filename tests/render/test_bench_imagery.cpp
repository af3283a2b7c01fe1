// `planview bench --imagery` (issue 18) at a small size (the hidden --raster-size, and --frames for
// a short pan): the JSON and text reports carry every figure, positive, with the targets judged; the
// rasters it generated (kept with --keep) are what it says, as GDAL reads them: a 2,000² tiled JPEG
// RGB orthophoto with overviews and a DEM with hills over the same square.
#include <gtest/gtest.h>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <string>
#include "tests/render/RenderSupport.h"

namespace render_test {
namespace {

void orthophotoIsA2000SquareTiledJpegWithOverviews(const fs::path& path) {
    SCOPED_TRACE(path.string());
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    EXPECT_EQ(ds->GetRasterXSize(), 2000);
    EXPECT_EQ(ds->GetRasterYSize(), 2000);
    ASSERT_EQ(ds->GetRasterCount(), 3);
    GDALRasterBand* band = ds->GetRasterBand(1);
    EXPECT_EQ(band->GetRasterDataType(), GDT_Byte);
    int blockX = 0, blockY = 0;
    band->GetBlockSize(&blockX, &blockY);
    EXPECT_EQ(blockX, 256);
    EXPECT_EQ(blockY, 256);
    const char* compression = ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE");
    ASSERT_NE(compression, nullptr);
    EXPECT_NE(std::string(compression).find("JPEG"), std::string::npos) << compression;
    // Overviews halving down to under 256 pixels: 1000, 500, 250.
    ASSERT_EQ(band->GetOverviewCount(), 3);
    EXPECT_EQ(band->GetOverview(2)->GetXSize(), 250);
    double transform[6];
    ASSERT_EQ(ds->GetGeoTransform(transform), CE_None);
    EXPECT_DOUBLE_EQ(transform[1], 5.0);   // 10 km over 2,000 pixels
    ASSERT_NE(ds->GetSpatialRef(), nullptr);
    EXPECT_STREQ(ds->GetSpatialRef()->GetAuthorityCode(nullptr), "4549");
    // Not a blank image: the blocks differ in colour.
    double minimum = 0, maximum = 0, mean = 0, deviation = 0;
    ASSERT_EQ(band->ComputeStatistics(false, &minimum, &maximum, &mean, &deviation, nullptr, nullptr), CE_None);
    EXPECT_GT(deviation, 10);
}

void demHasHillsOverTheSameSquare(const fs::path& demPath, const fs::path& orthoPath) {
    SCOPED_TRACE(demPath.string());
    GDALAllRegister();
    GDALDatasetUniquePtr dem(GDALDataset::Open(demPath.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    GDALDatasetUniquePtr ortho(GDALDataset::Open(orthoPath.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(dem && ortho);
    EXPECT_EQ(dem->GetRasterXSize(), 400);
    EXPECT_EQ(dem->GetRasterBand(1)->GetRasterDataType(), GDT_Float32);
    double a[6], b[6];
    ASSERT_EQ(dem->GetGeoTransform(a), CE_None);
    ASSERT_EQ(ortho->GetGeoTransform(b), CE_None);
    EXPECT_DOUBLE_EQ(a[0], b[0]);
    EXPECT_DOUBLE_EQ(a[3], b[3]);
    EXPECT_DOUBLE_EQ(a[1] * dem->GetRasterXSize(), b[1] * ortho->GetRasterXSize());
    double minimum = 0, maximum = 0, mean = 0, deviation = 0;
    ASSERT_EQ(dem->GetRasterBand(1)->ComputeStatistics(false, &minimum, &maximum, &mean, &deviation, nullptr, nullptr), CE_None);
    EXPECT_GE(minimum, 0);
    EXPECT_GT(maximum - minimum, 40) << "hills";
}

TEST(BenchImagery, JsonReportsEveryFigureAndJudgesTheTargets) {
    const fs::path kept = workDir() / "bench-imagery";
    fs::create_directories(kept);
    const RunResult run =
        runPlanview({"bench", "--imagery", "--raster-size", "2000", "--frames", "20", "--json", "--keep", kept.string()});
    ASSERT_EQ(run.code, 0) << run.describe();
    const nlohmann::json j = nlohmann::json::parse(run.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << run.out;
    EXPECT_EQ(j.value("raster_size", 0), 2000);
    EXPECT_EQ(j.value("dem_size", 0), 400);
    for (const char* key : {"generate_ms", "imagery_first_view_ms", "imagery_pan_frame_ms", "terrain_build_ms", "peak_rss_mb"}) {
        ASSERT_TRUE(j.contains(key) && j[key].is_number()) << key << " in " << run.out;
        EXPECT_GT(j[key].get<double>(), 0) << key;
    }
    EXPECT_GT(j.value("imagery_first_view_draw_calls", 0), 0);
    EXPECT_GT(j.value("imagery_pan_frames", 0), 0);
    EXPECT_GT(j.value("terrain_draw_calls", 0), 0);
    // A figure in megabytes (the process with its GL driver holds tens of them at least), not bytes.
    EXPECT_GT(j["peak_rss_mb"].get<double>(), 20);
    EXPECT_LT(j["peak_rss_mb"].get<double>(), 16384);
    const nlohmann::json& targets = j["targets"];
    ASSERT_TRUE(targets.is_object()) << run.out;
    EXPECT_EQ(targets["imagery_first_view_ms"]["met"].get<bool>(), j["imagery_first_view_ms"].get<double>() <= 1500);
    EXPECT_EQ(targets["peak_rss_mb"]["met"].get<bool>(), j["peak_rss_mb"].get<double>() <= 800);
    EXPECT_EQ(j.value("imagery_pan_frames", 0), 20);
    orthophotoIsA2000SquareTiledJpegWithOverviews(kept / "ortho-2000.tif");
    demHasHillsOverTheSameSquare(kept / "dem-400.tif", kept / "ortho-2000.tif");
}

TEST(BenchImagery, TextReportNamesTheFiguresAndTheirTargets) {
    const RunResult text = runPlanview({"bench", "--imagery", "--raster-size", "2000", "--frames", "5"});
    ASSERT_EQ(text.code, 0) << text.describe();
    for (const char* figure : {"imagery_first_view_ms", "imagery_pan_frame_ms", "terrain_build_ms", "peak_rss_mb"})
        EXPECT_NE(text.out.find(figure), std::string::npos) << figure << " in\n" << text.out;
    EXPECT_NE(text.out.find("2000x2000"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("mean of 5 frames"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("<= 1500: target"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("<= 800: target"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace render_test
