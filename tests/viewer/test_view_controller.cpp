// The viewer's controller on the Shangcheng sample project, without a display: what a planner's
// clicks, filters, timeline, search and measuring do to the state the panels show and to the scene.
// Expected values come from GDAL on the source file or from `planview stats`, not from the code
// under test.
#include <cstring>
#include <gtest/gtest.h>
#include <unistd.h>
#include <ogrsf_frmts.h>
#include <array>
#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <map>
#include <set>
#include <memory>
#include <nlohmann/json.hpp>
#include "tests/support/SampleProjectCopy.h"
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "app/ui/PresentationOverlay.h"
#include "app/ui/ToolPanels.h"
#include "app/ui/UiText.h"
#include "app/tools/MapController.h"
#include "tests/viewer/SampleControllerTest.h"
#include "app/viewer/ViewerInput.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"

namespace {

using viewer_test::kGpkg;
using viewer_test::kProject;
using viewer_test::SourceLayer;

class ControllerTest : public viewer_test::SampleControllerTest {
protected:
    static const geo::FeatureLayer& features(const std::string& sourceLayer) { return data_->layers[layerIndex(sourceLayer)].data; }
};

std::string runCommand(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return out;
    std::array<char, 4096> buffer;
    while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
    pclose(pipe);
    return out;
}

TEST_F(ControllerTest, SelectingAParcelFillsTheInspectorWithAttributesAreaAndPlatform) {
    const std::size_t parcels = layerIndex("parcels");
    const geo::FeatureLayer& layer = features("parcels");
    // GDAL's area and perimeter of the same parcels, reprojected to the project's CRS.
    SourceLayer source("parcels");
    OGRSpatialReference target;
    target.importFromEPSG(4549);
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::size_t checked = 0, inPlatform = 0, platformAgrees = 0;
    // About sixty parcels spread over the layer, whatever its size.
    const std::size_t step = std::max<std::size_t>(1, layer.features.size() / 60);
    for (std::size_t i = 0; i < layer.features.size(); i += step) {
        controller_->inspector.select(planview::FeatureRef{static_cast<int>(parcels), i});
        const auto& info = controller_->state().inspector;
        ASSERT_TRUE(info.has_value());
        EXPECT_EQ(info->feature, i);
        // Every field is listed with its value.
        EXPECT_EQ(info->attributes.size(), layer.fields.size() + 1);   // + fid

        std::unique_ptr<OGRFeature> f(source.layer->GetFeature(layer.features[i].fid));
        ASSERT_TRUE(f);
        std::unique_ptr<OGRGeometry> g(f->GetGeometryRef()->clone());
        g->transformTo(&target);
        const double gdalArea = g->toSurface()->get_Area();
        std::unique_ptr<OGRGeometry> boundary(g->Boundary());
        const double gdalPerimeter = dynamic_cast<OGRCurve*>(boundary.get())
                                         ? boundary->toCurve()->get_Length()
                                         : boundary->toMultiCurve()->toMultiLineString()->get_Length();
        EXPECT_NEAR(info->measures.areaM2, gdalArea, gdalArea * 1e-4 + 0.01) << "fid " << layer.features[i].fid;
        EXPECT_NEAR(info->measures.perimeterM, gdalPerimeter, gdalPerimeter * 1e-4 + 0.01) << "fid " << layer.features[i].fid;

        // The platform the inspector finds is the one the parcel's own attribute names.
        std::string attribute = f->IsFieldSetAndNotNull(f->GetFieldIndex("platform")) ? f->GetFieldAsString("platform") : "";
        for (const auto& [zoneLayer, zone] : info->zones)
            if (zoneLayer == "重大平台" && !attribute.empty()) {
                ++inPlatform;
                platformAgrees += zone == attribute;
            }
        ++checked;
    }
    EXPECT_GT(checked, 50u);
    EXPECT_GT(inPlatform, 25u);
    // Platform outlines are approximate; a parcel straddling an edge may be named for its neighbour.
    EXPECT_GE(platformAgrees, inPlatform * 95 / 100) << platformAgrees << " of " << inPlatform;

    controller_->inspector.clearSelection();
    EXPECT_FALSE(controller_->state().inspector.has_value());
    EXPECT_FALSE(scene_->selection().has_value());
}

TEST_F(ControllerTest, CategoryFilterHidesOrGreysAndCountsAgreeWithGdal) {
    const std::size_t parcels = layerIndex("parcels");
    const geo::FeatureLayer& layer = features("parcels");
    controller_->filter.setFilterLayer(parcels);
    auto filter = controller_->state().filters[parcels];
    ASSERT_TRUE(filter);
    EXPECT_EQ(filter->categoryField(), "landuse");
    // Hide the residential class R2: GDAL counts what must remain.
    SourceLayer source("parcels");
    source.layer->SetAttributeFilter("landuse <> 'R2' OR landuse IS NULL");
    const auto expected = static_cast<std::size_t>(source.layer->GetFeatureCount());
    controller_->filter.setCategoryShown(parcels, "R2", false);
    EXPECT_EQ(filter->shownCount(), expected);
    std::size_t shownInScene = 0;
    for (std::size_t i = 0; i < layer.features.size(); ++i) shownInScene += scene_->featureShown(parcels, i);
    EXPECT_EQ(shownInScene, expected);

    // Grey mode: everything stays drawn (and pickable), the count of matching features does not change.
    controller_->filter.setFilterMode(parcels, geo::FilterMode::Grey);
    shownInScene = 0;
    for (std::size_t i = 0; i < layer.features.size(); ++i) shownInScene += scene_->featureShown(parcels, i);
    EXPECT_EQ(shownInScene, layer.features.size());
    EXPECT_EQ(filter->shownCount(), expected);

    controller_->filter.setAllCategoriesShown(parcels, true);
    EXPECT_FALSE(filter->active());
}

TEST_F(ControllerTest, WhereExpressionMatchesOgrAndABadOneKeepsTheLastFilter) {
    const std::size_t parcels = layerIndex("parcels");
    const geo::FeatureLayer& layer = features("parcels");
    const std::string where = "landuse IN ('B1','B2') AND height_m > 40";
    SourceLayer source("parcels");
    source.layer->SetAttributeFilter(where.c_str());
    const auto expected = static_cast<std::size_t>(source.layer->GetFeatureCount());
    ASSERT_GT(expected, 0u);

    // A selected parcel the filter hides is deselected.
    std::size_t hiddenOne = 0;
    auto filter = controller_->state().filters[parcels];
    controller_->filter.applyWhere(parcels, where);
    EXPECT_TRUE(controller_->state().filter.error.empty()) << controller_->state().filter.error;
    EXPECT_EQ(filter->shownCount(), expected);
    while (hiddenOne < layer.features.size() && filter->shown()[hiddenOne]) ++hiddenOne;
    ASSERT_LT(hiddenOne, layer.features.size());
    controller_->filter.applyWhere(parcels, "");
    controller_->inspector.select(planview::FeatureRef{static_cast<int>(parcels), hiddenOne});
    controller_->filter.applyWhere(parcels, where);
    EXPECT_FALSE(scene_->selection().has_value());

    controller_->filter.applyWhere(parcels, "height_m >>> 3");
    EXPECT_FALSE(controller_->state().filter.error.empty());
    EXPECT_EQ(filter->where(), where);
    EXPECT_EQ(filter->shownCount(), expected);
}

TEST_F(ControllerTest, TimelineGivesEachProjectItsStatusOnTheDate) {
    const planview::TimelineUiState& t = controller_->state().timeline;
    ASSERT_EQ(t.layer, static_cast<int>(layerIndex("projects")));
    controller_->timeline.setTimelineActive(true);
    for (const char* day : {"2016-01-01", "2017-06-30", "2018-12-31", "2020-12-31"}) {
        auto date = geo::parseDate(day);
        ASSERT_TRUE(date);
        controller_->timeline.setTimelineDate(*date);
        // The same statuses from the source's own strings (ISO dates compare as text).
        std::size_t planned = 0, building = 0, completed = 0;
        SourceLayer source("projects");
        for (auto& f : *source.layer) {
            std::string start = f->GetFieldAsString("start_date"), finish = f->GetFieldAsString("finish_date");
            if (start.empty()) {
                // Undated projects keep the status stored for status_as_of where it must still hold:
                // completed from then on, planned until then.
                std::string status = f->GetFieldAsString("status"), asOf = f->GetFieldAsString("status_as_of");
                if (status == "completed" && asOf <= day) ++completed;
                if (status == "planned" && day <= asOf) ++planned;
                continue;
            }
            if (day < start) ++planned;
            else if (finish.empty() || day < finish) ++building;
            else ++completed;
        }
        EXPECT_EQ(t.counts.planned, planned) << day;
        EXPECT_EQ(t.counts.underConstruction, building) << day;
        EXPECT_EQ(t.counts.completed, completed) << day;
        // The legend of the projects layer lists the statuses with the same counts.
        std::size_t legendTotal = 0;
        for (const auto& e : controller_->state().layers[static_cast<std::size_t>(t.layer)].legend) legendTotal += e.count;
        EXPECT_EQ(legendTotal, features("projects").features.size()) << day;
    }
    // Playing runs to the end of the range and stops there.
    controller_->timeline.setTimelineDate(t.range.first);
    controller_->timeline.setTimelinePlaying(true);
    int ticks = 0;
    while (controller_->tick(0.5) && ticks < 1000) ++ticks;
    EXPECT_EQ(t.date, t.range.last);
    EXPECT_FALSE(t.playing);
    EXPECT_GT(ticks, 10);
    // Off again: the legend is the layer's style legend (its raw status values), not the timeline's.
    controller_->timeline.setTimelineActive(false);
    for (const auto& e : controller_->state().layers[static_cast<std::size_t>(t.layer)].legend)
        for (const planview::Phrase& p : {planview::text::kPlanned, planview::text::kUnderConstruction, planview::text::kCompleted})
            EXPECT_NE(e.value, planview::tr(p));
}

TEST_F(ControllerTest, SearchFindsByChineseNameOrPlotCodeAndFliesThere) {
    geo::Extent flownTo;
    double flownHeight = -1;
    controller_->host().onFlyTo = [&](const geo::Extent& e, double h) {
        flownTo = e;
        flownHeight = h;
    };
    // A plot code and a Chinese name read from the source itself.
    SourceLayer source("parcels");
    source.layer->SetAttributeFilter("plot_code IS NOT NULL");
    std::unique_ptr<OGRFeature> parcel(source.layer->GetNextFeature());
    ASSERT_TRUE(parcel);
    const std::string code = parcel->GetFieldAsString("plot_code");
    controller_->search.search(code);
    const auto& hits = controller_->state().search.hits;
    ASSERT_FALSE(hits.empty()) << code;
    EXPECT_EQ(hits.front().text, code);
    const geo::SearchHit hit = hits.front();
    controller_->inspector.flyToFeature(hit.layer, hit.feature);
    ASSERT_TRUE(scene_->selection().has_value());
    EXPECT_EQ(scene_->selection()->feature, hit.feature);
    const geo::Feature& f = data_->layers[hit.layer].data.features[hit.feature];
    EXPECT_EQ(f.fid, parcel->GetFID());
    // The framed extent holds the feature.
    EXPECT_LE(flownTo.minX, f.bounds.minX);
    EXPECT_GE(flownTo.maxX, f.bounds.maxX);
    EXPECT_LE(flownTo.minY, f.bounds.minY);
    EXPECT_GE(flownTo.maxY, f.bounds.maxY);
    EXPECT_GE(flownHeight, 0);

    controller_->search.search("望江");
    EXPECT_FALSE(controller_->state().search.hits.empty());
    for (const auto& h : controller_->state().search.hits) EXPECT_NE(h.text.find("望江"), std::string::npos) << h.text;
    controller_->search.search("");
    EXPECT_TRUE(controller_->state().search.hits.empty());
}

TEST_F(ControllerTest, MeasuringCollectsGroundPointsOnlyInAMeasuringMode) {
    EXPECT_FALSE(controller_->measure.addMeasurePoint({0, 0}));
    controller_->measure.setMeasureMode(planview::MeasureMode::Area);
    for (geo::Vec2 p : {geo::Vec2{0, 0}, geo::Vec2{300, 0}, geo::Vec2{300, 200}, geo::Vec2{0, 200}}) EXPECT_TRUE(controller_->measure.addMeasurePoint(p));
    const auto& points = controller_->state().measure.points;
    ASSERT_EQ(points.size(), 4u);
    EXPECT_DOUBLE_EQ(geo::ringArea(points), 60000.0);
    controller_->measure.removeLastMeasurePoint();
    EXPECT_EQ(points.size(), 3u);
    EXPECT_DOUBLE_EQ(geo::ringArea(points), 30000.0);
    controller_->measure.setMeasureMode(planview::MeasureMode::Distance);
    EXPECT_TRUE(points.empty());
}

TEST_F(ControllerTest, StatisticsPanelShowsTheNumbersOfPlanviewStats) {
    planview::StatsUiState& s = controller_->state().statistics;
    ASSERT_EQ(s.layer, static_cast<int>(layerIndex("parcels")));
    ASSERT_EQ(s.zoneLayer, static_cast<int>(layerIndex("platforms")));
    EXPECT_EQ(s.by, "landuse");
    controller_->statistics.computeStatistics();
    ASSERT_TRUE(s.computed) << s.error;

    std::string json = runCommand(std::string(PLANVIEW_BINARY) + " stats '" + kProject +
                                  "' --layer parcels --by landuse --within platforms --format json 2>/dev/null");
    nlohmann::json cli = nlohmann::json::parse(json, nullptr, false);
    ASSERT_FALSE(cli.is_discarded()) << json;
    const nlohmann::json& rows = cli.contains("rows") ? cli["rows"] : cli;
    ASSERT_TRUE(rows.is_array()) << json.substr(0, 400);
    ASSERT_EQ(rows.size(), s.table.rows.size());
    std::map<std::pair<std::string, std::string>, const nlohmann::json*> byKey;
    for (const auto& r : rows) byKey[{r.value("zone", ""), r.value("category", "")}] = &r;
    for (const geo::StatsRow& r : s.table.rows) {
        auto it = byKey.find({r.zone, r.category});
        ASSERT_NE(it, byKey.end()) << r.zone << " " << r.category;
        const nlohmann::json& c = *it->second;
        EXPECT_EQ(c.value("count", 0u), r.count);
        EXPECT_NEAR(c.value("area_m2", -1.0), r.areaM2, 0.5 + r.areaM2 * 1e-9);
        // The share column (issue 16): the CLI's share of the zone's area, shown as its share_% text.
        EXPECT_NEAR(c.value("share", -1.0), r.share, 1e-9) << r.zone << " " << r.category;
    }
    std::map<std::string, double> shareSums;
    for (const geo::StatsRow& r : s.table.rows) shareSums[r.zone] += r.share;
    for (const auto& [zone, sum] : shareSums) EXPECT_NEAR(sum, 1.0, 1e-9) << "the shares of " << zone;
    std::string csv = runCommand(std::string(PLANVIEW_BINARY) + " stats '" + kProject +
                                 "' --layer parcels --by landuse --within platforms --format csv 2>/dev/null");
    std::istringstream lines(csv);
    std::string line;
    std::getline(lines, line);
    ASSERT_EQ(line.rfind("zone,landuse,count,area_m2,area_mu,share_%", 0), 0u) << line;
    std::size_t compared = 0;
    while (std::getline(lines, line)) {
        std::vector<std::string> cells;
        std::istringstream split(line);
        for (std::string cell; std::getline(split, cell, ',');) cells.push_back(cell);
        ASSERT_GE(cells.size(), 6u) << line;
        for (const geo::StatsRow& r : s.table.rows)
            if (r.zone == cells[0] && r.category == cells[1]) {
                EXPECT_EQ(planview::sharePercent(r.share), cells[5] + "%") << line;
                ++compared;
            }
    }
    EXPECT_EQ(compared, s.table.rows.size());

    // Projects: counts and investment by status.
    s.layer = static_cast<int>(layerIndex("projects"));
    s.zoneLayer = -1;
    s.by = "status";
    s.sums = {"investment_myuan"};
    controller_->statistics.computeStatistics();
    ASSERT_TRUE(s.computed) << s.error;
    SourceLayer source("projects");
    std::map<std::string, std::pair<std::size_t, double>> expected;
    for (auto& f : *source.layer) {
        auto& e = expected[f->GetFieldAsString("status")];
        ++e.first;
        e.second += f->GetFieldAsDouble("investment_myuan");
    }
    ASSERT_EQ(s.table.rows.size(), expected.size());
    for (const geo::StatsRow& r : s.table.rows) {
        EXPECT_EQ(r.count, expected[r.category].first) << r.category;
        ASSERT_EQ(r.sums.size(), 1u);
        EXPECT_NEAR(r.sums[0], expected[r.category].second, 1e-6) << r.category;
    }
}

TEST_F(ControllerTest, LanguageSwitchTranslatesTheTimelineLegend) {
    controller_->timeline.setTimelineActive(true);
    controller_->setLanguage(planview::Language::English);
    const auto& legend = controller_->state().layers[static_cast<std::size_t>(controller_->state().timeline.layer)].legend;
    ASSERT_FALSE(legend.empty());
    bool english = false;
    for (const auto& e : legend) english |= e.value == "Planned" || e.value == "Completed" || e.value == "Under construction";
    EXPECT_TRUE(english);
    controller_->setLanguage(planview::Language::Chinese);
    bool chinese = false;
    for (const auto& e : legend) chinese |= e.value == "规划" || e.value == "建成" || e.value == "在建";
    EXPECT_TRUE(chinese);
    EXPECT_STREQ(planview::tr(planview::text::kLayers), "图层");
}

}  // namespace

