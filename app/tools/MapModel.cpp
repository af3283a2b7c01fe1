#include "app/tools/MapModel.h"
#include "app/ui/MapLegend.h"

namespace planview {

MapModel::MapModel(Scene& scene) : scene_(scene) {
    state_.view = scene.shown();
    state_.sun.utcOffsetHours = geo::projectUtcOffset(scene.data());
    state_.layers.resize(scene.layerCount());
    state_.filters.resize(scene.layerCount());
    for (std::size_t i = 0; i < scene.layerCount(); ++i) takeLayer(i);
}

void MapModel::takeLayer(std::size_t i) {
    const geo::LoadedLayer& loaded = data().layers[i];
    LayerUiState& layer = state_.layers[i];
    layer.error = loaded.error;
    layer.streamed = loaded.streamed();
    layer.legend = mapLegend(scene_, i);
    state_.view.layers[i] = scene_.shown().layers[i];
    state_.filters[i] = scene_.filter(i);
    TimelineUiState& t = state_.timeline;
    if (t.layer < 0 && scene_.timeline()) {
        t.layer = static_cast<int>(scene_.timeline()->layer);
        t.fields = scene_.timeline()->fields;
        t.range = scene_.timeline()->range;
        t.date = t.range.first;
    }
}

void MapModel::show() {
    const geo::MapView before = scene_.shown();
    // The legends follow what was drawn, whether or not a filter was refused.
    try {
        scene_.apply(state_.view);
    } catch (...) {
        refreshLegends(before);
        throw;
    }
    refreshLegends(before);
    // The sun panel follows the sun shown, whoever set it (the panel, a bookmark, a tour stop).
    SunUiState& sun = state_.sun;
    sun.shown = scene_.sun();
    if (state_.view.sun) {
        sun.date = state_.view.sun->date;
        sun.clockHours = state_.view.sun->clockHours;
        sun.utcOffsetHours = state_.view.sun->utcOffsetHours;
    } else {
        sun.playing = false;
    }
}

void MapModel::refreshLegend(std::size_t i) {
    // A streamed layer's legend is made again from its tiles (LayerTool::refreshStreaming).
    if (data().layers[i].streamed()) state_.layers[i].legendTiles = static_cast<std::size_t>(-1);
    else state_.layers[i].legend = mapLegend(scene_, i);
}

void MapModel::refreshLegends(const geo::MapView& before) {
    const geo::MapView& now = scene_.shown();
    const std::optional<geo::ProjectTimeline>& timeline = scene_.timeline();
    const bool dateChanged = before.date != now.date;
    for (std::size_t i = 0; i < now.layers.size(); ++i) {
        const bool timelineLayer = timeline && timeline->layer == i;
        if (before.layers[i].styleField != now.layers[i].styleField || (dateChanged && timelineLayer)) refreshLegend(i);
    }
    if (dateChanged && timeline && now.date)
        state_.timeline.counts = geo::countStatuses(data().layers[timeline->layer].data, timeline->fields, *now.date);
}

}  // namespace planview
