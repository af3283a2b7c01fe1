#include "app/scene/Scene.h"
#include <algorithm>
#include <chrono>
#include <future>
#include <osg/BlendColor>
#include <osg/BlendFunc>
#include <osg/Depth>
#include <osg/Geometry>
#include <osg/Switch>
#include "app/scene/EnvelopeBuilder.h"
#include "app/scene/EnvironmentBuilder.h"
#include "app/scene/LayerStyling.h"
#include "app/scene/Picker.h"
#include "app/scene/SplitView.h"
#include "geo/Extrusion.h"
#include "geo/FeatureBases.h"
#include "geo/Log.h"

namespace planview {

namespace {

// The style a layer is drawn in for a style field: the project's own for its field, one colour for "".
geo::LayerStyle styleFor(const geo::LoadedLayer& layer, const std::string& field) {
    geo::LayerStyle style = styleForField(layer, field);
    if (field.empty()) style.by.clear();
    return style;
}

constexpr int kFlatBinBase = -80;     // flat layer i draws in bin kFlatBinBase + i
constexpr int kTranslucentBin = 10;

void shareLayerState(osg::Group* part, osg::Texture2D* table, osg::Uniform* opacity, osg::Uniform* selected,
                     osg::Uniform* compareSide) {
    osg::StateSet* s = part->getOrCreateStateSet();
    s->setTextureAttribute(0, table);
    s->addUniform(new osg::Uniform("u_featureTable", 0));
    s->addUniform(opacity);
    s->addUniform(selected);
    s->addUniform(compareSide);
}

int countDrawCalls(const osg::Group* group) {
    if (!group) return 0;
    int calls = 0;
    const osg::Switch* levels = dynamic_cast<const osg::Switch*>(group);
    for (unsigned i = 0; i < group->getNumChildren(); ++i) {
        const osg::Node* child = group->getChild(i);
        if (child->getNodeMask() == 0 || (levels && !levels->getValue(i))) continue;   // not drawn
        if (const osg::Geometry* g = child->asGeometry()) calls += static_cast<int>(g->getNumPrimitiveSets());
        else if (const osg::Group* g = child->asGroup()) calls += countDrawCalls(g);
    }
    return calls;
}

}  // namespace

Scene::Scene(const geo::ProjectData& data, ShaderLibrary& shaders, const SceneOptions& options)
    : data_(data), shaders_(shaders), options_(options) {
    shaders.loadAll();
    root_ = new osg::Group;
    root_->setName("scene");
    osg::StateSet* rootState = root_->getOrCreateStateSet();
    rootState->setMode(GL_LIGHTING, osg::StateAttribute::OFF | osg::StateAttribute::PROTECTED);
    sunLighting_ = std::make_unique<SunLighting>(rootState);
    rootState->addUniform(new osg::Uniform("u_highlightColor", osg::Vec3f(0.0f, 0.45f, 1.0f)));
    rootState->addUniform(new osg::Uniform("u_opacity", 1.0f));
    rootState->addUniform(new osg::Uniform("u_selectedId", -1));
    imageHeight_ = new osg::Uniform("u_imageHeight", 1080.0f);
    rootState->addUniform(imageHeight_);
    // The compare swipe: where its line crosses the image (a share of the whole image's width; a
    // tiled still's renderer says where each tile begins: u_tileOriginX on its camera).
    swipe_ = new osg::Uniform("u_swipe", 0.5f);
    imageWidth_ = new osg::Uniform("u_imageWidth", 1920.0f);
    rootState->addUniform(swipe_);
    rootState->addUniform(imageWidth_);
    rootState->addUniform(new osg::Uniform("u_compareSide", 0.0f));
    pinPoleWidth_ = new osg::LineWidth;
    setImageHeight(1080);

    EnvironmentColors colors;
    root_->addChild(buildSky(shaders, colors));
    // The ground and the passes under the sun: lit by it and shadowed (sky and labels are not).
    osg::Group* sunlit = sunLighting_->shadowed();
    root_->addChild(sunlit);
    osg::ref_ptr<osg::Node> ground = buildGround(shaders, colors, data.bounds, options.groundGrid);
    ground->setNodeMask(~kCastsShadowMask);
    sunlit->addChild(ground);

    flat_ = new osg::Group;
    solid_ = new osg::Group;
    translucent_ = new osg::Group;
    flat_->setName("flat pass");
    solid_->setName("solid pass");
    translucent_->setName("translucent pass");
    osg::StateSet* flatState = flat_->getOrCreateStateSet();
    flatState->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF);
    flatState->setAttributeAndModes(new osg::Depth(osg::Depth::ALWAYS, 0, 1, false));
    flatState->setMode(GL_BLEND, osg::StateAttribute::ON);
    flatState->setAttributeAndModes(new osg::BlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA));
    osg::StateSet* translucentState = translucent_->getOrCreateStateSet();
    translucentState->setAttributeAndModes(new osg::Depth(osg::Depth::LEQUAL, 0, 1, false));
    translucentState->setMode(GL_BLEND, osg::StateAttribute::ON);
    translucentState->setAttributeAndModes(new osg::BlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA));
    translucentState->setRenderBinDetails(kTranslucentBin, "DepthSortedBin");
    flat_->setNodeMask(~kCastsShadowMask);
    translucent_->setNodeMask(~kCastsShadowMask);
    sunlit->addChild(flat_);
    sunlit->addChild(solid_);
    sunlit->addChild(translucent_);
    envelopes_ = new osg::Group;
    envelopes_->setName("height envelopes");
    translucent_->addChild(envelopes_);

    marks_ = new osg::Group;
    marks_->setName("marks");
    marks_->setNodeMask(~kCastsShadowMask);
    root_->addChild(marks_);

    labels_ = new LabelLayer(options.labels ? findCjkFont() : "");
    if (options.labels && findCjkFont().empty())
        geo::log().warn("labels: no CJK font found (install fonts-wqy-microhei); labels are not drawn");

    layers_.resize(data.layers.size());
    try {
        ground_ = geo::projectGround(data);
    } catch (const geo::InputError& e) {
        geo::log().warn("terrain: {}; the features stand on flat ground", e.what());
    }
    shown_ = geo::projectMapView(data);
    timeline_ = geo::findProjectTimeline(data);
    // The extrusion heights first: the pick index is made from them and the features on another
    // thread while the layers are built.
    for (std::size_t i = 0; i < data.layers.size(); ++i) computeHeights(i);
    std::future<geo::PickIndex> pickIndex = std::async(std::launch::async, [this] { return buildPickIndex(*this); });
    for (std::size_t i = 0; i < data.layers.size(); ++i)
        if (!isPinLayer(data.layers[i])) addLayer(i);
    // Pins stand on the roofs the pick index knows: their layers are built once it is ready.
    pickIndex_ = pickIndex.get();
    for (std::size_t i = 0; i < data.layers.size(); ++i)
        if (isPinLayer(data.layers[i])) addLayer(i);
    labels_->finish();
    root_->addChild(labels_);
}

