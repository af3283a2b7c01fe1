// The sun as part of the map view (issue 19): the sun time's text as bookmarks and `render --sun`
// write it, its round trip through the project file, and bookmarks of a view with a sun. References
// are the texts the tests write (a clock time is its digits; China's zone is UTC+8).
#include <gtest/gtest.h>
#include <cmath>
#include <string>
#include "geo/Errors.h"
#include "geo/MapView.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "geo/ProjectWriter.h"
#include "geo/SunView.h"

namespace {

const geo::ProjectData& sample() {
    static const geo::ProjectData data =
        geo::loadProjectData(geo::loadProject(PLANVIEW_SOURCE_DIR "/assets/shangcheng/project.toml"));
    return data;
}

TEST(SunTime, ReadsDateClockAndZone) {
    geo::SunTime t = geo::parseSunTime("2020-01-20 10:00", 8);
    EXPECT_EQ(t.date, (geo::CivilDate{2020, 1, 20}));
    EXPECT_DOUBLE_EQ(t.clockHours, 10.0);
    EXPECT_DOUBLE_EQ(t.utcOffsetHours, 8.0);
    EXPECT_DOUBLE_EQ(geo::parseSunTime("2020-01-20 15:30:36", 8).clockHours, 15 + 30 / 60.0 + 36 / 3600.0);
    EXPECT_DOUBLE_EQ(geo::parseSunTime("2020-01-20 10:00 UTC+05:30", 8).utcOffsetHours, 5.5);
    EXPECT_DOUBLE_EQ(geo::parseSunTime("2020-01-20 10:00 +08:00", 0).utcOffsetHours, 8.0);
    EXPECT_DOUBLE_EQ(geo::parseSunTime("2020-01-20 10:00 UTC-3", 8).utcOffsetHours, -3.0);
    EXPECT_DOUBLE_EQ(geo::parseSunTime("2020-06-21T06:05Z", 8).utcOffsetHours, 0.0);
    EXPECT_DOUBLE_EQ(geo::parseSunTime("2020-06-21 6:05", 8).clockHours, 6 + 5 / 60.0);
}

TEST(SunTime, RefusesWhatIsNoTime) {
    for (const char* bad : {"", "2020-01-20", "10:00", "2020-02-30 10:00", "2020-01-20 24:00", "2020-01-20 10:60",
                            "2020-01-20 10:00 UTC+15", "2020-01-20 10:00 Beijing", "noon", "2020-01-20 10:00:61"}) {
        try {
            geo::parseSunTime(bad, 8);
            ADD_FAILURE() << "accepted '" << bad << "'";
        } catch (const geo::InputError& e) {
            const std::string message = e.what();
            EXPECT_NE(message.find(std::string("'") + bad + "'"), std::string::npos) << message;
            EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        }
    }
}

TEST(SunTime, FormatReadsBackToTheSecond) {
    for (double zone : {8.0, 0.0, -3.5, 5.75}) {
        for (double hours : {0.0, 7.25, 10.0, 12 + 1 / 3600.0, 23 + 59 / 60.0 + 59 / 3600.0}) {
            geo::SunTime t{{2021, 12, 21}, hours, zone};
            for (std::optional<double> omit : {std::optional<double>(), std::optional<double>(zone), std::optional<double>(1.0)}) {
                const std::string text = geo::formatSunTime(t, omit);
                geo::SunTime back = geo::parseSunTime(text, omit.value_or(99));
                EXPECT_EQ(back.date, t.date) << text;
                EXPECT_NEAR(back.clockHours, hours, 0.5 / 3600) << text;
                EXPECT_DOUBLE_EQ(back.utcOffsetHours, zone) << text;
            }
        }
    }
    EXPECT_EQ(geo::formatSunTime({{2020, 1, 20}, 10, 8}, 8.0), "2020-01-20 10:00");
    EXPECT_EQ(geo::formatSunTime({{2020, 1, 20}, 15.5, 8}), "2020-01-20 15:30 UTC+8");
}

TEST(SunTime, TheSamplesClockIsChinas) {
    // Hangzhou keeps Beijing time, UTC+8.
    EXPECT_DOUBLE_EQ(geo::projectUtcOffset(sample()), 8.0);
}

const char* kProject = R"(title = "t"
[[layer]]
name = "地块"
source = "parcels.gpkg"

[[bookmark]]
name = "冬日"
lon = 120.15
lat = 30.25
sun = "%SUN%"

[[tour]]
name = "日照"
[[tour.stop]]
bookmark = "冬日"
sun = "2020-01-20 15:00"
)";

std::string projectWithSun(const std::string& sun) {
    std::string text = kProject;
    text.replace(text.find("%SUN%"), 5, sun);
    return text;
}

