// The inspector's tool: the selected feature (highlighted, described in the status line, its
// attributes, measures and zones in the inspector) and flying to a feature.
#pragma once
#include <memory>
#include <optional>
#include "app/tools/MapModel.h"
#include "app/ui/ToolCommands.h"

namespace planview {

class InspectorTool : public InspectorCommands {
public:
    explicit InspectorTool(MapModel& map) : map_(map) {}

    /// Selects a feature (nullopt clears): highlights it, describes it in the status line and fills
    /// the inspector (attributes, area, perimeter, the zones it lies in).
    void select(std::optional<FeatureRef> feature);
    void clearSelection() override { select(std::nullopt); }
    void flyToFeature(std::size_t layer, std::size_t feature) override;
    /// Describes the ground point clicked (scene metres; nullopt: none, over the sky) in the
    /// inspector: its place, the terrain's height and the visible raster layers' pixels there.
    void inspectPoint(std::optional<geo::Vec2> point);

    /// The features the selection indexes: its layer's, or its tile's for a streamed layer (null
    /// without a selection).
    const geo::FeatureLayer* selectedFeatures() const;
    /// Clears the selection when the map no longer shows it (a filter hid it).
    void dropHiddenSelection();
    /// Describes the selection again (its words follow the UI's language), the inspector left open or closed.
    void describeAgain();

private:
    MapModel& map_;
    std::shared_ptr<const geo::FeatureLayer> selectedTile_;   // the tile of a selected streamed feature
};

}  // namespace planview
