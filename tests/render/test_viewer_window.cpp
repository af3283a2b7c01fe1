// The interactive viewer's own window (not the offscreen renderer): `planview --screenshot` opens it,
// waits until the project is drawn (streamed tiles included) and saves what the window shows. A
// viewer that draws nothing, or only its panels, fails here even when offscreen renders are right.
#include <gtest/gtest.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include "tests/render/RenderSupport.h"

namespace render_test {
namespace {

/// Share of the image's pixels within a small distance of `colour`.
double shareNear(const Image& image, const std::array<int, 3>& colour) {
    std::size_t near = 0;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) near += distance2(image.at(x, y), colour) < 30 * 30;
    return static_cast<double>(near) / (static_cast<double>(image.width) * image.height);
}

void requireDisplay() {
    ASSERT_NE(std::getenv("DISPLAY"), nullptr) << "the viewer's window needs an X display (scripts/test runs the suite under xvfb-run)";
}

TEST(ViewerWindow, TheWindowShowsTheShangchengMap) {
    requireDisplay();
    const fs::path shot = workDir() / "viewer-default.png";
    RunResult r = runPlanview({"--screenshot", shot.string(), "--lang", "en"});
    ASSERT_EQ(r.code, 0) << r.describe();
    const Image image = readImage(shot);
    ASSERT_GT(image.width, 300);
    // Class 2 residential (#FFE600) is the district's most common land use at the home view.
    const double residential = shareNear(image, {0xFF, 0xE6, 0x00}), parks = shareNear(image, {0x00, 0xA6, 0x51});
    std::printf("residential %.4f, parks %.4f of %dx%d\n", residential, parks, image.width, image.height);
    EXPECT_GT(residential, 0.02) << shot;
    // Parks (#00A651) are there too.
    EXPECT_GT(parks, 0.002) << shot;
}

TEST(ViewerWindow, AStreamedLayerIsDrawnInTheWindow) {
    requireDisplay();
    const ParcelFixture fixture = makeParcelFixture(workDir() / "viewer-streamed.gpkg", 30, 30, 40.0, false);
    const fs::path project = workDir() / "viewer-streamed.toml";
    std::ofstream(project) << "title = \"streamed\"\n[[layer]]\nname = \"parcels\"\nsource = \"" << fixture.path.string()
                           << "\"\nkind = \"parcels\"\nextrude = \"height_m\"\nstream = true\n[layer.style]\nby = \"landuse\"\n";
    const fs::path shot = workDir() / "viewer-streamed.png";
    RunResult r = runPlanview({project.string(), "--screenshot", shot.string(), "--lang", "en"});
    ASSERT_EQ(r.code, 0) << r.describe();
    const Image image = readImage(shot);
    // The parcels' land-use colours cover a good part of the window.
    double parcels = 0;
    for (const TestClass& c : testClasses()) parcels += shareNear(image, c.rgb);
    std::printf("parcels %.4f of %dx%d\n", parcels, image.width, image.height);
    EXPECT_GT(parcels, 0.05) << shot;
}

}  // namespace
}  // namespace render_test