namespace {

using ProjectCopy = fixtures::SampleProjectCopy;

TEST(ControllerBookmarks, EditsAreSavedToTheProjectFileKeepingEverythingElse) {
    ProjectCopy copy;
    const std::string before = copy.text();
    geo::ProjectData data = geo::loadProjectData(geo::openProject(copy.path.string(), ""));
    planview::ShaderLibrary shaders = planview::ShaderLibrary::locate(PLANVIEW_BINARY);
    planview::Scene scene(data, shaders);
    planview::MapController controller(scene);
    const std::size_t original = data.project.bookmarks.size();
    ASSERT_GE(original, 3u);
    geo::View here{120.2, 30.22, 1234, 30, 60};
    controller.host().currentView = [&] { return std::optional<geo::View>(here); };

    // Save the current view with the projects layer hidden and the timeline on a date.
    std::size_t projects = 0;
    while (data.layers[projects].spec.layer != "projects") ++projects;
    controller.layers.setLayerVisible(projects, false);
    controller.timeline.setTimelineActive(true);
    controller.timeline.setTimelineDate(*geo::parseDate("2018-06-30"));
    controller.bookmarks.saveCurrentView();
    EXPECT_NE(controller.state().bookmarkMessage.find(copy.path.string()), std::string::npos) << controller.state().bookmarkMessage;
    controller.bookmarks.renameBookmark(original, "新的视图");
    controller.bookmarks.moveBookmark(original, -1);       // now just before the last original one
    // A bookmark a tour stops at is not deleted (the first one is the tour's first stop); one no tour
    // uses is.
    const geo::Tour& tour = data.project.tours.at(0);
    const std::string firstName = data.project.bookmarks[0].name;
    ASSERT_EQ(tour.stops.front().bookmark, firstName);
    controller.bookmarks.deleteBookmark(0);
    EXPECT_NE(controller.state().bookmarkMessage.find(tour.name), std::string::npos) << controller.state().bookmarkMessage;
    controller.bookmarks.saveCurrentView();
    controller.bookmarks.deleteBookmark(original + 1);
    // Renaming a bookmark the tour uses renames the tour's stop too.
    controller.bookmarks.renameBookmark(0, firstName + " 改");

    geo::Project saved = geo::parseProject(copy.text(), copy.path.string());
    ASSERT_EQ(saved.bookmarks.size(), original + 1);
    EXPECT_EQ(saved.bookmarks[0].name, firstName + " 改");
    EXPECT_EQ(saved.tours.at(0).stops.front().bookmark, firstName + " 改");
    const geo::Bookmark& added = saved.bookmarks[original - 1];
    EXPECT_EQ(added.name, "新的视图");
    EXPECT_NEAR(added.view.lon, 120.2, 1e-6);
    EXPECT_NEAR(added.view.distance, 1234, 0.1);
    EXPECT_NEAR(added.view.heading, 30, 0.1);
    EXPECT_EQ(added.date, "2018-06-30");
    ASSERT_TRUE(added.layers.has_value());
    const auto shownInFile = std::count_if(data.project.layers.begin(), data.project.layers.end(),
                                           [](const geo::LayerSpec& spec) { return spec.visible; });
    EXPECT_EQ(added.layers->size(), static_cast<std::size_t>(shownInFile) - 1);
    EXPECT_EQ(std::find(added.layers->begin(), added.layers->end(), data.layers[projects].spec.name), added.layers->end());
    EXPECT_EQ(saved.bookmarks.back().name, data.project.bookmarks.back().name);
    // Layers, tours, comments: what the planner wrote outside the bookmarks is still there.
    EXPECT_EQ(saved.layers.size(), data.project.layers.size());
    EXPECT_EQ(saved.tours.size(), data.project.tours.size());
    const std::string after = copy.text();
    for (const char* line : {"# ---- base: district, water, green", "# ---- views", "[[tour]]"})
        EXPECT_EQ(before.find(line) != std::string::npos, after.find(line) != std::string::npos) << line;

    // Going to the saved bookmark restores its layers and date.
    controller.layers.setLayerVisible(projects, true);
    controller.timeline.setTimelineActive(false);
    std::optional<geo::View> flownTo;
    controller.host().onFlyToView = [&](const geo::View& v, double) { flownTo = v; };
    controller.bookmarks.goToBookmark(original - 1);
    ASSERT_TRUE(flownTo.has_value());
    EXPECT_NEAR(flownTo->lat, 30.22, 1e-6);
    EXPECT_FALSE(controller.state().view.layers[projects].visible);
    EXPECT_TRUE(controller.state().view.date.has_value());
    EXPECT_EQ(geo::formatDate(controller.state().timeline.date), "2018-06-30");
}

}  // namespace

