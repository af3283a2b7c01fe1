// The 3D scene of a project: sky, ground, every layer's merged geometry in its pass, and labels,
// drawing a geo::MapView (which layers, how opaque, coloured by which field, filtered how, the
// timeline's date, the selection). Built once from loaded project data, which must outlive the Scene.
//
// Passes, in drawing order: sky; ground; flat layers (on the ground, painted in project order
// without depth, so coplanar layers never z-fight at any zoom); solid geometry (extruded parcels,
// outlines, pins; depth-tested); translucent geometry (boundary walls, height-limit envelopes); labels
// on top.
#pragma once
#include <memory>
#include <optional>
#include <vector>
#include <osg/Group>
#include <osg/LineWidth>
#include <osg/Uniform>
#include "app/scene/FeatureTable.h"
#include "app/scene/LabelLayer.h"
#include "app/scene/LayerBuilders.h"
#include "app/scene/MarkLayer.h"
#include "app/scene/ShaderLibrary.h"
#include "app/scene/SunLighting.h"
#include "app/scene/TileStreamer.h"
#include "geo/MapView.h"
#include "geo/PickIndex.h"
#include "geo/ProjectData.h"

namespace planview {

using geo::FeatureRef;

class Scene {
public:
    /// Builds the scene. Throws geo::InputError when a shader file is missing.
    Scene(const geo::ProjectData& data, ShaderLibrary& shaders, const SceneOptions& options = {});

    osg::Group* root() const { return root_.get(); }
    const geo::ProjectData& data() const { return data_; }
    LabelLayer* labels() const { return labels_.get(); }
    std::size_t layerCount() const { return layers_.size(); }

    /// Data bounds in scene metres and the tallest extrusion (metres): what the home view frames.
    const geo::Extent& bounds() const { return data_.bounds; }
    double maxHeight() const { return maxHeight_; }

    /// Builds layer `layer` again from the data (which its owner has replaced: a layer that was
    /// unavailable and has been read since), in place of what was drawn for it.
    void attachLayer(std::size_t layer);

    /// Draws `view` (its camera aside, which is the drawer's): changes only what differs from what is
    /// shown. A filter expression GDAL refuses leaves that layer's filter as it was, and is thrown
    /// (geo::FilterError) once the rest of the view has been applied.
    void apply(const geo::MapView& view);
    /// The view drawn now (filters as they could be applied).
    const geo::MapView& shown() const { return shown_; }

    bool layerVisible(std::size_t layer) const { return shown_.layers[layer].visible; }
    /// The style the layer is drawn in: the project's, or the one made for its style field.
    const geo::LayerStyle& layerStyle(std::size_t layer) const { return layers_[layer].style; }
    /// The layer's filter as applied: its categories and counts (null for unavailable and streamed layers).
    std::shared_ptr<const geo::LayerFilter> filter(std::size_t layer) const { return layers_[layer].filter; }
    /// The colour a feature is drawn in now (style, timeline, tint and grey filter applied).
    const geo::Color& featureColor(std::size_t layer, std::size_t feature) const { return layers_[layer].table->color(feature); }
    /// Whether the feature is drawn (greyed features are); hidden ones are not picked.
    bool featureShown(std::size_t layer, std::size_t feature) const {
        const geo::LayerFilter* f = layers_[layer].filter.get();
        return !f || !f->active() || f->mode == geo::FilterMode::Grey || (feature < f->shown().size() && f->shown()[feature]);
    }
    /// The timeline the project has (the layer with dates it colours): none without dates.
    const std::optional<geo::ProjectTimeline>& timeline() const { return timeline_; }
    std::optional<FeatureRef> selection() const { return shown_.selection; }
    /// Where the view's sun stands over the scene (none without a sun in the view).
    const std::optional<geo::SceneSun>& sun() const { return sun_; }
    /// The sun's shadow map side in pixels (4096 by default; the window may use less).
    void setShadowMapSize(int pixels) { sunLighting_->setShadowMapSize(pixels); }

    /// Draws these marks (the 日照分析's points) over the scene instead of the ones drawn before; none
    /// clears them.
    void setMarks(const std::vector<Mark>& marks);
    /// How many marks are drawn.
    std::size_t markCount() const { return markCount_; }