void Scene::setMarks(const std::vector<Mark>& marks) {
    marks_->removeChildren(0, marks_->getNumChildren());
    if (osg::ref_ptr<osg::Geometry> geometry = buildMarks(shaders_, marks)) marks_->addChild(geometry);
    markCount_ = marks.size();
}

double Scene::surfaceHeightNear(double x, double y, double radius) const {
    std::vector<bool> visible(layers_.size());
    for (std::size_t l = 0; l < visible.size(); ++l) visible[l] = shown_.layers[l].visible;
    auto shown = [this](std::size_t layer, std::size_t feature) { return featureShown(layer, feature); };
    double top = std::max(pickIndex_.heightNear(x, y, radius, visible, shown), ground_.at(x, y));
    if (streamer_) top = std::max(top, streamer_->heightNear(x, y, radius));
    return top;
}

void Scene::setImageHeight(double pixels) {
    pixels = std::max(pixels, 1.0);
    imageHeight_->set(static_cast<float>(pixels));
    pinPoleWidth_->setWidth(std::max(1.0f, kPinPoleShare * static_cast<float>(pixels)));
}

void Scene::computeHeights(std::size_t i) {
    const geo::LoadedLayer& loaded = data_.layers[i];
    if (!loaded.available()) return;
    layers_[i].heights = geo::extrusionHeights(loaded.spec, loaded.data);
    // Models are placed by their own coordinates and heights; rasters have no features.
    layers_[i].bases.clear();
    if (ground_.flat() || loaded.models) return;
    layers_[i].bases = geo::featureBases(ground_, loaded.data);
}