namespace {

TEST_F(ControllerTest, TourStopsAdvanceAfterFlightAndDwellAndFollowTheKeys) {
    const auto& tours = controller_->state().tours;
    ASSERT_FALSE(tours.empty());
    const geo::Tour& tour = tours[0];
    ASSERT_GE(tour.stops.size(), 3u);
    // Where each flight goes; two bookmarks may share a view (the district, plain and with its changes).
    std::vector<geo::View> flights;
    controller_->host().onFlyToView = [&](const geo::View& v, double) { flights.push_back(v); };
    auto isViewOf = [&](const geo::View& v, const std::string& bookmark) {
        const geo::Bookmark* b = data_->project.bookmark(bookmark);
        return b && b->view.lon == v.lon && b->view.lat == v.lat && b->view.distance == v.distance &&
               b->view.heading == v.heading && b->view.pitch == v.pitch;
    };
    controller_->presentation.startTour(0);
    const planview::TourPlayState& play = controller_->state().tourPlay;
    EXPECT_TRUE(controller_->state().presenting);
    EXPECT_EQ(play.stop, 0);
    ASSERT_EQ(flights.size(), 1u);
    EXPECT_TRUE(isViewOf(flights[0], tour.stops[0].bookmark));
    // Just before the first stop's flight + dwell it is still there; just after, the second.
    const double first = tour.stops[0].flight + tour.stops[0].dwell;
    for (double t = 0; t + 0.1 < first - 0.05; t += 0.1) controller_->tick(0.1);
    EXPECT_EQ(play.stop, 0);
    controller_->tick(0.2);
    EXPECT_EQ(play.stop, 1);
    EXPECT_TRUE(isViewOf(flights.back(), tour.stops[1].bookmark));

    // The caption is the stop's, with where it is in the tour.
    EXPECT_EQ(controller_->presentation.content().caption, tour.stops[1].caption);
    EXPECT_EQ(controller_->presentation.content().progress, "2 / " + std::to_string(tour.stops.size()));

    // Paused, it stays; next and previous move by one stop.
    controller_->presentation.setTourPlaying(false);
    for (int i = 0; i < 100; ++i) controller_->tick(1.0);
    EXPECT_EQ(play.stop, 1);
    controller_->presentation.nextStop();
    EXPECT_EQ(play.stop, 2);
    controller_->presentation.previousStop();
    controller_->presentation.previousStop();
    controller_->presentation.previousStop();
    EXPECT_EQ(play.stop, 0);
    controller_->presentation.setPresenting(false);
    EXPECT_EQ(play.tour, -1);
}

}  // namespace

