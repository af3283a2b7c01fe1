// The renderer against an independent reference: a top orthographic GeoTIFF of generated parcels
// must agree, pixel by pixel, with gdal_rasterize of the same parcels on the same grid.
#include <gtest/gtest.h>
#include <cmath>
#include <regex>
#include "tests/render/RenderSupport.h"

namespace render_test {
namespace {

// The fixture and its render, shared by the tests of this file (rendering takes a few seconds).
struct AgreementRun {
    ParcelFixture fixture;
    fs::path tif;
    RunResult result;
};

const AgreementRun& agreementRun() {
    static AgreementRun run = [] {
        AgreementRun r;
        r.fixture = makeParcelFixture(workDir() / "agreement.gpkg", 18, 18, 50.0, false);
        r.tif = workDir() / "agreement.tif";
        r.result = runPlanview({"render", r.fixture.path.string(), "-o", r.tif.string(), "--view", "top", "--ortho",
                                "--size", "800x700"});
        return r;
    }();
    return run;
}

std::array<double, 2> toPixel(const Image& image, const std::array<double, 2>& xy) {
    const auto& gt = image.geoTransform;
    return {(xy[0] - gt[0]) / gt[1], (xy[1] - gt[3]) / gt[5]};
}

struct Agreement {
    double parcelPixels = 0;   ///< share of agreeing pixels where either image has a parcel
    double allPixels = 0;
    std::size_t compared = 0, referenceData = 0;
};

// Rasterizes `fixture` with gdal_rasterize onto `rendered`'s grid and compares classes, pixel by
// pixel (every `step`-th row and column).
Agreement agreeWithRasterize(const ParcelFixture& fixture, const Image& rendered, const std::string& name, int step = 1) {
    Agreement result;
    // The reference: the same parcels in the frame's CRS, burnt by class onto the render's grid.
    const fs::path metric = workDir() / (name + "-4549.gpkg"), reference = workDir() / (name + "-reference.tif");
    std::string log;
    EXPECT_EQ(runTool("ogr2ogr -t_srs EPSG:4549 '" + metric.string() + "' '" + fixture.path.string() + "' parcels", &log), 0) << log;
    const auto& gt = rendered.geoTransform;
    char extent[256];
    std::snprintf(extent, sizeof extent, "-te %.6f %.6f %.6f %.6f -ts %d %d", gt[0], gt[3] + gt[5] * rendered.height,
                  gt[0] + gt[1] * rendered.width, gt[3], rendered.width, rendered.height);
    EXPECT_EQ(runTool("gdal_rasterize -q -a class_id -init 0 -ot Byte -a_srs EPSG:4549 " + std::string(extent) + " -l parcels '" +
                          metric.string() + "' '" + reference.string() + "'", &log), 0) << log;
    int rw = 0, rh = 0;
    std::vector<std::uint8_t> classes = readBand(reference, &rw, &rh);
    EXPECT_EQ(rw, rendered.width);
    EXPECT_EQ(rh, rendered.height);
    if (rw != rendered.width || rh != rendered.height) return result;

    // Each rendered pixel's class: its nearest palette colour (0 = the ground).
    std::vector<std::array<int, 3>> palette = {kGround};
    for (const TestClass& c : testClasses()) palette.push_back(c.rgb);
    std::size_t same = 0, union_ = 0, sameAll = 0, all = 0;
    for (int y = 0; y < rendered.height; y += step) {
        for (int x = 0; x < rendered.width; x += step) {
            ++all;
            int expected = classes[static_cast<std::size_t>(y) * rw + x];
            int got = nearest(rendered.at(x, y), palette);
            sameAll += got == expected;
            if (expected != 0) ++result.referenceData;
            if (expected != 0 || got != 0) {
                ++union_;
                same += got == expected;
            }
        }
    }
    result.compared = union_;
    result.parcelPixels = union_ ? static_cast<double>(same) / union_ : 0;
    result.allPixels = all ? static_cast<double>(sameAll) / all : 0;
    return result;
}

TEST(RenderAgreement, TopOrthoGeoTiffMatchesGdalRasterize) {
    const AgreementRun& run = agreementRun();
    ASSERT_EQ(run.result.code, 0) << run.result.describe();
    Image rendered = readImage(run.tif);
    ASSERT_EQ(rendered.width, 800);
    ASSERT_EQ(rendered.height, 700);
    EXPECT_NE(rendered.wkt.find("3-degree Gauss-Kruger CM 120E"), std::string::npos) << rendered.wkt;
    EXPECT_GT(rendered.geoTransform[1], 0);
    EXPECT_NEAR(rendered.geoTransform[1], -rendered.geoTransform[5], 1e-9) << "square pixels";

    Agreement a = agreeWithRasterize(run.fixture, rendered, "agreement");
    ASSERT_GT(a.referenceData, static_cast<std::size_t>(rendered.width * rendered.height / 4)) << "the parcels fill the image";
    std::printf("agreement: %.4f of %zu parcel pixels, %.4f of all pixels\n", a.parcelPixels, a.compared, a.allPixels);
    RecordProperty("agreement", std::to_string(a.parcelPixels));
    // Over the pixels where either has a parcel, so the empty ground does not pad the score.
    EXPECT_GE(a.parcelPixels, 0.97);
}

TEST(RenderAgreement, LargestSizeIsTiledAndStillAgrees) {
    ParcelFixture fixture = makeParcelFixture(workDir() / "largest.gpkg", 6, 6, 50.0, false);
    const fs::path tif = workDir() / "largest.tif";
    RunResult r = runPlanview({"render", fixture.path.string(), "-o", tif.string(), "--view", "top", "--ortho", "--size",
                               "8192x8192", "--stats"});
    ASSERT_EQ(r.code, 0) << r.describe();
    EXPECT_EQ(statsLines(r.out)["tiles"], "4") << "8192 px is beyond the 4096 px pbuffer: 2×2 tiles";
    Image rendered = readImage(tif);
    ASSERT_EQ(rendered.width, 8192);
    ASSERT_EQ(rendered.height, 8192);
    // Every third row and column: the seams between tiles fall on compared pixels too.
    Agreement a = agreeWithRasterize(fixture, rendered, "largest", 3);
    std::printf("8192x8192 agreement: %.4f of %zu parcel pixels\n", a.parcelPixels, a.compared);
    EXPECT_GE(a.parcelPixels, 0.97);
}

TEST(RenderAgreement, PickedFeatureUnderAKnownPixelIsTheParcelThere) {
    const AgreementRun& run = agreementRun();
    ASSERT_EQ(run.result.code, 0) << run.result.describe();
    Image rendered = readImage(run.tif);
    // Parcels of every shape: plain, holed (inside the ring and in the hole), two-part, L-shaped.
    std::vector<const TestParcel*> chosen;
    for (std::int64_t fid : {1, 14, 22, 25, 28, 49, 120, 154, 200, 281, 324}) chosen.push_back(&run.fixture.parcels[fid - 1]);
    std::vector<std::string> args = {"render", run.fixture.path.string(), "-o", (workDir() / "pick.tif").string(),
                                     "--view", "top", "--ortho", "--size", "800x700"};
    std::vector<std::string> expected;
    auto addPick = [&](const std::array<double, 2>& xy, const std::string& answer) {
        auto px = toPixel(rendered, xy);
        std::string at = std::to_string(static_cast<int>(px[0])) + "," + std::to_string(static_cast<int>(px[1]));
        args.push_back("--pick");
        args.push_back(at);
        expected.push_back("pick " + at + ": " + answer);
    };
    for (const TestParcel* p : chosen) {
        addPick(p->inside, "layer=parcels fid=" + std::to_string(p->fid));
        if (p->hasHole) addPick(p->inHole, "none");
    }
    ASSERT_GE(expected.size(), chosen.size() + 2) << "the choice includes holed parcels";
    RunResult r = runPlanview(args);
    ASSERT_EQ(r.code, 0) << r.describe();
    // "feature=N" (the index in the layer) is left out of the comparison: the fid names the parcel.
    std::string out = std::regex_replace(r.out, std::regex(" feature=[0-9]+"), "");
    for (const std::string& line : expected) EXPECT_NE(out.find(line + "\n"), std::string::npos) << line << "\n" << r.out;
}

TEST(RenderAgreement, TiledRenderEqualsSingleTile) {
    const AgreementRun& run = agreementRun();
    ASSERT_EQ(run.result.code, 0) << run.result.describe();
    const fs::path tiled = workDir() / "tiled.tif";
    RunResult r = runPlanview({"render", run.fixture.path.string(), "-o", tiled.string(), "--view", "top", "--ortho", "--size",
                               "800x700", "--max-tile", "256"});
    ASSERT_EQ(r.code, 0) << r.describe();
    Image a = readImage(run.tif), b = readImage(tiled);
    ASSERT_EQ(a.width, b.width);
    ASSERT_EQ(a.height, b.height);
    for (int i = 0; i < 6; ++i) EXPECT_DOUBLE_EQ(a.geoTransform[i], b.geoTransform[i]);
    std::size_t differing = 0;
    for (std::size_t i = 0; i < a.rgb.size(); i += 3)
        if (a.rgb[i] != b.rgb[i] || a.rgb[i + 1] != b.rgb[i + 1] || a.rgb[i + 2] != b.rgb[i + 2]) ++differing;
    // 12 tiles of at most 256 px; only rounding along the seams may differ.
    EXPECT_LE(differing, a.rgb.size() / 3 / 1000) << differing << " pixels differ";
}

}  // namespace
}  // namespace render_test