void Scene::addLayer(std::size_t i) {
    const geo::LoadedLayer& loaded = data_.layers[i];
    Layer& layer = layers_[i];
    layer.style = styleFor(loaded, shown_.layers[i].styleField);
    layer.table = std::make_unique<FeatureTable>(loaded.data.features.size());
    layer.opacity = new osg::Uniform("u_opacity", 1.0f);
    layer.selected = new osg::Uniform("u_selectedId", -1);
    layer.compareSide = new osg::Uniform("u_compareSide", 0.0f);
    if (!loaded.available()) return;
    // Expressions mean what `ogrinfo -where` makes of them on this kind of source.
    layer.filter = std::make_shared<geo::LayerFilter>(loaded.data, geo::filterDialectFor(loaded.spec.source));
    layer.filter->apply(shown_.layers[i].filter);

    BuildContext context{static_cast<int>(i), &shaders_, options_, &layer.heights,
                         isPinLayer(loaded) ? &pickIndex_ : nullptr, &data_, ground_.flat() ? nullptr : &ground_,
                         &layer.bases};
    auto makeTableAndLabels = [&] {
        refreshFeatureTable(i);
        if (!isPinLayer(loaded)) {
            // A label stands on its feature's roof, or on the ground under a flat feature.
            std::vector<double> tops = layer.heights;
            for (std::size_t f = 0; f < layer.bases.size() && f < tops.size(); ++f) tops[f] += layer.bases[f];
            labels_->addLayer(static_cast<int>(i), loaded, tops);
            return;
        }
        // A pin's label hangs under its head's foot on the roof (or the ground) it stands over.
        std::vector<double> roofs(loaded.data.features.size());
        for (std::size_t f = 0; f < roofs.size(); ++f) {
            const geo::Vec2 p = labelPoint(loaded.data.features[f]);
            roofs[f] = std::max(pinRoofHeight(pickIndex_, p), ground_.at(p));
        }
        labels_->addLayer(static_cast<int>(i), loaded, roofs);
    };
    if (loaded.streamed()) {
        // Empty for now: the streamer adds the tiles around the camera as they load.
        const bool extruded = !loaded.spec.extrudeField.empty() || loaded.spec.extrudeConstant > 0;
        (extruded ? layer.parts.solid : layer.parts.flat) = new osg::Group;
        (extruded ? layer.parts.solid : layer.parts.flat)->setName(loaded.spec.name + " (streamed)");
        if (!streamer_) streamer_ = std::make_unique<TileStreamer>(data_, shaders_, options_, ground_.flat() ? nullptr : &ground_);
        streamer_->addLayer(i, layer.parts);
        makeTableAndLabels();
    } else {
        // The feature table's colours and the labels (neither touches the geometry) are made on
        // another thread while the layer's geometry is built.
        std::future<void> tableAndLabels = std::async(std::launch::async, makeTableAndLabels);
        try {
            layer.parts = buildLayer(loaded, context);
        } catch (...) {
            tableAndLabels.wait();
            throw;
        }
        tableAndLabels.get();
    }
    if (loaded.spec.kind == geo::LayerKind::Parcels || loaded.spec.kind == geo::LayerKind::Polygons)
        for (std::size_t f = 0; f < layer.heights.size(); ++f)
            maxHeight_ = std::max(maxHeight_, layer.heights[f] + (f < layer.bases.size() ? layer.bases[f] : 0.0));

    if (layer.parts.flat) {
        shareLayerState(layer.parts.flat.get(), layer.table->texture(), layer.opacity.get(), layer.selected.get(),
                        layer.compareSide.get());
        layer.parts.flat->getOrCreateStateSet()->setRenderBinDetails(kFlatBinBase + static_cast<int>(i), "TraversalOrderBin");
        flat_->addChild(layer.parts.flat);
    }
    if (layer.parts.solid && isPinLayer(loaded)) layer.parts.solid->getOrCreateStateSet()->setAttributeAndModes(pinPoleWidth_);
    if (layer.parts.solid && loaded.models) {
        // Models draw with the fixed-function pipeline, which would multiply them by the raw shadow
        // map (black, striped): they cast the sun's shadows but take none.
        layer.parts.solid->getOrCreateStateSet()->setTextureMode(kShadowTextureUnit, GL_TEXTURE_2D,
                                                                 osg::StateAttribute::OFF | osg::StateAttribute::PROTECTED);
    }
    if (layer.parts.solid) {
        shareLayerState(layer.parts.solid.get(), layer.table->texture(), layer.opacity.get(), layer.selected.get(),
                        layer.compareSide.get());
        solid_->addChild(layer.parts.solid);
    }
    if (layer.parts.translucent) {
        shareLayerState(layer.parts.translucent.get(), layer.table->texture(), layer.opacity.get(), layer.selected.get(),
                        layer.compareSide.get());
        translucent_->addChild(layer.parts.translucent);
    }
    applyVisibility(i);
    applyOpacity(i);
    geo::log().debug("layer {}: {} features, {} draw calls", loaded.spec.name, loaded.data.features.size(),
                     layerDrawCalls(i));
}