namespace {

// What the viewer's window would do with a redraw request: nothing to do in a test.
struct NoWindow : osgGA::GUIActionAdapter {
    void requestRedraw() override {}
    void requestContinuousUpdate(bool) override {}
    void requestWarpPointer(float, float) override {}
};

TEST_F(ControllerTest, F5SpaceArrowsAndPageKeysDriveATourLikeSlides) {
    osg::ref_ptr<planview::MapManipulator> manipulator = new planview::MapManipulator;
    osg::ref_ptr<planview::ViewerInput> input = new planview::ViewerInput(*controller_, *manipulator);
    NoWindow window;
    auto press = [&](int key) {
        osg::ref_ptr<osgGA::GUIEventAdapter> event = new osgGA::GUIEventAdapter;
        event->setEventType(osgGA::GUIEventAdapter::KEYDOWN);
        event->setKey(key);
        event->setUnmodifiedKey(key);
        return input->handle(*event, window);
    };
    using E = osgGA::GUIEventAdapter;
    const planview::TourPlayState& play = controller_->state().tourPlay;
    EXPECT_TRUE(press(E::KEY_F5));
    EXPECT_TRUE(controller_->state().presenting);
    EXPECT_EQ(play.tour, 0);
    EXPECT_EQ(play.stop, 0);
    EXPECT_TRUE(play.playing);
    press(E::KEY_Space);
    EXPECT_FALSE(play.playing);
    press(E::KEY_Right);
    EXPECT_EQ(play.stop, 1);
    press(E::KEY_Page_Down);   // a presentation clicker's "next"
    EXPECT_EQ(play.stop, 2);
    press(E::KEY_Page_Up);
    press(E::KEY_Left);
    EXPECT_EQ(play.stop, 0);
    press(E::KEY_Space);
    EXPECT_TRUE(play.playing);
    EXPECT_TRUE(press(E::KEY_Escape));
    EXPECT_FALSE(controller_->state().presenting);
    EXPECT_EQ(play.tour, -1);
}

}  // namespace

