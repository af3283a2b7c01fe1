// What the presentation overlay shows (issue 16), judged by its content (PresentationContent), not by
// pixels, on the Shangcheng sample without a display: a tour stepped through by hand (paused, after
// its end, backwards, by bookmark keys) keeps each stop's caption and number; the legend of a stop
// lists the classes of the features in view, against GDAL's own answer for the same piece of ground.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <cmath>
#include <memory>
#include <set>
#include <sstream>
#include "app/ui/ImageCameraOsg.h"
#include "app/scene/CameraViews.h"
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "app/ui/UiText.h"
#include "app/tools/MapController.h"
#include "tests/viewer/SampleControllerTest.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"

namespace {

using viewer_test::kGpkg;

class PresentationContentTest : public viewer_test::SampleControllerTest {
protected:
    void SetUp() override {
        planview::setUiLanguage(planview::Language::Chinese);
        SampleControllerTest::SetUp();
    }

    const geo::Tour& tour() const { return controller_->state().tours.at(0); }

    // The overlay shows stop `stop` (0-based) of the tour: its caption, fully faded in once the
    // camera has arrived, and "n / N".
    void expectStopShown(int stop, const std::string& when) {
        const auto& stops = tour().stops;
        const geo::TourStop& s = stops.at(static_cast<std::size_t>(stop));
        EXPECT_EQ(controller_->state().tourPlay.stop, stop) << when;
        planview::PresentationContent c = controller_->presentation.content();
        EXPECT_EQ(c.caption, s.caption) << when;
        EXPECT_EQ(c.progress, std::to_string(stop + 1) + " / " + std::to_string(stops.size())) << when;
        // A second past the flight (the camera has arrived), in steps as the viewer's frames come.
        for (double t = 0; t < s.flight + 1.0; t += 0.1) controller_->tick(0.1);
        c = controller_->presentation.content();
        EXPECT_EQ(c.caption, s.caption) << when << ", after the flight";
        EXPECT_EQ(c.progress, std::to_string(stop + 1) + " / " + std::to_string(stops.size())) << when << ", after the flight";
        EXPECT_FLOAT_EQ(c.captionAlpha, 1.0f) << when << ": the caption is drawn in full once the camera is there";
    }
};

TEST_F(PresentationContentTest, SteppingThroughAPausedOrEndedTourShowsEachStopsCaptionAndNumber) {
    ASSERT_FALSE(controller_->state().tours.empty());
    const int stops = static_cast<int>(tour().stops.size());
    ASSERT_GE(stops, 3);
    controller_->presentation.startTour(0);
    expectStopShown(0, "playing, first stop");

    // Paused (Space), then the clicker's next and previous.
    controller_->presentation.setTourPlaying(false);
    controller_->presentation.nextStop();
    expectStopShown(1, "paused, next");
    controller_->presentation.nextStop();
    expectStopShown(2, "paused, next again");
    controller_->presentation.previousStop();
    expectStopShown(1, "paused, previous");

    // Played to its end: the last stop stays, then previous and next step through it again.
    controller_->presentation.setTourPlaying(true);
    for (int i = 0; i < 2000 && controller_->state().tourPlay.playing; ++i) controller_->tick(0.1);
    ASSERT_FALSE(controller_->state().tourPlay.playing) << "the tour ends";
    EXPECT_EQ(controller_->presentation.content().caption, tour().stops.back().caption);
    controller_->presentation.previousStop();
    expectStopShown(stops - 2, "after the end, previous");
    controller_->presentation.nextStop();
    expectStopShown(stops - 1, "after the end, next");
    controller_->presentation.nextStop();   // nothing after the last stop: it stays
    expectStopShown(stops - 1, "after the end, next past the last");

    // A bookmark key on a stop's bookmark shows that stop; on any other view, no stop's caption.
    const std::string& third = tour().stops[2].bookmark;
    const auto& bookmarks = controller_->state().bookmarks;
    std::size_t stopBookmark = bookmarks.size(), otherBookmark = bookmarks.size();
    for (std::size_t i = 0; i < bookmarks.size(); ++i) {
        bool isStop = false;
        for (const geo::TourStop& s : tour().stops) isStop = isStop || s.bookmark == bookmarks[i].bookmark.name;
        if (bookmarks[i].bookmark.name == third) stopBookmark = i;
        else if (!isStop && otherBookmark == bookmarks.size()) otherBookmark = i;
    }
    ASSERT_LT(stopBookmark, bookmarks.size());
    controller_->bookmarks.goToBookmark(stopBookmark);
    expectStopShown(2, "a stop's bookmark key");
    ASSERT_LT(otherBookmark, bookmarks.size()) << "the sample has bookmarks that are no stop";
    controller_->bookmarks.goToBookmark(otherBookmark);
    EXPECT_EQ(controller_->presentation.content().caption, "") << "a view off the tour shows no stop's caption";
    EXPECT_EQ(controller_->presentation.content().progress, "");
    controller_->presentation.nextStop();
    expectStopShown(0, "next from a view off the tour");
}

// ---- the legend of a stop -------------------------------------------------------------------------

// The ground a camera at `view` sees (a 1920×1080 image), worked out here from the view's own
// numbers: the rays through the image's corners, cut at the ground. Scene metres.
std::vector<std::array<double, 2>> groundSeen(const geo::View& view, const geo::SceneFrame& frame, double aspect) {
    const double deg = M_PI / 180, h = view.heading * deg, p = view.pitch * deg, tanHalf = std::tan(planview::kFieldOfViewY / 2 * deg);
    const std::array<double, 3> forward{std::sin(h) * std::cos(p), std::cos(h) * std::cos(p), -std::sin(p)};
    const std::array<double, 3> right{std::cos(h), -std::sin(h), 0};
    const std::array<double, 3> up{right[1] * forward[2] - right[2] * forward[1], right[2] * forward[0] - right[0] * forward[2],
                                   right[0] * forward[1] - right[1] * forward[0]};
    const geo::Vec2 target = frame.fromLonLat(view.lon, view.lat);
    const std::array<double, 3> eye{target.x - forward[0] * view.distance, target.y - forward[1] * view.distance,
                                    -forward[2] * view.distance};
    std::vector<std::array<double, 2>> corners;
    for (auto [sx, sy] : {std::pair{-1, -1}, {1, -1}, {1, 1}, {-1, 1}}) {
        std::array<double, 3> d;
        for (int k = 0; k < 3; ++k) d[k] = forward[k] + tanHalf * (sx * aspect * right[k] + sy * up[k]);
        EXPECT_LT(d[2], 0) << "every corner of the stop's view looks down at the ground";
        const double t = -eye[2] / d[2];
        corners.push_back({eye[0] + t * d[0], eye[1] + t * d[1]});
    }
    return corners;
}

// The `field` values of the features of `layerName` in the GeoPackage that meet `area` (in the
// scene CRS: scene metres plus the frame's origin), as GDAL and GEOS see them.
std::set<std::string> valuesMeeting(const std::string& layerName, const std::string& field, const OGRPolygon& area,
                                    const OGRSpatialReference& sceneCrs) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(kGpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    OGRLayer* layer = ds ? ds->GetLayerByName(layerName.c_str()) : nullptr;
    if (!layer) throw std::runtime_error("cannot open " + kGpkg + " " + layerName);
    OGRSpatialReference layerCrs(*layer->GetSpatialRef());
    layerCrs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRGeometry> inLayerCrs(area.clone());
    std::unique_ptr<OGRCoordinateTransformation> toLayer(OGRCreateCoordinateTransformation(&sceneCrs, &layerCrs));
    if (!toLayer || inLayerCrs->transform(toLayer.get()) != OGRERR_NONE) throw std::runtime_error("cannot transform the view's ground");
    std::set<std::string> values;
    for (auto& feature : *layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (g && g->Intersects(inLayerCrs.get())) values.insert(feature->GetFieldAsString(field.c_str()));
    }
    return values;
}

TEST_F(PresentationContentTest, TheLegendOfAStopListsTheLandUseClassesInItsView) {
    const double width = 1920, height = 1080;
    OGRSpatialReference sceneCrs;
    sceneCrs.SetFromUserInput(data_->frame.crsName().c_str());
    sceneCrs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const geo::Vec2 origin = data_->frame.origin();
    int stopsChecked = 0;
    for (const geo::TourStop& stop : tour().stops) {
        const geo::Bookmark* bookmark = data_->project.bookmark(stop.bookmark);
        ASSERT_NE(bookmark, nullptr);
        // The reference: which classes of parcels and green space meet the ground in view.
        OGRLinearRing ring;
        for (auto [x, y] : groundSeen(bookmark->view, data_->frame, width / height)) ring.addPoint(x + origin.x, y + origin.y);
        ring.closeRings();
        OGRPolygon area;
        area.addRing(&ring);
        std::set<std::string> expected = valuesMeeting("parcels", "landuse", area, sceneCrs);
        for (const std::string& g : valuesMeeting("green", "landuse", area, sceneCrs)) expected.insert(g);
        expected.erase("");

        // The overlay's legend at the same view.
        planview::MapController controller(*scene_);
        planview::UiState& state = controller.state();
        const planview::CameraPose pose = planview::poseFromView(bookmark->view, data_->frame);
        state.presenting = true;
        planview::setImageCamera(state.camera, planview::viewMatrixOf(pose), planview::perspectiveProjection(width / height), width, height, pose.heading);
        std::set<std::string> listed;
        std::ostringstream legend;
        for (const planview::PresentationLegendGroup& group : controller.presentation.content().legend) {
            legend << "[" << group.heading << "]";
            if (group.heading != "用地" && group.heading != "绿地") continue;
            for (const planview::PresentationLegendRow& row : group.rows) {
                legend << " " << row.label;
                listed.insert(row.label.substr(0, row.label.find(' ')));   // "M1 一类工业用地" → M1
            }
        }
        EXPECT_EQ(listed, expected) << stop.bookmark << ": legend " << legend.str();
        if (stop.bookmark == "科技工业基地（飞地）") {
            EXPECT_TRUE(expected.count("M1") && expected.count("M2")) << "the data has industry there";
            EXPECT_TRUE(listed.count("M1") && listed.count("M2")) << legend.str();
        }
        ++stopsChecked;
    }
    EXPECT_EQ(stopsChecked, 6);
}

}  // namespace