void Scene::attachLayer(std::size_t i) {
    // Tiles are being built meanwhile with the same shaders: one at a time (see TileStreamer).
    std::unique_lock<std::mutex> shared;
    if (streamer_) shared = streamer_->lockSharedState();
    Layer& layer = layers_.at(i);
    for (osg::Group* part : {layer.parts.flat.get(), layer.parts.solid.get(), layer.parts.translucent.get()})
        if (part) part->getParent(0)->removeChild(part);
    layer = Layer{};
    // The layer is read now: its filter lists the categories it is coloured by, and it may be the
    // one with dates the timeline plays.
    shown_.layers[i].filter = geo::projectMapView(data_).layers[i].filter;
    if (!timeline_) timeline_ = geo::findProjectTimeline(data_);
    computeHeights(i);
    pickIndex_ = buildPickIndex(*this);   // before the layer is built: pins stand on its roofs
    addLayer(i);
    labels_->finish();
}

void Scene::apply(const geo::MapView& view) {
    std::optional<geo::FilterError> refused;
    bool timelineRestyled = false;
    for (std::size_t i = 0; i < layers_.size() && i < view.layers.size(); ++i) {
        const geo::LayerView& want = view.layers[i];
        geo::LayerView& now = shown_.layers[i];
        if (want.visible != now.visible) {
            now.visible = want.visible;
            applyVisibility(i);
        }
        if (want.opacity != now.opacity) {
            now.opacity = std::clamp(want.opacity, 0.0f, 1.0f);
            applyOpacity(i);
        }
        if (want.styleField != now.styleField) {
            now.styleField = want.styleField;
            layers_[i].style = styleFor(data_.layers[i], now.styleField);
            refreshFeatureTable(i);
            if (streamer_) streamer_->setLayerStyle(i, layers_[i].style);
            timelineRestyled = timelineRestyled || (timeline_ && timeline_->layer == i);
        }
        if (want.filter != now.filter && layers_[i].filter) {
            try {
                layers_[i].filter->apply(want.filter);
            } catch (const geo::FilterError& e) {
                if (!refused) refused = e;
            } catch (const geo::InputError& e) {   // a category field the layer lacks
                if (!refused) refused = geo::FilterError(e.what(), e.what());
            }
            now.filter = layers_[i].filter->spec();
            refreshFeatureTable(i);
        }
    }
    if (view.date != shown_.date || timelineRestyled) {
        shown_.date = view.date;
        if (timeline_) applyColors(timeline_->layer);
    }
    if (view.tint != shown_.tint) {
        const std::optional<geo::FeatureTint> before = shown_.tint;
        shown_.tint = view.tint;
        if (before && before->layer >= 0 && static_cast<std::size_t>(before->layer) < layers_.size())
            applyColors(static_cast<std::size_t>(before->layer));
        if (view.tint && view.tint->layer >= 0 && static_cast<std::size_t>(view.tint->layer) < layers_.size() &&
            (!before || before->layer != view.tint->layer))
            applyColors(static_cast<std::size_t>(view.tint->layer));
    }
    if (view.compare != shown_.compare) applyCompare(view.compare);
    if (view.envelopes != shown_.envelopes) applyEnvelopes(view.envelopes);
    if (view.selection != shown_.selection) applySelection(view.selection);
    if (view.sun != shown_.sun) {
        shown_.sun = view.sun;
        sun_ = view.sun ? std::optional<geo::SceneSun>(geo::sceneSun(*view.sun, data_)) : std::nullopt;
        sunLighting_->apply(sun_);
    }
    shown_.camera = view.camera;
    if (refused) throw *refused;
}

