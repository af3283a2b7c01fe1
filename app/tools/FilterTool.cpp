#include "app/tools/FilterTool.h"

namespace planview {

std::size_t firstLayerOfKind(const geo::ProjectData& data, geo::LayerKind kind, std::size_t fallback) {
    for (std::size_t i = 0; i < data.layers.size(); ++i)
        // Streamed layers hold no features to filter, count or export: their tiles come and go.
        if (data.layers[i].available() && !data.layers[i].streamed() && data.layers[i].spec.kind == kind) return i;
    return fallback;
}

FilterTool::FilterTool(MapModel& map, InspectorTool& inspector) : map_(map), inspector_(inspector) {
    const geo::ProjectData& data = map.data();
    std::size_t firstAvailable = data.layers.size();
    for (std::size_t i = 0; i < data.layers.size() && firstAvailable == data.layers.size(); ++i)
        if (data.layers[i].available()) firstAvailable = i;
    if (firstAvailable < data.layers.size())
        map.state().filter.layer = firstLayerOfKind(data, geo::LayerKind::Parcels, firstAvailable);
}

bool FilterTool::show(std::size_t layer, const geo::FilterSpec& filter) {
    FilterUiState& panel = map_.state().filter;
    panel.error.clear();
    map_.view().layers.at(layer).filter = filter;
    try {
        map_.show();
    } catch (const geo::FilterError& e) {
        map_.view().layers[layer].filter = map_.scene().shown().layers[layer].filter;
        panel.error = e.cause;   // the panel says it in a sentence of its language
        return false;
    }
    // A selection the filter hides is no longer on screen.
    inspector_.dropHiddenSelection();
    return true;
}

void FilterTool::setFilterLayer(std::size_t layer) {
    FilterUiState& panel = map_.state().filter;
    panel.layer = layer;
    panel.error.clear();
    panel.whereText = map_.view().layers.at(layer).filter.where;
}

void FilterTool::setFilterCategoryField(std::size_t layer, const std::string& field) {
    if (!map_.state().filters.at(layer)) return;
    geo::FilterSpec filter = map_.view().layers[layer].filter;
    filter.categoryField = field;
    filter.hiddenCategories.clear();
    show(layer, filter);
}

void FilterTool::setCategoryShown(std::size_t layer, const std::string& value, bool shown) {
    if (!map_.state().filters.at(layer)) return;
    geo::FilterSpec filter = map_.view().layers[layer].filter;
    if (shown) filter.hiddenCategories.erase(value);
    else filter.hiddenCategories.insert(value);
    show(layer, filter);
}

void FilterTool::setAllCategoriesShown(std::size_t layer, bool shown) {
    const auto& applied = map_.state().filters.at(layer);
    if (!applied) return;
    geo::FilterSpec filter = map_.view().layers[layer].filter;
    filter.hiddenCategories.clear();
    if (!shown)
        for (const geo::CategoryCount& c : applied->categories()) filter.hiddenCategories.insert(c.value);
    show(layer, filter);
}

void FilterTool::applyWhere(std::size_t layer, const std::string& where) {
    if (!map_.state().filters.at(layer)) return;
    geo::FilterSpec filter = map_.view().layers[layer].filter;
    const bool blank = where.find_first_not_of(" \t\r\n") == std::string::npos;
    filter.where = blank ? "" : where;
    show(layer, filter);
}

void FilterTool::setFilterMode(std::size_t layer, geo::FilterMode mode) {
    if (!map_.state().filters.at(layer)) return;
    geo::FilterSpec filter = map_.view().layers[layer].filter;
    filter.mode = mode;
    show(layer, filter);
}

std::string FilterTool::shownCondition(std::size_t layer) const {
    const geo::LoadedLayer& loaded = map_.data().layers.at(layer);
    std::string condition = loaded.spec.where.empty() ? "" : "(" + loaded.spec.where + ")";
    if (const auto& filter = map_.state().filters.at(layer)) {
        const std::string own = filter->sqlCondition();
        if (!own.empty()) condition += (condition.empty() ? "" : " AND ") + own;
    }
    return condition;
}

}  // namespace planview
