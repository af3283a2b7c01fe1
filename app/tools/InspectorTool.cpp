#include "app/tools/InspectorTool.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include "app/scene/LayerStyling.h"
#include "app/ui/UiText.h"

namespace planview {

namespace {

// A pixel's values as the inspector writes them: "Red 182 · Green 190 · Blue 171", a DEM's "23.4 m",
// "no data" for a band at its nodata value.
std::string rasterValuesText(const geo::RasterDescription& raster, const std::vector<double>& values, bool heights) {
    std::string text;
    for (std::size_t b = 0; b < values.size(); ++b) {
        if (!text.empty()) text += " · ";
        const geo::RasterBandDescription* band = b < raster.bands.size() ? &raster.bands[b] : nullptr;
        if (values.size() > 1 && band && !band->colorInterpretation.empty() && band->colorInterpretation != "Undefined")
            text += band->colorInterpretation + " ";
        if (std::isnan(values[b])) {
            text += "no data";
            continue;
        }
        char number[64];
        std::snprintf(number, sizeof number, values[b] == std::floor(values[b]) ? "%.0f" : "%.2f", values[b]);
        text += number;
        if (heights || (band && (band->unit == "m" || band->unit == "metre" || band->unit == "meter"))) text += " m";
    }
    return text;
}

}  // namespace

namespace {

// The text naming a feature: its label field, else name_zh, name, name_en or its plot code.
std::string featureName(const geo::LayerSpec& spec, const geo::FeatureLayer& data, const geo::Feature& f) {
    for (const std::string& field : {spec.label, std::string("name_zh"), std::string("name"), std::string("name_en"),
                                     std::string("plot_code")}) {
        if (field.empty()) continue;
        std::string name = geo::toString(data.value(f, field));
        if (!name.empty()) return name;
    }
    return "fid " + std::to_string(f.fid);
}

}  // namespace

void InspectorTool::select(std::optional<FeatureRef> feature) {
    UiState& state = map_.state();
    Scene& scene = map_.scene();
    state.selection.clear();
    state.inspector.reset();
    // A streamed layer's feature lives in its tile, kept here while it is selected.
    selectedTile_ = feature && feature->tile >= 0 && scene.streamer()
                        ? scene.streamer()->tileFeatures(static_cast<std::size_t>(feature->layer), feature->tile)
                        : nullptr;
    if (feature && feature->tile >= 0 && (!selectedTile_ || feature->feature >= selectedTile_->features.size())) feature.reset();
    map_.view().selection = feature;
    map_.show();
    if (!feature) return;
    const geo::ProjectData& data = map_.data();
    const std::size_t layerIndex = static_cast<std::size_t>(feature->layer);
    const geo::LoadedLayer& layer = data.layers[layerIndex];
    const geo::FeatureLayer& features = selectedTile_ ? *selectedTile_ : layer.data;
    const geo::Feature& f = features.features[feature->feature];
    state.selection = layer.spec.name;
    if (!layer.spec.label.empty()) {
        std::string name = geo::toString(features.value(f, layer.spec.label));
        if (!name.empty()) state.selection += " · " + name;
    }
    const bool chinese = uiLanguage() == Language::Chinese;
    const geo::LayerStyle& style = scene.layerStyle(layerIndex);
    if (!style.by.empty())
        state.selection += " · " + style.by + " " + attributeText(style, style.by, geo::toString(features.value(f, style.by)), chinese);
    // A model: the name its file gives the picked tile or model (城隍阁), beside the tile's.
    const std::string modelName = layer.models ? scene.modelNodeName(layerIndex, feature->feature) : "";
    if (!modelName.empty()) state.selection += " · " + modelName;
    state.selection += " · fid " + std::to_string(f.fid);

    InspectorInfo info;
    info.layer = layerIndex;
    info.feature = feature->feature;
    info.layerName = layer.spec.name;
    info.title = modelName.empty() ? featureName(layer.spec, features, f) : modelName;
    info.attributes.emplace_back("fid", std::to_string(f.fid));
    for (std::size_t i = 0; i < features.fields.size(); ++i)
        info.attributes.emplace_back(features.fields[i].name,
                                     attributeText(layer.spec.style, features.fields[i].name,
                                                   i < f.values.size() ? geo::toString(f.values[i]) : "", chinese));
    markInferredStatus(info.attributes, chinese);
    if (!modelName.empty()) info.attributes.emplace_back("node", modelName);
    info.measures = geo::measureFeature(f, data.frame);
    // On terrain: the ground's height the feature stands on (at its label point).
    const std::vector<double>& bases = scene.bases(layerIndex);
    if (feature->tile < 0 && feature->feature < bases.size()) info.groundHeightM = bases[feature->feature];
    if (auto point = geo::representativePoint(f)) {
        for (std::size_t z = 0; z < data.layers.size(); ++z) {
            const geo::LoadedLayer& zones = data.layers[z];
            if (z == layerIndex || !geo::isZoneLayer(zones)) continue;
            auto inside = geo::containingFeature(zones.data, *point);
            info.zones.emplace_back(zones.spec.name, inside ? featureName(zones.spec, zones.data, zones.data.features[*inside]) : "");
        }
    }
    state.inspector = std::move(info);
    state.showInspector = true;
}

void InspectorTool::inspectPoint(std::optional<geo::Vec2> point) {
    UiState& state = map_.state();
    state.inspectedPoint.reset();
    if (!point) return;
    const Scene& scene = map_.scene();
    const geo::ProjectData& data = map_.data();
    PointInfo info;
    info.scene = *point;
    info.lonLat = data.frame.toLonLat(*point);
    if (!scene.ground().flat()) info.groundHeightM = scene.ground().at(*point);
    for (std::size_t l = 0; l < data.layers.size(); ++l) {
        const geo::LoadedLayer& layer = data.layers[l];
        if (!layer.raster || !scene.layerVisible(l)) continue;
        std::string text;
        try {
            const std::optional<std::vector<double>> values = layer.raster->valuesAt(data.frame, *point);
            if (!values) continue;   // not over this raster
            text = rasterValuesText(layer.raster->description(), *values, layer.spec.kind == geo::LayerKind::Terrain);
        } catch (const geo::InputError& e) {
            text = e.what();
        }
        info.rasterValues.emplace_back(layer.spec.name, text);
    }
    if (!info.groundHeightM && info.rasterValues.empty()) return;   // nothing to say beyond the status line
    state.inspectedPoint = std::move(info);
    state.showInspector = true;
}

const geo::FeatureLayer* InspectorTool::selectedFeatures() const {
    const std::optional<FeatureRef>& selected = map_.scene().selection();
    if (!selected) return nullptr;
    if (selected->tile >= 0) return selectedTile_.get();
    return &map_.data().layers[static_cast<std::size_t>(selected->layer)].data;
}

void InspectorTool::dropHiddenSelection() {
    const std::optional<FeatureRef> selected = map_.scene().selection();
    if (selected && selected->tile < 0 && !map_.scene().featureShown(static_cast<std::size_t>(selected->layer), selected->feature))
        select(std::nullopt);
}

void InspectorTool::describeAgain() {
    UiState& state = map_.state();
    if (!state.inspector) return;
    const bool shown = state.showInspector;
    select(map_.scene().selection());
    state.showInspector = shown;
}

void InspectorTool::flyToFeature(std::size_t layer, std::size_t feature) {
    const geo::LoadedLayer& loaded = map_.data().layers.at(layer);
    if (!loaded.available() || feature >= loaded.data.features.size()) return;
    select(FeatureRef{static_cast<int>(layer), feature});
    geo::Extent bounds = loaded.data.features[feature].bounds;
    // Small features (a pin, a plot) are shown with their surroundings, not filling the screen.
    const double kMinimumSide = 600;
    const geo::Vec2 centre = bounds.center();
    const double halfWidth = std::max(bounds.width(), kMinimumSide) / 2, halfHeight = std::max(bounds.height(), kMinimumSide) / 2;
    geo::Extent framed;
    framed.add(centre.x - halfWidth, centre.y - halfHeight);
    framed.add(centre.x + halfWidth, centre.y + halfHeight);
    const std::vector<double>& heights = map_.scene().heights(layer);
    double height = feature < heights.size() ? heights[feature] : 0;
    if (map_.host.onFlyTo) map_.host.onFlyTo(framed, height);
}

}  // namespace planview