void Scene::applyCompare(const std::optional<geo::CompareView>& compare) {
    const std::optional<geo::CompareView> before = shown_.compare;
    shown_.compare = compare;
    auto valid = [&](int layer) { return layer >= 0 && static_cast<std::size_t>(layer) < layers_.size(); };
    // Side by side, each version is drawn in its half: a swipe whose line stays in the middle.
    if (compare) swipe_->set(compare->mode == geo::CompareMode::Split ? 0.5f : std::clamp(compare->swipe, 0.0f, 1.0f));
    // The layers compared before and now: their side of the swipe, visibility and colours follow.
    std::vector<int> touched;
    for (const auto& c : {before, compare})
        if (c) touched.insert(touched.end(), {c->before, c->after});
    for (int layer : touched) {
        if (!valid(layer)) continue;
        const auto index = static_cast<std::size_t>(layer);
        float side = 0;
        if (compare && compare->mode != geo::CompareMode::Changes)
            side = layer == compare->before ? -1.0f : layer == compare->after ? 1.0f : 0.0f;
        layers_[index].compareSide->set(side);
        // Side by side, a version's labels are drawn in its half only.
        const bool split = compare && compare->mode == geo::CompareMode::Split;
        labels_->setLayerMask(layer, !split || side == 0 ? ~0u : side < 0 ? kLeftHalfOnlyMask : kRightHalfOnlyMask);
        applyVisibility(index);
        applyColors(index);
    }
}

bool Scene::compared(std::size_t index) const {
    const auto& c = shown_.compare;
    return c && (c->before == static_cast<int>(index) || c->after == static_cast<int>(index));
}

void Scene::applyEnvelopes(const std::optional<geo::EnvelopeView>& envelopes) {
    shown_.envelopes = envelopes;
    envelopes_->removeChildren(0, envelopes_->getNumChildren());
    if (!envelopes || envelopes->layer < 0 || static_cast<std::size_t>(envelopes->layer) >= layers_.size()) return;
    // Each box stands on its parcel's base, where the parcel's own extrusion rises from.
    const Layer& parcels = layers_[static_cast<std::size_t>(envelopes->layer)];
    const auto start = std::chrono::steady_clock::now();
    envelopes_->addChild(buildEnvelopes(shaders_, envelopes->boxes, ground_.flat() ? nullptr : &ground_, &parcels.bases));
    geo::log().debug("height envelopes: {} boxes built in {:.0f} ms", envelopes->boxes.size(),
                     std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
}

void Scene::setImageWidth(double pixels) { imageWidth_->set(static_cast<float>(std::max(pixels, 1.0))); }

void Scene::applyVisibility(std::size_t index) {
    // The compared versions are both drawn, whatever the layer list says.
    const bool visible = shown_.layers[index].visible || compared(index);
    // Pins mark places: they cast no shadow.
    const unsigned mask = visible ? (isPinLayer(data_.layers[index]) ? ~kCastsShadowMask : ~0u) : 0u;
    const Layer& layer = layers_[index];
    for (osg::Group* part : {layer.parts.flat.get(), layer.parts.solid.get(), layer.parts.translucent.get()})
        if (part) part->setNodeMask(mask);
    labels_->setLayerVisible(static_cast<int>(index), visible);
    if (streamer_) streamer_->setLayerVisible(index, visible);
}

void Scene::applyOpacity(std::size_t index) {
    Layer& layer = layers_[index];
    const float opacity = shown_.layers[index].opacity;
    layer.opacity->set(opacity);
    if (data_.layers[index].raster && layer.parts.flat) {
        // Raster tiles draw with the fixed-function pipeline, not the shaders' u_opacity.
        osg::StateSet* s = layer.parts.flat->getOrCreateStateSet();
        if (opacity < 0.999f) {
            s->setAttributeAndModes(new osg::BlendColor(osg::Vec4(1, 1, 1, opacity)));
            s->setAttributeAndModes(new osg::BlendFunc(GL_CONSTANT_ALPHA, GL_ONE_MINUS_CONSTANT_ALPHA));
        } else {
            s->removeAttribute(osg::StateAttribute::BLENDCOLOR);
            s->removeAttribute(osg::StateAttribute::BLENDFUNC);
        }
    }
    if (osg::Group* solid = layer.parts.solid.get()) {
        osg::StateSet* s = solid->getOrCreateStateSet();
        // Models draw with their own materials, not the shaders' u_opacity: a constant alpha blends them.
        const bool models = data_.layers[index].models != nullptr;
        if (opacity < 0.999f) {
            s->setMode(GL_BLEND, osg::StateAttribute::ON);
            if (models) {
                s->setAttributeAndModes(new osg::BlendColor(osg::Vec4(1, 1, 1, opacity)), osg::StateAttribute::ON | osg::StateAttribute::OVERRIDE);
                s->setAttributeAndModes(new osg::BlendFunc(GL_CONSTANT_ALPHA, GL_ONE_MINUS_CONSTANT_ALPHA),
                                        osg::StateAttribute::ON | osg::StateAttribute::OVERRIDE);
            } else {
                s->setAttributeAndModes(new osg::BlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA));
            }
            s->setRenderBinDetails(kTranslucentBin, "DepthSortedBin");
        } else {
            s->removeMode(GL_BLEND);
            s->removeAttribute(osg::StateAttribute::BLENDFUNC);
            s->removeAttribute(osg::StateAttribute::BLENDCOLOR);
            s->setRenderBinToInherit();
        }
    }
}

