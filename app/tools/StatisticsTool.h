// The statistics panel's tool: a layer's features counted and summed by a field, within zones.
#pragma once
#include "app/tools/MapModel.h"
#include "app/ui/ToolCommands.h"

namespace planview {

class StatisticsTool : public StatisticsCommands {
public:
    /// Starts on the filter panel's layer by its style field, within the platforms when a boundary
    /// layer is named so (else the first boundary layer).
    explicit StatisticsTool(MapModel& map);

    void computeStatistics() override;

private:
    MapModel& map_;
};

}  // namespace planview
