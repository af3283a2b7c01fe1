// Streaming a large layer (issue 8) without a display: close to any tile every one of its features
// is drawn at full detail, no feature is drawn twice, far tiles are covered by their coarse massing,
// and full detail stays within its memory budget. (A source that goes away: test_postgis_streaming.)
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <osg/Geometry>
#include <osg/NodeVisitor>
#include "app/bench/ParcelGenerator.h"
#include "app/scene/Mesh.h"
#include "app/scene/Picker.h"
#include "app/tools/MapController.h"
#include "app/scene/Scene.h"
#include "app/scene/ShaderLibrary.h"
#include "geo/FeatureReader.h"
#include "geo/Project.h"
#include "geo/ProjectData.h"
#include "geo/Source.h"
#include "tests/support/Fixtures.h"

using planview::TileStreamer;

namespace {

constexpr std::size_t kParcels = 30000;

/// The feature indices a node's geometries draw (the vertex attribute every builder writes).
std::set<int> drawnFeatures(const osg::Node& node) {
    struct Collect : osg::NodeVisitor {
        Collect() : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN) {}
        void apply(osg::Geometry& g) override {
            if (auto* ids = dynamic_cast<const osg::FloatArray*>(g.getVertexAttribArray(planview::kFeatureIdAttribute)))
                for (float id : *ids) features.insert(static_cast<int>(id + 0.5f));
        }
        std::set<int> features;
    } collect;
    const_cast<osg::Node&>(node).accept(collect);
    return collect.features;
}

class TileStreaming : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new fixtures::TempDir;
        path_ = *dir_ / "parcels.gpkg";
        planview::bench::generateParcels(path_, kParcels);
    }
    static void TearDownTestSuite() { delete dir_; }

    void open(const std::string& path) {
        project_ = geo::projectFromSource(path);
        project_.layers[0].kind = geo::LayerKind::Parcels;
        project_.layers[0].extrudeField = "height_m";
        project_.layers[0].stream = true;
        data_ = std::make_unique<geo::ProjectData>(geo::loadProjectData(project_, nullptr, {}, true));
        ASSERT_TRUE(data_->layers[0].streamed());
        shaders_ = std::make_unique<planview::ShaderLibrary>(planview::ShaderLibrary::locate(PLANVIEW_BINARY));
        scene_ = std::make_unique<planview::Scene>(*data_, *shaders_);
        streamer_ = scene_->streamer();
        ASSERT_NE(streamer_, nullptr);
        ASSERT_GE(streamer_->tileCount(0), 6);
    }
    /// 300 m above the middle of the tile.
    osg::Vec3d above(int tile, double height = 300) const {
        const geo::Vec2 c = streamer_->tileBounds(0, tile).center();
        return {c.x, c.y, height};
    }

    static fixtures::TempDir* dir_;
    static std::string path_;
    geo::Project project_;
    std::unique_ptr<geo::ProjectData> data_;
    std::unique_ptr<planview::ShaderLibrary> shaders_;
    std::unique_ptr<planview::Scene> scene_;
    TileStreamer* streamer_ = nullptr;
};
fixtures::TempDir* TileStreaming::dir_ = nullptr;
std::string TileStreaming::path_;

}  // namespace

TEST_F(TileStreaming, CloseToAnyTileEveryFeatureIsDrawnInFullAndNoneTwice) {
    open(path_);
    std::map<std::int64_t, int> tilesOf;   // fid -> tiles it was drawn in, one close view per tile
    for (int t = 0; t < streamer_->tileCount(0); ++t) {
        scene_->settleStreaming(above(t));
        ASSERT_EQ(streamer_->detail(0, t), TileStreamer::Detail::Full) << "tile " << t;
        const std::vector<std::int64_t> ids = streamer_->fullFeatureIds(0, t);
        // Every feature of the tile is in its drawn geometry.
        const std::set<int> drawn = drawnFeatures(*streamer_->tileNode(0, t, TileStreamer::Detail::Full));
        EXPECT_EQ(drawn.size(), ids.size()) << "tile " << t;
        for (std::int64_t id : ids) ++tilesOf[id];
        // In this view, no feature is in two full tiles at once.
        std::set<std::int64_t> inView;
        for (int u = 0; u < streamer_->tileCount(0); ++u)
            for (std::int64_t id : streamer_->fullFeatureIds(0, u)) EXPECT_TRUE(inView.insert(id).second) << "feature " << id;
    }
    geo::Source source = geo::Source::open(path_);
    const geo::FeatureLayer whole = geo::readLayer(source, "", data_->frame);
    ASSERT_EQ(whole.features.size(), kParcels);
    EXPECT_EQ(tilesOf.size(), whole.features.size());
    for (const geo::Feature& f : whole.features) EXPECT_EQ(tilesOf[f.fid], 1) << "feature " << f.fid;
}

