// Height-limit envelopes (控规盒子, issue 20) through the binary: two buildings side by side on flat
// ground, seen from the side (a bookmark facing north, 10° down), each under a 30 m height limit: A
// stands 60 m tall, B 10 m. With `--envelopes` (and with the bookmark's `envelopes = true`) A's top
// half stands out of its box in its own colour, while below the limit its face and, over B, the space
// inside B's box up to the lid are tinted by the box; without envelopes the same pixels are as
// before. Pixels are placed by projecting the scene points with the camera the bookmark describes
// (30° vertical field of view, target on the ground), worked out here.
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <cmath>
#include <fstream>
#include <memory>
#include "tests/render/RenderSupport.h"
#include "tests/support/Fixtures.h"

namespace render_test {
namespace {

constexpr double kPi = 3.14159265358979323846;
// On the central meridian of EPSG:4549, where grid north is true north.
constexpr double kX = 500000, kY = 3346000;
constexpr double kDistance = 300, kPitch = 10, kFovY = 30;   // the bookmark; kFovY: the renderer's
constexpr int kWidth = 960, kHeight = 540;
constexpr double kLimit = 30, kTall = 60, kLow = 10;
// A: x from kX-70 to kX-20, B: kX+20 to kX+70; both y from kY to kY+40 (their faces towards the eye).
const std::array<int, 3> kBuilding{192, 48, 32};

struct Pixel {
    int col, row;
};

/// Where the scene point (EPSG:4549 metres, height z) falls in the image.
Pixel project(double x, double y, double z) {
    const double p = kPitch * kPi / 180;
    // The eye looks north, `kPitch` down, at (kX, kY, 0) from kDistance away.
    const double ex = kX, ey = kY - kDistance * std::cos(p), ez = kDistance * std::sin(p);
    const double vx = x - ex, vy = y - ey, vz = z - ez;
    const double forward = vy * std::cos(p) - vz * std::sin(p);
    const double up = vy * std::sin(p) + vz * std::cos(p);
    const double t = std::tan(kFovY / 2 * kPi / 180);
    const double ndcX = vx / (forward * t * kWidth / kHeight), ndcY = up / (forward * t);
    return {static_cast<int>(std::floor((ndcX + 1) / 2 * kWidth)), static_cast<int>(std::floor((1 - ndcY) / 2 * kHeight))};
}

const fs::path& project() {
    static const fs::path path = [] {
        const fs::path data = workDir() / "envelopes.gpkg";
        auto rect = [](double x0, double y0, double x1, double y1) {
            char wkt[256];
            std::snprintf(wkt, sizeof wkt, "POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))", x0, y0, x1, y0, x1, y1, x0, y1,
                          x0, y0);
            return std::string(wkt);
        };
        fixtures::writeLayer(data.string(), "GPKG", "parcels", 4549, wkbPolygon,
                             {{"plot_code"}, {"height_m", OFTReal}, {"max_height_m", OFTReal}},
                             {{rect(kX - 70, kY, kX - 20, kY + 40), {"A", "60", "30"}},
                              {rect(kX + 20, kY, kX + 70, kY + 40), {"B", "10", "30"}}});
        OGRSpatialReference grid, geographic;
        grid.importFromEPSG(4549);
        geographic.importFromEPSG(4490);
        grid.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        geographic.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> toLonLat(OGRCreateCoordinateTransformation(&grid, &geographic));
        double lon = kX, lat = kY;
        toLonLat->Transform(1, &lon, &lat);
        char bookmark[512];
        std::snprintf(bookmark, sizeof bookmark,
                      "[[bookmark]]\nname = \"side\"\nlon = %.9f\nlat = %.9f\ndistance = %g\nheading = 0\npitch = %g\n"
                      "[[bookmark]]\nname = \"side boxes\"\nlon = %.9f\nlat = %.9f\ndistance = %g\nheading = 0\npitch = %g\nenvelopes = true\n",
                      lon, lat, kDistance, kPitch, lon, lat, kDistance, kPitch);
        const fs::path toml = workDir() / "envelopes.toml";
        std::ofstream(toml) << "title = \"envelopes\"\ncrs = \"EPSG:4549\"\n"
                               "[[layer]]\nname = \"parcels\"\nsource = \"envelopes.gpkg\"\nlayer = \"parcels\"\nkind = \"parcels\"\n"
                               "extrude = \"height_m\"\n[layer.style]\ndefault = \"#C03020\"\n"
                            << bookmark
                            << "[[tour]]\nname = \"boxes\"\n[[tour.stop]]\nbookmark = \"side\"\nflight = 1\ndwell = 1\n"
                               "[[tour.stop]]\nbookmark = \"side boxes\"\nflight = 1\ndwell = 1\n";
        return toml;
    }();
    return path;
}

Image render(const std::string& view, const std::vector<std::string>& extra, const std::string& name) {
    const fs::path out = workDir() / (name + ".png");
    std::vector<std::string> args{"render", project().string(), "--view", view, "--hide-ui", "--no-labels", "--size",
                                  std::to_string(kWidth) + "x" + std::to_string(kHeight), "-o", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult r = runPlanview(args);
    EXPECT_EQ(r.code, 0) << r.describe();
    return readImage(out);
}

/// How much bluer than `before` a pixel became (the box's pale blue raises blue against red).
int bluer(const std::array<int, 3>& after, const std::array<int, 3>& before) { return (after[2] - after[0]) - (before[2] - before[0]); }

/// Pixels of a face's patch: the points (x, y, z) for x across [x0, x1] and z across [z0, z1], inset.
std::vector<Pixel> patch(double x0, double x1, double y, double z0, double z1) {
    std::vector<Pixel> out;
    for (int i = 1; i < 6; ++i)
        for (int j = 1; j < 6; ++j) out.push_back(project(x0 + (x1 - x0) * i / 6, y, z0 + (z1 - z0) * j / 6));
    return out;
}

void expectEnvelopes(const Image& on, const Image& off) {
    ASSERT_EQ(on.width, kWidth);
    ASSERT_EQ(off.width, kWidth);
    // A above its limit: its own face, as without envelopes (clear of the lid's edge at 30 m).
    for (const Pixel& p : patch(kX - 66, kX - 24, kY, kLimit + 4, kTall - 3)) {
        EXPECT_LT(distance2(off.at(p.col, p.row), kBuilding), 3 * 40 * 40) << "A's face at " << p.col << "," << p.row;
        EXPECT_LT(distance2(on.at(p.col, p.row), off.at(p.col, p.row)), 3 * 4 * 4)
            << "A pierces its box: untinted at " << p.col << "," << p.row;
    }
    // A below its limit: behind the box's wall, which lies on its face (no z-fighting: every pixel
    // tinted, and alike).
    int least = 1000, most = -1000;
    for (const Pixel& p : patch(kX - 66, kX - 24, kY, 3, kLimit - 4)) {
        const int b = bluer(on.at(p.col, p.row), off.at(p.col, p.row));
        least = std::min(least, b);
        most = std::max(most, b);
    }
    EXPECT_GT(least, 20) << "A's face below the limit is tinted by its box everywhere";
    EXPECT_LT(most - least, 12) << "the tint over A's face is even (no z-fighting)";
    // Over B (10 m), up to its lid (30 m): ground beyond without envelopes, tinted with them.
    for (const Pixel& p : patch(kX + 24, kX + 66, kY, kLow + 4, kLimit - 4)) {
        EXPECT_GT(bluer(on.at(p.col, p.row), off.at(p.col, p.row)), 20) << "inside B's box at " << p.col << "," << p.row;
        EXPECT_GT(distance2(on.at(p.col, p.row), off.at(p.col, p.row)), 3 * 10 * 10);
    }
    // Above B's lid and beside the boxes: as without envelopes.
    for (const Pixel& p : {project(kX + 45, kY, kLimit + 15), project(kX, kY, 15), project(kX - 110, kY, 15)})
        EXPECT_LT(distance2(on.at(p.col, p.row), off.at(p.col, p.row)), 3 * 4 * 4) << "outside the boxes at " << p.col << "," << p.row;
}

TEST(EnvelopesRender, ATallerBuildingPiercesItsBoxAndTheBoxTintsWhatIsInside) {
    const Image off = render("side", {}, "envelopes-off");
    const Image on = render("side", {"--envelopes"}, "envelopes-on");
    expectEnvelopes(on, off);
}

TEST(EnvelopesRender, ABookmarkKeepsThemWithItsView) {
    const Image off = render("side", {}, "envelopes-off-2");
    const Image on = render("side boxes", {}, "envelopes-bookmark");
    expectEnvelopes(on, off);
}

// A tour shows the envelopes at the stop whose bookmark keeps them, and not at the one before: 2 frames
// a second, the second stop's flight stays in place (the same pose), so frames 3 and 7 differ only by them.
TEST(EnvelopesRender, ATourStopShowsThemWhereItsBookmarkDoes) {
    const fs::path frames = workDir() / "tour-frames";
    RunResult r = runPlanview({"render", project().string(), "--tour", "boxes", "--fps", "2", "--size",
                               std::to_string(kWidth) + "x" + std::to_string(kHeight), "--frames", frames.string()});
    ASSERT_EQ(r.code, 0) << r.describe();
    const Image held = readImage(frames / "frame_00003.png"), boxes = readImage(frames / "frame_00007.png");
    ASSERT_EQ(held.width, kWidth);
    ASSERT_EQ(boxes.width, kWidth);
    for (const Pixel& p : patch(kX + 24, kX + 66, kY, kLow + 4, kLimit - 4))
        EXPECT_GT(bluer(boxes.at(p.col, p.row), held.at(p.col, p.row)), 20) << "inside B's box at " << p.col << "," << p.row;
    for (const Pixel& p : patch(kX - 66, kX - 24, kY, kLimit + 4, kTall - 3))
        EXPECT_LT(distance2(boxes.at(p.col, p.row), held.at(p.col, p.row)), 3 * 4 * 4) << "A pierces its box at " << p.col << "," << p.row;
}

TEST(EnvelopesRender, AProjectWithoutParcelsToCheckIsBadInput) {
    project();
    const fs::path toml = workDir() / "no-parcels.toml";
    std::ofstream(toml) << "[[layer]]\nname = \"p\"\nsource = \"envelopes.gpkg\"\nlayer = \"parcels\"\nkind = \"polygons\"\n";
    RunResult r = runPlanview({"render", toml.string(), "--envelopes", "-o", (workDir() / "x.png").string()});
    EXPECT_EQ(r.code, 2) << r.describe();
    EXPECT_NE(r.err.find("--envelopes"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

}  // namespace
}  // namespace render_test