    /// The glDraw calls the layer's geometry makes when all of it is in view (labels not counted).
    int layerDrawCalls(std::size_t layer) const;
    /// Each feature's extrusion height in metres (0 = flat), per layer.
    const std::vector<double>& heights(std::size_t layer) const { return layers_[layer].heights; }
    /// The ground's height each feature stands on (its label point's, scene metres), per layer;
    /// empty when the ground is flat at 0. A roof is at base + height.
    const std::vector<double>& bases(std::size_t layer) const { return layers_[layer].bases; }
    /// The ground the features stand on: the project's terrain, or flat at 0 (geo::projectGround).
    const geo::GroundHeights& ground() const { return ground_; }
    /// A models layer's nodes (geo::LayerKind::Models; what picking intersects), null for other layers.
    osg::Group* modelPart(std::size_t layer) const {
        return data_.layers[layer].models ? layers_[layer].parts.solid.get() : nullptr;
    }
    /// The name a models layer's top tile or model node carries in its file ("" when none, or not a
    /// models layer): what the inspector shows beside the tile's name.
    std::string modelNodeName(std::size_t layer, std::size_t feature) const;
    /// The layers' features indexed for picking (see Picker.h), built once with the scene.
    const geo::PickIndex& pickIndex() const { return pickIndex_; }
    /// The top (metres) of what the scene draws standing at (x, y) or within `radius` metres of it
    /// (scene metres): roofs of visible, shown extruded features, streamed tiles included, and the
    /// ground at (x, y). What the camera's eye keeps above.
    double surfaceHeightNear(double x, double y, double radius) const;
    /// The height in pixels of the whole image the scene is drawn into (the window, or a still made
    /// of tiles): screen-sized marks (pins) take a share of it, so a 720p and an 8K image look alike.
    void setImageHeight(double pixels);
    /// The width in pixels of the whole image: where the compare swipe's line crosses it.
    void setImageWidth(double pixels);

    /// Streamed layers (geo::LoadedLayer::stream) load their tiles around the eye (scene metres):
    /// call updateStreaming every frame (true when the drawn scene changed), or settleStreaming to
    /// wait until every tile the eye wants is in place (offscreen renders). Null without such layers.
    TileStreamer* streamer() const { return streamer_.get(); }
    bool updateStreaming(const osg::Vec3d& eye) { return streamer_ && streamer_->update(eye); }
    void settleStreaming(const osg::Vec3d& eye) { if (streamer_) streamer_->settle(eye); }

private:
    struct Layer {
        LayerParts parts;
        std::unique_ptr<FeatureTable> table;
        osg::ref_ptr<osg::Uniform> opacity, selected;
        osg::ref_ptr<osg::Uniform> compareSide;   // the swipe's side it draws on: -1 left, 1 right, 0 both
        geo::LayerStyle style;                   // of the view's style field
        std::vector<double> heights;
        std::vector<double> bases;                  // empty on flat ground
        std::shared_ptr<geo::LayerFilter> filter;   // the view's filter, evaluated (null: unavailable, streamed)
        std::vector<geo::Color> colorOverride;   // per feature, instead of the style (empty: style)
    };
    /// The layer's extrusion heights and bases (before addLayer, which builds with them).
    void computeHeights(std::size_t index);
    void addLayer(std::size_t index);
    void applyVisibility(std::size_t index);
    void applyOpacity(std::size_t index);
    /// The timeline's status colours on its layer for the shown date (none: the style's).
    /// The layer's feature colours: a tint on it, else the timeline's status colours, else its style.
    void applyColors(std::size_t index);
    void applySelection(std::optional<FeatureRef> feature);
    /// Two versions drawn together (MapView::compare): each on its side of the swipe, or coloured by change.
    void applyCompare(const std::optional<geo::CompareView>& compare);
    bool compared(std::size_t index) const;
    /// The height-limit envelopes (MapView::envelopes) built in place of the ones drawn before.
    void applyEnvelopes(const std::optional<geo::EnvelopeView>& envelopes);
    void refreshFeatureTable(std::size_t index);

    const geo::ProjectData& data_;
    ShaderLibrary& shaders_;
    SceneOptions options_;
    osg::ref_ptr<osg::Group> root_, flat_, solid_, translucent_;   // the scene and its passes
    osg::ref_ptr<osg::Group> marks_;
    osg::ref_ptr<osg::Group> envelopes_;   // in the translucent pass
    std::size_t markCount_ = 0;
    osg::ref_ptr<LabelLayer> labels_;
    osg::ref_ptr<osg::Uniform> imageHeight_, imageWidth_, swipe_;
    osg::ref_ptr<osg::LineWidth> pinPoleWidth_;   // shared by the pin layers, follows the image height
    std::vector<Layer> layers_;
    geo::MapView shown_;
    std::optional<geo::ProjectTimeline> timeline_;
    double maxHeight_ = 0;
    geo::GroundHeights ground_;
    geo::PickIndex pickIndex_;
    std::unique_ptr<SunLighting> sunLighting_;
    std::optional<geo::SceneSun> sun_;
    std::unique_ptr<TileStreamer> streamer_;   // last: its workers stop before the rest goes
};

}  // namespace planview
