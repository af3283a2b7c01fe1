// The 3D scene of a project: sky, ground, every layer's merged geometry in its pass, and labels,
// with the commands the UI issues (visibility, opacity, restyling, selection). Built once from
// loaded project data, which must outlive the Scene.
//
// Passes, in drawing order: sky; ground; flat layers (on the ground, painted in project order
// without depth, so coplanar layers never z-fight at any zoom); solid geometry (extruded parcels,
// outlines, pins; depth-tested); translucent geometry (boundary walls); labels on top.
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
#include "app/scene/ShaderLibrary.h"
#include "app/scene/TileStreamer.h"
#include "geo/PickIndex.h"
#include "geo/ProjectData.h"

namespace planview {

/// A feature of a loaded layer: indices into ProjectData::layers and FeatureLayer::features.
struct FeatureRef {
    int layer = -1;
    std::size_t feature = 0;
    /// A streamed layer's feature: the tile it was picked in, `feature` indexing the tile's features
    /// (TileStreamer::tileFeatures); -1 for the others.
    int tile = -1;
    bool operator==(const FeatureRef& o) const { return layer == o.layer && feature == o.feature && tile == o.tile; }
};

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

    void setLayerVisible(std::size_t layer, bool visible);
    bool layerVisible(std::size_t layer) const { return layers_[layer].visible; }
    /// 0..1, on top of the style's own opacity. Below 1 the layer's solid part is blended.
    void setLayerOpacity(std::size_t layer, float opacity);
    /// Recolours the layer's features (the geometry is not rebuilt).
    void setLayerStyle(std::size_t layer, const geo::LayerStyle& style);
    const geo::LayerStyle& layerStyle(std::size_t layer) const { return layers_[layer].style; }
    /// Which of the layer's features are shown (one flag per feature; empty shows all). Features
    /// filtered out are hidden, or with `greyOut` drawn in a neutral grey (and still pickable).
    void setFeatureFilter(std::size_t layer, std::vector<bool> shown, bool greyOut);
    /// Whether the feature is drawn (greyed features are); hidden ones are not picked.
    bool featureShown(std::size_t layer, std::size_t feature) const {
        const Layer& l = layers_[layer];
        return l.greyOut || l.shown.empty() || l.shown[feature];
    }
    /// Colours the layer's features one by one (the timeline's status colours) instead of by its
    /// style; an empty vector goes back to the style.
    void setFeatureColors(std::size_t layer, std::vector<geo::Color> colors);
    /// Highlights one feature (nullopt clears).
    void setSelection(std::optional<FeatureRef> feature);
    std::optional<FeatureRef> selection() const { return selection_; }

    /// The glDraw calls the layer's geometry makes when all of it is in view (labels not counted).
    int layerDrawCalls(std::size_t layer) const;
    /// Each feature's extrusion height in metres (0 = flat), per layer.
    const std::vector<double>& heights(std::size_t layer) const { return layers_[layer].heights; }
    /// The layers' features indexed for picking (see Picker.h), built once with the scene.
    const geo::PickIndex& pickIndex() const { return pickIndex_; }
    /// The top (metres) of what the scene draws standing at (x, y) or within `radius` metres of it
    /// (scene metres): roofs of visible, shown extruded features, streamed tiles included; 0 on open
    /// ground. What the camera's eye keeps above.
    double surfaceHeightNear(double x, double y, double radius) const;
    /// The height in pixels of the whole image the scene is drawn into (the window, or a still made
    /// of tiles): screen-sized marks (pins) take a share of it, so a 720p and an 8K image look alike.
    void setImageHeight(double pixels);

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
        geo::LayerStyle style;
        std::vector<double> heights;
        bool visible = true;
        float userOpacity = 1;
        std::vector<bool> shown;                 // the filter's flags (empty: all shown)
        bool greyOut = false;
        std::vector<geo::Color> colorOverride;   // per feature, instead of the style (empty: style)
    };
    /// The layer's extrusion heights (before addLayer, which builds with them).
    void computeHeights(std::size_t index);
    void addLayer(std::size_t index);
    void applyVisibility(Layer& layer, std::size_t index);
    void refreshFeatureTable(std::size_t index);

    const geo::ProjectData& data_;
    ShaderLibrary& shaders_;
    SceneOptions options_;
    osg::ref_ptr<osg::Group> root_, flat_, solid_, translucent_;   // the scene and its passes
    osg::ref_ptr<LabelLayer> labels_;
    osg::ref_ptr<osg::Uniform> imageHeight_;
    osg::ref_ptr<osg::LineWidth> pinPoleWidth_;   // shared by the pin layers, follows the image height
    std::vector<Layer> layers_;
    std::optional<FeatureRef> selection_;
    double maxHeight_ = 0;
    geo::PickIndex pickIndex_;
    std::unique_ptr<TileStreamer> streamer_;   // last: its workers stop before the rest goes
};

}  // namespace planview
