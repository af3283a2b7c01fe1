#include "app/viewer/ViewController.h"
#include <set>
#include "app/scene/LayerStyling.h"
#include "app/ui/BookmarkPanel.h"
#include "app/ui/LayerPanel.h"
#include "app/ui/LegendPanel.h"
#include "app/ui/NorthArrow.h"
#include "app/ui/StatusBar.h"

namespace planview {

ViewController::ViewController(Scene& scene) : scene_(scene) {
    const geo::ProjectData& data = scene.data();
    state_.layers.resize(data.layers.size());
    for (std::size_t i = 0; i < data.layers.size(); ++i) {
        LayerUiState& layer = state_.layers[i];
        layer.visible = scene.layerVisible(i);
        layer.styleField = data.layers[i].spec.style.by;
        if (data.layers[i].available()) layer.legend = legendEntries(scene.layerStyle(i), data.layers[i].data);
    }
}

void ViewController::drawUi(bool panels) {
    UiContext context{scene_.data(), state_, *this};
    if (panels) {
        drawLayerPanel(context);
        drawLegendPanel(context);
        drawBookmarkPanel(context);
        drawStatusBar(context);
    }
    drawNorthArrow(context);
}

std::string ViewController::glyphText() const {
    const geo::ProjectData& data = scene_.data();
    std::string text = data.project.title;
    for (const geo::Bookmark& b : data.project.bookmarks) text += b.name;
    for (const geo::LandUseClass& c : geo::landUseClasses()) text += c.nameZh;
    for (std::size_t i = 0; i < data.layers.size(); ++i) {
        const geo::LoadedLayer& layer = data.layers[i];
        text += layer.spec.name + layer.error;
        for (const geo::FieldDef& f : layer.data.fields) text += f.name;
        // Values of the fields a layer can be coloured by: what legends will list.
        std::set<std::string> seen;
        for (const std::string& field : styleableFields(layer.data)) {
            int index = layer.data.fieldIndex(field);
            for (const geo::Feature& f : layer.data.features) {
                if (static_cast<std::size_t>(index) >= f.values.size()) continue;
                std::string v = geo::toString(f.values[static_cast<std::size_t>(index)]);
                if (v.size() < 64 && seen.insert(v).second) text += v;
                if (seen.size() > 4000) break;
            }
        }
    }
    return text;
}

void ViewController::select(std::optional<FeatureRef> feature) {
    scene_.setSelection(feature);
    state_.selection.clear();
    if (!feature) return;
    const geo::LoadedLayer& layer = scene_.data().layers[static_cast<std::size_t>(feature->layer)];
    const geo::Feature& f = layer.data.features[feature->feature];
    state_.selection = layer.spec.name;
    if (!layer.spec.label.empty()) {
        std::string name = geo::toString(layer.data.value(f, layer.spec.label));
        if (!name.empty()) state_.selection += " · " + name;
    }
    const std::string& by = scene_.layerStyle(static_cast<std::size_t>(feature->layer)).by;
    if (!by.empty()) state_.selection += " · " + by + " " + geo::toString(layer.data.value(f, by));
    state_.selection += " · fid " + std::to_string(f.fid);
}

void ViewController::setLayerVisible(std::size_t layer, bool visible) {
    scene_.setLayerVisible(layer, visible);
    state_.layers[layer].visible = visible;
}

void ViewController::setLayerOpacity(std::size_t layer, float opacity) {
    scene_.setLayerOpacity(layer, opacity);
    state_.layers[layer].opacity = opacity;
}

void ViewController::setLayerStyleField(std::size_t layer, const std::string& field) {
    const geo::LoadedLayer& loaded = scene_.data().layers[layer];
    geo::LayerStyle style = field.empty() ? loaded.spec.style : styleForField(loaded, field);
    if (field.empty()) style.by.clear();
    scene_.setLayerStyle(layer, style);
    state_.layers[layer].styleField = style.by;
    state_.layers[layer].legend = legendEntries(style, loaded.data);
}

void ViewController::goHome() {
    if (onHome) onHome();
}

void ViewController::goToBookmark(std::size_t bookmark) {
    if (onBookmark) onBookmark(bookmark);
}

}  // namespace planview
