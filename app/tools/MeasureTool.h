// The measuring tool: points picked on the ground make a distance or an area.
#pragma once
#include "app/tools/MapModel.h"
#include "app/ui/ToolCommands.h"

namespace planview {

class MeasureTool : public MeasureCommands {
public:
    explicit MeasureTool(MapModel& map) : map_(map) {}

    void setMeasureMode(MeasureMode mode) override;
    void removeLastMeasurePoint() override;
    void clearMeasure() override;
    /// Adds a measuring point (scene metres on the ground) when a measuring mode is on.
    bool addMeasurePoint(geo::Vec2 point);

private:
    MapModel& map_;
};

}  // namespace planview