void Scene::applyColors(std::size_t index) {
    Layer& layer = layers_[index];
    const geo::LoadedLayer& loaded = data_.layers[index];
    const bool tinted = shown_.tint && shown_.tint->layer == static_cast<int>(index) &&
                        shown_.tint->colors.size() == loaded.data.features.size();
    const geo::CompareView* compare = shown_.compare ? &*shown_.compare : nullptr;
    const std::vector<geo::Color>* changes = nullptr;
    if (compare && compare->mode == geo::CompareMode::Changes)
        changes = compare->before == static_cast<int>(index) ? &compare->beforeColors
                  : compare->after == static_cast<int>(index) ? &compare->afterColors
                                                              : nullptr;
    if (changes && changes->size() == loaded.data.features.size())
        layer.colorOverride = *changes;
    else if (tinted)
        layer.colorOverride = shown_.tint->colors;
    else if (timeline_ && timeline_->layer == index && shown_.date)
        layer.colorOverride = geo::statusColors(loaded.data, timeline_->fields, *shown_.date, loaded.spec.style,
                                                featureColors(layer.style, loaded.data));
    else
        layer.colorOverride.clear();
    refreshFeatureTable(index);
}

void Scene::refreshFeatureTable(std::size_t index) {
    Layer& layer = layers_[index];
    const geo::FeatureLayer& features = data_.layers[index].data;
    std::vector<geo::Color> colors = layer.colorOverride.size() == features.features.size()
                                         ? layer.colorOverride
                                         : featureColors(layer.style, features);
    const geo::Color kFilteredGrey{0.80f, 0.80f, 0.80f, 1.0f};
    const bool filtered = layer.filter && layer.filter->active();
    const bool greyOut = filtered && layer.filter->mode == geo::FilterMode::Grey;
    const std::vector<bool> noFlags;
    const std::vector<bool>& shown = filtered ? layer.filter->shown() : noFlags;
    for (std::size_t f = 0; f < colors.size(); ++f) {
        bool passes = shown.empty() || shown[f];
        if (!passes && greyOut) colors[f] = geo::Color{kFilteredGrey.r, kFilteredGrey.g, kFilteredGrey.b, colors[f].a};
        layer.table->setShown(f, passes || greyOut);
    }
    layer.table->setColors(colors);
    labels_->setFeaturesShown(static_cast<int>(index), greyOut ? std::vector<bool>{} : shown);
}

void Scene::applySelection(std::optional<FeatureRef> feature) {
    const std::optional<FeatureRef>& before = shown_.selection;
    if (before && before->layer >= 0 && before->tile < 0) layers_[static_cast<std::size_t>(before->layer)].selected->set(-1);
    shown_.selection = feature;
    if (streamer_) {
        if (feature && feature->tile >= 0) streamer_->setSelection(static_cast<std::size_t>(feature->layer), feature->tile, static_cast<int>(feature->feature));
        else streamer_->setSelection(0, -1, -1);
    }
    if (feature && feature->tile < 0 && feature->layer >= 0 && static_cast<std::size_t>(feature->layer) < layers_.size())
        layers_[static_cast<std::size_t>(feature->layer)].selected->set(static_cast<int>(feature->feature));
}

std::string Scene::modelNodeName(std::size_t layer, std::size_t feature) const {
    const osg::Group* part = modelPart(layer);
    const osg::Group* placed = part && part->getNumChildren() ? part->getChild(0)->asGroup() : nullptr;
    if (!placed || feature >= placed->getNumChildren()) return "";
    const std::string& name = placed->getChild(static_cast<unsigned>(feature))->getName();
    const geo::FeatureLayer& features = data_.layers[layer].data;
    // The builder names unnamed nodes after their tile: that is no second name.
    return feature < features.features.size() && name == geo::toString(features.value(features.features[feature], "name")) ? "" : name;
}

int Scene::layerDrawCalls(std::size_t index) const {
    const Layer& layer = layers_.at(index);
    return countDrawCalls(layer.parts.flat.get()) + countDrawCalls(layer.parts.solid.get()) +
           countDrawCalls(layer.parts.translucent.get());
}

}  // namespace planview
