// The pieces of presentations that need no display (issue 6): the one pose path the viewer's fly-to
// and exported tours share, a tour's frame timing at any rate, the scale bar's round lengths and
// the ground scale it is measured from.
#include <gtest/gtest.h>
#include <cmath>
#include "app/render/TourExport.h"
#include "app/scene/CameraViews.h"
#include "app/ui/PresentationOverlay.h"

namespace {

using planview::CameraPose;

CameraPose pose(double x, double y, double distance, double heading, double pitch) {
    CameraPose p;
    p.target = osg::Vec3d(x, y, 0);
    p.distance = distance;
    p.heading = heading;
    p.pitch = pitch;
    return p;
}

void expectSame(const CameraPose& a, const CameraPose& b) {
    EXPECT_EQ(a.target, b.target);
    EXPECT_EQ(a.distance, b.distance);
    EXPECT_EQ(a.heading, b.heading);
    EXPECT_EQ(a.pitch, b.pitch);
}

TEST(PosePath, StartsAndEndsExactlyAtTheViewsAndIsEased) {
    const CameraPose a = pose(0, 0, 1000, 0, 45), b = pose(400, 300, 2000, 90, 60);
    expectSame(planview::interpolatePose(a, b, 0), a);
    expectSame(planview::interpolatePose(a, b, 1), b);
    expectSame(planview::interpolatePose(a, b, -3), a);
    expectSame(planview::interpolatePose(a, b, 7), b);
    // Eased: slow at both ends, the target halfway at t = 0.5, and always moving forward.
    const double early = (planview::interpolatePose(a, b, 0.05).target - a.target).length();
    const double middle = (planview::interpolatePose(a, b, 0.55).target - planview::interpolatePose(a, b, 0.5).target).length();
    EXPECT_LT(early, 0.05 * 500 / 2);
    EXPECT_GT(middle, 0.05 * 500);
    EXPECT_NEAR((planview::interpolatePose(a, b, 0.5).target - osg::Vec3d(200, 150, 0)).length(), 0, 1e-9);
    double last = -1;
    for (int i = 0; i <= 100; ++i) {
        double along = (planview::interpolatePose(a, b, i / 100.0).target - a.target).length();
        EXPECT_GE(along, last);
        last = along;
    }
    // Deterministic: the same inputs give the same pose, bit for bit.
    expectSame(planview::interpolatePose(a, b, 0.3), planview::interpolatePose(a, b, 0.3));
}

TEST(PosePath, TurnsTheShortWayRound) {
    const CameraPose a = pose(0, 0, 1000, 350, 45), b = pose(0, 0, 1000, 20, 45);
    double h = planview::interpolatePose(a, b, 0.5).heading;
    EXPECT_NEAR(std::fmod(h + 360, 360), 5, 1e-9) << "350° to 20° passes north, not south";
}

TEST(PosePath, RisesMidwayOnlyBetweenDistantViews) {
    const CameraPose a = pose(0, 0, 1000, 0, 45);
    // Far apart (10 km for 1 km views): at most 1.6× higher mid-way.
    const CameraPose far = pose(10000, 0, 1000, 0, 45);
    EXPECT_NEAR(planview::interpolatePose(a, far, 0.5).distance, 1600, 1e-6);
    // A turn on the spot does not rise.
    const CameraPose turn = pose(0, 0, 1000, 90, 45);
    EXPECT_NEAR(planview::interpolatePose(a, turn, 0.5).distance, 1000, 1e-6);
    // Zooming in is geometric: halfway between 1 km and 4 km is 2 km.
    const CameraPose zoom = pose(0, 0, 4000, 0, 45);
    EXPECT_NEAR(planview::interpolatePose(a, zoom, 0.5).distance, 2000, 1e-6);
}

geo::Tour tour(std::initializer_list<std::pair<double, double>> flightDwell) {
    geo::Tour t;
    t.name = "t";
    int i = 0;
    for (auto [flight, dwell] : flightDwell) {
        geo::TourStop s;
        s.bookmark = "b" + std::to_string(i++);
        s.flight = flight;
        s.dwell = dwell;
        t.stops.push_back(s);
    }
    return t;
}

TEST(TourTiming, FrameCountIsFlightPlusDwellTimesFps) {
    const geo::Tour t = tour({{2.5, 6}, {2.5, 6}, {4, 6}});
    std::vector<CameraPose> stops = {pose(0, 0, 1000, 0, 45), pose(1000, 0, 1000, 0, 45), pose(9000, 0, 2000, 0, 45)};
    for (double fps : {1.0, 2.0, 24.0, 25.0, 29.97, 30.0, 60.0}) {
        planview::TourTimeline timeline(t, stops, pose(0, 0, 9000, 0, 50), fps);
        EXPECT_EQ(timeline.frameCount(), static_cast<std::size_t>(std::llround(27.0 * fps))) << fps << " fps";
    }
}

TEST(TourTiming, FlightsArriveAndDwellsHoldTheStop) {
    const geo::Tour t = tour({{0.5, 0.5}, {0.25, 0.75}, {0, 1}});
    std::vector<CameraPose> stops = {pose(0, 0, 1000, 0, 45), pose(500, 0, 800, 90, 50), pose(500, 500, 800, 90, 50)};
    const CameraPose home = pose(0, 0, 5000, 0, 60);
    planview::TourTimeline timeline(t, stops, home, 6);
    // Segments end at frames round(0.5×6)=3, 6, round(1.25×6)=8 (7.5 rounds up), 12, 12, 18.
    ASSERT_EQ(timeline.frameCount(), 18u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(timeline.frame(i).stop, 0u) << i;
    EXPECT_TRUE(timeline.frame(0).flying);
    expectSame(timeline.frame(2).pose, stops[0]);   // the flight's last frame arrives
    for (std::size_t i = 3; i < 6; ++i) {
        EXPECT_FALSE(timeline.frame(i).flying) << i;
        expectSame(timeline.frame(i).pose, stops[0]);
    }
    EXPECT_NEAR(timeline.frame(3).secondsHeld, 1 / 6.0, 1e-12);
    EXPECT_EQ(timeline.frame(6).stop, 1u);
    EXPECT_TRUE(timeline.frame(6).flying);
    expectSame(timeline.frame(7).pose, stops[1]);
    for (std::size_t i = 8; i < 12; ++i) expectSame(timeline.frame(i).pose, stops[1]);
    // A stop with no flight cuts straight to it.
    EXPECT_EQ(timeline.frame(12).stop, 2u);
    EXPECT_FALSE(timeline.frame(12).flying);
    expectSame(timeline.frame(12).pose, stops[2]);
    expectSame(timeline.frame(17).pose, stops[2]);
    EXPECT_EQ(planview::tourFrameName(17), "frame_00017.png");
}

TEST(ScaleBar, RoundLengthsThatFit) {
    EXPECT_DOUBLE_EQ(planview::scaleBarMetres(1.0, 240), 200);
    EXPECT_DOUBLE_EQ(planview::scaleBarMetres(0.25, 240), 50);    // the same bar on a 4× larger image
    EXPECT_DOUBLE_EQ(planview::scaleBarMetres(10.0, 240), 2000);
    EXPECT_DOUBLE_EQ(planview::scaleBarMetres(2.5, 200), 500);    // exactly fits
    EXPECT_DOUBLE_EQ(planview::scaleBarMetres(0.004, 240), 0.5);
    EXPECT_DOUBLE_EQ(planview::scaleBarMetres(0, 240), 0);
    EXPECT_DOUBLE_EQ(planview::scaleBarMetres(-1, 240), 0);
}

TEST(ScaleBar, GroundScaleOfAViewStraightDown) {
    // Looking straight down from 1000 m with a 30° field of view: the image's height covers
    // 2 × 1000 × tan(15°) metres of ground.
    const CameraPose top = pose(100, 200, 1000, 0, 90);
    const double width = 1600, height = 900;
    const double expected = 2 * 1000 * std::tan(15 * M_PI / 180) / height;
    EXPECT_NEAR(planview::groundMetresPerPixel(planview::viewMatrixOf(top), planview::perspectiveProjection(width / height), width, height),
                expected, expected * 1e-6);
    // Turned, the scale at the centre is the same.
    const CameraPose turned = pose(100, 200, 1000, 137, 90);
    EXPECT_NEAR(planview::groundMetresPerPixel(planview::viewMatrixOf(turned), planview::perspectiveProjection(width / height), width, height),
                expected, expected * 1e-6);
    // An orthographic window 3200 m wide over 1600 pixels: 2 m a pixel.
    EXPECT_NEAR(planview::groundMetresPerPixel(planview::viewMatrixOf(top), planview::orthoProjection({-1600, 1600, -900, 900}), width, height),
                2.0, 1e-9);
}

}  // namespace