TEST_F(TileStreaming, FromAfarEveryTileIsCoveredByItsMassingAndNoneIsHeldInFull) {
    open(path_);
    const geo::Extent& b = scene_->bounds();
    scene_->settleStreaming({b.center().x, b.center().y - b.height(), 3 * std::max(b.width(), b.height())});
    for (int t = 0; t < streamer_->tileCount(0); ++t) {
        EXPECT_EQ(streamer_->detail(0, t), TileStreamer::Detail::Coarse) << "tile " << t;
        EXPECT_FALSE(drawnFeatures(*streamer_->tileNode(0, t, TileStreamer::Detail::Coarse)).empty()) << "tile " << t;
    }
    EXPECT_EQ(streamer_->counts().fullFeatures, 0u);
}

TEST_F(TileStreaming, FullDetailStaysWithinItsBudgetAndFollowsTheCamera) {
    open(path_);
    const std::size_t perTile = kParcels / static_cast<std::size_t>(streamer_->tileCount(0));
    streamer_->setFullFeatureBudget(3 * perTile);
    std::size_t most = 0;
    for (int t = 0; t < streamer_->tileCount(0); ++t) {
        scene_->settleStreaming(above(t, 50));
        most = std::max(most, streamer_->counts().fullFeatures);
        EXPECT_EQ(streamer_->detail(0, t), TileStreamer::Detail::Full) << "tile " << t;   // the nearest wins
    }
    EXPECT_GT(most, 0u);
    // A tile's count may exceed the average a little: the budget is checked per tile taken.
    EXPECT_LE(most, 3 * perTile + perTile / 2);
    // Far away again: full tiles are dropped.
    scene_->settleStreaming(above(0, 200000));
    EXPECT_EQ(streamer_->counts().full, 0u);
}

TEST_F(TileStreaming, AFeatureOfAFullTileIsPickedInspectedAndHighlighted) {
    open(path_);
    const int t = streamer_->tileCount(0) / 2;
    scene_->settleStreaming(above(t));
    std::shared_ptr<const geo::FeatureLayer> features = streamer_->tileFeatures(0, t);
    ASSERT_TRUE(features);
    // A parcel without a hole, seen straight down through the middle of its footprint.
    std::size_t index = features->features.size() / 2;
    while (features->features[index].polygons[0].rings.size() > 1) ++index;
    const geo::Feature& parcel = features->features[index];
    const osg::Vec3d target(parcel.bounds.center().x, parcel.bounds.center().y, 0);
    const osg::Matrixd view = osg::Matrixd::lookAt(target + osg::Vec3d(0, 0, 400), target, osg::Vec3d(0, 1, 0));
    const osg::Matrixd projection = osg::Matrixd::perspective(30, 1, 1, 10000);
    std::optional<planview::PickResult> picked = planview::pickFeature(*scene_, view, projection, 100, 100, 50, 50);
    ASSERT_TRUE(picked);
    EXPECT_EQ(picked->feature.tile, t);
    EXPECT_EQ(picked->feature.feature, index);

    planview::MapController controller(*scene_);
    controller.inspector.select(picked->feature);
    ASSERT_TRUE(controller.state().inspector);
    const auto& attributes = controller.state().inspector->attributes;
    ASSERT_FALSE(attributes.empty());
    EXPECT_EQ(attributes[0], (std::pair<std::string, std::string>("fid", std::to_string(parcel.fid))));
    EXPECT_NE(controller.state().selection.find("fid " + std::to_string(parcel.fid)), std::string::npos);
    // The tile's drawing highlights it.
    const osg::StateSet* state = streamer_->tileNode(0, t, TileStreamer::Detail::Full)->getChild(0)->getStateSet();
    ASSERT_TRUE(state && state->getUniform("u_selectedId"));
    int selected = -1;
    state->getUniform("u_selectedId")->get(selected);
    EXPECT_EQ(selected, static_cast<int>(index));
    controller.inspector.select(std::nullopt);
    state->getUniform("u_selectedId")->get(selected);
    EXPECT_EQ(selected, -1);
}
