// Saving bookmarks into a planner's project file: the bookmarks change as asked, and nothing else the
// planner wrote (comments, layers, tours, keys the viewer does not manage) is lost or moved.
#include <gtest/gtest.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "geo/Errors.h"
#include "geo/ProjectWriter.h"
#include "tests/support/Fixtures.h"

namespace {

const char* kProject = R"(# 我的项目 — written by hand
title = "测试项目"

[[layer]]
name = "地块"
source = "parcels.gpkg"   # the survey of 2019

# ---- views ----
[[bookmark]]
name = "西湖"
lon = 120.15
lat = 30.25
distance = 3000
note = "ask the director about this one"   # a key PlanView does not manage

[[bookmark]]
name = "钱江新城"
lon = 120.21
lat = 30.24
layers = [
  "地块",
]

# ---- the end ----
[home]
lon = 120.18
lat = 30.24
)";

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Every line outside the [[bookmark]] tables, in order.
std::vector<std::string> outsideBookmarks(const std::string& text) {
    std::vector<std::string> out;
    bool inBookmark = false;
    for (const std::string& line : linesOf(text)) {
        if (!line.empty() && line[0] == '[') inBookmark = line == "[[bookmark]]";
        if (inBookmark && (line.empty() || line[0] == '#')) continue;   // blank lines and comments between tables are layout
        if (!inBookmark && !line.empty()) out.push_back(line);
    }
    return out;
}

geo::Project parse(const std::string& text) { return geo::parseProject(text, "/tmp/test.toml"); }

TEST(ProjectWriter, UnchangedBookmarksKeepEverythingAroundThem) {
    geo::Project p = parse(kProject);
    std::vector<geo::EditedBookmark> same;
    for (std::size_t i = 0; i < p.bookmarks.size(); ++i) same.push_back({p.bookmarks[i], i});
    std::string text = geo::withBookmarks(kProject, same);
    geo::Project again = parse(text);
    ASSERT_EQ(again.bookmarks.size(), 2u);
    EXPECT_EQ(outsideBookmarks(text), outsideBookmarks(kProject));
    EXPECT_NE(text.find("note = \"ask the director about this one\"   # a key PlanView does not manage"), std::string::npos);
    EXPECT_EQ(again.bookmarks[1].layers, std::vector<std::string>{"地块"});
}

TEST(ProjectWriter, RenameReorderDeleteAndAddKeepEverythingElse) {
    geo::Project p = parse(kProject);
    geo::Bookmark renamed = p.bookmarks[0];
    renamed.name = "西湖 \"全景\"";   // quotes must be escaped
    renamed.view.heading = 30;
    geo::Bookmark added;
    added.name = "新书签";
    added.view = {120.19, 30.23, 800, 45, 60};
    added.layers = std::vector<std::string>{"地块"};
    added.date = "2018-06-30";
    // New order: the added one first, then the renamed west lake; 钱江新城 deleted.
    std::string text = geo::withBookmarks(kProject, {{added, std::nullopt}, {renamed, 0}});
    geo::Project again = parse(text);
    ASSERT_EQ(again.bookmarks.size(), 2u);
    EXPECT_EQ(again.bookmarks[0].name, "新书签");
    EXPECT_DOUBLE_EQ(again.bookmarks[0].view.distance, 800);
    EXPECT_EQ(again.bookmarks[0].date, "2018-06-30");
    EXPECT_EQ(again.bookmarks[1].name, "西湖 \"全景\"");
    EXPECT_DOUBLE_EQ(again.bookmarks[1].view.heading, 30);
    EXPECT_DOUBLE_EQ(again.bookmarks[1].view.lon, 120.15);
    // The renamed bookmark keeps its own unmanaged key; the deleted one's lines are gone.
    EXPECT_NE(text.find("note = \"ask the director about this one\""), std::string::npos);
    EXPECT_EQ(text.find("钱江新城"), std::string::npos);
    EXPECT_EQ(outsideBookmarks(text), outsideBookmarks(kProject));
    EXPECT_NE(text.find("# ---- views ----"), std::string::npos);
    EXPECT_NE(text.find("# ---- the end ----"), std::string::npos);
    EXPECT_EQ(again.title, "测试项目");
    EXPECT_EQ(again.layers.size(), 1u);
    ASSERT_TRUE(again.home.has_value());
}

TEST(ProjectWriter, AProjectWithoutBookmarksGetsThemAtTheEnd) {
    const std::string text = "title = \"空\"\n\n[[layer]]\nname = \"a\"\nsource = \"a.gpkg\"\n";
    geo::Bookmark b;
    b.name = "one";
    b.view = {120.1, 30.2, 500, 0, 45};
    std::string out = geo::withBookmarks(text, {{b, std::nullopt}});
    EXPECT_EQ(out.rfind(text, 0), 0u);   // the original text is untouched at the start
    geo::Project again = parse(out);
    ASSERT_EQ(again.bookmarks.size(), 1u);
    EXPECT_EQ(again.bookmarks[0].name, "one");
    // Deleting it again gives back a project without bookmarks.
    EXPECT_TRUE(parse(geo::withBookmarks(out, {})).bookmarks.empty());
}

TEST(ProjectWriter, SaveWritesAtomicallyAndRefusesAResultThatWouldNotParse) {
    fixtures::TempDir dir;
    const std::string path = dir / "project.toml";
    { std::ofstream(path) << kProject; }
    geo::Project p = parse(kProject);
    geo::Bookmark b = p.bookmarks[1];
    b.view.pitch = 80;
    geo::saveBookmarks(path, {{b, 1}});
    std::ifstream in(path);
    std::stringstream saved;
    saved << in.rdbuf();
    geo::Project again = parse(saved.str());
    ASSERT_EQ(again.bookmarks.size(), 1u);
    EXPECT_DOUBLE_EQ(again.bookmarks[0].view.pitch, 80);
    // No temporary file is left beside it.
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) files += entry.is_regular_file();
    EXPECT_EQ(files, 1u);

    // A pitch the parser refuses: nothing is written.
    geo::Bookmark bad = b;
    bad.view.pitch = 120;
    EXPECT_THROW(geo::saveBookmarks(path, {{bad, 0}}), geo::OutputError);
    std::ifstream after(path);
    std::stringstream unchanged;
    unchanged << after.rdbuf();
    EXPECT_EQ(unchanged.str(), saved.str());
}

}  // namespace
