#include "app/viewer/UiStateHook.h"
#include <cstdlib>
#include <fstream>
#include <imgui.h>
#include <nlohmann/json.hpp>
#include "app/ui/ImGuiOverlay.h"
#include "app/tools/MapController.h"
#include "geo/Log.h"

namespace planview {

std::string shownDataText(const MapController& controller) {
    const UiState& s = controller.state();
    std::string text = s.search.query + s.filter.whereText + s.filter.error;
    for (const geo::SearchHit& hit : s.search.hits) text += hit.text + hit.field;
    if (s.inspector) {
        text += s.inspector->title;
        for (const auto& [field, value] : s.inspector->attributes) text += field + value;
        for (const auto& [layer, zone] : s.inspector->zones) text += layer + zone;
    }
    return text;
}

void writeUiStateIfAsked(MapController& controller, const ImGuiOverlay& overlay, const std::string& phase) {
    const char* path = std::getenv("PLANVIEW_UI_STATE");
    if (!path || !*path) return;
    try {
        const UiState& s = controller.state();
        const geo::ProjectData& data = controller.scene().data();
        nlohmann::json state;
        state["phase"] = phase;
        state["language"] = uiLanguage() == Language::Chinese ? "zh" : "en";
        state["textInput"] = overlay.wantsTextInput();
        nlohmann::json hits = nlohmann::json::array();
        for (const geo::SearchHit& hit : s.search.hits)
            hits.push_back({{"layer", data.layers.at(hit.layer).spec.name}, {"field", hit.field}, {"text", hit.text}});
        state["search"] = {{"open", s.showSearch}, {"query", s.search.query}, {"hits", hits}};
        nlohmann::json filter = {{"open", s.showFilter}, {"expression", s.filter.whereText}, {"error", s.filter.error}};
        if (s.filter.layer < data.layers.size()) {
            filter["layer"] = data.layers[s.filter.layer].spec.name;
            filter["total"] = data.layers[s.filter.layer].data.features.size();
            const auto& layerFilter = s.filters.at(s.filter.layer);
            filter["active"] = layerFilter && layerFilter->active();
            filter["shown"] = layerFilter && layerFilter->active() ? layerFilter->shownCount() : data.layers[s.filter.layer].data.features.size();
        }
        state["filter"] = filter;
        if (s.inspector) {
            nlohmann::json attributes = nlohmann::json::array();
            for (const auto& [field, value] : s.inspector->attributes) attributes.push_back({field, value});
            state["inspector"] = {{"layer", s.inspector->layerName}, {"title", s.inspector->title}, {"attributes", attributes}};
        }
        state["missingGlyphs"] = overlay.missingGlyphs(shownDataText(controller));
        std::ofstream out(path);
        out << state.dump(2) << '\n';
        if (!out) geo::log().warn("PLANVIEW_UI_STATE: cannot write {}", path);
    } catch (const std::exception& e) {
        geo::log().warn("PLANVIEW_UI_STATE: {}", e.what());
    }
}

}  // namespace planview
