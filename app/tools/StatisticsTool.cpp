#include "app/tools/StatisticsTool.h"

namespace planview {

StatisticsTool::StatisticsTool(MapModel& map) : map_(map) {
    const geo::ProjectData& data = map.data();
    UiState& state = map.state();
    const std::size_t layer = state.filter.layer;
    if (layer >= data.layers.size() || !data.layers[layer].available()) return;
    StatsUiState& stats = state.statistics;
    stats.layer = static_cast<int>(layer);
    stats.by = state.view.layers[layer].styleField;
    for (std::size_t i = 0; i < data.layers.size(); ++i) {
        const geo::LoadedLayer& zones = data.layers[i];
        if (!geo::isZoneLayer(zones)) continue;
        const bool platforms = zones.data.name.find("platform") != std::string::npos;
        if (stats.zoneLayer < 0 || platforms) stats.zoneLayer = static_cast<int>(i);
        if (platforms) break;
    }
}

void StatisticsTool::computeStatistics() {
    StatsUiState& s = map_.state().statistics;
    s.error.clear();
    s.computed = false;
    const geo::ProjectData& data = map_.data();
    if (s.layer < 0 || static_cast<std::size_t>(s.layer) >= data.layers.size() || !data.layers[s.layer].available()) return;
    geo::StatsOptions options;
    options.by = s.by;
    options.sums = s.sums;
    const geo::FeatureLayer* zones = nullptr;
    if (s.zoneLayer >= 0 && static_cast<std::size_t>(s.zoneLayer) < data.layers.size() && data.layers[s.zoneLayer].available())
        zones = &data.layers[s.zoneLayer].data;
    try {
        s.table = geo::computeStatistics(data.layers[s.layer].data, options, zones, &data.frame);
        s.computed = true;
    } catch (const geo::InputError& e) {
        s.error = e.what();
    }
}

}  // namespace planview