namespace {

TEST_F(ControllerTest, ExportingFromTheViewerWritesWhatTheFilterShowsOrTheSelection) {
    const std::size_t parcels = layerIndex("parcels");
    const std::string dir = (std::filesystem::temp_directory_path() / ("planview-ui-export-" + std::to_string(getpid()))).string();
    std::filesystem::create_directories(dir);
    controller_->filter.setCategoryShown(parcels, "R2", false);
    controller_->filter.setCategoryShown(parcels, "B1", false);
    controller_->filter.applyWhere(parcels, "height_m > 20");
    auto filter = controller_->state().filters[parcels];
    planview::ExportUiState& e = controller_->state().exporting;
    e.layer = parcels;
    e.format = 0;   // GeoPackage
    e.output = dir + "/filtered.gpkg";
    controller_->exporting.exportData();
    auto count = [](const std::string& path) {
        GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        return ds ? ds->GetLayer(0)->GetFeatureCount() : -1;
    };
    EXPECT_EQ(count(e.output), static_cast<GIntBig>(filter->shownCount())) << e.message;

    // Only the selected parcel (one the filter shows).
    std::size_t shown = 0;
    while (!filter->shown()[shown]) ++shown;
    controller_->inspector.select(planview::FeatureRef{static_cast<int>(parcels), shown});
    e.selectedOnly = true;
    e.output = dir + "/selected.geojson";
    e.format = 2;
    controller_->exporting.exportData();
    EXPECT_EQ(count(e.output), 1) << e.message;
    // An existing target is refused without the overwrite box, and left as it was.
    const auto size = std::filesystem::file_size(e.output);
    e.selectedOnly = false;
    controller_->exporting.exportData();
    EXPECT_NE(e.message.find(e.output), std::string::npos) << e.message;
    EXPECT_EQ(std::filesystem::file_size(e.output), size);
    std::filesystem::remove_all(dir);
}

// Opening the Export panel starts from what the map shows: the selection when there is one, else
// the filter layer with its filter on only while a filter is active.
TEST_F(ControllerTest, ExportPanelOpensOnTheSelectionOrTheFilter) {
    const std::size_t parcels = layerIndex("parcels");
    planview::ExportUiState& e = controller_->state().exporting;
    controller_->exporting.prepareExport();
    EXPECT_EQ(e.layer, controller_->state().filter.layer);
    EXPECT_FALSE(e.selectedOnly);
    EXPECT_FALSE(e.filtered) << "no filter is active yet";

    controller_->filter.applyWhere(parcels, "height_m > 20");
    controller_->exporting.prepareExport();
    EXPECT_TRUE(e.filtered);

    const std::size_t roads = layerIndex("roads");
    controller_->inspector.select(planview::FeatureRef{static_cast<int>(roads), 0});
    controller_->exporting.prepareExport();
    EXPECT_EQ(e.layer, roads);
    EXPECT_TRUE(e.selectedOnly);
    controller_->inspector.clearSelection();
    controller_->exporting.prepareExport();
    EXPECT_FALSE(e.selectedOnly);
}

}  // namespace

