// MapView (issue 17): the map as the project file describes it, the timeline the project plays, and
// bookmarks taken of a view and shown on one. References are the project text the tests write, the
// sample project's file and the sample GeoPackage read through GDAL.
#include <gtest/gtest.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <algorithm>
#include <fstream>
#include <functional>
#include "geo/MapView.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "tests/support/Fixtures.h"

namespace {

const std::string shangcheng = PLANVIEW_SOURCE_DIR "/assets/shangcheng/shangcheng.gpkg";

const geo::ProjectData& sample() {
    static const geo::ProjectData data =
        geo::loadProjectData(geo::loadProject(PLANVIEW_SOURCE_DIR "/assets/shangcheng/project.toml"));
    return data;
}

/// A small project in a temporary folder: a land-use layer, a layer whose source is missing, a
/// hidden layer with a start field but no dates in it, and two dated layers (the first one plays).
/// Dates of "works": starts 2016-03-01, 2019-05-01 and 2015 (a year: from its first day), finishes
/// 2018 (to its last day), none and 2017-06-30, so its range is 2015-01-01 to 2019-05-01.
geo::ProjectData writeSmallProject(const fixtures::TempDir& dir) {
    const std::string gpkg = dir / "p.gpkg";
    fixtures::writeLayer(gpkg, "GPKG", "parcels", 4490, wkbPoint, {{"landuse"}},
                         {{"POINT(120.17 30.25)", {"R2"}}, {"POINT(120.18 30.25)", {"B1"}}});
    fixtures::writeLayer(gpkg, "GPKG", "undated", 4490, wkbPoint, {{"start_date"}, {"finish_date"}},
                         {{"POINT(120.17 30.26)", {fixtures::null, fixtures::null}}});
    fixtures::writeLayer(gpkg, "GPKG", "works", 4490, wkbPoint, {{"start_date"}, {"finish_date"}},
                         {{"POINT(120.17 30.24)", {"2016-03-01", "2018"}},
                          {"POINT(120.18 30.24)", {"2019-05-01", fixtures::null}},
                          {"POINT(120.19 30.24)", {"2015", "2017-06-30"}}});
    std::ofstream(dir / "p.toml") << R"(
[[layer]]
name = "用地"
source = "p.gpkg"
layer = "parcels"
where = "landuse <> 'X'"
[layer.style]
by = "landuse"

[[layer]]
name = "缺失"
source = "missing.gpkg"
[layer.style]
by = "landuse"

[[layer]]
name = "无日期"
source = "p.gpkg"
layer = "undated"
visible = false

[[layer]]
name = "工程"
source = "p.gpkg"
layer = "works"
[layer.style]
by = "nosuchfield"

[[layer]]
name = "工程副本"
source = "p.gpkg"
layer = "works"
)";
    return geo::loadProjectData(geo::loadProject(dir / "p.toml"));
}

struct SmallProject {
    fixtures::TempDir dir;
    geo::ProjectData data = writeSmallProject(dir);
};

const SmallProject& small() {
    static const SmallProject p;
    return p;
}

geo::View camera(double lon, double lat, double distance, double heading, double pitch) {
    geo::View v;
    v.lon = lon, v.lat = lat, v.distance = distance, v.heading = heading, v.pitch = pitch;
    return v;
}

void expectSameCamera(const std::optional<geo::View>& got, const geo::View& expected) {
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->lon, expected.lon);
    EXPECT_EQ(got->lat, expected.lat);
    EXPECT_EQ(got->distance, expected.distance);
    EXPECT_EQ(got->heading, expected.heading);
    EXPECT_EQ(got->pitch, expected.pitch);
}

std::vector<bool> visibility(const geo::MapView& view) {
    std::vector<bool> out;
    for (const auto& l : view.layers) out.push_back(l.visible);
    return out;
}

}  // namespace

TEST(MapView, ProjectMapViewIsWhatTheProjectFileSays) {
    const geo::ProjectData& data = small().data;
    ASSERT_EQ(data.layers.size(), 5u);
    ASSERT_FALSE(data.layers[1].available()) << "its source does not exist";
    const geo::MapView view = geo::projectMapView(data);
    ASSERT_EQ(view.layers.size(), 5u);
    EXPECT_EQ(visibility(view), (std::vector<bool>{true, true, false, true, true}));
    const char* styleFields[] = {"landuse", "landuse", "", "nosuchfield", ""};
    // The checkboxes list the style field's categories only where the loaded layer has that field.
    const char* categoryFields[] = {"landuse", "", "", "", ""};
    for (std::size_t i = 0; i < view.layers.size(); ++i) {
        const geo::LayerView& l = view.layers[i];
        EXPECT_EQ(l.styleField, styleFields[i]) << i;
        EXPECT_EQ(l.filter.categoryField, categoryFields[i]) << i;
        EXPECT_EQ(l.opacity, 1.0f) << i;
        // Nothing hidden, no expression: the layer's own `where` is applied when it is read.
        EXPECT_TRUE(l.filter.hiddenCategories.empty()) << i;
        EXPECT_EQ(l.filter.where, "") << i;
        EXPECT_EQ(l.filter.mode, geo::FilterMode::Hide) << i;
    }
    EXPECT_FALSE(view.date);
    EXPECT_FALSE(view.selection);
    EXPECT_FALSE(view.camera);
}

