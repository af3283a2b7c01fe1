// Tours in the project file (issue 6): [[tour]] tables with their stops, each naming a bookmark with
// a dwell time, an optional flight time and a caption; errors as "file:line: key: cause".
#include <gtest/gtest.h>
#include <memory>
#include <spdlog/sinks/ringbuffer_sink.h>
#include "geo/Errors.h"
#include "geo/Log.h"
#include "geo/Project.h"

namespace {

const std::string kBase = R"(title = "测试"
[[layer]]
name = "a"
source = "/abs/a.gpkg"
[[bookmark]]
name = "大湖滨商圈"
lon = 120.1663
lat = 30.2540
[[bookmark]]
name = "山南基金小镇"
lon = 120.1640
lat = 30.2180
)";

std::string errorOf(const std::string& text) {
    try {
        geo::parseProject(text, "p.toml");
    } catch (const geo::InputError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(Tours, StopsKeepTheirOrderDwellFlightAndCaption) {
    geo::Project p = geo::parseProject(kBase + R"(
[[tour]]
name = "五大平台"
[[tour.stop]]
bookmark = "大湖滨商圈"
dwell = 6
caption = "大湖滨商圈：国家级品牌消费集聚区"
[[tour.stop]]
bookmark = "山南基金小镇"
dwell = 4.5
flight = 3
caption = "山南基金小镇"
[[tour]]
name = "short"
[[tour.stop]]
bookmark = "山南基金小镇"
)", "p.toml");
    ASSERT_EQ(p.tours.size(), 2u);
    const geo::Tour& t = p.tours[0];
    EXPECT_EQ(t.name, "五大平台");
    ASSERT_EQ(t.stops.size(), 2u);
    EXPECT_EQ(t.stops[0].bookmark, "大湖滨商圈");
    EXPECT_DOUBLE_EQ(t.stops[0].dwell, 6);
    EXPECT_DOUBLE_EQ(t.stops[0].flight, geo::TourStop::kDefaultFlightSeconds);
    EXPECT_EQ(t.stops[0].caption, "大湖滨商圈：国家级品牌消费集聚区");
    EXPECT_DOUBLE_EQ(t.stops[1].dwell, 4.5);
    EXPECT_DOUBLE_EQ(t.stops[1].flight, 3);
    EXPECT_DOUBLE_EQ(t.seconds(), 6 + 2.5 + 4.5 + 3);
    EXPECT_GE(geo::TourStop::kDefaultFlightSeconds, 2.0);
    EXPECT_LE(geo::TourStop::kDefaultFlightSeconds, 3.0);
    // Dwell and caption are optional: 5 s and no caption.
    EXPECT_DOUBLE_EQ(p.tours[1].stops[0].dwell, 5);
    EXPECT_EQ(p.tours[1].stops[0].caption, "");
    EXPECT_EQ(p.tour("short"), &p.tours[1]);
    EXPECT_EQ(p.tour("none"), nullptr);
    EXPECT_EQ(p.bookmark("山南基金小镇"), &p.bookmarks[1]);
}

TEST(Tours, AToursTableMayComeBeforeItsBookmarks) {
    geo::Project p = geo::parseProject(R"(
[[tour]]
name = "t"
[[tour.stop]]
bookmark = "b"
dwell = 1
[[layer]]
name = "a"
source = "/abs/a.gpkg"
[[bookmark]]
name = "b"
lon = 120
lat = 30
)", "p.toml");
    ASSERT_EQ(p.tours.size(), 1u);
    EXPECT_EQ(p.tours[0].stops[0].bookmark, "b");
}

TEST(Tours, AProjectWithoutToursHasNone) {
    geo::Project p = geo::parseProject(kBase, "p.toml");
    EXPECT_TRUE(p.tours.empty());
    EXPECT_EQ(p.attribution, "");
}

TEST(Tours, ErrorsNameTheFileTheLineAndTheKey) {
    // A stop naming a bookmark the project does not have names it, and the bookmarks there are.
    EXPECT_EQ(errorOf(kBase + "[[tour]]\nname = \"t\"\n[[tour.stop]]\nbookmark = \"西湖\"\ndwell = 3\n"),
              "p.toml:16: tour 't'.stop 1.bookmark: no bookmark named '西湖' (bookmarks: 大湖滨商圈, 山南基金小镇)");
    EXPECT_EQ(errorOf(kBase + "[[tour]]\nname = \"t\"\n[[tour.stop]]\ndwell = 3\n"),
              "p.toml:15: tour 't'.stop 1: missing required key 'bookmark'");
    EXPECT_EQ(errorOf(kBase + "[[tour]]\nname = \"t\"\n[[tour.stop]]\nbookmark = \"大湖滨商圈\"\ndwell = \"6\"\n"),
              "p.toml:17: tour 't'.stop 1.dwell: must be a number");
    EXPECT_EQ(errorOf(kBase + "[[tour]]\nname = \"t\"\n[[tour.stop]]\nbookmark = \"大湖滨商圈\"\ndwell = 0\n"),
              "p.toml:17: tour 't'.stop 1.dwell: must be positive, at most 3600 seconds");
    EXPECT_EQ(errorOf(kBase + "[[tour]]\nname = \"t\"\n[[tour.stop]]\nbookmark = \"大湖滨商圈\"\nflight = -1\n"),
              "p.toml:17: tour 't'.stop 1.flight: must be within 0..3600 seconds");
    EXPECT_EQ(errorOf(kBase + "[[tour]]\nname = \"t\"\n"), "p.toml:13: tour 't': has no stops ([[tour.stop]] with a bookmark and a dwell time)");
    EXPECT_EQ(errorOf(kBase + "[[tour]]\ndwell = 3\n"), "p.toml:13: tour: missing required key 'name'");
    EXPECT_EQ(errorOf("tour = 3\n" + kBase), "p.toml:1: tour: must be an array of tables ([[tour]])");
    EXPECT_EQ(errorOf(kBase + "[[tour]]\nname = \"t\"\n[[tour.stop]]\nbookmark = \"大湖滨商圈\"\n"
                              "[[tour]]\nname = \"t\"\n[[tour.stop]]\nbookmark = \"大湖滨商圈\"\n"),
              "p.toml:18: tour 't'.name: a tour of this name comes earlier");
}

TEST(Tours, UnknownKeysWarnAndAreIgnored) {
    auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(16);
    geo::log().sinks().push_back(sink);
    geo::Project p = geo::parseProject(kBase + "[[tour]]\nname = \"t\"\nspeed = 2\n[[tour.stop]]\nbookmark = \"大湖滨商圈\"\nwait = 3\n",
                                       "p.toml");
    geo::log().sinks().pop_back();
    ASSERT_EQ(p.tours.size(), 1u);
    std::string all;
    for (const std::string& line : sink->last_formatted()) all += line;
    EXPECT_NE(all.find("p.toml:15: tour 't'.speed: unknown key, ignored"), std::string::npos) << all;
    EXPECT_NE(all.find("p.toml:18: tour 't'.stop 1.wait: unknown key, ignored"), std::string::npos) << all;
}

TEST(Tours, AttributionFromTheProjectFile) {
    geo::Project p = geo::parseProject("attribution = \"示意数据\"\n" + kBase, "p.toml");
    EXPECT_EQ(p.attribution, "示意数据");
    EXPECT_EQ(geo::dataAttribution(p, true), "示意数据");
}

TEST(Tours, TheShangchengSampleShipsATourOfItsPlatforms) {
    const std::string path = std::string(PLANVIEW_SOURCE_DIR) + "/assets/shangcheng/project.toml";
    geo::Project p = geo::loadProject(path);
    ASSERT_FALSE(p.tours.empty());
    const geo::Tour& t = p.tours[0];
    EXPECT_GE(t.stops.size(), 5u);
    for (const geo::TourStop& s : t.stops) {
        EXPECT_NE(p.bookmark(s.bookmark), nullptr) << s.bookmark;
        EXPECT_FALSE(s.caption.empty()) << s.bookmark;
    }
    // The GeoPackage's metadata says the data is illustrative.
    std::string zh = geo::dataAttribution(p, true), en = geo::dataAttribution(p, false);
    EXPECT_NE(zh.find("示意"), std::string::npos) << zh;
    EXPECT_NE(en.find("illustrative"), std::string::npos) << en;
}

}  // namespace