TEST_F(ControllerTest, ChecksPanelFindsTheWestLakeBreachesGdalReads) {
    planview::ChecksUiState& s = controller_->state().checks;
    controller_->checks.runChecks();
    ASSERT_TRUE(s.computed) << s.error;
    EXPECT_EQ(s.layer, static_cast<int>(layerIndex("parcels")));
    // GDAL's own reading of the sample: parcels taller than their max_height_m.
    viewer_test::SourceLayer parcels("parcels");
    std::set<std::string> expected;
    for (auto& f : *parcels.layer)
        if (!f->IsFieldNull(f->GetFieldIndex("max_height_m")) && f->GetFieldAsDouble("height_m") > f->GetFieldAsDouble("max_height_m"))
            expected.insert(f->GetFieldAsString("plot_code"));
    std::set<std::string> found;
    for (const geo::CheckRow& r : s.report.rows)
        if (r.source == "attribute max_height_m" && r.outcome == geo::CheckOutcome::Violation) found.insert(r.id);
    EXPECT_EQ(found, expected);
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(s.report.pass + s.report.violations + s.report.noData, s.report.rows.size());
}

// The parcels coloured by their results: every parcel GDAL finds taller than its max_height_m is red on
// the map; those with no limit keep their land-use colour; switching the tint off gives every parcel
// its colour back.
TEST_F(ControllerTest, ChecksTintThePiercingParcelsRedAndGiveTheColoursBack) {
    const std::size_t parcelsIndex = layerIndex("parcels");
    const std::size_t count = data_->layers[parcelsIndex].data.features.size();
    std::vector<geo::Color> before;
    for (std::size_t i = 0; i < count; ++i) before.push_back(scene_->featureColor(parcelsIndex, i));
    controller_->checks.runChecks();
    ASSERT_TRUE(controller_->state().checks.computed) << controller_->state().checks.error;
    controller_->checks.setTint(true);
    ASSERT_TRUE(scene_->shown().tint);

    // The features are read in the GeoPackage's order: feature i is the (i+1)-th row.
    viewer_test::SourceLayer parcels("parcels");
    std::size_t i = 0, red = 0;
    for (auto& f : *parcels.layer) {
        ASSERT_LT(i, count);
        const bool limited = !f->IsFieldNull(f->GetFieldIndex("max_height_m"));
        if (limited && f->GetFieldAsDouble("height_m") > f->GetFieldAsDouble("max_height_m")) {
            EXPECT_EQ(scene_->featureColor(parcelsIndex, i), geo::kCheckViolationColor) << f->GetFieldAsString("plot_code");
            ++red;
        }
        ++i;
    }
    EXPECT_EQ(i, count);
    EXPECT_GT(red, 0u);
    std::size_t changed = 0;
    for (std::size_t k = 0; k < count; ++k) changed += !(scene_->featureColor(parcelsIndex, k) == before[k]);
    EXPECT_GT(changed, red) << "passing parcels turn green too";

    controller_->checks.setTint(false);
    EXPECT_FALSE(scene_->shown().tint);
    for (std::size_t k = 0; k < count; ++k) ASSERT_EQ(scene_->featureColor(parcelsIndex, k), before[k]) << k;
}