TEST(SunTime, ABookmarksSunIsReadAndWrittenBack) {
    geo::Project p = geo::parseProject(projectWithSun("2020-01-20 10:00"), "/tmp/p.toml");
    ASSERT_EQ(p.bookmarks.size(), 1u);
    EXPECT_EQ(p.bookmarks[0].sun, "2020-01-20 10:00");
    EXPECT_EQ(p.tours.at(0).stops.at(0).sun, "2020-01-20 15:00");
    geo::Bookmark changed = p.bookmarks[0];
    changed.sun = "2020-06-21 12:30 UTC+9";
    const std::string saved = geo::withBookmarks(projectWithSun("2020-01-20 10:00"), {{changed, 0}});
    geo::Project again = geo::parseProject(saved, "/tmp/p.toml");
    EXPECT_EQ(again.bookmarks.at(0).sun, "2020-06-21 12:30 UTC+9");
    changed.sun.clear();
    EXPECT_EQ(geo::parseProject(geo::withBookmarks(saved, {{changed, 0}}), "/tmp/p.toml").bookmarks.at(0).sun, "");
}

TEST(SunTime, ABadSunIsOneLineNamingTheBookmark) {
    for (const char* bad : {"2020-13-01 10:00", "tomorrow", "2020-01-20 25:00"}) {
        try {
            geo::parseProject(projectWithSun(bad), "/tmp/p.toml");
            ADD_FAILURE() << "accepted sun = '" << bad << "'";
        } catch (const geo::InputError& e) {
            const std::string message = e.what();
            EXPECT_NE(message.find("/tmp/p.toml"), std::string::npos) << message;
            EXPECT_NE(message.find("bookmark '冬日'.sun"), std::string::npos) << message;
            EXPECT_NE(message.find(bad), std::string::npos) << message;
            EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        }
    }
}

TEST(SunTime, ABookmarkOfAViewWithASunShowsItAgain) {
    const geo::ProjectData& data = sample();
    geo::MapView view = geo::projectMapView(data);
    view.camera = geo::View{120.17, 30.25, 1500, 20, 40};
    view.sun = geo::SunTime{{2020, 1, 20}, 10.5, 8};
    geo::Bookmark b = geo::bookmarkOf(view, "大寒上午", data);
    EXPECT_EQ(b.sun, "2020-01-20 10:30");   // the project's own zone is not written
    geo::MapView shown = geo::projectMapView(data);
    geo::showBookmark(shown, b, data, std::nullopt);
    ASSERT_TRUE(shown.sun);
    EXPECT_EQ(*shown.sun, *view.sun);

    // Saved with its layers but without a sun: the sun goes off, as the timeline's date does.
    view.sun.reset();
    geo::showBookmark(shown, geo::bookmarkOf(view, "夜", data), data, std::nullopt);
    EXPECT_FALSE(shown.sun);

    geo::Bookmark broken = b;
    broken.sun = "2020-01-20 99:00";
    try {
        geo::showBookmark(shown, broken, data, std::nullopt);
        ADD_FAILURE() << "showed a bookmark with a bad sun";
    } catch (const geo::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("bookmark '大寒上午'"), std::string::npos) << e.what();
    }
}

}  // namespace

// A tour flying between two stops of one day sweeps the clock evenly; between days it cannot.
TEST(SunTime, ATourSweepsTheClockBetweenStopsOfOneDay) {
    const geo::SunTime eight = geo::parseSunTime("2020-01-20 08:00", 8), sixteen = geo::parseSunTime("2020-01-20 16:00", 8);
    EXPECT_DOUBLE_EQ(geo::sunBetween(eight, sixteen, 0.5)->clockHours, 12.0);
    EXPECT_DOUBLE_EQ(geo::sunBetween(eight, sixteen, 0.25)->clockHours, 10.0);
    EXPECT_EQ(*geo::sunBetween(eight, sixteen, 1.0), sixteen);
    EXPECT_EQ(*geo::sunBetween(eight, sixteen, 7.0), sixteen) << "clamped";
    EXPECT_EQ(*geo::sunBetween(sixteen, eight, 0.0), sixteen) << "back in time too";
    const geo::SunTime nextDay = geo::parseSunTime("2020-01-21 09:00", 8);
    EXPECT_EQ(*geo::sunBetween(eight, nextDay, 0.5), nextDay);
    const geo::SunTime otherZone = geo::parseSunTime("2020-01-20 09:00 UTC+9", 8);
    EXPECT_EQ(*geo::sunBetween(eight, otherZone, 0.5), otherZone);
    EXPECT_FALSE(geo::sunBetween(eight, std::nullopt, 0.5));
    EXPECT_EQ(*geo::sunBetween(std::nullopt, sixteen, 0.5), sixteen);
}
