#include "app/tools/LayerTool.h"
#include "app/ui/UiText.h"

namespace planview {

void LayerTool::setLayerVisible(std::size_t layer, bool visible) {
    map_.view().layers.at(layer).visible = visible;
    map_.show();
}

void LayerTool::setLayerOpacity(std::size_t layer, float opacity) {
    map_.view().layers.at(layer).opacity = opacity;
    map_.show();
}

void LayerTool::setLayerStyleField(std::size_t layer, const std::string& field) {
    map_.view().layers.at(layer).styleField = field;
    map_.show();
}

void LayerTool::reconnectLayer(std::size_t layer) {
    LayerUiState& state = map_.state().layers.at(layer);
    if (TileStreamer* streamer = map_.scene().streamer(); streamer && state.streamed) {
        streamer->reconnect(layer);
        state.error.clear();
    } else if (map_.host.onReconnectLayer && !state.reconnecting) {
        state.reconnecting = true;
        map_.host.onReconnectLayer(layer);
    }
}

bool LayerTool::layerReconnected(std::size_t layer) {
    UiState& state = map_.state();
    state.layers.at(layer).reconnecting = false;
    const geo::LoadedLayer& loaded = map_.data().layers[layer];
    if (!loaded.available()) {
        state.layers[layer].error = loaded.error;
        return false;
    }
    map_.scene().attachLayer(layer);
    map_.takeLayer(layer);
    return true;
}

void LayerTool::refreshStreaming() {
    TileStreamer* streamer = map_.scene().streamer();
    if (!streamer) return;
    UiState& state = map_.state();
    for (std::size_t i = 0; i < state.layers.size(); ++i) {
        LayerUiState& layer = state.layers[i];
        if (!layer.streamed) continue;
        layer.error = streamer->layerError(i);
        const TileStreamer::Counts c = streamer->layerCounts(i);
        // The legend counts what the tiles read so far hold (the whole layer once all have been
        // seen), made again only when another tile has been read (every tile read has its massing).
        const std::size_t read = c.coarse + c.full;
        if (read != layer.legendTiles) {
            layer.legend = legendEntries(map_.scene().layerStyle(i), streamer->valueCounts(i));
            layer.legendTiles = read;
        }
        layer.streamStatus = std::to_string(c.full) + " / " + std::to_string(c.tiles) + " " + tr(text::kTilesInFull) +
                             (c.pending ? ", " + std::to_string(c.pending) + " " + tr(text::kTilesLoading) : std::string());
    }
}

}  // namespace planview