// The height-limit envelopes (控规盒子): off until ticked; then a box over every parcel GDAL reads a
// max_height_m for, at that height (the attribute wins over the rules), marked broken exactly where
// the parcel is taller; unticked, none. The sample's bookmark 湖滨限高盒子 shows them with its view.
TEST_F(ControllerTest, EnvelopesStandAtEachParcelsHeightLimitAndFollowTheBookmark) {
    const std::size_t parcelsIndex = layerIndex("parcels");
    EXPECT_FALSE(scene_->shown().envelopes) << "off by default";
    controller_->checks.runChecks();
    ASSERT_TRUE(controller_->state().checks.computed) << controller_->state().checks.error;
    controller_->checks.setEnvelopes(true);
    ASSERT_TRUE(scene_->shown().envelopes);
    const geo::EnvelopeView view = *scene_->shown().envelopes;   // a copy: unticking drops the shown one
    EXPECT_EQ(view.layer, static_cast<int>(parcelsIndex));
    std::map<std::size_t, const geo::HeightEnvelope*> boxes;
    for (const geo::HeightEnvelope& box : view.boxes) boxes[box.feature] = &box;

    viewer_test::SourceLayer parcels("parcels");
    std::size_t i = 0, limited = 0, broken = 0;
    for (auto& f : *parcels.layer) {
        if (!f->IsFieldNull(f->GetFieldIndex("max_height_m"))) {
            ++limited;
            ASSERT_TRUE(boxes.count(i)) << f->GetFieldAsString("plot_code");
            EXPECT_DOUBLE_EQ(boxes[i]->height, f->GetFieldAsDouble("max_height_m")) << f->GetFieldAsString("plot_code");
            const bool taller = f->GetFieldAsDouble("height_m") > f->GetFieldAsDouble("max_height_m");
            EXPECT_EQ(boxes[i]->exceeded, taller) << f->GetFieldAsString("plot_code");
            broken += taller;
            EXPECT_DOUBLE_EQ(boxes[i]->setback, 0) << "the sample gives no setbacks";
        }
        ++i;
    }
    EXPECT_GT(limited, 0u);
    EXPECT_GT(broken, 0u);
    EXPECT_GT(view.boxes.size(), limited) << "the rules give the other parcels their limits";
    // The presentation legend names them while they show: the box and the red edges of a broken one.
    auto envelopeRows = [&] {
        for (const planview::PresentationLegendGroup& g : planview::presentationLegend(*scene_, controller_->state().camera, 24))
            if (g.heading == planview::tr(planview::text::kEnvelopes)) return g.rows;
        return std::vector<planview::PresentationLegendRow>{};
    };
    const auto rows = envelopeRows();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1].label, planview::tr(planview::text::kEnvelopeExceeded));
    EXPECT_GT(rows[1].color.r, rows[1].color.g + 0.5f) << "a broken box's edges are red";

    controller_->checks.setEnvelopes(false);
    EXPECT_FALSE(scene_->shown().envelopes);
    EXPECT_TRUE(envelopeRows().empty()) << "not in the legend once hidden";
    const auto& bookmarks = data_->project.bookmarks;
    const auto at = std::find_if(bookmarks.begin(), bookmarks.end(), [](const geo::Bookmark& b) { return b.name == "湖滨限高盒子"; });
    ASSERT_NE(at, bookmarks.end());
    controller_->bookmarks.goToBookmark(static_cast<std::size_t>(at - bookmarks.begin()));
    ASSERT_TRUE(scene_->shown().envelopes) << "the bookmark keeps them with its view";
    EXPECT_EQ(scene_->shown().envelopes->boxes, view.boxes);
}

