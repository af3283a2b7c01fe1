// The layer panel's tool: which layers are drawn, how opaque, coloured by which field; reading an
// unavailable layer again; the state of streamed layers.
#pragma once
#include "app/tools/MapModel.h"
#include "app/ui/ToolCommands.h"

namespace planview {

class LayerTool : public LayerCommands {
public:
    explicit LayerTool(MapModel& map) : map_(map) {}

    void setLayerVisible(std::size_t layer, bool visible) override;
    void setLayerOpacity(std::size_t layer, float opacity) override;
    void setLayerStyleField(std::size_t layer, const std::string& field) override;
    void reconnectLayer(std::size_t layer) override;

    /// A layer read again after ToolHost::onReconnectLayer: the scene and the panels take it up (or
    /// show the error it still has). False when it is still unavailable.
    bool layerReconnected(std::size_t layer);
    /// Takes in the streamed layers' state (tiles, errors, legends) for the panels: call every frame.
    void refreshStreaming();

private:
    MapModel& map_;
};

}  // namespace planview
