// The sun panel's tool on the Shangcheng sample, without a display (issue 19): the solar-term
// presets, the clock, the sun shown over the scene, playing through the day, and a bookmark of a
// view with a sun saved into the project file by the viewer and shown again from it. References:
// the published dates of the solar terms (大寒 2020: 20 January; 冬至 2021: 21 December), and the
// text of the saved file read back by the project parser.
#include <gtest/gtest.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "tests/support/SampleProjectCopy.h"
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "app/tools/MapController.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "tests/viewer/SampleControllerTest.h"

namespace {

using viewer_test::kGpkg;
using viewer_test::kProject;

using ProjectCopy = fixtures::SampleProjectCopy;

using Viewer = viewer_test::ProjectViewer;

TEST(SunTool, PresetsClockAndTheSunShown) {
    ProjectCopy copy;
    Viewer v(copy.path.string());
    planview::MapController& c = *v.controller;
    EXPECT_FALSE(c.state().view.sun) << "the sample opens in the everyday light";
    EXPECT_DOUBLE_EQ(c.state().sun.utcOffsetHours, 8.0) << "Hangzhou keeps Beijing time";

    c.sun.setSunDate({2020, 6, 1});
    c.sun.setSunDate(geo::solarTermDate(geo::SolarTerm::GreatCold, 2020, 8));
    EXPECT_EQ(c.state().sun.date, (geo::CivilDate{2020, 1, 20}));
    c.sun.setSunClock(10.5);
    EXPECT_FALSE(c.state().view.sun) << "setting the date and clock does not turn the sun on";
    c.sun.setSunActive(true);
    ASSERT_TRUE(c.state().view.sun);
    EXPECT_EQ(*c.state().view.sun, (geo::SunTime{{2020, 1, 20}, 10.5, 8}));
    ASSERT_TRUE(v.scene->sun());
    ASSERT_TRUE(c.state().sun.shown);
    // A winter morning: the sun in the south-east, low; true solar time near the clock's (120.17 E is
    // 0.17° east of the zone's meridian; the equation of time is about −11 minutes in late January).
    const geo::SunPosition& p = c.state().sun.shown->position;
    EXPECT_GT(p.altitude, 20);
    EXPECT_LT(p.altitude, 40);
    EXPECT_GT(p.azimuth, 120);
    EXPECT_LT(p.azimuth, 170);
    EXPECT_NEAR(p.trueSolarHours, 10.5 + (0.68 - 11.0) / 60, 2.0 / 60);

    c.sun.setSunDate(geo::solarTermDate(geo::SolarTerm::WinterSolstice, 2021, 8));
    EXPECT_EQ(c.state().view.sun->date, (geo::CivilDate{2021, 12, 21}));
    c.sun.setSunClock(22);
    EXPECT_TRUE(c.state().sun.shown->night());

    // Playing runs the clock through the day and stops in the evening.
    c.sun.setSunClock(19);
    c.sun.setSunPlaying(true);
    EXPECT_TRUE(c.state().sun.playing);
    for (int i = 0; i < 10 && c.tick(0.25); ++i) {}
    EXPECT_FALSE(c.state().sun.playing);
    EXPECT_GT(c.state().view.sun->clockHours, 19.9);

    c.sun.setSunActive(false);
    EXPECT_FALSE(c.state().view.sun);
    EXPECT_FALSE(v.scene->sun());
    EXPECT_FALSE(c.state().sun.shown);
}

TEST(SunTool, ABookmarkWithASunRoundTripsThroughTheViewersSave) {
    ProjectCopy copy;
    std::size_t saved = 0;
    {
        Viewer v(copy.path.string());
        planview::MapController& c = *v.controller;
        c.host().currentView = [] { return std::optional<geo::View>(geo::View{120.17, 30.25, 1500, 15, 50}); };
        c.sun.setSunDate({2020, 1, 20});
        c.sun.setSunClock(15.25);
        c.sun.setSunActive(true);
        c.bookmarks.saveCurrentView();
        saved = c.state().bookmarks.size() - 1;
        // A second bookmark, of the everyday light (the viewer saves every bookmark with its layers).
        c.sun.setSunActive(false);
        c.bookmarks.saveCurrentView();
        ASSERT_NE(c.state().bookmarkMessage.find(copy.path.string()), std::string::npos) << c.state().bookmarkMessage;
    }
    std::ifstream in(copy.path);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("sun = \"2020-01-20 15:15\""), std::string::npos) << "the project file has no sun line";
    geo::Project project = geo::parseProject(text.str(), copy.path.string());
    ASSERT_GT(project.bookmarks.size(), saved);
    EXPECT_EQ(project.bookmarks[saved].sun, "2020-01-20 15:15");

    // A viewer opened on the saved file shows the bookmark's sun; going to the one saved without a
    // sun turns it off again.
    Viewer again(copy.path.string());
    planview::MapController& c = *again.controller;
    c.bookmarks.goToBookmark(saved);
    ASSERT_TRUE(c.state().view.sun);
    EXPECT_EQ(*c.state().view.sun, (geo::SunTime{{2020, 1, 20}, 15.25, 8}));
    EXPECT_TRUE(again.scene->sun());
    ASSERT_GT(project.bookmarks.size(), saved + 1);
    EXPECT_EQ(project.bookmarks[saved + 1].sun, "");
    c.bookmarks.goToBookmark(saved + 1);
    EXPECT_FALSE(c.state().view.sun);
}

}  // namespace