TEST(MapView, ProjectMapViewOfTheSampleListsEachStyleFieldTheSourceHas) {
    const geo::ProjectData& data = sample();
    const geo::MapView view = geo::projectMapView(data);
    ASSERT_EQ(view.layers.size(), data.layers.size());
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(shangcheng.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    std::size_t styled = 0;
    for (std::size_t i = 0; i < data.layers.size(); ++i) {
        const geo::LoadedLayer& layer = data.layers[i];
        ASSERT_TRUE(layer.available()) << layer.spec.name;
        EXPECT_EQ(view.layers[i].visible, layer.spec.visible) << "as the project file says: " << layer.spec.name;
        // 3D models and rasters: not in the GeoPackage.
        if (layer.spec.kind == geo::LayerKind::Models || geo::isRasterKind(layer.spec.kind)) continue;
        OGRLayer* source = ds->GetLayerByName(layer.spec.layer.c_str());
        ASSERT_NE(source, nullptr) << layer.spec.layer;
        const std::string by = view.layers[i].styleField;
        const bool hasField = !by.empty() && source->GetLayerDefn()->GetFieldIndex(by.c_str()) >= 0;
        EXPECT_EQ(view.layers[i].filter.categoryField, hasField ? by : "") << layer.spec.name;
        styled += hasField;
    }
    EXPECT_GE(styled, 8u) << "all but the district layer are coloured by a field";
}

TEST(MapView, TimelineIsTheFirstLayerWithDates) {
    const auto timeline = geo::findProjectTimeline(small().data);
    ASSERT_TRUE(timeline);
    // "无日期" has a start field but no date in it; "工程副本" has dates but comes after "工程".
    EXPECT_EQ(timeline->layer, 3u);
    const geo::FeatureLayer& works = small().data.layers[3].data;
    EXPECT_EQ(works.fields.at(static_cast<std::size_t>(timeline->fields.start)).name, "start_date");
    EXPECT_EQ(works.fields.at(static_cast<std::size_t>(timeline->fields.finish)).name, "finish_date");
    EXPECT_EQ(geo::formatDate(timeline->range.first), "2015-01-01");
    EXPECT_EQ(geo::formatDate(timeline->range.last), "2019-05-01");

    // A project without dates has no timeline.
    const geo::ProjectData parcelsOnly = geo::loadProjectData(geo::openProject(small().dir / "p.gpkg", "parcels"));
    EXPECT_FALSE(geo::findProjectTimeline(parcelsOnly));
}

TEST(MapView, SampleTimelinePlaysTheProjectsLayerOverItsDates) {
    const geo::ProjectData& data = sample();
    const auto timeline = geo::findProjectTimeline(data);
    ASSERT_TRUE(timeline);
    EXPECT_EQ(data.layers.at(timeline->layer).spec.layer, "projects");
    // The sample's dates are ISO text, so SQL's MIN and MAX of the text are the first and last day.
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(shangcheng.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    OGRLayer* sql = ds->ExecuteSQL("SELECT MIN(start_date), MAX(MAX(COALESCE(finish_date, '')), MAX(start_date)) FROM projects",
                                   nullptr, "SQLite");
    ASSERT_NE(sql, nullptr);
    OGRFeatureUniquePtr row(sql->GetNextFeature());
    ASSERT_TRUE(row);
    const std::string first = row->GetFieldAsString(0), last = row->GetFieldAsString(1);
    ds->ReleaseResultSet(sql);
    EXPECT_EQ(geo::formatDate(timeline->range.first), first);
    EXPECT_EQ(geo::formatDate(timeline->range.last), last);
}

TEST(MapView, BookmarkOfThenShowBookmarkGivesBackCameraLayersAndDate) {
    const geo::ProjectData& data = sample();
    const auto timeline = geo::findProjectTimeline(data);
    ASSERT_TRUE(timeline);
    geo::MapView view = geo::projectMapView(data);
    for (std::size_t i = 0; i < data.layers.size(); ++i)
        if (data.layers[i].spec.name == "水系" || data.layers[i].spec.name == "街巷") view.layers[i].visible = false;
    view.date = geo::dateFromYmd(2018, 6, 30);
    view.camera = camera(120.1712, 30.2437, 2450.5, 33.25, 61.5);

    const geo::Bookmark b = geo::bookmarkOf(view, "回看", data);
    EXPECT_EQ(b.name, "回看");
    expectSameCamera(b.view, *view.camera);
    ASSERT_TRUE(b.layers);
    // The project file's layers in its order, less the two hidden here and those the file hides.
    std::vector<std::string> shown;
    for (const geo::LayerSpec& spec : data.project.layers)
        if (spec.visible && spec.name != "水系" && spec.name != "街巷") shown.push_back(spec.name);
    EXPECT_LT(shown.size(), data.project.layers.size() - 2) << "the sample hides its scheme layer";
    EXPECT_EQ(*b.layers, shown);
    EXPECT_EQ(b.date, "2018-06-30");

    // Shown on a view that differs in all of it, the bookmark gives the view back.
    geo::MapView other = geo::projectMapView(data);
    other.layers[0].visible = false;
    other.date = timeline->range.first;
    other.camera = camera(120.0, 30.0, 100, 0, 90);
    ASSERT_NE(other, view);
    geo::showBookmark(other, b, data, timeline);
    expectSameCamera(other.camera, *view.camera);
    EXPECT_EQ(visibility(other), visibility(view));
    EXPECT_EQ(other.date, view.date);
    EXPECT_EQ(other, view);
}

TEST(MapView, ABookmarkOfAViewWithoutADateTurnsTheTimelineOff) {
    const geo::ProjectData& data = sample();
    const auto timeline = geo::findProjectTimeline(data);
    geo::MapView view = geo::projectMapView(data);
    view.camera = camera(120.18, 30.23, 8500, 0, 50);
    const geo::Bookmark b = geo::bookmarkOf(view, "plain", data);
    EXPECT_EQ(b.date, "");
    ASSERT_TRUE(b.layers);
    const auto shownInFile = std::count_if(data.project.layers.begin(), data.project.layers.end(),
                                           [](const geo::LayerSpec& spec) { return spec.visible; });
    EXPECT_EQ(b.layers->size(), static_cast<std::size_t>(shownInFile));

    geo::MapView other = view;
    other.date = geo::dateFromYmd(2017, 1, 1);
    geo::showBookmark(other, b, data, timeline);
    EXPECT_FALSE(other.date);
    EXPECT_EQ(other, view);
}

TEST(MapView, ShowBookmarkClampsTheDateToTheTimeline) {
    const geo::ProjectData& data = small().data;
    const auto timeline = geo::findProjectTimeline(data);
    ASSERT_TRUE(timeline);
    // The range is 2015-01-01 .. 2019-05-01 (see SmallProject).
    const std::pair<const char*, const char*> cases[] = {
        {"2000-01-01", "2015-01-01"}, {"2014-12-31", "2015-01-01"}, {"2015-01-01", "2015-01-01"},
        {"2017-02-03", "2017-02-03"}, {"2019-05-01", "2019-05-01"}, {"2019-05-02", "2019-05-01"},
        {"2030-06-01", "2019-05-01"},
    };
    for (const auto& [date, expected] : cases) {
        geo::MapView view = geo::projectMapView(data);
        geo::Bookmark b;
        b.date = date;
        geo::showBookmark(view, b, data, timeline);
        ASSERT_TRUE(view.date) << date;
        EXPECT_EQ(geo::formatDate(*view.date), expected) << date;
    }
}

TEST(MapView, ShowBookmarkWithLayersButNoDateTurnsTheTimelineOff) {
    const geo::ProjectData& data = small().data;
    const auto timeline = geo::findProjectTimeline(data);
    geo::MapView view = geo::projectMapView(data);
    view.date = geo::dateFromYmd(2017, 1, 1);
    geo::Bookmark b;
    b.view = camera(120.18, 30.25, 900, 10, 30);
    b.layers = std::vector<std::string>{"工程", "用地", "没有这个图层"};
    geo::showBookmark(view, b, data, timeline);
    EXPECT_FALSE(view.date);
    // The layers it names are shown (a name the project lacks is ignored), the others hidden.
    EXPECT_EQ(visibility(view), (std::vector<bool>{true, false, false, true, false}));
    expectSameCamera(view.camera, b.view);
}

TEST(MapView, ShowBookmarkWithoutLayersOrDateLeavesThemAsTheyAre) {
    const geo::ProjectData& data = small().data;
    const auto timeline = geo::findProjectTimeline(data);
    geo::MapView view = geo::projectMapView(data);
    view.layers[0].visible = false;
    view.date = geo::dateFromYmd(2017, 1, 1);
    const geo::MapView before = view;
    geo::Bookmark b;   // as a project's own bookmark: a camera alone
    b.view = camera(120.1663, 30.2540, 1800, 0, 45);
    geo::showBookmark(view, b, data, timeline);
    expectSameCamera(view.camera, b.view);
    EXPECT_EQ(visibility(view), visibility(before));
    EXPECT_EQ(view.date, before.date);
}

TEST(MapView, ShowBookmarkIgnoresTheDateWithoutATimeline) {
    const geo::ProjectData& data = small().data;
    geo::MapView view = geo::projectMapView(data);
    view.date = geo::dateFromYmd(2016, 1, 1);
    geo::Bookmark b;
    b.view = camera(120.2, 30.2, 500, 0, 45);
    b.layers = std::vector<std::string>{"用地"};
    b.date = "2017-06-30";
    geo::showBookmark(view, b, data, std::nullopt);
    ASSERT_TRUE(view.date);
    EXPECT_EQ(geo::formatDate(*view.date), "2016-01-01");
    // The camera and the layers still follow the bookmark.
    expectSameCamera(view.camera, b.view);
    EXPECT_EQ(visibility(view), (std::vector<bool>{true, false, false, false, false}));
}

// Every field of a MapView counts: changing any one makes the views differ.
TEST(MapView, EqualityNoticesEachField) {
    geo::MapView base;
    base.layers.resize(2);
    base.layers[1].styleField = "landuse";
    base.layers[1].filter.categoryField = "landuse";
    base.layers[1].filter.hiddenCategories = {"R2"};
    base.layers[1].filter.where = "height_m > 30";
    base.date = geo::dateFromYmd(2018, 6, 30);
    base.selection = geo::FeatureRef{1, 7, -1};
    base.camera = camera(120.17, 30.25, 1000, 10, 45);
    const geo::MapView copy = base;
    EXPECT_TRUE(copy == base);
    EXPECT_FALSE(copy != base);

    const std::pair<const char*, std::function<void(geo::MapView&)>> changes[] = {
        {"a layer more", [](geo::MapView& v) { v.layers.emplace_back(); }},
        {"visible", [](geo::MapView& v) { v.layers[0].visible = false; }},
        {"opacity", [](geo::MapView& v) { v.layers[0].opacity = 0.5f; }},
        {"style field", [](geo::MapView& v) { v.layers[1].styleField = "platform"; }},
        {"category field", [](geo::MapView& v) { v.layers[1].filter.categoryField = "platform"; }},
        {"hidden categories", [](geo::MapView& v) { v.layers[1].filter.hiddenCategories.insert(""); }},
        {"where", [](geo::MapView& v) { v.layers[1].filter.where = "height_m > 31"; }},
        {"filter mode", [](geo::MapView& v) { v.layers[1].filter.mode = geo::FilterMode::Grey; }},
        {"date", [](geo::MapView& v) { v.date = geo::dateFromYmd(2018, 7, 1); }},
        {"no date", [](geo::MapView& v) { v.date.reset(); }},
        {"selected layer", [](geo::MapView& v) { v.selection->layer = 0; }},
        {"selected feature", [](geo::MapView& v) { v.selection->feature = 8; }},
        {"selected tile", [](geo::MapView& v) { v.selection->tile = 3; }},
        {"no selection", [](geo::MapView& v) { v.selection.reset(); }},
        {"no camera", [](geo::MapView& v) { v.camera.reset(); }},
        {"camera lon", [](geo::MapView& v) { v.camera->lon += 1e-6; }},
        {"camera lat", [](geo::MapView& v) { v.camera->lat += 1e-6; }},
        {"camera distance", [](geo::MapView& v) { v.camera->distance = 1001; }},
        {"camera heading", [](geo::MapView& v) { v.camera->heading = 11; }},
        {"camera pitch", [](geo::MapView& v) { v.camera->pitch = 46; }},
    };
    for (const auto& [what, change] : changes) {
        geo::MapView changed = base;
        change(changed);
        EXPECT_FALSE(changed == base) << what;
        EXPECT_TRUE(changed != base) << what;
        EXPECT_FALSE(base == changed) << what << " (other way round)";
    }
    // Two views without a camera are the same.
    geo::MapView a = base, b = base;
    a.camera.reset(), b.camera.reset();
    EXPECT_EQ(a, b);
}