// The sample's terrain in the legend: its lowest and highest point as GDAL finds them (its
// approximate statistics, as a legend needs) and the tint's steps between, in ascending order.
TEST_F(ControllerTest, TheTerrainsLegendListsItsHeightsFromGdalsLowestToHighest) {
    std::size_t terrain = data_->layers.size();
    for (std::size_t i = 0; i < data_->layers.size(); ++i)
        if (data_->layers[i].spec.kind == geo::LayerKind::Terrain) terrain = i;
    ASSERT_LT(terrain, data_->layers.size()) << "the sample has a terrain layer";
    GDALAllRegister();
    GDALDatasetUniquePtr dem(GDALDataset::Open(data_->layers[terrain].spec.source.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(dem);
    double minMax[2];
    ASSERT_EQ(dem->GetRasterBand(1)->ComputeRasterMinMax(TRUE, minMax), CE_None);
    const auto& legend = controller_->state().layers[terrain].legend;
    ASSERT_GE(legend.size(), 2u);
    auto metres = [](const std::string& value) {
        EXPECT_EQ(value.substr(value.size() - 2), " m") << value;
        return std::stod(value);
    };
    EXPECT_EQ(metres(legend.front().value), std::lround(minMax[0]));
    EXPECT_EQ(metres(legend.back().value), std::lround(minMax[1]));
    for (std::size_t i = 1; i < legend.size(); ++i) {
        EXPECT_LT(metres(legend[i - 1].value), metres(legend[i].value));
        EXPECT_FALSE(legend[i - 1].color == legend[i].color) << "each height its own colour";
        EXPECT_EQ(legend[i].count, 0u);
    }
}

// A click on the ground of the sample: the inspector shows the terrain's and the imagery's pixels
// there, each the one GDAL reads at that place (the point taken to the rasters' CRS with OGR here).
TEST_F(ControllerTest, AClickShowsTheRastersPixelsThereAsGdalReadsThem) {
    const geo::Vec2 lonLat{120.16508, 30.24007};   // 吴山, inside pixels (120.165 is a DEM pixel edge)
    const geo::Vec2 scene = data_->frame.fromLonLat(lonLat.x, lonLat.y);
    controller_->inspector.inspectPoint(scene);
    const auto& point = controller_->state().inspectedPoint;
    ASSERT_TRUE(point.has_value());
    ASSERT_TRUE(point->groundHeightM.has_value());
    std::map<std::string, std::string> shown(point->rasterValues.begin(), point->rasterValues.end());
    GDALAllRegister();
    for (const geo::LoadedLayer& layer : data_->layers) {
        if (!layer.raster) continue;
        ASSERT_TRUE(shown.count(layer.spec.name)) << layer.spec.name;
        GDALDatasetUniquePtr ds(GDALDataset::Open(layer.spec.source.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
        ASSERT_TRUE(ds);
        double gt[6];
        ASSERT_EQ(ds->GetGeoTransform(gt), CE_None);
        OGRSpatialReference wgs84, own(*ds->GetSpatialRef());
        wgs84.importFromEPSG(4326);
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        own.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> toOwn(OGRCreateCoordinateTransformation(&wgs84, &own));
        double x = lonLat.x, y = lonLat.y;
        ASSERT_TRUE(toOwn->Transform(1, &x, &y));
        const int col = static_cast<int>(std::floor((x - gt[0]) / gt[1])), row = static_cast<int>(std::floor((y - gt[3]) / gt[5]));
        double value = 0;
        ASSERT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Read, col, row, 1, 1, &value, 1, 1, GDT_Float64, 0, 0), CE_None);
        char first[64];
        std::snprintf(first, sizeof first, value == std::floor(value) ? "%.0f" : "%.2f", value);
        EXPECT_NE(shown[layer.spec.name].find(first), std::string::npos) << layer.spec.name << ": " << shown[layer.spec.name];
        if (layer.spec.kind == geo::LayerKind::Terrain) EXPECT_NEAR(*point->groundHeightM, value, 5.0) << "the ground there";
    }
}
